/** Shared set-up for this module's tests. */
import type { Deps } from '../../deps.ts';

/** The outbox as tests read it, oldest first, optionally for one template. */
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
