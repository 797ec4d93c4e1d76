/** What the plan reads from other modules, in one place (each through that module's index.ts). */
export { listWardNames, demoWards, pickWards } from '../geography/index.ts';
export { AUDIENCES, LADDER, LADDER_LABELS, TOPICS } from '../consultations/index.ts';
