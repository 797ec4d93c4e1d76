/** The demo partnership: the council and three partners, with staff in every role. */
import type { Deps } from '../../deps.ts';
import type { Role } from '../../web/auth.ts';
import * as repo from './accounts.repository.ts';
import { hashPassword } from './passwords.ts';
import { councilByCode } from '../geography/index.ts';

/** Documented in the README; the seed refuses to run in production, so this never reaches a real install. */
export const DEMO_PASSWORD = 'soundings-demo-2026';

/** Named from the demo council (SOUNDINGS_DEMO_COUNCIL), so the demo runs on any borough. */
export function demoOrganisations(place: string) {
  return [
    { slug: 'bd-council', name: `${place} Council`, kind: 'council' },
    { slug: 'nhs-nel', name: 'NHS North East London', kind: 'nhs' },
    { slug: 'met-police-bd', name: `Metropolitan Police, ${place}`, kind: 'police' },
    { slug: 'bd-cvs', name: `${place} Council for Voluntary Service`, kind: 'voluntary' },
  ];
}

export const DEMO_USERS: { email: string; name: string; role: Role; organisation: string }[] = [
  { email: 'admin@council.example', name: 'Alex Administrator', role: 'administrator', organisation: 'bd-council' },
  {
    email: 'engagement@council.example',
    name: 'Esther Engagement',
    role: 'engagement_officer',
    organisation: 'bd-council',
  },
  { email: 'housing@council.example', name: 'Sam Service', role: 'service_officer', organisation: 'bd-council' },
  { email: 'councillor@council.example', name: 'Cllr Chris Ward', role: 'councillor', organisation: 'bd-council' },
  { email: 'officer@nhs.example', name: 'Priya Partner', role: 'partner_officer', organisation: 'nhs-nel' },
  { email: 'officer@police.example', name: 'Pat Police', role: 'partner_officer', organisation: 'met-police-bd' },
  { email: 'officer@cvs.example', name: 'Val Voluntary', role: 'partner_officer', organisation: 'bd-cvs' },
];

export async function seedAccounts(deps: Deps) {
  const place = councilByCode(deps.config.demoCouncil)?.name ?? 'Demo';
  for (const organisation of demoOrganisations(place)) await repo.insertOrganisation(deps.db, organisation);
  const organisations = new Map((await repo.listOrganisations(deps.db)).map((o) => [o.slug, o.id]));
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  for (const user of DEMO_USERS) {
    if (await repo.findUserByEmail(deps.db, user.email)) continue;
    await repo.insertUser(deps.db, {
      email: user.email,
      name: user.name,
      role: user.role,
      organisationId: organisations.get(user.organisation)!,
      passwordHash,
    });
  }
}
