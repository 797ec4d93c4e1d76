/**
 * Who has been heard: respondents' ward and "About you" answers beside the population targets
 * (the people module's census shares), gaps named in words, small numbers suppressed as the
 * results pages do, seldom-heard groups with the groups and fora that could reach them; and the
 * equality evidence report for an Equality Impact Assessment.
 *
 * Rules (shown on the page):
 * - Shares are of respondents who answered the question with a category (prefer not to say and
 *   unanswered are left out of the base, and counted separately).
 * - Under-represented: the share of responses is below three quarters of the share of residents
 *   (for categories of at least 2% of residents). Over-represented: above four thirds of it.
 * - Counts of 1 to 9 are shown as "fewer than 10", with complementary cells hidden too
 *   (suppressTable, the results pages' rule); a base under 10 hides the whole table.
 */
import { arrayOverlaps, asc, eq, sql } from 'drizzle-orm';
import type { Deps } from '../../deps.ts';
import { consultations, consultationWards } from '../consultations/index.ts';
import { listWardNames } from '../geography/index.ts';
import { peopleGroups, peopleTargets } from '../people/index.ts';
import { ABOUT_YOU_PAGE, suppressTable, SUPPRESSION_THRESHOLD } from '../questionnaires/index.ts';
import { rows } from './insight.repository.ts';

export const UNDER = 0.75;
export const OVER = 4 / 3;
const MIN_TARGET = 0.02;

/** The protected characteristics (Equality Act 2010) the "About you" questions cover, plus unpaid carers. */
export const CHARACTERISTICS: { key: string; name: string }[] = [
  { key: 'age_band', name: 'Age' },
  { key: 'sex', name: 'Sex' },
  { key: 'gender_identity', name: 'Gender reassignment (gender identity)' },
  { key: 'ethnic_group', name: 'Race (ethnic group)' },
  { key: 'disability', name: 'Disability' },
  { key: 'religion', name: 'Religion or belief' },
  { key: 'sexual_orientation', name: 'Sexual orientation' },
  { key: 'unpaid_carer', name: 'Unpaid carers' },
];

/** Who a category is, in words, for the gap sentences. */
function peopleIn(characteristic: string, value: string, label: string): string {
  switch (characteristic) {
    case 'ward':
      return `residents of ${label}`;
    case 'age_band':
      return `people aged ${label.toLowerCase()}`;
    case 'sex':
      return value === 'female' ? 'women' : value === 'male' ? 'men' : `people of sex “${label}”`;
    case 'disability':
      return value === 'yes' ? 'disabled people and people with long-term conditions' : 'people without a long-term condition';
    case 'ethnic_group':
      return `people of ${label.replace(/ group$/i, '')} ethnicity`;
    case 'religion':
      return value === 'no_religion' ? 'people of no religion' : `${label} people`;
    default:
      return `people answering “${label}”`;
  }
}

/** Audiences (the consultations catalogue's slugs) whose groups could reach a seldom-heard category. */
function audiencesFor(characteristic: string, value: string): string[] {
  if (characteristic === 'age_band') {
    if (['under_16', '16_to_24'].includes(value)) return ['young-people'];
    if (['65_to_74', '75_or_over'].includes(value)) return ['older-people'];
    return [];
  }
  if (characteristic === 'disability' && value === 'yes') return ['disabled-people'];
  if (characteristic === 'ethnic_group' && value !== 'white') return ['ethnic-minorities'];
  if (characteristic === 'religion' && value !== 'no_religion') return ['faith-communities'];
  if (characteristic === 'sexual_orientation' && value !== 'straight_or_heterosexual') return ['lgbt'];
  if (characteristic === 'gender_identity' && value === 'no') return ['lgbt'];
  if (characteristic === 'unpaid_carer' && value !== 'no') return ['carers'];
  return [];
}

export interface ProfileCell {
  value: string;
  label: string;
  count: number | null;
  percent: number | null;
  suppressed: boolean;
  targetPercent: number | null;
  gap: 'under' | 'over' | null;
}

export interface ProfileTable {
  key: string;
  name: string;
  question: string;
  base: number | null;
  notAnswered: number | null;
  cells: ProfileCell[];
  anySuppressed: boolean;
  hasTargets: boolean;
}

export interface Gap {
  characteristic: string;
  value: string;
  sentence: string;
  direction: 'under' | 'over';
  groups: { id: string; name: string; kind: string }[];
}

const pct = (x: number) => Math.round(x * 100);

function buildTable(
  key: string,
  name: string,
  question: string,
  options: { value: string; label: string }[],
  counts: Map<string, number>,
  total: number,
  targets: Map<string, number>,
): ProfileTable {
  const cells = options.map((o) => ({ label: o.value, count: counts.get(o.value) ?? 0 }));
  const base = cells.reduce((a, c) => a + c.count, 0);
  const shown = suppressTable(cells, base);
  const targetSum = options.reduce((a, o) => a + (targets.get(o.value) ?? 0), 0);
  const hasTargets = targetSum > 0;
  return {
    key,
    name,
    question,
    base: shown.base,
    notAnswered: shown.base === null ? null : total - base < SUPPRESSION_THRESHOLD && total - base > 0 ? null : total - base,
    anySuppressed: shown.anySuppressed,
    hasTargets,
    cells: options.map((o, i) => {
      const cell = shown.cells[i]!;
      const target = targets.has(o.value) && hasTargets ? targets.get(o.value)! / targetSum : null;
      const share = base > 0 ? (counts.get(o.value) ?? 0) / base : 0;
      let gap: 'under' | 'over' | null = null;
      if (target !== null && base >= SUPPRESSION_THRESHOLD) {
        if (target >= MIN_TARGET && share < UNDER * target) gap = 'under';
        else if (target > 0 && share > OVER * target) gap = 'over';
      }
      return {
        value: o.value,
        label: o.label,
        count: cell.count,
        percent: cell.percent,
        suppressed: cell.suppressed,
        targetPercent: target === null ? null : pct(target),
        gap,
      };
    }),
  };
}

/** The respondents' profile of one consultation, with gaps and who could reach the seldom heard. */
export async function whoHasBeenHeard(deps: Deps, consultationId: string) {
  const [wardCounts, aboutCounts, totals, targetRows, allWards, scope] = await Promise.all([
    rows<{ ward: string | null; n: number }>(
      deps.db,
      sql`SELECT r.ward_code AS ward, count(*)::int AS n FROM responses r JOIN questionnaires q ON q.id = r.questionnaire_id
          WHERE q.owner_type = 'consultation' AND q.owner_id = ${consultationId} GROUP BY r.ward_code`,
    ),
    rows<{ key: string; value: string; n: number }>(
      deps.db,
      sql`SELECT e.key, e.value, count(*)::int AS n
          FROM response_equalities re JOIN questionnaires q ON q.id = re.questionnaire_id,
               LATERAL jsonb_each_text(re.answers) AS e(key, value)
          WHERE q.owner_type = 'consultation' AND q.owner_id = ${consultationId} GROUP BY e.key, e.value`,
    ),
    rows<{ total: number; withAbout: number }>(
      deps.db,
      sql`SELECT count(*)::int AS total, count(re.response_id)::int AS "withAbout"
          FROM responses r JOIN questionnaires q ON q.id = r.questionnaire_id
          LEFT JOIN response_equalities re ON re.response_id = r.id
          WHERE q.owner_type = 'consultation' AND q.owner_id = ${consultationId}`,
    ),
    deps.db.select().from(peopleTargets),
    listWardNames(deps.db),
    deps.db
      .select({ boroughWide: consultations.boroughWide, wardCode: consultationWards.wardCode })
      .from(consultations)
      .leftJoin(consultationWards, eq(consultationWards.consultationId, consultations.id))
      .where(eq(consultations.id, consultationId)),
  ]);
  // A consultation about some wards is compared with the residents of those wards, not the whole borough.
  const ownWards = new Set(scope.map((w) => w.wardCode).filter((w): w is string => !!w));
  const wardScoped = !scope[0]?.boroughWide && ownWards.size > 0;
  const wards = wardScoped ? allWards.filter((w) => ownWards.has(w.code)) : allWards;
  const total = Number(totals[0]?.total ?? 0);
  const targetsOf = (characteristic: string) =>
    new Map(targetRows.filter((t) => t.characteristic === characteristic).map((t) => [t.category, Number(t.proportion)]));
  const demoTargets = targetRows.some((t) => t.isDemo);
  const targetSource = [...new Set(targetRows.map((t) => t.source))].join('; ');

  const wardTable = buildTable(
    'ward',
    wardScoped ? 'Ward (the wards this consultation is about)' : 'Ward',
    'Ward (from the postcode or the ward question)',
    wards.map((w) => ({ value: w.code, label: w.name })),
    new Map(wardCounts.filter((w) => w.ward).map((w) => [w.ward!, Number(w.n)])),
    total,
    targetsOf('ward'),
  );
  const tables = [wardTable];
  for (const { key, name } of CHARACTERISTICS) {
    const question = ABOUT_YOU_PAGE.questions.find((q) => q.key === key);
    if (!question || !('options' in question) || !question.options) continue;
    const options = question.options.filter((o) => o.value !== 'prefer_not_to_say');
    const counts = new Map(aboutCounts.filter((a) => a.key === key).map((a) => [a.value, Number(a.n)]));
    tables.push(buildTable(key, name, question.text, options, counts, total, targetsOf(key)));
  }

  const gaps: Gap[] = [];
  for (const table of tables) {
    for (const cell of table.cells) {
      if (!cell.gap) continue;
      const who = peopleIn(table.key, cell.value, cell.label);
      const share = cell.suppressed ? 'fewer than 10 responses' : cell.count === 0 ? 'no responses' : `${cell.percent}% of responses`;
      const sentence =
        `${who.charAt(0).toUpperCase()}${who.slice(1)} are ${cell.gap === 'under' ? 'under' : 'over'}-represented: ` +
        `${share}, ${cell.targetPercent}% of residents`;
      gaps.push({ characteristic: table.key, value: cell.value, sentence, direction: cell.gap, groups: [] });
    }
  }
  // Groups and fora that could reach the under-represented: by audience, or by ward.
  const under = gaps.filter((g) => g.direction === 'under');
  const audiences = [...new Set(under.flatMap((g) => audiencesFor(g.characteristic, g.value)))];
  const wardCodes = under.filter((g) => g.characteristic === 'ward').map((g) => g.value);
  if (audiences.length || wardCodes.length) {
    const found = await deps.db
      .select({ id: peopleGroups.id, name: peopleGroups.name, kind: peopleGroups.kind, communities: peopleGroups.communities, wardCodes: peopleGroups.wardCodes })
      .from(peopleGroups)
      .where(
        audiences.length && wardCodes.length
          ? sql`${arrayOverlaps(peopleGroups.communities, audiences)} OR ${arrayOverlaps(peopleGroups.wardCodes, wardCodes)}`
          : audiences.length
            ? arrayOverlaps(peopleGroups.communities, audiences)
            : arrayOverlaps(peopleGroups.wardCodes, wardCodes),
      )
      .orderBy(asc(peopleGroups.name));
    for (const gap of under) {
      const wanted = audiencesFor(gap.characteristic, gap.value);
      gap.groups = found
        .filter((g) =>
          gap.characteristic === 'ward' ? g.wardCodes.includes(gap.value) : g.communities.some((c) => wanted.includes(c)),
        )
        .map((g) => ({ id: g.id, name: g.name, kind: g.kind }));
    }
  }
  return {
    total,
    wardScoped,
    withAbout: Number(totals[0]?.withAbout ?? 0),
    tables,
    gaps,
    seldomHeard: under,
    demoTargets,
    targetSource,
    threshold: SUPPRESSION_THRESHOLD,
  };
}

export interface ReportRow {
  characteristic: string;
  category: string;
  respondents: string;
  share: string;
  residents: string;
  themes: { title: string; count: string }[];
}

/**
 * The equality evidence report: per protected characteristic and category, how many took part
 * against the residents' share, and the themes that group raised most (officers' coding in the
 * feedback themes; where nothing is coded yet, the latest suggested themes, marked as such).
 */
export async function equalityReport(deps: Deps, consultationId: string) {
  const heard = await whoHasBeenHeard(deps, consultationId);
  const coded = await rows<{ key: string; value: string; title: string; n: number }>(
    deps.db,
    sql`SELECT e.key, e.value, t.title, count(DISTINCT fc.response_id)::int AS n
        FROM feedback_codings fc JOIN feedback_themes t ON t.id = fc.theme_id
        JOIN response_equalities re ON re.response_id = fc.response_id, LATERAL jsonb_each_text(re.answers) AS e(key, value)
        WHERE t.consultation_id = ${consultationId} GROUP BY e.key, e.value, t.title`,
  );
  let source: 'coded' | 'suggested' = 'coded';
  let themeRows = coded;
  if (!coded.length) {
    source = 'suggested';
    themeRows = await rows<{ key: string; value: string; title: string; n: number }>(
      deps.db,
      sql`SELECT e.key, e.value, cl.label AS title, count(DISTINCT s.response_id)::int AS n
          FROM (SELECT DISTINCT ON (question_key) id FROM insight_runs WHERE consultation_id = ${consultationId} AND status = 'done'
                ORDER BY question_key, finished_at DESC) run
          JOIN insight_suggestions s ON s.run_id = run.id AND s.rank = 0
          JOIN insight_clusters cl ON cl.id = s.cluster_id
          JOIN response_equalities re ON re.response_id = s.response_id, LATERAL jsonb_each_text(re.answers) AS e(key, value)
          GROUP BY e.key, e.value, cl.label`,
    );
  }
  const sections = heard.tables
    .filter((t) => t.key !== 'ward')
    .map((t) => ({
      key: t.key,
      name: t.name,
      base: t.base,
      rows: t.cells.map((cell): ReportRow => {
        const themes = themeRows
          .filter((r) => r.key === t.key && r.value === cell.value)
          .sort((a, b) => b.n - a.n || (a.title < b.title ? -1 : 1))
          .slice(0, 3)
          .map((r) => ({ title: r.title, count: Number(r.n) < SUPPRESSION_THRESHOLD ? 'fewer than 10' : String(r.n) }));
        return {
          characteristic: t.name,
          category: cell.label,
          respondents: cell.suppressed ? 'fewer than 10' : String(cell.count ?? 0),
          share: cell.percent === null ? '' : `${cell.percent}%`,
          residents: cell.targetPercent === null ? '' : `${cell.targetPercent}%`,
          // A group too small to show cannot have its themes shown either.
          themes: cell.suppressed ? [] : themes,
        };
      }),
    }));
  return { heard, sections, source };
}
