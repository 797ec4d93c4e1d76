import path from 'node:path';
import type { ModuleManifest } from '../module.ts';

export { recordAudit, type AuditChange } from './audit.service.ts';
export { listAuditEvents, type AuditFilter } from './audit.repository.ts';

export const auditModule: ModuleManifest = {
  name: 'audit',
};
