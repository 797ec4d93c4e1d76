/**
 * npm run import:postcodes -- <file.csv>: loads an ONS postcode lookup (NSPL or ONSPD) into the
 * database named by the configuration, keeping only postcodes in the wards already loaded.
 */
import { loadConfig } from '../../config.ts';
import { migrate } from '../../db/migrate.ts';
import { createDeps } from '../../deps.ts';
import { PostcodeFileError } from './postcodes.importer.ts';
import { importPostcodeLookup } from './postcodes.service.ts';

const file = process.argv[2];
if (!file) {
  console.error('Usage: npm run import:postcodes -- <NSPL or ONSPD file.csv>');
  process.exit(2);
}
const deps = await createDeps(loadConfig());
try {
  await migrate(deps.database);
  const result = await importPostcodeLookup(deps, file);
  console.log(`Read ${result.read} postcodes: imported ${result.imported}, skipped ${result.skipped} (terminated or outside the loaded wards).`);
} catch (error) {
  console.error(error instanceof PostcodeFileError ? error.message : error);
  process.exitCode = 1;
} finally {
  await deps.database.close();
}
