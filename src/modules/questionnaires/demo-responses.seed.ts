/**
 * Demo responses for the demo consultations' questionnaires: hundreds for closed ones, fewer for
 * open ones still collecting, all inside the consultation's window, so every count a page shows
 * comes from stored rows. Bulk inserts keep the seed fast (every route test loads it).
 * Idempotent: a questionnaire that already has responses is left alone.
 */
import { randomUUID } from 'node:crypto';
import { and, eq, inArray, notExists, sql } from 'drizzle-orm';
import type { Deps } from '../../deps.ts';
import { consultations, consultationWards } from '../consultations/index.ts';
import { listWardNames } from '../geography/index.ts';
import { generateDemoResponses } from './demo-responses.ts';
import { newReference } from './responding.service.ts';
import * as responsesRepo from './responses.repository.ts';
import { questionnaires, responses } from './questionnaires.tables.ts';

/** Responses per demo consultation: a closed consultation has heard from far more people. */
const COUNT_BY_STATE: Record<string, number> = { closed: 320, feedback_published: 380, open: 90 };
const CHUNK = 500;

export async function seedDemoResponses(deps: Deps) {
  const now = deps.clock.now();
  const targets = await deps.db
    .select({
      consultationId: consultations.id,
      slug: consultations.slug,
      state: consultations.state,
      topics: consultations.topics,
      boroughWide: consultations.boroughWide,
      opensAt: consultations.opensAt,
      closesAt: consultations.closesAt,
      questionnaireId: questionnaires.id,
      version: questionnaires.currentVersion,
    })
    .from(consultations)
    .innerJoin(questionnaires, eq(questionnaires.ownerId, consultations.id))
    .where(
      and(
        inArray(consultations.state, Object.keys(COUNT_BY_STATE)),
        notExists(
          deps.db
            .select({ one: sql`1` })
            .from(responses)
            .where(eq(responses.questionnaireId, questionnaires.id)),
        ),
      ),
    );
  if (targets.length === 0) return;
  const boroughWards = (await listWardNames(deps.db)).map((w) => w.code);
  const wardRows = await deps.db
    .select({ consultationId: consultationWards.consultationId, wardCode: consultationWards.wardCode })
    .from(consultationWards)
    .where(
      inArray(
        consultationWards.consultationId,
        targets.map((t) => t.consultationId),
      ),
    );
  for (const target of targets) {
    if (!target.opensAt) continue;
    const until = target.state === 'open' ? now : (target.closesAt ?? now);
    if (until <= target.opensAt) continue;
    const local = wardRows.filter((w) => w.consultationId === target.consultationId).map((w) => w.wardCode);
    // A ward consultation hears mostly from its wards, and a little from next door.
    const wardCodes =
      target.boroughWide || local.length === 0 ? boroughWards : [...local, ...local, ...local, ...boroughWards];
    const generated = generateDemoResponses({
      slug: target.slug,
      topic: target.topics[0] ?? '',
      opensAt: target.opensAt,
      until,
      wardCodes,
      count: COUNT_BY_STATE[target.state]!,
    });
    await deps.db.transaction(async (tx) => {
      for (let start = 0; start < generated.length; start += CHUNK) {
        const chunk = generated.slice(start, start + CHUNK);
        const rows = chunk.map((r) => ({
          id: randomUUID(),
          questionnaireId: target.questionnaireId,
          version: target.version,
          reference: newReference(),
          idempotencyKey: `demo-${randomUUID()}`,
          channel: r.channel,
          respondentType: r.respondentType,
          organisationName: r.organisationName,
          publicationConsent: r.publicationConsent,
          respondentName: r.respondentName,
          wardCode: r.wardCode,
          answers: r.answers,
          redactions: {},
          submittedAt: r.submittedAt,
        }));
        await responsesRepo.insertResponsesOnce(tx, rows);
        await responsesRepo.insertEqualitiesMany(
          tx,
          rows.flatMap((row, i) =>
            chunk[i]!.equalities
              ? [{ responseId: row.id, questionnaireId: target.questionnaireId, answers: chunk[i]!.equalities }]
              : [],
          ),
        );
      }
    });
  }
}
