/**
 * Theme analysis use-cases: start a run (a job), run it with progress, and the assisted coding
 * decisions (accept, rename, merge, split, code answers). Officers' decisions live in their own
 * table and feedback's codings; a run only ever writes suggestions, so no run overwrites them.
 */
import type { Actor, Deps } from '../../deps.ts';
import type { CurrentUser } from '../../web/auth.ts';
import { recordAudit } from '../audit/index.ts';
import { findConsultation, type Consultation } from '../consultations/index.ts';
import {
  canWriteFeedback,
  codeResponsesToTheme,
  findFeedbackTheme,
  insertFeedbackTheme,
  listFeedbackThemes,
  uncodeResponse,
} from '../feedback/index.ts';
import { loadQuestionnaire } from '../questionnaires/index.ts';
import { DEFAULT_SEED, METHOD, METHOD_VERSION, suggestThemes, type ThemeRun } from './engine/themes.ts';
import { canReadInsight, canWorkInsight } from './insight.policy.ts';
import * as repo from './insight.repository.ts';

type User = Pick<CurrentUser, 'id' | 'role' | 'organisationId'>;
export const ANALYSE_JOB = 'insight-analyse';
export const CODING_PAGE_SIZE = 25;

export type Found = { ok: true; consultation: Consultation } | { ok: false; reason: 'not-found' };

/** The consultation if this user may see its insight pages; 'not-found' hides what they may not know. */
export async function consultationForInsight(deps: Deps, user: User, id: string): Promise<Found> {
  const consultation = await findConsultation(deps.db, id);
  if (!consultation || !canReadInsight(user, consultation)) return { ok: false, reason: 'not-found' };
  return { ok: true, consultation };
}

/** The written-answer questions of the consultation's questionnaire. */
export async function writtenQuestions(deps: Deps, consultationId: string): Promise<{ key: string; text: string }[]> {
  try {
    const { definition } = await loadQuestionnaire(deps, consultationId);
    return definition.pages
      .flatMap((page) => page.questions)
      .filter((q) => q.type === 'long_text' || q.type === 'short_text')
      .map((q) => ({ key: q.key, text: q.text }));
  } catch {
    return [];
  }
}

/** In-process runs still going: tests and the bench await them. */
const running = new Set<Promise<void>>();
export async function settleRuns() {
  while (running.size) await Promise.all([...running]);
}

/** Queues an analysis of one question. pg-boss workers pick it up; on PGlite it starts at once in this process. */
export async function startAnalysis(
  deps: Deps,
  actor: Actor,
  user: User,
  consultationId: string,
  questionKey: string,
): Promise<{ ok: true; runId: string } | { ok: false; reason: 'not-found' | 'not-allowed' }> {
  const c = await findConsultation(deps.db, consultationId);
  if (!c || !canReadInsight(user, c)) return { ok: false, reason: 'not-found' };
  if (!canWorkInsight(user, c)) return { ok: false, reason: 'not-allowed' };
  if (!(await writtenQuestions(deps, c.id)).some((q) => q.key === questionKey)) return { ok: false, reason: 'not-found' };
  const run = await deps.db.transaction(async (tx) => {
    const created = await repo.insertRun(tx, {
      consultationId: c.id,
      questionKey,
      method: METHOD,
      methodVersion: METHOD_VERSION,
      seed: DEFAULT_SEED,
      createdBy: user.id,
      now: deps.clock.now(),
    });
    await recordAudit(tx, actor, { action: 'insight.analysis-started', entityType: 'consultation', entityId: c.id, after: created });
    return created;
  });
  if (deps.config.databaseUrl && deps.config.jobsRunner === 'pg-boss') {
    await deps.jobs.send(ANALYSE_JOB, { runId: run.id }, { singletonKey: run.id });
  } else {
    const job = new Promise<void>((resolve) => setImmediate(resolve)).then(() => runAnalysis(deps, run.id));
    running.add(job);
    void job.finally(() => running.delete(job));
  }
  return { ok: true, runId: run.id };
}

/** The job: claims the run, fits themes with progress written as it goes, saves clusters and suggestions. */
export async function runAnalysis(deps: Deps, runId: string): Promise<void> {
  if (!(await repo.startRun(deps.db, runId, deps.clock.now()))) return;
  const run = (await repo.findRun(deps.db, runId))!;
  try {
    const answers = await repo.answersTo(deps.db, run.consultationId, run.questionKey);
    let last = -1;
    const result = await suggestThemes(answers, {
      seed: run.seed,
      onProgress: async (fraction, stage) => {
        const pct = Math.min(99, Math.round(fraction * 100));
        if (pct - last < 5) return;
        last = pct;
        await repo.updateRunProgress(deps.db, runId, pct, stage);
        // Let pages (and the progress they read) be served between chunks of work.
        await new Promise((resolve) => setImmediate(resolve));
      },
    });
    await saveRun(deps, run.id, answers, result);
  } catch (error) {
    await repo.failRun(deps.db, runId, error instanceof Error ? error.message : String(error), deps.clock.now());
  }
}

async function saveRun(deps: Deps, runId: string, answers: { id: string; text: string }[], result: ThemeRun) {
  await deps.db.transaction(async (tx) => {
    const clusters = await repo.insertClusters(
      tx,
      runId,
      result.themes.map((t, position) => ({
        position,
        label: t.label,
        words: t.words,
        phrases: t.phrases,
        answerCount: t.count,
        quotes: t.quotes.map((i) => ({ responseId: answers[i]!.id, text: answers[i]!.text })),
        stances: t.stances,
      })),
    );
    const idOf = new Map(clusters.map((c) => [c.position, c.id]));
    await repo.insertSuggestions(
      tx,
      runId,
      result.suggestions.map((s) => ({ r: answers[s.answer]!.id, c: idOf.get(s.theme)!, k: s.rank, p: s.confidence, s: s.stance })),
    );
    await repo.finishRun(tx, runId, {
      answerCount: answers.length,
      themeCount: result.themes.length,
      details: { k: result.k, silhouettes: result.silhouettes, vocabularySize: result.vocabularySize, fittedOn: result.fittedOn, unassigned: result.unassigned },
      now: deps.clock.now(),
    });
  });
}

/** The insight overview: each written question with its latest run. */
export async function overview(deps: Deps, consultationId: string) {
  const [questions, runs] = await Promise.all([writtenQuestions(deps, consultationId), repo.latestRuns(deps.db, consultationId)]);
  const runOf = new Map(runs.map((r) => [r.questionKey, r]));
  return questions.map((q) => ({ ...q, run: runOf.get(q.key) ?? null }));
}

/** A question's page: its latest run (any status), the latest finished run's suggested themes, feedback themes. */
export async function questionView(deps: Deps, c: Consultation, questionKey: string) {
  const question = (await writtenQuestions(deps, c.id)).find((q) => q.key === questionKey);
  if (!question) return null;
  const latest = (await repo.latestRuns(deps.db, c.id)).find((r) => r.questionKey === questionKey) ?? null;
  const done = await repo.latestDoneRun(deps.db, c.id, questionKey);
  const clusters = done ? await repo.clustersOf(deps.db, done.id) : [];
  const [themes, voices, decisions] = await Promise.all([
    listFeedbackThemes(deps.db, c.id),
    done ? repo.voicesPerCluster(deps.db, done.id) : Promise.resolve(new Map<string, number>()),
    repo.decisionCounts(deps.db, questionKey, clusters.map((cl) => cl.themeId).filter((t): t is string => !!t)),
  ]);
  const themeTitle = new Map(themes.map((t) => [t.id, t.title]));
  return {
    question,
    latest,
    done: done ?? null,
    themes,
    clusters: clusters.map((cl) => ({
      ...cl,
      voices: voices.get(cl.id) ?? 0,
      themeTitle: cl.themeId ? (themeTitle.get(cl.themeId) ?? null) : null,
      decisions: cl.themeId ? (decisions.get(cl.themeId) ?? { accepted: 0, rejected: 0 }) : null,
    })),
  };
}

/** One page of a suggested theme's answers for coding. */
export async function codingView(deps: Deps, clusterId: string, questionKey: string, themeId: string | null, page: number) {
  return repo.codingPage(deps.db, {
    clusterId,
    themeId,
    questionKey,
    limit: CODING_PAGE_SIZE,
    offset: (page - 1) * CODING_PAGE_SIZE,
  });
}

type CodingOutcome<T = undefined> =
  | { ok: true; value: T }
  | { ok: false; reason: 'not-found' | 'not-allowed' | 'not-accepted' | 'bad-input' | 'too-small' };

/** Loads a cluster of this consultation and checks the user may code (feedback is written once closed). */
async function codable(deps: Deps, user: User, consultationId: string, clusterId: string) {
  const c = await findConsultation(deps.db, consultationId);
  if (!c || !canReadInsight(user, c)) return { ok: false as const, reason: 'not-found' as const };
  const cluster = await repo.findCluster(deps.db, clusterId);
  if (!cluster || cluster.consultationId !== c.id) return { ok: false as const, reason: 'not-found' as const };
  if (!canWorkInsight(user, c) || !canWriteFeedback(user, c)) return { ok: false as const, reason: 'not-allowed' as const };
  return { ok: true as const, c, cluster };
}

/**
 * Accepts a suggested theme: as a new feedback theme (with the officer's title — a rename), or
 * into an existing one (a merge: accept two suggestions into the same theme).
 */
export async function acceptTheme(
  deps: Deps,
  actor: Actor,
  user: User,
  consultationId: string,
  clusterId: string,
  input: { title: string; themeId: string | null },
): Promise<CodingOutcome<{ themeId: string; title: string }>> {
  const check = await codable(deps, user, consultationId, clusterId);
  if (!check.ok) return check;
  const { c, cluster } = check;
  return deps.db.transaction(async (tx) => {
    let themeId: string;
    let title: string;
    if (input.themeId) {
      const theme = await findFeedbackTheme(tx, c.id, input.themeId);
      if (!theme) return { ok: false, reason: 'bad-input' };
      themeId = theme.id;
      title = theme.title;
    } else {
      const now = deps.clock.now();
      const theme = await insertFeedbackTheme(tx, {
        consultationId: c.id,
        title: input.title,
        description: `Suggested from the written answers: ${[...cluster.phrases.slice(0, 2), ...cluster.words.slice(0, 4)].join(', ')}.`,
        createdAt: now,
        updatedAt: now,
      });
      themeId = theme.id;
      title = theme.title;
    }
    await repo.setClusterTheme(tx, cluster.id, themeId, input.themeId ? undefined : input.title);
    await recordAudit(tx, actor, {
      action: input.themeId ? 'insight.theme-merged' : 'insight.theme-accepted',
      entityType: 'consultation',
      entityId: c.id,
      before: { clusterId: cluster.id, label: cluster.label },
      after: { clusterId: cluster.id, themeId, title },
    });
    return { ok: true, value: { themeId, title } };
  });
}

/**
 * The officer's decision on answers of an accepted suggested theme: accepted answers are coded
 * to the feedback theme; rejected ones lose that coding. Kept whatever later runs suggest.
 */
export async function decideAnswers(
  deps: Deps,
  actor: Actor,
  user: User,
  consultationId: string,
  clusterId: string,
  input: { responseIds: string[]; decision: 'accepted' | 'rejected' },
): Promise<CodingOutcome<{ count: number }>> {
  const check = await codable(deps, user, consultationId, clusterId);
  if (!check.ok) return check;
  const { c, cluster } = check;
  if (!cluster.themeId) return { ok: false, reason: 'not-accepted' };
  const themeId = cluster.themeId;
  const ids = await repo.responsesOfCluster(deps.db, cluster.id, [...new Set(input.responseIds)]);
  if (!ids.length || ids.length !== new Set(input.responseIds).size) return { ok: false, reason: 'bad-input' };
  return deps.db.transaction(async (tx) => {
    await repo.upsertDecisions(tx, {
      consultationId: c.id,
      questionKey: cluster.questionKey,
      responseIds: ids,
      themeId,
      decision: input.decision,
      decidedBy: user.id,
      now: deps.clock.now(),
    });
    if (input.decision === 'accepted') await codeResponsesToTheme(tx, themeId, ids);
    else for (const id of ids) await uncodeResponse(tx, themeId, id);
    await recordAudit(tx, actor, {
      action: `insight.answers-${input.decision}`,
      entityType: 'consultation',
      entityId: c.id,
      after: { themeId, clusterId: cluster.id, responseIds: ids },
    });
    return { ok: true, value: { count: ids.length } };
  });
}

/** Splits a suggested theme in two: its answers are grouped again (k = 2, same seed) into two new suggestions. */
export async function splitTheme(
  deps: Deps,
  actor: Actor,
  user: User,
  consultationId: string,
  clusterId: string,
): Promise<CodingOutcome<{ labels: string[] }>> {
  const c = await findConsultation(deps.db, consultationId);
  if (!c || !canReadInsight(user, c)) return { ok: false, reason: 'not-found' };
  const cluster = await repo.findCluster(deps.db, clusterId);
  if (!cluster || cluster.consultationId !== c.id) return { ok: false, reason: 'not-found' };
  if (!canWorkInsight(user, c)) return { ok: false, reason: 'not-allowed' };
  const answers = await repo.clusterAnswers(deps.db, cluster.id, cluster.questionKey);
  const run = (await repo.findRun(deps.db, cluster.runId))!;
  const result = await suggestThemes(answers, { seed: run.seed, k: 2 });
  if (result.themes.length < 2) return { ok: false, reason: 'too-small' };
  return deps.db.transaction(async (tx) => {
    const start = await repo.nextClusterPosition(tx, run.id);
    const created = await repo.insertClusters(
      tx,
      run.id,
      result.themes.map((t, i) => ({
        position: start + i,
        label: t.label,
        words: t.words,
        phrases: t.phrases,
        answerCount: t.count,
        quotes: t.quotes.map((q) => ({ responseId: answers[q]!.id, text: answers[q]!.text })),
        stances: t.stances,
      })),
    );
    const idOf = new Map(created.map((x) => [x.position - start, x.id]));
    await repo.deleteCluster(tx, cluster.id);
    await repo.insertSuggestions(
      tx,
      run.id,
      result.suggestions.map((s) => ({ r: answers[s.answer]!.id, c: idOf.get(s.theme)!, k: s.rank, p: s.confidence, s: s.stance })),
    );
    await recordAudit(tx, actor, {
      action: 'insight.theme-split',
      entityType: 'consultation',
      entityId: c.id,
      before: { clusterId: cluster.id, label: cluster.label },
      after: { labels: result.themes.map((t) => t.label) },
    });
    return { ok: true, value: { labels: result.themes.map((t) => t.label) } };
  });
}

export { canReadInsight, canWorkInsight };
