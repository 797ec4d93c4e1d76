/**
 * npm run import:wards -- <ONS wards GeoJSON>: makes a newer boundary file the current wards of the
 * authorities it covers. Wards it no longer has are retired (their codes stay resolvable for past
 * consultations, responses and subscriptions) with successors; panel members move by postcode, or
 * keep the old ward and are flagged. Import the matching NSPL first (npm run import:postcodes).
 */
import { loadConfig } from '../../config.ts';
import { migrate } from '../../db/migrate.ts';
import { createDeps } from '../../deps.ts';
import { invalidatePages } from '../../web/page-cache.ts';
import { importWardFile } from './ward-import.service.ts';

const file = process.argv[2];
if (!file) {
  console.error('Usage: npm run import:wards -- <ONS wards GeoJSON, e.g. Wards_May_2026_Boundaries_UK_BSC.geojson>');
  process.exit(2);
}
const deps = await createDeps(loadConfig());
try {
  await migrate(deps.database);
  const result = await importWardFile(deps.db, file, deps.clock.now());
  await invalidatePages(deps.db, 'wards', '*');
  console.log(`Authorities: ${result.authorities.join(', ')}`);
  console.log(`Wards added ${result.added}, updated ${result.updated}, retired ${result.retired.length}.`);
  for (const code of result.retired) {
    const next = result.successors.filter((s) => s.oldCode === code).map((s) => s.newCode);
    console.log(`  ${code} → ${next.join(', ') || '(no successor found)'}`);
  }
  console.log(
    `Panel members moved by postcode: ${result.peopleMoved}; kept with their old ward and flagged: ${result.peopleFlagged}.`,
  );
  console.log(`Subscriptions widened to the successor wards: ${result.subscriptionsWidened}.`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await deps.database.close();
}
