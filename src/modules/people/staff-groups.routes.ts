/** Staff pages for organisations and groups, their contacts, and the contact list with its CSV export. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../deps.ts';
import { actorOf, forbidden, notFound } from '../../web/auth.ts';
import { toGovukErrors, type GovukErrors } from '../../web/errors.ts';
import { flash } from '../../web/render.ts';
import { AUDIENCES } from '../consultations/index.ts';
import { listWardNames } from '../geography/index.ts';
import { formBody, listValue, textValues } from './form.ts';
import * as groups from './groups.service.ts';
import * as policy from './people.policy.ts';
import { contactPersonSchema, GROUP_KINDS, groupSchema } from './people.schema.ts';
import { guard, officers } from './staff-route-helpers.ts';
import * as staff from './staff.service.ts';

export function groupRoutes(app: FastifyInstance, deps: Deps) {
  /** The list filter from the query string; values not offered are dropped, not trusted. */
  async function filterOf(query: Record<string, string | undefined>) {
    const wardCodes = (await listWardNames(deps.db)).map((w) => w.code);
    return {
      kind: query.kind && query.kind in GROUP_KINDS ? query.kind : undefined,
      community: query.community && query.community in AUDIENCES ? query.community : undefined,
      ward: query.ward && wardCodes.includes(query.ward) ? query.ward : undefined,
      q: query.q ? query.q.slice(0, 100) : undefined,
    };
  }
  type Filter = Awaited<ReturnType<typeof filterOf>>;

  /** The chosen filters only, so links carry the same list to the other page and the export. */
  const queryOf = (filter: Filter) =>
    new URLSearchParams(Object.entries(filter).filter(([, v]) => v) as [string, string][]).toString();

  async function filterItems(filter: Filter) {
    const wards = await listWardNames(deps.db);
    return {
      kindItems: [
        { value: '', text: 'Any kind' },
        ...Object.entries(GROUP_KINDS).map(([value, text]) => ({ value, text, selected: filter.kind === value })),
      ],
      communityItems: [
        { value: '', text: 'Any community' },
        ...Object.entries(AUDIENCES).map(([value, a]) => ({
          value,
          text: a.label,
          selected: filter.community === value,
        })),
      ],
      wardItems: [
        { value: '', text: 'Any ward' },
        ...wards.map((w) => ({ value: w.code, text: w.name, selected: filter.ward === w.code })),
      ],
    };
  }

  app.get<{ Querystring: Record<string, string | undefined> }>(
    '/staff/people/groups',
    { preHandler: officers },
    async (request, reply) => {
      const filter = await filterOf(request.query);
      const found = await groups.listGroups(deps, filter);
      return reply.render('people/staff/groups.njk', {
        filter,
        ...(await filterItems(filter)),
        groups: found,
        kinds: GROUP_KINDS,
        audiences: AUDIENCES,
        canAdd: policy.canAddGroup(request.user!),
        contactsHref: `/staff/people/contacts?${queryOf(filter)}`,
      });
    },
  );

  async function renderGroupForm(reply: FastifyReply, values: Record<string, unknown>, errors?: GovukErrors) {
    const wards = await listWardNames(deps.db);
    const selected = (key: string) => (Array.isArray(values[key]) ? (values[key] as string[]) : []);
    return reply.render(
      'people/staff/group-form.njk',
      {
        values,
        errors,
        kindItems: Object.entries(GROUP_KINDS).map(([value, text]) => ({
          value,
          text,
          checked: values.kind === value,
        })),
        communityItems: Object.entries(AUDIENCES).map(([value, a]) => ({
          value,
          text: a.label,
          hint: { text: `Community of ${a.kind}` },
          checked: selected('communities').includes(value),
        })),
        wardItems: wards.map((w) => ({ value: w.code, text: w.name, checked: selected('wards').includes(w.code) })),
      },
      errors ? 422 : 200,
    );
  }

  app.get('/staff/people/groups/new', { preHandler: guard(policy.canAddGroup) }, async (_request, reply) =>
    renderGroupForm(reply, { communities: [], wards: [] }),
  );

  app.post('/staff/people/groups/new', { preHandler: guard(policy.canAddGroup) }, async (request, reply) => {
    const body = formBody(request.body);
    const values = {
      ...textValues(body, ['name', 'kind', 'description', 'email', 'boroughWide']),
      communities: listValue(body, 'communities'),
      wards: listValue(body, 'wards'),
    };
    const wards = await listWardNames(deps.db);
    const parsed = groupSchema(wards.map((w) => w.code)).safeParse(body);
    if (!parsed.success)
      return renderGroupForm(
        reply,
        values,
        toGovukErrors(parsed.error, { kind: 'kind', communities: 'communities', wards: 'wards' }),
      );
    const outcome = await groups.createGroup(deps, request.user!, actorOf(request), parsed.data);
    flash(reply, `${outcome.group.name} added`);
    return reply.redirect(`/staff/people/groups/${outcome.group.id}`, 303);
  });

  async function renderGroup(
    request: FastifyRequest<{ Params: { id: string } }>,
    reply: FastifyReply,
    values: Record<string, string> = {},
    errors?: GovukErrors,
  ) {
    const found = await groups.loadGroup(deps, request.user!, request.params.id);
    if (!found) return notFound(reply);
    const wards = await staff.wardNames(deps);
    return reply.render(
      'people/staff/group.njk',
      {
        found,
        kindLabel: GROUP_KINDS[found.group.kind as keyof typeof GROUP_KINDS] ?? found.group.kind,
        communities: found.group.communities.map((c) => AUDIENCES[c as keyof typeof AUDIENCES]?.label ?? c),
        wardNames: found.group.wardCodes.map((c) => wards.get(c) ?? c),
        values,
        errors,
      },
      errors ? 422 : 200,
    );
  }

  app.get<{ Params: { id: string } }>('/staff/people/groups/:id', { preHandler: officers }, async (request, reply) =>
    renderGroup(request, reply),
  );

  app.post<{ Params: { id: string } }>(
    '/staff/people/groups/:id/contacts',
    { preHandler: officers },
    async (request, reply) => {
      const body = formBody(request.body);
      const values = textValues(body, ['name', 'role', 'email', 'phone']);
      const parsed = contactPersonSchema.safeParse(body);
      if (!parsed.success) return renderGroup(request, reply, values, toGovukErrors(parsed.error));
      const outcome = await groups.addContact(deps, request.user!, actorOf(request), request.params.id, parsed.data);
      if (!outcome.ok) return outcome.reason === 'forbidden' ? forbidden(reply) : notFound(reply);
      flash(reply, 'Contact added');
      return reply.redirect(`/staff/people/groups/${request.params.id}`, 303);
    },
  );

  app.get<{ Querystring: Record<string, string | undefined> }>(
    '/staff/people/contacts',
    { preHandler: officers },
    async (request, reply) => {
      const filter = await filterOf(request.query);
      const contacts = await groups.contactList(deps, filter);
      const query = queryOf(filter);
      return reply.render('people/staff/contacts.njk', {
        filter,
        ...(await filterItems(filter)),
        contacts,
        exportHref: `/staff/people/contacts.csv${query ? `?${query}` : ''}`,
      });
    },
  );

  app.get<{ Querystring: Record<string, string | undefined> }>(
    '/staff/people/contacts.csv',
    { preHandler: officers },
    async (request, reply) => {
      const csv = await groups.exportContactList(deps, actorOf(request), await filterOf(request.query));
      return reply
        .header('content-disposition', 'attachment; filename="contact-list.csv"')
        .header('cache-control', 'no-store')
        .type('text/csv; charset=utf-8')
        .send(csv);
    },
  );
}
