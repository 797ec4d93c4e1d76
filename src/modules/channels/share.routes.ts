/**
 * /s/<code> (count, remember, redirect), /share-image.png (signed words → PNG), the staff share
 * page (ready-to-post text per channel) and the channel report for a consultation.
 */
import path from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../deps.ts';
import { actorOf, forbidden, notFound, requireStaff, type CurrentUser } from '../../web/auth.ts';
import { flash } from '../../web/render.ts';
import { signShareImage } from '../../web/share-meta.ts';
import { timingSafeEqual } from 'node:crypto';
import {
  canReadConsultation,
  findConsultation,
  listPartnerIds,
  PUBLIC_STATES,
  type Consultation,
} from '../consultations/index.ts';
import { channelReport } from './channel-report.ts';
import { renderShareImage } from './share-image.ts';
import * as repo from './share.repository.ts';
import {
  ensureLinks,
  postText,
  SHARE_CHANNELS,
  SHARE_COOKIE,
  SHARE_COOKIE_DAYS,
  targetsOf,
  type ShareChannel,
} from './share.service.ts';
import { rows } from './sql-rows.ts';
import { sql } from 'drizzle-orm';

const staff = (request: FastifyRequest) => request.user as CurrentUser;
const isReviewer = (u: CurrentUser) => u.role === 'administrator' || u.role === 'engagement_officer';

export function shareRoutes(app: FastifyInstance, deps: Deps) {
  const imageDir = path.join(deps.config.dataDir, 'share-images');

  app.get('/s/:code', async (request, reply) => {
    const { code } = request.params as { code: string };
    const link = /^[a-z2-9]{7}$/.test(code) ? await repo.findByCode(deps.db, code) : undefined;
    if (!link) return notFound(reply);
    await repo.countClick(deps.db, link.id);
    const secure = deps.config.cookieSecure ? '; Secure' : '';
    reply.header(
      'set-cookie',
      `${SHARE_COOKIE}=${link.code}; Path=/; Max-Age=${SHARE_COOKIE_DAYS * 86_400}; HttpOnly; SameSite=Lax${secure}`,
    );
    reply.header('cache-control', 'no-store');
    reply.header('referrer-policy', 'no-referrer');
    return reply.redirect(link.targetPath, 302);
  });

  app.get('/share-image.png', async (request, reply) => {
    const { p, s } = request.query as { p?: string; s?: string };
    if (typeof p !== 'string' || typeof s !== 'string' || p.length > 1200) return notFound(reply);
    const expected = Buffer.from(signShareImage(deps.config.sessionSecret, p));
    if (expected.length !== Buffer.byteLength(s) || !timingSafeEqual(expected, Buffer.from(s))) return notFound(reply);
    let words: { t?: unknown; d?: unknown };
    try {
      words = JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as { t?: unknown; d?: unknown };
    } catch {
      return notFound(reply);
    }
    const brand = (request as FastifyRequest & { brand?: { councilName?: string; brandColour?: string | null } }).brand;
    const colour = brand?.brandColour && /^#[0-9a-f]{6}$/i.test(brand.brandColour) ? brand.brandColour : '#1d70b8';
    const png = renderShareImage(
      {
        title: typeof words.t === 'string' ? words.t : '',
        line: typeof words.d === 'string' ? words.d : '',
        councilName: brand?.councilName ?? 'Your council',
        colour,
      },
      imageDir,
    );
    return reply.type('image/png').header('cache-control', 'public, max-age=86400').send(png);
  });

  async function consultationFor(request: FastifyRequest, reply: FastifyReply): Promise<Consultation | null> {
    const { id } = request.params as { id: string };
    const c = await findConsultation(deps.db, id);
    const user = staff(request);
    if (!c || !canReadConsultation(user, c, await listPartnerIds(deps.db, c.id))) {
      notFound(reply);
      return null;
    }
    return c;
  }

  /** Officers of the lead or a partner organisation, and reviewers, make links and see the report. */
  async function mayWork(user: CurrentUser, c: Consultation) {
    if (isReviewer(user)) return true;
    if (user.role === 'councillor') return false;
    return (
      c.leadOrganisationId === user.organisationId ||
      (await listPartnerIds(deps.db, c.id)).includes(user.organisationId)
    );
  }

  async function targets(c: Consultation) {
    const [results] = await rows<{ published: boolean }>(
      deps.db,
      sql`SELECT bool_or(results_published_at IS NOT NULL) AS published FROM questionnaires WHERE owner_type = 'consultation' AND owner_id = ${c.id}`,
    );
    const events = await rows<{ id: string; title: string }>(
      deps.db,
      sql`SELECT id, title FROM plan_events WHERE consultation_id = ${c.id} AND status = 'scheduled' ORDER BY starts_at`,
    );
    return targetsOf(c, { resultsPublished: Boolean(results?.published), events });
  }

  app.get('/staff/consultations/:id/share', { preHandler: requireStaff }, async (request, reply) => {
    const c = await consultationFor(request, reply);
    if (!c) return reply;
    const links = await repo.linksForConsultation(deps.db, c.id);
    const pages = (await targets(c)).map((t) => ({
      ...t,
      channels: (Object.keys(SHARE_CHANNELS) as ShareChannel[]).map((channel) => {
        const link = links.find((l) => l.targetPath === t.path && l.channel === channel);
        const url = link ? `${deps.config.baseUrl}/s/${link.code}` : null;
        return {
          channel,
          name: SHARE_CHANNELS[channel],
          link,
          url,
          text: url ? postText(channel, c, url, t.label) : null,
        };
      }),
    }));
    return reply.render('channels/share.njk', {
      consultation: c,
      pages,
      isPublic: PUBLIC_STATES.includes(c.state as never) && c.state !== 'scheduled',
      canMake: await mayWork(staff(request), c),
      missing: pages.some((p) => p.channels.some((ch) => !ch.link)),
    });
  });

  app.post('/staff/consultations/:id/share', { preHandler: requireStaff }, async (request, reply) => {
    const c = await consultationFor(request, reply);
    if (!c) return reply;
    if (!(await mayWork(staff(request), c))) return forbidden(reply);
    const made = await ensureLinks(deps, actorOf(request), c.id, await targets(c));
    flash(reply, made ? `${made} share links made` : 'Every page already has its share links');
    return reply.redirect(`/staff/consultations/${c.id}/share`, 303);
  });

  app.get('/staff/consultations/:id/channels', { preHandler: requireStaff }, async (request, reply) => {
    const c = await consultationFor(request, reply);
    if (!c) return reply;
    if (!(await mayWork(staff(request), c))) return forbidden(reply);
    return reply.render('channels/channel-report.njk', { consultation: c, report: await channelReport(deps, c.id) });
  });
}
