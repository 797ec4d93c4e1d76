/**
 * npm run setup: sets this install up for one council. Scripts pass flags; a person at a terminal
 * is asked for whatever is missing.
 *
 *   npm run setup -- --council "Havering" --admin-email a.person@havering.gov.uk --admin-name "A Person"
 *                    [--organisation "Havering Council"] [--service "Have your say"]
 *
 * The first administrator gets an invitation link (printed here and emailed); nobody gets a password.
 */
import readline from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { loadConfig } from '../../config.ts';
import { migrate } from '../../db/migrate.ts';
import { createDeps } from '../../deps.ts';
import { defaultOrganisationName, resolveCouncil, setUpCouncil } from './setup.service.ts';

const { values } = parseArgs({
  options: {
    council: { type: 'string' },
    organisation: { type: 'string' },
    service: { type: 'string' },
    'admin-email': { type: 'string' },
    'admin-name': { type: 'string' },
    help: { type: 'boolean' },
  },
});
if (values.help) {
  console.log(
    'Usage: npm run setup -- --council <name or GSS code> --admin-email <email> --admin-name <name> [--organisation <name>] [--service <name>]',
  );
  process.exit(0);
}

const interactive = process.stdin.isTTY && process.stdout.isTTY;
const rl = interactive ? readline.createInterface({ input: process.stdin, output: process.stdout }) : undefined;
async function ask(question: string, given: string | undefined, fallback?: string): Promise<string> {
  if (given) return given;
  if (!rl) {
    if (fallback !== undefined) return fallback;
    console.error(`Missing --${question}: run with --help`);
    process.exit(2);
  }
  const answer = (await rl.question(fallback ? `${question} [${fallback}]: ` : `${question}: `)).trim();
  return answer || fallback || ask(question, undefined, fallback);
}

let councilQuery = await ask('council', values.council);
let resolved = resolveCouncil(councilQuery);
while (!resolved.ok) {
  const list = resolved.candidates
    .slice(0, 10)
    .map((c) => `  ${c.code}  ${c.name}`)
    .join('\n');
  console.error(
    resolved.candidates.length
      ? `More than one council matches "${councilQuery}":\n${list}`
      : `No council matches "${councilQuery}".`,
  );
  if (!rl) process.exit(2);
  councilQuery = await ask('council', undefined);
  resolved = resolveCouncil(councilQuery);
}
const council = resolved.council;
console.log(`Council: ${council.name} (${council.code})`);
const organisationName = await ask('organisation', values.organisation, defaultOrganisationName(council));
const serviceName = await ask('service', values.service, 'Have your say');
const adminName = await ask('admin-name', values['admin-name']);
const adminEmail = await ask('admin-email', values['admin-email']);
rl?.close();

const deps = await createDeps(loadConfig());
try {
  await migrate(deps.database);
  const started = Date.now();
  const outcome = await setUpCouncil(deps, {
    council: council.code,
    organisationName,
    serviceName,
    adminEmail,
    adminName,
  });
  if (!outcome.ok) {
    console.error(
      outcome.reason === 'already-set-up'
        ? 'This install is already set up: change its settings at /staff/admin/brand.'
        : `Set-up failed: ${outcome.reason}`,
    );
    process.exitCode = 1;
  } else {
    console.log(`Set up ${outcome.organisationName} with ${outcome.wards} wards in ${Date.now() - started} ms.`);
    console.log(
      `Invitation for the first administrator (${adminEmail}), valid until ${outcome.expiresAt.toISOString()}:`,
    );
    console.log(`  ${outcome.invitationLink}`);
  }
} finally {
  await deps.database.close();
}
