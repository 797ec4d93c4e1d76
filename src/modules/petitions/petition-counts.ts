/**
 * Signature counts for public pages, derived from the stored rows and kept for at most
 * COUNT_STALENESS_MS per petition and process. Under a burst of signatures a petition page then
 * costs one count every few seconds, not one per view, and no signature has to touch a shared
 * counter row. Staff pages and thresholds always count afresh.
 */
import type { Deps } from '../../deps.ts';
import type { Db } from '../../db/client.ts';
import { countByWard } from './petitions.repository.ts';

/** How stale a public count may be: stated on the page. */
export const COUNT_STALENESS_MS = 5000;

interface Counted {
  total: number;
  byWard: { wardCode: string | null; n: number }[];
  at: number;
}

const cache = new WeakMap<Db, Map<string, Promise<Counted>>>();

export async function publicCounts(deps: Deps, petitionId: string): Promise<Counted> {
  const staleness = deps.config.env === 'test' ? 0 : COUNT_STALENESS_MS;
  let byPetition = cache.get(deps.db);
  if (!byPetition) cache.set(deps.db, (byPetition = new Map<string, Promise<Counted>>()));
  const now = Date.now();
  const cached = byPetition.get(petitionId);
  if (cached) {
    const value = await cached;
    if (now - value.at < staleness) return value;
  }
  const fresh = countByWard(deps.db, petitionId).then((byWard) => ({
    total: byWard.reduce((sum, w) => sum + w.n, 0),
    byWard,
    at: Date.now(),
  }));
  byPetition.set(petitionId, fresh);
  if (byPetition.size > 5000) byPetition.clear();
  try {
    return await fresh;
  } catch (error) {
    byPetition.delete(petitionId);
    throw error;
  }
}
