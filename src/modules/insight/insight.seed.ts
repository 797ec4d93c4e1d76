/**
 * Demo insight: for each closed demo consultation (closed or feedback published) with written
 * answers, one analysis of each written question, and a campaign check (the questionnaires demo's
 * generated responses include a circulated form letter, so a newcomer sees a flagged campaign; no
 * response is added here, so every count other modules' demo pages show stays as they seeded it).
 * Idempotent: a consultation that already has an analysis is left alone.
 */
import { sql } from 'drizzle-orm';
import type { Deps } from '../../deps.ts';
import { detectFor } from './campaigns.service.ts';
import { rows } from './insight.repository.ts';
import * as repo from './insight.repository.ts';
import { runAnalysis, writtenQuestions } from './insight.service.ts';
import { DEFAULT_SEED, METHOD, METHOD_VERSION } from './engine/themes.ts';

export async function seedInsight(deps: Deps) {
  const targets = await rows<{ id: string }>(
    deps.db,
    sql`SELECT c.id
        FROM consultations c JOIN questionnaires q ON q.owner_type = 'consultation' AND q.owner_id = c.id
        WHERE c.state IN ('closed', 'feedback_published') AND c.opens_at IS NOT NULL
          AND EXISTS (SELECT 1 FROM responses r WHERE r.questionnaire_id = q.id)
          AND NOT EXISTS (SELECT 1 FROM insight_runs ir WHERE ir.consultation_id = c.id)
        ORDER BY c.closes_at DESC NULLS LAST, c.id`,
  );
  for (const t of targets) {
    const questions = await writtenQuestions(deps, t.id);
    if (!questions.length) continue;
    for (const q of questions) {
      const run = await repo.insertRun(deps.db, {
        consultationId: t.id,
        questionKey: q.key,
        method: METHOD,
        methodVersion: METHOD_VERSION,
        seed: DEFAULT_SEED,
        createdBy: null,
        now: deps.clock.now(),
      });
      await runAnalysis(deps, run.id);
    }
    await detectFor(deps, t.id);
  }
}
