/** Administrators change the council's brand; every write is audited and refreshes cached pages. */
import type { Actor, Deps } from '../../deps.ts';
import { recordAudit } from '../audit/index.ts';
import { invalidatePages } from '../../web/page-cache.ts';
import { forgetBrand } from './brand.ts';
import type { BrandInput } from './council.schema.ts';
import * as repo from './council.repository.ts';

const blank = (v: string) => (v === '' ? null : v);

export async function updateBrand(deps: Deps, actor: Actor, input: BrandInput) {
  const outcome = await deps.db.transaction(async (tx) => {
    const before = await repo.findSettings(tx);
    if (!before) return { ok: false as const, reason: 'not-set-up' as const };
    const after = await repo.updateSettings(tx, {
      councilName: input.councilName,
      serviceName: input.serviceName,
      brandColour: blank(input.brandColour),
      privacyUrl: blank(input.privacyUrl),
      accessibilityUrl: blank(input.accessibilityUrl),
      contactUrl: blank(input.contactUrl),
      cookiesUrl: blank(input.cookiesUrl),
      contactEmail: blank(input.contactEmail),
      accessibilityStatement: blank(input.accessibilityStatement.trim()),
      privacyNotice: blank(input.privacyNotice.trim()),
      updatedAt: deps.clock.now(),
    });
    await recordAudit(tx, actor, { action: 'brand.updated', entityType: 'council_settings', before, after });
    await invalidatePages(tx, 'brand');
    return { ok: true as const };
  });
  forgetBrand(deps);
  return outcome;
}

export type LogoKind = 'image/png' | 'image/svg+xml';

/**
 * What the bytes are, whatever the file is called: PNG by its signature; SVG by being UTF-8 text
 * whose root element is <svg>. SVG that could run anything (scripts, event handlers, external or
 * javascript: references, foreign objects) is refused outright rather than cleaned.
 */
export function logoKind(bytes: Buffer): LogoKind | 'unsafe-svg' | null {
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (bytes.length > 8 && png.every((b, i) => bytes[i] === b)) return 'image/png';
  const text = bytes.toString('utf8');
  if (text.includes('\uFFFD') || text.includes('\0')) return null;
  const head = text
    .replace(/^\uFEFF/, '')
    .replace(/<\?xml[^>]*\?>/, '')
    .replace(/<!--[\s\S]*?-->/g, '')
    .trimStart();
  if (!/^<svg[\s>]/i.test(head)) return null;
  if (
    /<script|<foreignobject|<iframe|<embed|<object|\son[a-z]+\s*=|javascript:|<!entity|<!doctype|xlink:href\s*=\s*["']?(?!#)|href\s*=\s*["']?(?!#)/i.test(
      text,
    )
  )
    return 'unsafe-svg';
  return 'image/svg+xml';
}

export async function replaceLogo(deps: Deps, actor: Actor, bytes: Buffer, alt: string) {
  const kind = logoKind(bytes);
  if (kind === null) return { ok: false as const, reason: 'wrong-type' as const };
  if (kind === 'unsafe-svg') return { ok: false as const, reason: 'unsafe-svg' as const };
  const key = await deps.storage.put(bytes);
  const outcome = await deps.db.transaction(async (tx) => {
    const before = await repo.findSettings(tx);
    if (!before) return { ok: false as const, reason: 'not-set-up' as const, oldKey: null };
    await repo.updateSettings(tx, { logoKey: key, logoContentType: kind, logoAlt: alt, updatedAt: deps.clock.now() });
    await recordAudit(tx, actor, {
      action: 'brand.logo_replaced',
      entityType: 'council_settings',
      before: { logoKey: before.logoKey, logoAlt: before.logoAlt },
      after: { logoKey: key, logoContentType: kind, logoAlt: alt, bytes: bytes.length },
    });
    await invalidatePages(tx, 'brand');
    return { ok: true as const, oldKey: before.logoKey };
  });
  if (outcome.oldKey) await deps.storage.remove(outcome.oldKey);
  if (!outcome.ok) await deps.storage.remove(key);
  forgetBrand(deps);
  return outcome;
}

export async function readLogo(deps: Deps) {
  const settings = await repo.findSettings(deps.db);
  if (!settings?.logoKey || !settings.logoContentType) return null;
  const bytes = await deps.storage.get(settings.logoKey);
  return bytes ? { bytes, contentType: settings.logoContentType } : null;
}
