/** SQL for the engagement database: organisations and groups, and their contacts. */
import { and, arrayOverlaps, asc, eq, ilike, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { organisations } from '../accounts/index.ts';
import { groupContacts, groups } from './people.tables.ts';

export interface GroupFilter {
  kind?: string;
  community?: string;
  ward?: string;
  q?: string;
}

function whereOf(filter: GroupFilter) {
  return and(
    filter.kind ? eq(groups.kind, filter.kind) : undefined,
    filter.community ? arrayOverlaps(groups.communities, [filter.community]) : undefined,
    filter.ward ? or(eq(groups.boroughWide, true), arrayOverlaps(groups.wardCodes, [filter.ward])) : undefined,
    filter.q ? ilike(groups.name, `%${filter.q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`) : undefined,
  );
}

export const listGroups = (db: Db, filter: GroupFilter) =>
  db
    .select({
      group: groups,
      organisationName: organisations.name,
      contacts: sql<number>`(select count(*) from people_group_contacts c where c.group_id = ${groups.id})`.mapWith(
        Number,
      ),
    })
    .from(groups)
    .innerJoin(organisations, eq(organisations.id, groups.organisationId))
    .where(whereOf(filter))
    .orderBy(asc(groups.name));

/** Contacts of every group matching the filter: a contact list. */
export const contactsOf = (db: Db, filter: GroupFilter) =>
  db
    .select({ contact: groupContacts, groupName: groups.name, groupKind: groups.kind })
    .from(groupContacts)
    .innerJoin(groups, eq(groups.id, groupContacts.groupId))
    .where(whereOf(filter))
    .orderBy(asc(groups.name), asc(groupContacts.name));

export async function findGroup(db: Db, id: string) {
  const [row] = await db
    .select({ group: groups, organisationName: organisations.name })
    .from(groups)
    .innerJoin(organisations, eq(organisations.id, groups.organisationId))
    .where(eq(groups.id, id));
  return row;
}

export async function findGroupByName(db: Db, name: string) {
  const [row] = await db.select().from(groups).where(eq(groups.name, name));
  return row;
}

export async function insertGroup(db: Db, group: typeof groups.$inferInsert) {
  const [row] = await db.insert(groups).values(group).returning();
  return row!;
}

export async function updateGroup(db: Db, id: string, changes: Partial<typeof groups.$inferInsert>) {
  const [row] = await db.update(groups).set(changes).where(eq(groups.id, id)).returning();
  return row;
}

export const listContacts = (db: Db, groupId: string) =>
  db.select().from(groupContacts).where(eq(groupContacts.groupId, groupId)).orderBy(asc(groupContacts.name));

export async function insertContact(db: Db, contact: typeof groupContacts.$inferInsert) {
  const [row] = await db.insert(groupContacts).values(contact).returning();
  return row!;
}

/** Groups representing any of these audiences, for early liaison on a consultation. */
export const groupsForAudiences = (db: Db, audiences: string[]) =>
  db
    .select({ group: groups, organisationName: organisations.name })
    .from(groups)
    .innerJoin(organisations, eq(organisations.id, groups.organisationId))
    .where(arrayOverlaps(groups.communities, audiences))
    .orderBy(asc(groups.name));
