/** Use-cases for a consultation's supporting documents. */
import type { Actor, Deps } from '../../deps.ts';
import type { CurrentUser } from '../../web/auth.ts';
import { recordAudit } from '../audit/index.ts';
import { PUBLIC_STATES, type ConsultationState } from './catalogue.ts';
import { canEdit, canRead } from './consultations.policy.ts';
import * as repo from './consultations.repository.ts';
import { detectDocumentType, safeFilename } from './document-types.ts';

export interface Upload {
  filename: string;
  bytes: Buffer;
  tooLarge: boolean;
}

/**
 * Stores a document's bytes, then records it and the audit event together. If the record cannot
 * be written the bytes are removed again, so storage never holds orphans from failed uploads.
 */
export async function addDocument(
  deps: Deps,
  actor: Actor,
  user: Pick<CurrentUser, 'role' | 'organisationId'>,
  consultationId: string,
  title: string,
  upload: Upload,
) {
  if (upload.tooLarge) return { ok: false as const, reason: 'too-large' as const };
  if (upload.bytes.length === 0) return { ok: false as const, reason: 'empty' as const };
  const contentType = detectDocumentType(upload.filename, upload.bytes);
  if (!contentType) return { ok: false as const, reason: 'wrong-type' as const };
  const storageKey = await deps.storage.put(upload.bytes);
  let outcome;
  try {
    outcome = await deps.db.transaction(async (tx) => {
      const c = await repo.findConsultation(tx, consultationId);
      if (!c || !canEdit(user, c)) return { ok: false as const, reason: 'not-editable' as const };
      const document = await repo.insertDocument(tx, {
        consultationId,
        title,
        filename: safeFilename(upload.filename),
        contentType,
        sizeBytes: upload.bytes.length,
        storageKey,
        uploadedBy: actor.id,
        createdAt: deps.clock.now(),
      });
      await recordAudit(tx, actor, {
        action: 'consultation.document-added',
        entityType: 'consultation',
        entityId: consultationId,
        after: document,
      });
      return { ok: true as const, document };
    });
  } catch (error) {
    await deps.storage.remove(storageKey);
    throw error;
  }
  if (!outcome.ok) await deps.storage.remove(storageKey);
  return outcome;
}

/** Removes a document from a draft; the bytes go once the record has gone. */
export async function removeDocument(
  deps: Deps,
  actor: Actor,
  user: Pick<CurrentUser, 'role' | 'organisationId'>,
  consultationId: string,
  documentId: string,
) {
  const outcome = await deps.db.transaction(async (tx) => {
    const c = await repo.findConsultation(tx, consultationId);
    if (!c || !canEdit(user, c)) return { ok: false as const, reason: 'not-editable' as const };
    const document = await repo.findDocument(tx, consultationId, documentId);
    if (!document) return { ok: false as const, reason: 'not-found' as const };
    await repo.deleteDocument(tx, document.id);
    await recordAudit(tx, actor, {
      action: 'consultation.document-removed',
      entityType: 'consultation',
      entityId: consultationId,
      before: document,
    });
    return { ok: true as const, document };
  });
  if (outcome.ok) await deps.storage.remove(outcome.document.storageKey);
  return outcome;
}

/**
 * A document for download: anyone may have it while the consultation is public; before that
 * only staff who may read the consultation.
 */
export async function findDownload(
  deps: Deps,
  user: Pick<CurrentUser, 'role' | 'organisationId'> | null,
  slug: string,
  documentId: string,
) {
  const c = await repo.findConsultationBySlug(deps.db, slug);
  if (!c) return undefined;
  const partnerIds = user ? await repo.listPartnerIds(deps.db, c.id) : [];
  const allowed = user ? canRead(user, c, partnerIds) : PUBLIC_STATES.includes(c.state as ConsultationState);
  if (!allowed) return undefined;
  const document = await repo.findDocument(deps.db, c.id, documentId);
  if (!document) return undefined;
  const bytes = await deps.storage.get(document.storageKey);
  return bytes ? { document, bytes } : undefined;
}
