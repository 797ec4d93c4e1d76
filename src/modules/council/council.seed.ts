/** The demo council's settings: named from the chosen demo council, never a fixed name. */
import type { Deps } from '../../deps.ts';
import { councilByCode } from '../geography/index.ts';
import * as repo from './council.repository.ts';
import { defaultOrganisationName } from './setup.service.ts';

export async function seedCouncil(deps: Deps) {
  const council = councilByCode(deps.config.demoCouncil);
  if (!council) throw new Error(`SOUNDINGS_DEMO_COUNCIL ${deps.config.demoCouncil} is not a current council`);
  if (await repo.findSettings(deps.db)) return;
  await repo.insertSettings(deps.db, {
    authorityCode: council.code,
    councilName: defaultOrganisationName(council),
    serviceName: 'Have your say',
    contactEmail: 'engagement@council.example',
  });
}
