/** Scores the theme engine against the synthetic labelled set (used by `npm run eval:insight` and its test). */
import { labelledAnswers, SYNTHETIC_THEMES } from '../data/labelled-answers.synthetic.ts';
import { adjustedRand, normalisedMutualInformation, perThemeScores, type ThemeScore } from './metrics.ts';
import { suggestThemes, type ThemeRun } from './themes.ts';

export interface Evaluation {
  answers: number;
  run: ThemeRun;
  nmi: number;
  ari: number;
  themes: ThemeScore[];
  macroF1: number;
}

export async function evaluateOnLabelledSet(seed?: number): Promise<Evaluation> {
  const answers = labelledAnswers();
  const labels = Object.keys(SYNTHETIC_THEMES);
  const truth = answers.map((a) => labels.indexOf(a.label));
  const run = await suggestThemes(answers, { seed });
  const predicted = new Array<number>(answers.length).fill(-1);
  for (const s of run.suggestions) if (s.rank === 0) predicted[s.answer] = s.theme;
  // NMI and ARI need a cluster for every answer: unassigned answers form one cluster of their own.
  const closed = predicted.map((c) => (c < 0 ? run.k : c));
  const themes = perThemeScores(predicted, truth, labels);
  return {
    answers: answers.length,
    run,
    nmi: normalisedMutualInformation(closed, truth),
    ari: adjustedRand(closed, truth),
    themes,
    macroF1: themes.reduce((a, t) => a + t.f1, 0) / themes.length,
  };
}
