/**
 * npx tsx scripts/lint-dockerfile.ts [Dockerfile]: the checks CI makes where hadolint is not
 * installable from Debian or npm. Rules follow hadolint's where one exists (DL3007 no :latest,
 * DL3002 last USER not root, DL3020 COPY not ADD, DL3025 JSON CMD, DL3016-style npm ci, DL3008/9
 * apt hygiene) plus this project's: multi-stage, HEALTHCHECK, production dependencies only.
 */
import fs from 'node:fs';

export interface Finding {
  line: number;
  rule: string;
  message: string;
}

interface Instruction {
  line: number;
  keyword: string;
  args: string;
}

function instructions(text: string): Instruction[] {
  const result: Instruction[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const start = i;
    let line = lines[i]!;
    if (/^\s*(#|$)/.test(line)) continue;
    while (line.endsWith('\\') && i + 1 < lines.length) line = `${line.slice(0, -1)} ${lines[++i]!.trim()}`;
    const m = /^\s*([A-Za-z]+)\s+(.*)$/.exec(line);
    if (m) result.push({ line: start + 1, keyword: m[1]!.toUpperCase(), args: m[2]!.trim() });
  }
  return result;
}

export function lintDockerfile(text: string): Finding[] {
  const all = instructions(text);
  const findings: Finding[] = [];
  const add = (line: number, rule: string, message: string) => findings.push({ line, rule, message });
  const froms = all.filter((i) => i.keyword === 'FROM');
  if (froms.length < 2) add(1, 'SND001', 'Use a multi-stage build: build with dev dependencies, run without them');
  for (const from of froms) {
    const image = from.args.split(/\s+/)[0]!;
    if (!image.includes('@') && (!image.includes(':') || image.endsWith(':latest')))
      add(from.line, 'DL3007', `Pin the base image to a version, not "${image}"`);
  }
  const lastFrom = froms.at(-1)?.line ?? 0;
  const final = all.filter((i) => i.line >= lastFrom);
  const users = final.filter((i) => i.keyword === 'USER');
  const lastUser = users.at(-1);
  if (!lastUser) add(lastFrom, 'DL3002', 'The final stage must switch to an unprivileged USER');
  else if (/^(root|0)(:|$)/.test(lastUser.args)) add(lastUser.line, 'DL3002', 'The last USER must not be root');
  if (!final.some((i) => i.keyword === 'HEALTHCHECK')) add(lastFrom, 'SND002', 'The final stage needs a HEALTHCHECK');
  const cmd = final.filter((i) => i.keyword === 'CMD' || i.keyword === 'ENTRYPOINT');
  if (!cmd.length) add(lastFrom, 'SND003', 'The final stage needs a CMD');
  for (const c of cmd)
    if (!c.args.startsWith('[')) add(c.line, 'DL3025', 'Use the JSON (exec) form so signals reach node');
  for (const i of all) {
    if (i.keyword === 'ADD') add(i.line, 'DL3020', 'Use COPY, not ADD');
    if (i.keyword === 'RUN') {
      if (/\bnpm (install|i)\b/.test(i.args)) add(i.line, 'SND004', 'Use npm ci with the lock file, not npm install');
      if (/\bapt-get install\b/.test(i.args) && !/--no-install-recommends/.test(i.args))
        add(i.line, 'DL3015', 'apt-get install needs --no-install-recommends');
      if (/\bapt-get install\b/.test(i.args) && !/rm -rf \/var\/lib\/apt\/lists/.test(i.args))
        add(i.line, 'DL3009', 'Delete the apt lists in the same RUN');
      if (/\bsudo\b/.test(i.args)) add(i.line, 'DL3004', 'Do not use sudo');
      if (/curl[^|]*\|\s*(ba)?sh/.test(i.args)) add(i.line, 'SND005', 'Do not pipe downloads into a shell');
    }
    if ((i.keyword === 'ENV' || i.keyword === 'ARG') && /(SECRET|PASSWORD|API_KEY|TOKEN)\s*=\s*\S/.test(i.args))
      add(i.line, 'SND006', 'Do not bake secrets into the image: pass them at run time');
  }
  const finalCi = final.filter((i) => i.keyword === 'RUN' && /\bnpm ci\b/.test(i.args));
  for (const c of finalCi)
    if (!/--omit=dev/.test(c.args))
      add(c.line, 'SND007', 'The final stage installs production dependencies only (--omit=dev)');
  const copiesModules = final.some(
    (i) => i.keyword === 'COPY' && /--from=\S+/.test(i.args) && /node_modules/.test(i.args),
  );
  if (copiesModules) {
    const source = /--from=(\S+)/.exec(
      final.find((i) => i.keyword === 'COPY' && /node_modules/.test(i.args))!.args,
    )![1]!;
    const stageStart = froms.find((f) => new RegExp(`\\bAS\\s+${source}\\b`, 'i').test(f.args));
    const stageEnd = froms.find((f) => stageStart && f.line > stageStart.line)?.line ?? Infinity;
    const stage = all.filter((i) => stageStart && i.line > stageStart.line && i.line < stageEnd);
    if (!stage.some((i) => i.keyword === 'RUN' && /npm ci\b.*--omit=dev/.test(i.args)))
      add(
        stageStart?.line ?? lastFrom,
        'SND007',
        `node_modules copied from "${source}" must be installed with --omit=dev`,
      );
  }
  return findings.sort((a, b) => a.line - b.line);
}

/** The exec-form CMD of the final stage, as argv: what the container runs. */
export function dockerCmd(text: string): string[] {
  const cmd = instructions(text)
    .filter((i) => i.keyword === 'CMD')
    .at(-1);
  if (!cmd?.args.startsWith('[')) throw new Error('No exec-form CMD');
  return JSON.parse(cmd.args) as string[];
}

/** ENV of the final stage, as the container starts with it. */
export function dockerEnv(text: string): Record<string, string> {
  const all = instructions(text);
  const lastFrom = all.filter((i) => i.keyword === 'FROM').at(-1)?.line ?? 0;
  const env: Record<string, string> = {};
  for (const i of all.filter((x) => x.keyword === 'ENV' && x.line >= lastFrom))
    for (const m of i.args.matchAll(/(\w+)=("[^"]*"|\S+)/g)) env[m[1]!] = m[2]!.replace(/^"|"$/g, '');
  return env;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const file = process.argv[2] ?? 'Dockerfile';
  const findings = lintDockerfile(fs.readFileSync(file, 'utf8'));
  for (const f of findings) console.error(`${file}:${f.line} ${f.rule} ${f.message}`);
  if (findings.length) process.exit(1);
  console.log(`${file}: no findings`);
}
