/**
 * Keeps the results tallies (migration 0011) small: triggers append a row per answer on every
 * submission; this job folds each questionnaire's rows together, so a dashboard summary at
 * 100,000 responses reads a few thousand rows. Correct without it, only slower.
 */
import type { Deps } from '../../deps.ts';
import type { JobDefinition } from '../module.ts';
import { compactTallies, questionnairesWithPendingTallies } from './results.repository.ts';

export const COMPACT_TALLIES_JOB = 'questionnaires-compact-tallies';

/** Compacts every questionnaire that has had responses since its last compaction. */
export async function compactPendingTallies(deps: Deps): Promise<number> {
  const pending = await questionnairesWithPendingTallies(deps.db);
  for (const questionnaireId of pending) await compactTallies(deps.db, questionnaireId);
  return pending.length;
}

export const talliesJob: JobDefinition = {
  name: COMPACT_TALLIES_JOB,
  everyMinute: true,
  run: async (deps) => {
    await compactPendingTallies(deps);
  },
};
