import path from 'node:path';
import type { ModuleManifest } from '../module.ts';
import { budgetingRoutes } from './budgeting.routes.ts';
import { seedBudgeting } from './budgeting.seed.ts';

export { count, groupBallots } from './counting.ts';
export type { CountResult, Election } from './counting.ts';
export { parsePb, writePb } from './pabulib.ts';

/** Participatory budgeting: ward and borough budgets, proposals, feasibility checks, voting, counting (greedy or Equal Shares), results and delivery. */
export const budgetingModule: ModuleManifest = {
  name: 'budgeting',
  viewsDir: path.join(import.meta.dirname, 'views'),
  routes: budgetingRoutes,
  navigation: [
    { text: 'Budgeting', href: '/budgeting', area: 'public' },
    { text: 'Budgeting', href: '/staff/budgeting', area: 'staff' },
  ],
  seed: seedBudgeting,
};
