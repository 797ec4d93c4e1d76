/** Shared set-up for this module's tests: demo consultations and responses inserted as the responding journey would store them. */
import { randomUUID } from 'node:crypto';
import type { Deps } from '../../deps.ts';

export async function consultationId(deps: Deps, slug: string): Promise<string> {
  const [row] = await deps.database.query<{ id: string }>('SELECT id FROM consultations WHERE slug = $1', [slug]);
  return row!.id;
}

export interface TestResponse {
  consent: 'publish_named' | 'publish_anonymous' | 'do_not_publish';
  name?: string;
  email?: string;
  wantsUpdates?: boolean;
  reasons?: string;
  channel?: string;
}

/** Inserts responses to a consultation's demo questionnaire; returns their ids in order. */
/**
 * Replaces a demo consultation's responses with exactly these, so a test counts only what it added
 * (the demo gives closed consultations hundreds of generated responses).
 */
export async function addResponses(deps: Deps, slug: string, list: TestResponse[]): Promise<string[]> {
  const [q] = await deps.database.query<{ id: string; current_version: number }>(
    `SELECT q.id, q.current_version FROM questionnaires q JOIN consultations c ON c.id = q.owner_id WHERE c.slug = $1`,
    [slug],
  );
  await deps.database.query('DELETE FROM responses WHERE questionnaire_id = $1', [q!.id]);
  const ids: string[] = [];
  for (const r of list) {
    const id = randomUUID();
    await deps.database.query(
      `INSERT INTO responses (id, questionnaire_id, version, reference, idempotency_key, channel, publication_consent,
         respondent_name, respondent_email, wants_updates, answers)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [
        id,
        q!.id,
        q!.current_version,
        `SDG-${id.slice(0, 4).toUpperCase()}-${id.slice(4, 8).toUpperCase()}`,
        randomUUID(),
        r.channel ?? 'online',
        r.consent,
        r.name ?? null,
        r.email ?? null,
        r.wantsUpdates ?? false,
        JSON.stringify({ agree_proposal: 'agree', ...(r.reasons ? { agree_reasons: r.reasons } : {}) }),
      ],
    );
    ids.push(id);
  }
  return ids;
}

export async function outbox(deps: Deps, template?: string) {
  return deps.database.query<{
    reference: string;
    recipient: string;
    template: string;
    status: string;
    personalisation: Record<string, string>;
  }>(
    `SELECT reference, recipient, template, status, personalisation FROM outbox_messages
     ${template ? 'WHERE template = $1' : ''} ORDER BY created_at`,
    template ? [template] : [],
  );
}
