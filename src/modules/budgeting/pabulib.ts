/**
 * pabulib `.pb` files (http://pabulib.org/format): three sections, META (key;value), PROJECTS and
 * VOTES, each a semicolon-separated table with a header row. Values may be double-quoted with ""
 * for a quote inside, as the published files do. Section names are matched in any case.
 */
import type { BallotType, CountBallot, CountProject, Election } from './counting.ts';

export interface PbProject extends CountProject {
  name: string;
  votes: number | null;
  selected: boolean | null;
  extra: Record<string, string>;
}

export interface PbVote extends CountBallot {
  voterId: string;
  extra: Record<string, string>;
}

export interface PbFile {
  meta: Record<string, string>;
  projects: PbProject[];
  votes: PbVote[];
}

export type PbParse = { ok: true; file: PbFile } | { ok: false; reason: string };

/** Splits one line on semicolons, honouring double-quoted fields. */
function splitLine(line: string): string[] {
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === ';') {
      out.push(field);
      field = '';
    } else field += ch;
  }
  out.push(field);
  return out.map((f) => f.trim());
}

const quote = (value: string) => (/[;"\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
const csvList = (s: string | undefined) =>
  (s ?? '')
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);

/** Parses a pabulib file. Lines are LF or CRLF; a BOM is ignored; blank lines are skipped. */
export function parsePb(text: string): PbParse {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const meta: Record<string, string> = {};
  const projects: PbProject[] = [];
  const votes: PbVote[] = [];
  let section: 'meta' | 'projects' | 'votes' | null = null;
  let header: string[] | null = null;
  for (const [n, raw] of lines.entries()) {
    const line = raw.trim();
    if (!line) continue;
    const lower = line.toLowerCase();
    if (lower === 'meta' || lower === 'projects' || lower === 'votes') {
      section = lower;
      header = null;
      continue;
    }
    if (!section) return { ok: false, reason: `Line ${n + 1}: expected META, PROJECTS or VOTES` };
    const cells = splitLine(line);
    if (!header) {
      header = cells.map((c) => c.toLowerCase());
      if (section === 'meta' && header[0] !== 'key') {
        // Some files omit the key;value header: treat the line as data.
        header = ['key', 'value'];
      } else continue;
    }
    const row: Record<string, string> = {};
    header.forEach((h, i) => (row[h] = cells[i] ?? ''));
    if (section === 'meta') {
      meta[(cells[0] ?? '').toLowerCase()] = cells.slice(1).join(';');
    } else if (section === 'projects') {
      const id = row.project_id ?? row.name ?? '';
      const cost = Number(row.cost);
      if (!id || !Number.isFinite(cost) || cost < 0)
        return { ok: false, reason: `Line ${n + 1}: a project needs an id and a cost` };
      const { project_id: _id, cost: _cost, name, votes: v, selected, ...extra } = row;
      projects.push({
        id,
        cost,
        name: name ?? id,
        votes: v !== undefined && v !== '' ? Number(v) : null,
        selected: selected !== undefined && selected !== '' ? Number(selected) > 0 : null,
        extra,
      });
    } else {
      const { voter_id: voterId, vote, points, ...extra } = row;
      const chosen = csvList(vote);
      const pts = points !== undefined ? csvList(points).map(Number) : undefined;
      votes.push({ voterId: voterId ?? String(votes.length + 1), projects: chosen, points: pts, extra });
    }
  }
  if (!meta.budget || !Number.isFinite(Number(meta.budget))) return { ok: false, reason: 'META has no budget' };
  if (projects.length === 0) return { ok: false, reason: 'The file has no PROJECTS' };
  return { ok: true, file: { meta, projects, votes } };
}

/** pabulib vote types our counting understands ("scoring" ballots are counted like cumulative points). */
export function ballotTypeOf(meta: Record<string, string>): BallotType | null {
  const t = (meta.vote_type ?? 'approval').toLowerCase();
  if (t === 'approval') return 'approval';
  if (t === 'cumulative' || t === 'scoring') return 'cumulative';
  if (t === 'ordinal') return 'ranking';
  return null;
}

export function electionOf(file: PbFile): Election | null {
  const ballotType = ballotTypeOf(file.meta);
  if (!ballotType) return null;
  return {
    budget: Number(file.meta.budget),
    ballotType,
    projects: file.projects.map((p) => ({ id: p.id, cost: p.cost })),
    ballots: file.votes.map((v) => ({ projects: v.projects, points: v.points })),
  };
}

const PB_VOTE_TYPE: Record<BallotType, string> = { approval: 'approval', cumulative: 'cumulative', ranking: 'ordinal' };

export interface PbExport {
  meta: Record<string, string | number>;
  ballotType: BallotType;
  projects: { id: string; cost: number; name: string; votes: number; selected: boolean }[];
  votes: { voterId: string; projects: string[]; points?: number[] }[];
}

/** Writes a pabulib file: META first with num_projects, num_votes, budget and vote_type filled in. */
export function writePb(data: PbExport): string {
  const meta: Record<string, string | number> = {
    ...data.meta,
    num_projects: data.projects.length,
    num_votes: data.votes.length,
    vote_type: PB_VOTE_TYPE[data.ballotType],
  };
  const lines = ['META', 'key;value'];
  for (const [k, v] of Object.entries(meta)) lines.push(`${k};${quote(String(v))}`);
  lines.push('PROJECTS', 'project_id;cost;votes;name;selected');
  for (const p of data.projects)
    lines.push([quote(p.id), p.cost, p.votes, quote(p.name), p.selected ? 1 : 0].join(';'));
  lines.push('VOTES', data.ballotType === 'cumulative' ? 'voter_id;vote;points' : 'voter_id;vote');
  for (const v of data.votes) {
    const row = [quote(v.voterId), v.projects.join(',')];
    if (data.ballotType === 'cumulative') row.push((v.points ?? []).join(','));
    lines.push(row.join(';'));
  }
  return lines.join('\n') + '\n';
}
