import path from 'node:path';
import type { ModuleManifest } from '../module.ts';

export * from './catalogue.ts';
export type { CheckResult, CheckOutcome, CheckStatus, Principle } from './standards.types.ts';

export const consultationsModule: ModuleManifest = {
  name: 'consultations',
  viewsDir: path.join(import.meta.dirname, 'views'),
};
