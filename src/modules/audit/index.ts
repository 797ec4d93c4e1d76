import path from 'node:path';
import type { ModuleManifest } from '../module.ts';
import { auditRoutes } from './audit.routes.ts';

export { recordAudit, type AuditChange } from './audit.service.ts';
export { listAuditEvents, type AuditFilter } from './audit.repository.ts';

export const auditModule: ModuleManifest = {
  name: 'audit',
  viewsDir: path.join(import.meta.dirname, 'views'),
  routes: auditRoutes,
  navigation: [{ text: 'Audit', href: '/staff/admin/audit', area: 'staff', roles: ['administrator'] }],
};
