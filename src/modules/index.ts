/** Every module of the product, in the order their seeds run. */
import { accountsModule } from './accounts/index.ts';
import { auditModule } from './audit/index.ts';
import { budgetingModule } from './budgeting/index.ts';
import { channelsModule } from './channels/index.ts';
import { consultationsModule } from './consultations/index.ts';
import { councilModule } from './council/index.ts';
import { feedbackModule } from './feedback/index.ts';
import { geographyModule } from './geography/index.ts';
import { insightModule } from './insight/index.ts';
import { messagesModule } from './messages/index.ts';
import type { ModuleManifest } from './module.ts';
import { peopleModule } from './people/index.ts';
import { petitionsModule } from './petitions/index.ts';
import { planModule } from './plan/index.ts';
import { questionnairesModule } from './questionnaires/index.ts';
import { wardsModule } from './wards/index.ts';

export const modules: ModuleManifest[] = [
  geographyModule,
  accountsModule,
  councilModule,
  auditModule,
  consultationsModule,
  questionnairesModule,
  feedbackModule,
  channelsModule,
  planModule,
  peopleModule,
  wardsModule,
  insightModule,
  messagesModule,
  petitionsModule,
  budgetingModule,
];
