/**
 * The "Find a consultation" query string. Filters come from links and select boxes, so an unknown
 * or malformed value is dropped (the page still works); only the typed keyword gets an error.
 */
import { z } from 'zod';
import { isTopic } from './catalogue.ts';

export const STATUS_FILTERS = ['open', 'forthcoming', 'closed'] as const;
export type StatusFilter = (typeof STATUS_FILTERS)[number];

export const KEYWORD_MAX = 200;

/** Repeated parameters (?ward=a&ward=b) arrive as arrays: the first one counts. */
const first = (value: unknown): unknown => (Array.isArray(value) ? (value as unknown[])[0] : value);

const optional = <T extends z.ZodType>(schema: T) =>
  z
    .preprocess((v) => {
      const f = first(v);
      return typeof f === 'string' && f.trim() !== '' ? f.trim() : undefined;
    }, schema.optional())
    .catch(undefined);

export const findQuerySchema = z.object({
  status: z.preprocess(first, z.enum(STATUS_FILTERS)).catch('open'),
  ward: optional(z.string().regex(/^[EWSN]\d{8}$/)),
  topic: optional(z.string().refine(isTopic)),
  organisation: optional(z.string().regex(/^[a-z0-9-]{1,100}$/)),
  page: z.preprocess(first, z.coerce.number().int().min(1).max(100_000)).catch(1),
});

export const keywordSchema = z.object({
  q: z.preprocess(
    (v) => {
      const f = first(v);
      return typeof f === 'string' ? f.trim().replace(/\s+/g, ' ') : '';
    },
    z.string().max(KEYWORD_MAX, `Search terms must be ${KEYWORD_MAX} characters or fewer`),
  ),
});

export type FindQuery = z.infer<typeof findQuerySchema> & { q: string };
