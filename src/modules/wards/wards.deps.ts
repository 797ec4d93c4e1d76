/** What the wards module reads from other modules, in one place (each through that module's index.ts). */
export { listWardNames, listWardsWithGeometry, renderWardMap } from '../geography/index.ts';
export type { MapWard } from '../geography/index.ts';
export { TOPICS, PUBLIC_STATES, STATE_LABELS, isTopic } from '../consultations/index.ts';
export { listOrganisations, organisations, staffUsers } from '../accounts/index.ts';
export { recordAudit } from '../audit/index.ts';
export { parseCsv } from '../people/index.ts';
export { csvCell } from '../questionnaires/index.ts';
