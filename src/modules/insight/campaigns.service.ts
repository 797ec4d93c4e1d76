/**
 * Campaigns and duplicates: detection (on demand, after each analysis, and every minute for open
 * consultations with new responses), the officers' choice to count a campaign as one voice or
 * many, and the hashed network/device marker stored on new online responses.
 */
import { createHmac } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import type { Actor, Deps } from '../../deps.ts';
import type { CurrentUser } from '../../web/auth.ts';
import { invalidatePages } from '../../web/page-cache.ts';
import { recordAudit } from '../audit/index.ts';
import { findConsultation } from '../consultations/index.ts';
import type { ConsultationPanelProvider } from '../module.ts';
import { detectCampaigns } from './engine/campaigns.ts';
import { canReadInsight, canWorkInsight } from './insight.policy.ts';
import * as repo from './insight.repository.ts';
import { writtenQuestions } from './insight.service.ts';

type User = Pick<CurrentUser, 'id' | 'role' | 'organisationId'>;
export const CAMPAIGNS_JOB = 'insight-campaigns';
export const COUNTING = { one: 'Count as one voice', many: 'Count every response' } as const;
export const KIND_LABELS: Record<string, string> = {
  form_letter: 'Form letter',
  near: 'Near duplicates',
  exact: 'Identical answers',
  burst: 'Burst from one network and browser',
};

/**
 * A keyed hash (HMAC-SHA256 with the session secret) of the client address, browser and London
 * day, cut to 16 hex characters: the same network and browser on the same day give the same
 * marker, the address itself is never stored and cannot be recovered, and markers of different
 * days cannot be linked.
 */
export function sourceMarker(secret: string, ip: string, userAgent: string, day: string): string {
  return createHmac('sha256', secret).update(`${ip}\n${userAgent}\n${day}`).digest('hex').slice(0, 16);
}

/** The response listener: stores the marker on a response just sent online. */
export async function markResponseSource(deps: Deps, event: { responseId: string; request: FastifyRequest }) {
  const day = deps.clock.now().toISOString().slice(0, 10);
  const marker = sourceMarker(
    deps.config.sessionSecret,
    event.request.ip,
    String(event.request.headers['user-agent'] ?? ''),
    day,
  );
  await deps.db.execute(sql`UPDATE responses SET source_marker = ${marker} WHERE id = ${event.responseId} AND source_marker IS NULL`);
}

/** Finds the consultation's campaigns and duplicates again; officers' choices on groups still found are kept. */
export async function detectFor(deps: Deps, consultationId: string): Promise<number> {
  const keys = (await writtenQuestions(deps, consultationId)).map((q) => q.key);
  const responses = await repo.responsesForCampaigns(deps.db, consultationId, keys);
  const groups = detectCampaigns(responses);
  await deps.db.transaction((tx) => repo.saveCampaigns(tx, consultationId, groups, deps.clock.now()));
  return groups.length;
}

/** The officer's "Check for campaigns now". */
export async function detectNow(
  deps: Deps,
  actor: Actor,
  user: User,
  consultationId: string,
): Promise<{ ok: true; groups: number } | { ok: false; reason: 'not-found' | 'not-allowed' }> {
  const c = await findConsultation(deps.db, consultationId);
  if (!c || !canReadInsight(user, c)) return { ok: false, reason: 'not-found' };
  if (!canWorkInsight(user, c)) return { ok: false, reason: 'not-allowed' };
  const groups = await detectFor(deps, c.id);
  await recordAudit(deps.db, actor, { action: 'insight.campaigns-checked', entityType: 'consultation', entityId: c.id, after: { groups } });
  return { ok: true, groups };
}

/** The minute job: open consultations whose newest response came after the last detection. */
export async function detectLive(deps: Deps): Promise<void> {
  const due = await repo.rows<{ id: string }>(
    deps.db,
    sql`SELECT c.id FROM consultations c
        JOIN questionnaires q ON q.owner_type = 'consultation' AND q.owner_id = c.id
        WHERE c.state = 'open'
          AND (SELECT max(r.submitted_at) FROM responses r WHERE r.questionnaire_id = q.id)
              > coalesce((SELECT max(detected_at) FROM insight_campaigns ic WHERE ic.consultation_id = c.id), '-infinity'::timestamptz)
        LIMIT 20`,
  );
  for (const { id } of due) await detectFor(deps, id);
}

export async function campaignsView(deps: Deps, consultationId: string) {
  return repo.currentCampaigns(deps.db, consultationId);
}

/** Counts a campaign as one voice or as many, in the analysis and on the published results. Nothing is deleted. */
export async function setCounting(
  deps: Deps,
  actor: Actor,
  user: User,
  consultationId: string,
  campaignId: string,
  counting: 'one' | 'many',
): Promise<{ ok: true; label: string } | { ok: false; reason: 'not-found' | 'not-allowed' }> {
  const c = await findConsultation(deps.db, consultationId);
  if (!c || !canReadInsight(user, c)) return { ok: false, reason: 'not-found' };
  const campaign = await repo.findCampaign(deps.db, c.id, campaignId);
  if (!campaign) return { ok: false, reason: 'not-found' };
  if (!canWorkInsight(user, c)) return { ok: false, reason: 'not-allowed' };
  await deps.db.transaction(async (tx) => {
    await repo.setCampaignCounting(tx, campaign.id, counting, user.id, deps.clock.now());
    await recordAudit(tx, actor, {
      action: 'insight.campaign-counted',
      entityType: 'consultation',
      entityId: c.id,
      before: { campaignId: campaign.id, counting: campaign.counting },
      after: { campaignId: campaign.id, counting },
    });
    // The public consultation page says how campaigns were counted.
    await invalidatePages(tx, 'consultations', 'results');
  });
  return { ok: true, label: campaign.label };
}

/** On the public page once the consultation has closed: how organised campaigns were counted. */
export const campaignPanels: ConsultationPanelProvider = async (deps, consultation, area) => {
  if (area !== 'public' || !['closed', 'feedback_published', 'archived'].includes(consultation.state)) return [];
  const decided = (await repo.currentCampaigns(deps.db, consultation.id)).filter(
    (c) => c.counting !== 'undecided' && c.kind !== 'exact',
  );
  if (!decided.length) return [];
  return [
    {
      area: 'public' as const,
      template: 'insight/panel-campaigns.njk',
      context: {
        campaigns: decided.map((c) => ({
          kind: KIND_LABELS[c.kind] ?? c.kind,
          count: c.memberCount,
          counting: c.counting,
        })),
      },
    },
  ];
};
