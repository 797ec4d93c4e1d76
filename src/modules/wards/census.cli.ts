/**
 * npm run import:census -- <Nomis CSV> [--dataset TS007A] [--title "Age"]: loads one ONS Census
 * 2021 ward-level table into the database named by the configuration, for the wards already
 * loaded, replacing that table's earlier (or demo) figures.
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../../config.ts';
import { migrate } from '../../db/migrate.ts';
import { createDeps } from '../../deps.ts';
import { CensusFileError } from './census.importer.ts';
import { importCensusFile } from './census.service.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { dataset: { type: 'string' }, title: { type: 'string' } },
});
const files = positionals;
if (files.length === 0) {
  console.error(
    'Usage: npm run import:census -- <census2021-ts007a-ward.csv> [more files] [--dataset TS007A] [--title "Age"]',
  );
  process.exit(2);
}
const deps = await createDeps(loadConfig());
try {
  await migrate(deps.database);
  for (const file of files) {
    const result = await importCensusFile(deps, file, { dataset: values.dataset, title: values.title });
    console.log(
      `${file}: ${result.dataset} "${result.title}" imported for ${result.imported} wards; ${result.skipped} wards in the file are not loaded here.`,
    );
    for (const problem of result.problems.slice(0, 20)) console.log(`  ${problem}`);
    if (result.problems.length > 20) console.log(`  …and ${result.problems.length - 20} more`);
  }
} catch (error) {
  console.error(error instanceof CensusFileError ? error.message : error);
  process.exitCode = 1;
} finally {
  await deps.database.close();
}
