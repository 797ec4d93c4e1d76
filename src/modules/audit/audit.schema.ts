import { z } from 'zod';

const filterField = (name: string) =>
  z
    .preprocess(
      (value) => (typeof value === 'string' ? value.trim() : undefined),
      z.string().max(200, `${name} must be 200 characters or fewer`).optional(),
    )
    .transform((value) => value || undefined);

/** The audit page's GET form: exact-match filters and a page number (anything odd is page 1). */
export const auditQuerySchema = z.object({
  action: filterField('Action'),
  entityType: filterField('Entity type'),
  entityId: filterField('Entity ID'),
  page: z.preprocess(
    (value) => (typeof value === 'string' && /^\d{1,6}$/.test(value) && Number(value) >= 1 ? Number(value) : 1),
    z.number(),
  ),
});

export type AuditQuery = z.infer<typeof auditQuerySchema>;
