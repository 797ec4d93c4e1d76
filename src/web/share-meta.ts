/**
 * Open Graph and Twitter card metadata for a public page, with a share image rendered by the
 * channels module (/share-image.png). Any module can use it without importing channels: pass
 * `share: shareMeta(deps.config, { ... })` in the page's context and the layout prints the tags
 * (partials/share-meta.njk). The image's words travel in the address, signed with the session
 * secret, so nobody can make the site render arbitrary text under the council's name.
 */
import { createHmac } from 'node:crypto';
import type { Config } from '../config.ts';
import { formatDate } from './format.ts';

export interface ShareInput {
  /** The page's title as shared. */
  title: string;
  /** One or two sentences. */
  description: string;
  /** The page's path, e.g. /consultations/parks. */
  path: string;
  /** A closing date, printed on the image ("Closes 3 March 2027"). */
  closesAt?: Date | null;
  /** A short line instead of a closing date, e.g. "Results" or "Event on 4 May 2027". */
  note?: string;
}

export interface ShareMeta {
  title: string;
  description: string;
  url: string;
  image: string;
  imageAlt: string;
}

export function signShareImage(secret: string, payload: string): string {
  return createHmac('sha256', secret).update(`share-image:${payload}`).digest('base64url').slice(0, 22);
}

export function shareMeta(config: Pick<Config, 'baseUrl' | 'sessionSecret'>, input: ShareInput): ShareMeta {
  const line = input.note ?? (input.closesAt ? `Closes ${formatDate(input.closesAt)}` : '');
  const payload = Buffer.from(JSON.stringify({ t: input.title.slice(0, 160), d: line.slice(0, 80) })).toString(
    'base64url',
  );
  const image = `${config.baseUrl}/share-image.png?p=${payload}&s=${signShareImage(config.sessionSecret, payload)}`;
  return {
    title: input.title,
    description: input.description.replace(/\s+/g, ' ').trim().slice(0, 200),
    url: `${config.baseUrl}${input.path}`,
    image,
    imageAlt: line ? `${input.title}. ${line}` : input.title,
  };
}
