/**
 * The council's brand as every page, email and feed sees it. Read once per request from a small
 * in-process copy (refreshed every few seconds, and at once after a change made here), so a change
 * made through another app process shows within seconds.
 */
import type { Deps } from '../../deps.ts';
import type { CouncilSettings } from './council.tables.ts';
import * as repo from './council.repository.ts';

export interface Brand {
  configured: boolean;
  councilName: string;
  serviceName: string;
  brandColour: string | null;
  logo: { url: string; alt: string } | null;
  footerLinks: { href: string; text: string }[];
  contactEmail: string | null;
  contactUrl: string | null;
  accessibilityStatement: string | null;
  privacyNotice: string | null;
  version: string;
}

/** Before set-up: neutral words, never another council's name. */
export const UNCONFIGURED_BRAND: Brand = {
  configured: false,
  councilName: 'Your council',
  serviceName: 'Have your say',
  brandColour: null,
  logo: null,
  footerLinks: [
    { href: '/privacy', text: 'Privacy notice' },
    { href: '/accessibility', text: 'Accessibility statement' },
    { href: '/cookies', text: 'Cookies' },
  ],
  contactEmail: null,
  contactUrl: null,
  accessibilityStatement: null,
  privacyNotice: null,
  version: '0',
};

export function brandFrom(settings: CouncilSettings | undefined): Brand {
  if (!settings) return UNCONFIGURED_BRAND;
  const version = String(settings.updatedAt.getTime());
  return {
    configured: true,
    councilName: settings.councilName,
    serviceName: settings.serviceName,
    brandColour: settings.brandColour,
    logo: settings.logoKey ? { url: `/brand/logo?v=${version}`, alt: settings.logoAlt ?? settings.councilName } : null,
    footerLinks: [
      { href: settings.privacyUrl || '/privacy', text: 'Privacy notice' },
      { href: settings.accessibilityUrl || '/accessibility', text: 'Accessibility statement' },
      ...(settings.contactUrl
        ? [{ href: settings.contactUrl, text: 'Contact' }]
        : settings.contactEmail
          ? [{ href: `mailto:${settings.contactEmail}`, text: 'Contact' }]
          : []),
      { href: settings.cookiesUrl || '/cookies', text: 'Cookies' },
    ],
    contactEmail: settings.contactEmail,
    contactUrl: settings.contactUrl,
    accessibilityStatement: settings.accessibilityStatement,
    privacyNotice: settings.privacyNotice,
    version,
  };
}

const TTL_MS = 5_000;
const cache = new WeakMap<object, { at: number; brand: Promise<Brand> }>();

/** The current brand; cheap enough to call on every request. */
export function currentBrand(deps: Deps): Promise<Brand> {
  const hit = cache.get(deps.db);
  const now = Date.now();
  if (hit && now - hit.at < TTL_MS) return hit.brand;
  const brand = repo.findSettings(deps.db).then(brandFrom, () => UNCONFIGURED_BRAND);
  cache.set(deps.db, { at: now, brand });
  return brand;
}

export function forgetBrand(deps: Deps) {
  cache.delete(deps.db);
}

/** WCAG 2.x relative luminance and contrast ratio. */
export function contrastRatio(foreground: string, background: string): number {
  const lum = (hex: string) => {
    const [r, g, b] = [1, 3, 5]
      .map((i) => parseInt(hex.slice(i, i + 2), 16) / 255)
      .map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
  };
  const [a, b] = [lum(foreground), lum(background)].sort((x, y) => y - x);
  return (a! + 0.05) / (b! + 0.05);
}
