/**
 * One rule at the edge for everything a browser sends. Urlencoded bodies are parsed here (in place
 * of @fastify/formbody) and must be valid UTF-8; then, for every request, the strings of the body
 * (urlencoded, multipart fields, JSON), the query and the route parameters lose the control
 * characters no form needs: U+0000 (PostgreSQL refuses it in text), the other C0 controls, DEL
 * and the C1 controls. Tab, CR and LF are kept, so multi-line text keeps its lines; single-line
 * fields are trimmed and checked by their zod schemas as before. Uploaded files are bytes and are
 * left alone. A body that cannot be read is a 400 page and a body over the limit a 413 page
 * (error-pages.ts), never a 5xx.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';

const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;

/** The edge rule for one string: control characters other than tab, CR and LF removed. */
export function cleanText(value: string): string {
  return value.replace(CONTROL, '');
}

/** Cleans strings in place through objects and arrays (a few levels: forms are flat, JSON is small). */
export function cleanInput(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return cleanText(value);
  if (depth > 8 || value === null || typeof value !== 'object' || Buffer.isBuffer(value)) return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = cleanInput(value[i], depth + 1);
    return value;
  }
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) record[key] = cleanInput(record[key], depth + 1);
  return record;
}

/** A request body that could not be read: shown as the 400 page. */
export class UnreadableBodyError extends Error {
  readonly statusCode = 400;
  constructor(message = 'The request body could not be read') {
    super(message);
    this.name = 'UnreadableBodyError';
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * One percent-encoded name or value, as UTF-8 that must be valid: URLSearchParams would quietly turn
 * "%FF%FE" into replacement characters and store them. A lone "%" stays a "%", as URLSearchParams keeps it.
 */
function decodeComponent(encoded: string): string {
  const text = encoded.replace(/\+/g, ' ');
  if (!text.includes('%')) return text;
  const bytes: Buffer[] = [];
  let last = 0;
  for (const run of text.matchAll(/(?:%[0-9A-Fa-f]{2})+/g)) {
    bytes.push(Buffer.from(text.slice(last, run.index), 'utf8'), Buffer.from(run[0].replace(/%/g, ''), 'hex'));
    last = run.index + run[0].length;
  }
  bytes.push(Buffer.from(text.slice(last), 'utf8'));
  return utf8.decode(Buffer.concat(bytes));
}

/** name=value pairs; a repeated name gives an array (as @fastify/formbody did); no prototype to pollute. */
function parseUrlencoded(text: string): Record<string, string | string[]> {
  const result = Object.create(null) as Record<string, string | string[]>;
  const pairs = text
    .split('&')
    .filter(Boolean)
    .map((pair) => {
      const at = pair.indexOf('=');
      return at < 0
        ? [decodeComponent(pair), '']
        : [decodeComponent(pair.slice(0, at)), decodeComponent(pair.slice(at + 1))];
    });
  for (const [key, value] of pairs as [string, string][]) {
    const earlier = result[key];
    if (earlier === undefined) result[key] = value;
    else if (Array.isArray(earlier)) earlier.push(value);
    else result[key] = [earlier, value];
  }
  return result;
}

const READING = Symbol('readingBody');
type Marked = FastifyRequest & { [READING]?: boolean };

/** Whether the request failed while its body was being read (parsed, or multipart streamed). */
export const failedReadingBody = (request: FastifyRequest) => (request as Marked)[READING] === true;

export async function setUpBodyParsing(app: FastifyInstance) {
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'buffer' },
    (_request: FastifyRequest, body: Buffer, done: (error: Error | null, value?: unknown) => void) => {
      let text: string;
      try {
        text = utf8.decode(body);
      } catch {
        return done(new UnreadableBodyError('The form was not valid UTF-8'));
      }
      try {
        done(null, parseUrlencoded(text));
      } catch {
        return done(new UnreadableBodyError('The form was not valid UTF-8'));
      }
    },
  );
  // From here until the first preHandler the body is being read (multipart with
  // attachFieldsToBody streams its parts in a preValidation hook): a failure then is the sender's.
  app.addHook('preParsing', async (request) => {
    (request as Marked)[READING] = true;
  });
  app.addHook('preHandler', async (request) => {
    (request as Marked)[READING] = false;
    cleanInput(request.body);
    cleanInput(request.query);
    cleanInput(request.params);
  });
}
