/**
 * A local stand-in for the GOV.UK Notify API, for tests. It checks each request as Notify would
 * (a Bearer JWT signed with the API key's secret and issued by its service id, a template_id, an
 * email_address or phone_number, personalisation and reference) and answers 201, or the failures
 * a test asks for next (429, 500, 400...).
 */
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedNotification {
  channel: 'email' | 'sms';
  templateId: string;
  recipient: string;
  personalisation: Record<string, string>;
  reference: string;
  oneClickUnsubscribeUrl?: string;
}

export interface FakeNotify {
  baseUrl: string;
  /** An API key in Notify's format: name-{service id}-{secret}. */
  apiKey: string;
  /** Notifications accepted (201), in order. */
  accepted: ReceivedNotification[];
  /** Requests refused because their shape was wrong, with the reason. */
  rejected: string[];
  /** The statuses to answer with before accepting again, e.g. [429] or [500, 500]. */
  failNext(...statuses: number[]): void;
  /** Answer every request with this status until cleared (undefined). */
  failAlways(status: number | undefined): void;
  close(): Promise<void>;
}

const SERVICE_ID = '26785a09-ab16-4eb0-8407-a37497a57506';
const SECRET = '3d844edf-8d35-48ac-975b-e847b4f122b0';

const base64url = (input: Buffer | string) => Buffer.from(input).toString('base64url');

/** Verifies an HS256 JWT the way Notify does: signature, issuer, and an issued-at within 30 seconds. */
function checkToken(header: string | undefined, now: number): string | null {
  const token = /^Bearer (.+)$/.exec(header ?? '')?.[1];
  if (!token) return 'Missing Authorization: Bearer token';
  const [head, payload, signature] = token.split('.');
  if (!head || !payload || !signature) return 'Token is not a JWT';
  const expected = base64url(createHmac('sha256', SECRET).update(`${head}.${payload}`).digest());
  if (expected.length !== signature.length || !timingSafeEqual(Buffer.from(expected), Buffer.from(signature))) {
    return 'Invalid token: signature';
  }
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as { iss?: string; iat?: number };
  const alg = (JSON.parse(Buffer.from(head, 'base64url').toString()) as { alg?: string }).alg;
  if (alg !== 'HS256') return 'Invalid token: algorithm';
  if (claims.iss !== SERVICE_ID) return 'Invalid token: issuer';
  if (typeof claims.iat !== 'number' || Math.abs(now / 1000 - claims.iat) > 30) return 'Invalid token: expired';
  return null;
}

async function readJson(request: IncomingMessage): Promise<Record<string, unknown> | null> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
  } catch {
    return null;
  }
}

export async function startFakeNotify(): Promise<FakeNotify> {
  const accepted: ReceivedNotification[] = [];
  const rejected: string[] = [];
  const queuedFailures: number[] = [];
  let always: number | undefined;

  const server: Server = createServer((request, response) => {
    void (async () => {
      const reply = (status: number, body: unknown) => {
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(body));
      };
      const refuse = (status: number, error: string, message: string) => {
        rejected.push(message);
        reply(status, { status_code: status, errors: [{ error, message }] });
      };
      const channel =
        request.url === '/v2/notifications/email' ? 'email' : request.url === '/v2/notifications/sms' ? 'sms' : null;
      if (request.method !== 'POST' || !channel)
        return refuse(404, 'NotFound', `No route ${request.method} ${request.url}`);
      const tokenProblem = checkToken(request.headers.authorization, Date.now());
      if (tokenProblem) return refuse(403, 'AuthError', tokenProblem);
      const body = await readJson(request);
      if (!body) return refuse(400, 'BadRequestError', 'Body is not JSON');
      const recipientKey = channel === 'email' ? 'email_address' : 'phone_number';
      if (typeof body.template_id !== 'string' || !/^[0-9a-f-]{36}$/.test(body.template_id)) {
        return refuse(400, 'ValidationError', 'template_id is not a valid UUID');
      }
      if (typeof body[recipientKey] !== 'string' || !body[recipientKey]) {
        return refuse(400, 'ValidationError', `${recipientKey} is a required property`);
      }
      const personalisation = body.personalisation as Record<string, unknown> | undefined;
      if (!personalisation || typeof personalisation.subject !== 'string' || typeof personalisation.body !== 'string') {
        return refuse(400, 'BadRequestError', 'Missing personalisation: subject, body');
      }
      if (typeof body.reference !== 'string' || !body.reference)
        return refuse(400, 'ValidationError', 'reference missing');

      const failure = always ?? queuedFailures.shift();
      if (failure) {
        const error = failure === 429 ? 'RateLimitError' : failure >= 500 ? 'Exception' : 'BadRequestError';
        return reply(failure, { status_code: failure, errors: [{ error, message: `Fake Notify failure ${failure}` }] });
      }
      accepted.push({
        channel,
        templateId: body.template_id,
        recipient: body[recipientKey],
        personalisation: personalisation as Record<string, string>,
        reference: body.reference,
        ...(typeof body.one_click_unsubscribe_url === 'string'
          ? { oneClickUnsubscribeUrl: body.one_click_unsubscribe_url }
          : {}),
      });
      reply(201, {
        id: `${accepted.length}`.padStart(8, '0') + '-0000-4000-8000-000000000000',
        reference: body.reference,
      });
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    apiKey: `soundings_test-${SERVICE_ID}-${SECRET}`,
    accepted,
    rejected,
    failNext: (...statuses) => queuedFailures.push(...statuses),
    failAlways: (status) => {
      always = status;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/**
 * What Notify does when someone texts the service's number and a received-text callback is set:
 * POSTs the message as JSON to the callback address with the configured bearer token. The id is
 * Notify's own (a repeat delivery sends the same id again).
 */
export function receivedTextCallback(
  from: string,
  message: string,
  options: { id?: string; receivedAt?: Date } = {},
): { id: string; source_number: string; destination_number: string; message: string; date_received: string } {
  return {
    id: options.id ?? randomUUID(),
    source_number: from.replace(/^0/, '44'),
    destination_number: '07700900000',
    message,
    date_received: (options.receivedAt ?? new Date()).toISOString().replace('Z', '000Z'),
  };
}
