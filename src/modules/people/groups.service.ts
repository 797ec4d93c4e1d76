/** The shared engagement database: organisations and groups, their contacts, contact lists. */
import type { Actor, Deps } from '../../deps.ts';
import type { CurrentUser } from '../../web/auth.ts';
import { recordAudit } from '../audit/index.ts';
import { AUDIENCES, findConsultation } from '../consultations/index.ts';
import type { ConsultationPanelProvider } from '../module.ts';
import { csvCell } from './contact-details.ts';
import * as repo from './groups.repository.ts';
import { canEditGroup } from './people.policy.ts';
import type { ContactPersonInput, GroupInput } from './people.schema.ts';

export const listGroups = (deps: Deps, filter: repo.GroupFilter) => repo.listGroups(deps.db, filter);

export async function loadGroup(deps: Deps, user: CurrentUser, id: string) {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
  const found = await repo.findGroup(deps.db, id);
  if (!found) return undefined;
  const contacts = await repo.listContacts(deps.db, id);
  return { ...found, contacts, editable: canEditGroup(user, found.group) };
}

/** Adds a group to the database, maintained by the officer's organisation. */
export async function createGroup(deps: Deps, user: CurrentUser, actor: Actor, input: GroupInput) {
  return deps.db.transaction(async (tx) => {
    const group = await repo.insertGroup(tx, {
      name: input.name,
      kind: input.kind,
      description: input.description,
      organisationId: user.organisationId,
      communities: input.communities,
      wardCodes: input.wards,
      boroughWide: input.boroughWide,
      email: input.email,
    });
    // Groups' own details are organisational, not personal: recorded in full.
    await recordAudit(tx, actor, { action: 'group.created', entityType: 'group', entityId: group.id, after: group });
    return { ok: true, group } as const;
  });
}

export type ContactOutcome = { ok: true } | { ok: false; reason: 'not-found' | 'forbidden' };

/** A named contact of a group; the audit notes the contact's id and role, not their details. */
export async function addContact(
  deps: Deps,
  user: CurrentUser,
  actor: Actor,
  groupId: string,
  input: ContactPersonInput,
): Promise<ContactOutcome> {
  return deps.db.transaction(async (tx) => {
    const found = await repo.findGroup(tx, groupId);
    if (!found) return { ok: false, reason: 'not-found' } as const;
    if (!canEditGroup(user, found.group)) return { ok: false, reason: 'forbidden' } as const;
    const contact = await repo.insertContact(tx, {
      groupId,
      name: input.name,
      role: input.role,
      email: input.email,
      phone: input.phone,
    });
    await recordAudit(tx, actor, {
      action: 'group.contact-added',
      entityType: 'group',
      entityId: groupId,
      after: { contactId: contact.id, role: contact.role },
    });
    return { ok: true } as const;
  });
}

export const contactList = (deps: Deps, filter: repo.GroupFilter) => repo.contactsOf(deps.db, filter);

/** A contact list as CSV (formula-safe); the export is audited with the filter and row count. */
export async function exportContactList(deps: Deps, actor: Actor, filter: repo.GroupFilter) {
  const rows = await repo.contactsOf(deps.db, filter);
  await deps.db.transaction(async (tx) => {
    await recordAudit(tx, actor, {
      action: 'contacts.exported',
      entityType: 'contact_list',
      after: { filter, rows: rows.length },
    });
  });
  const header = ['Group', 'Name', 'Role', 'Email', 'Phone'];
  const lines = rows.map((r) =>
    [r.groupName, r.contact.name, r.contact.role, r.contact.email, r.contact.phone].map(csvCell).join(','),
  );
  return [header.join(','), ...lines].join('\r\n') + '\r\n';
}

/**
 * The consultation staff page's "groups to liaise with early": groups representing any of the
 * consultation's audiences. All residents / ward residents would match every group, so those two
 * place audiences are left out of the match.
 */
export const liaisonPanel: ConsultationPanelProvider = async (deps, consultation, area) => {
  if (area !== 'staff') return [];
  const c = await findConsultation(deps.db, consultation.id);
  const audiences = (c?.audiences ?? []).filter((a) => a !== 'residents' && a !== 'ward-residents');
  if (!audiences.length) return [];
  const found = await repo.groupsForAudiences(deps.db, audiences);
  return [
    {
      area: 'staff' as const,
      template: 'people/panel-liaison.njk',
      context: {
        groups: found.map((g) => ({
          id: g.group.id,
          name: g.group.name,
          organisationName: g.organisationName,
          represents: g.group.communities
            .filter((k) => audiences.includes(k))
            .map((k) => AUDIENCES[k as keyof typeof AUDIENCES]?.label ?? k),
        })),
      },
    },
  ];
};
