/** `npm run eval:insight`: theme suggestions scored against the synthetic labelled set. */
import { evaluateOnLabelledSet } from './engine/evaluate.ts';

const started = performance.now();
const result = await evaluateOnLabelledSet();
const ms = performance.now() - started;
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
console.log(`Insight evaluation on the SYNTHETIC labelled set (${result.answers} answers, 8 themes)`);
console.log(`method: ${result.run.method} ${result.run.version}, seed ${result.run.seed}`);
console.log(`k chosen: ${result.run.k} (simplified silhouette by k: ${result.run.silhouettes.map((s) => `${s.k}=${s.silhouette.toFixed(3)}`).join(' ')})`);
console.log(`vocabulary: ${result.run.vocabularySize} terms; unassigned answers: ${result.run.unassigned}; ${ms.toFixed(0)} ms`);
console.log(`NMI ${result.nmi.toFixed(3)}   ARI ${result.ari.toFixed(3)}   macro F1 ${result.macroF1.toFixed(3)}`);
console.log('');
console.log('theme        matched suggestion                       precision  recall   F1     answers');
for (const t of result.themes) {
  const label = t.matchedCluster === null ? '(none)' : `${t.matchedCluster + 1}. ${result.run.themes[t.matchedCluster]?.label ?? ''}`;
  console.log(
    `${t.label.padEnd(12)} ${label.slice(0, 40).padEnd(40)} ${pct(t.precision).padStart(9)} ${pct(t.recall).padStart(7)} ${t.f1.toFixed(3).padStart(6)} ${String(t.support).padStart(8)}`,
  );
}
