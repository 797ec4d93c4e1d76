/**
 * Sharing that is measured: ready-to-post text per social channel with a short tracked link
 * (/s/<code>). A click counts one and redirects to the page, remembering the link in a cookie for
 * that consultation's pages, so a response started from it records the link; nothing about the
 * person clicking is stored.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { Actor, Deps } from '../../deps.ts';
import { formatDate } from '../../web/format.ts';
import { recordAudit } from '../audit/index.ts';
import type { Consultation } from '../consultations/index.ts';
import type { ResponseSubmitted } from '../questionnaires/index.ts';
import type { ShareLink } from './channels.tables.ts';
import * as repo from './share.repository.ts';

export const SHARE_CHANNELS = {
  facebook: 'Facebook',
  x: 'X (Twitter)',
  nextdoor: 'Nextdoor',
  whatsapp: 'WhatsApp',
} as const;
export type ShareChannel = keyof typeof SHARE_CHANNELS;

export const SHARE_COOKIE = 'sdg_share';
/** How long a share link's cookie is remembered: a response started within a fortnight counts. */
export const SHARE_COOKIE_DAYS = 14;

const CODE_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
const newCode = () => [...randomBytes(7)].map((b) => CODE_ALPHABET[b % CODE_ALPHABET.length]).join('');

export interface ShareTarget {
  path: string;
  label: string;
}

/** The public pages of a consultation worth sharing: the consultation, its results once published, its events. */
export function targetsOf(
  c: Consultation,
  opts: { resultsPublished: boolean; events: { id: string; title: string }[] },
): ShareTarget[] {
  const out: ShareTarget[] = [{ path: `/consultations/${c.slug}`, label: 'The consultation' }];
  if (opts.resultsPublished) out.push({ path: `/consultations/${c.slug}/results`, label: 'The results' });
  for (const e of opts.events) out.push({ path: `/events/${e.id}`, label: `Event: ${e.title}` });
  return out;
}

/** Makes the missing links for these pages (one per page and channel); existing ones are kept. */
export async function ensureLinks(
  deps: Deps,
  actor: Actor,
  consultationId: string,
  targets: ShareTarget[],
): Promise<number> {
  return deps.db.transaction(async (tx) => {
    let made = 0;
    for (const t of targets) {
      for (const channel of Object.keys(SHARE_CHANNELS)) {
        if (await repo.findLink(tx, t.path, channel)) continue;
        for (let attempt = 0; attempt < 5; attempt++) {
          const row = await repo.insertLink(tx, {
            code: newCode(),
            targetPath: t.path,
            channel,
            consultationId,
            createdBy: actor.id,
          });
          if (row) {
            made++;
            break;
          }
          if (await repo.findLink(tx, t.path, channel)) break;
        }
      }
    }
    await recordAudit(tx, actor, {
      action: 'share-links.created',
      entityType: 'consultation',
      entityId: consultationId,
      after: { made },
    });
    return made;
  });
}

/** Ready-to-post text for one channel. */
export function postText(
  channel: ShareChannel,
  c: Pick<Consultation, 'title' | 'summary' | 'closesAt'>,
  url: string,
  label: string,
): string {
  const closes = c.closesAt ? ` It closes on ${formatDate(c.closesAt)}.` : '';
  const what = label.startsWith('Event: ')
    ? `Come along: ${label.slice(7)}.`
    : label === 'The results'
      ? `See what people told us about ${c.title}.`
      : `Have your say on ${c.title}.${closes}`;
  switch (channel) {
    case 'x':
      return `${what.length > 230 ? `${what.slice(0, 227)}…` : what} ${url}`;
    case 'whatsapp':
      return `${what}\n\n${url}`;
    case 'nextdoor':
      return `${what}\n\n${c.summary.slice(0, 400)}\n\nFind out more and take part: ${url}`;
    case 'facebook':
      return `${what}\n\n${c.summary.slice(0, 600)}\n\n${url}`;
  }
}

/** Reads the remembered share code from the request's cookie header. */
export function shareCodeOf(request: FastifyRequest): string | null {
  const header = request.headers.cookie ?? '';
  const match = new RegExp(`(?:^|;\\s*)${SHARE_COOKIE}=([a-z2-9]{7})(?:;|$)`).exec(header);
  return match?.[1] ?? null;
}

/** The response listener: a response started from a share link records that link. */
export async function recordShareSource(deps: Deps, event: ResponseSubmitted): Promise<void> {
  const code = shareCodeOf(event.request);
  if (!code) return;
  const link = await repo.findByCode(deps.db, code);
  // Only a link to this consultation's pages counts.
  if (!link || !link.targetPath.startsWith(`/consultations/${event.consultationSlug}`)) {
    if (!link?.consultationId) return;
    const [c] = await deps.database.query<{ slug: string }>('SELECT slug FROM consultations WHERE id = $1', [
      link.consultationId,
    ]);
    if (c?.slug !== event.consultationSlug) return;
  }
  await repo.recordResponseSource(deps.db, event.responseId, link.id);
}

export type { ShareLink };
