/** Shared set-up for this module's route tests: demo ids and a complete, valid form. */
import type { Deps } from '../../deps.ts';

export async function demoIds(deps: Deps) {
  const orgs = await deps.database.query<{ id: string; slug: string }>('SELECT id, slug FROM organisations');
  const users = await deps.database.query<{ id: string; email: string }>('SELECT id, email FROM staff_users');
  const org = (slug: string) => orgs.find((o) => o.slug === slug)!.id;
  const user = (email: string) => users.find((u) => u.email === email)!.id;
  return { org, user };
}

export async function consultationBySlug(deps: Deps, slug: string) {
  const [row] = await deps.database.query<{ id: string; state: string; slug: string }>(
    'SELECT id, state, slug FROM consultations WHERE slug = $1',
    [slug],
  );
  return row!;
}

export async function countConsultations(deps: Deps): Promise<number> {
  const [row] = await deps.database.query<{ n: number }>('SELECT count(*)::int AS n FROM consultations');
  return row!.n;
}

/** A form that passes every standards check once a document is attached (12 weeks, 2027). */
export function validForm(
  leadOfficerId: string,
  overrides: Record<string, string | string[]> = {},
): Record<string, string | string[]> {
  return {
    title: 'Street lighting in Thames View',
    summary:
      'We want to replace old street lights with brighter, greener ones. Tell us which streets feel unsafe at night.',
    background: 'Many lights are over 30 years old.',
    proposal: 'Replace 400 lights with LED lights over two years.',
    whatCanChange: 'Which streets come first.',
    whatCannotChange: 'The budget for the work.',
    howResponsesUsed: 'We will publish what people told us and what we decided.',
    decisionMaker: 'Cabinet Member for Transport',
    'decisionDate-day': '1',
    'decisionDate-month': '9',
    'decisionDate-year': '2027',
    ladderRung: 'consult',
    leadOfficerId,
    topics: ['transport-and-streets', 'community-safety'],
    wards: ['E05014053'],
    audiences: ['ward-residents'],
    'opensAt-day': '1',
    'opensAt-month': '3',
    'opensAt-year': '2027',
    opensAtTime: '09:00',
    'closesAt-day': '24',
    'closesAt-month': '5',
    'closesAt-year': '2027',
    closesAtTime: '23:59',
    offlineResponse: 'Paper copies at Thames View library. Freephone 0800 000 000.',
    contactDetails: 'lighting@council.example',
    equalitiesLiaison: '',
    ...overrides,
  };
}

/** A tiny PDF's bytes. */
export const PDF_BYTES = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');
