/**
 * The budgeting forms: zod schemas with GOV.UK wording, built per request from the wards offered.
 * Amounts are whole pounds; phase dates are London days (a phase starts at midnight, voting closes at
 * the end of its last day).
 */
import { z } from 'zod';
import { fromLondon } from '../../web/format.ts';
import { normalisePostcode } from '../questionnaires/index.ts';
import { BALLOT_KINDS, DELIVERY_STAGES, RULES } from './budgeting.catalogue.ts';
import { parseContact, type AssessmentInput, type ProcessInput, type ProposalInput } from './budgeting.service.ts';

export type FormValues = Record<string, string | string[]>;
type Issue = (field: string, message: string) => void;

export const one = (value: unknown): string =>
  (typeof value === 'string' ? value : Array.isArray(value) && typeof value[0] === 'string' ? value[0] : '').trim();

const issuer =
  (ctx: z.RefinementCtx): Issue =>
  (field, message) =>
    void ctx.addIssue({ code: 'custom', message, path: [field] });

function pounds(values: FormValues, field: string, label: string, issue: Issue, required = true) {
  const raw = one(values[field]).replace(/^£/, '').replace(/,/g, '');
  if (!raw) return required ? void issue(field, `Enter ${label}`) : null;
  if (!/^\d+$/.test(raw))
    return void issue(field, `${label[0]!.toUpperCase()}${label.slice(1)} must be a whole number of pounds, like 5000`);
  const n = Number(raw);
  if (n < 1) return void issue(field, `${label[0]!.toUpperCase()}${label.slice(1)} must be £1 or more`);
  if (n > 100_000_000)
    return void issue(field, `${label[0]!.toUpperCase()}${label.slice(1)} must be £100,000,000 or less`);
  return n;
}

function whole(values: FormValues, field: string, message: string, issue: Issue, min = 1, max = 1_000_000) {
  const raw = one(values[field]);
  if (!raw) return null;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) return void issue(field, message);
  return Number(raw);
}

function dateFrom(values: FormValues, field: string, label: string, issue: Issue): Date | undefined {
  const [d, m, y] = ['day', 'month', 'year'].map((p) => one(values[`${field}-${p}`]));
  if (!d && !m && !y) return void issue(field, `Enter the ${label.toLowerCase()}`);
  if (!/^\d{1,2}$/.test(d!) || !/^\d{1,2}$/.test(m!) || !/^\d{4}$/.test(y!))
    return void issue(field, `${label} must be a real date`);
  const [day, month, year] = [Number(d), Number(m), Number(y)];
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day)
    return void issue(field, `${label} must be a real date`);
  return fromLondon(year, month, day);
}

export const PHASE_DATES = [
  ['ideasFrom', 'Ideas open'],
  ['feasibilityFrom', 'Checking starts'],
  ['votingFrom', 'Voting opens'],
  ['votingLast', 'Last day of voting'],
  ['deliveryFrom', 'Delivery starts'],
] as const;

export const PROCESS_ANCHORS = Object.fromEntries(PHASE_DATES.map(([f]) => [f, `${f}-day`]));

export function processSchema(wards: { code: string; name: string }[]) {
  const codes = new Set(wards.map((w) => w.code));
  return z.custom<FormValues>().transform((values, ctx): ProcessInput => {
    const issue = issuer(ctx);
    const title = one(values.title);
    if (!title) issue('title', 'Enter a title');
    else if (title.length > 120) issue('title', 'Title must be 120 characters or fewer');
    const slug = one(values.slug).toLowerCase();
    if (!slug) issue('slug', 'Enter a short web address');
    else if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(slug) || slug.length > 60)
      issue('slug', 'Short web address must use only lower-case letters, numbers and hyphens');
    const description = one(values.description).replace(/\r\n/g, '\n');
    if (description.length > 5000) issue('description', 'Description must be 5,000 characters or fewer');
    const area = one(values.area);
    const wardCode = area === 'borough' ? null : area;
    if (!area) issue('area', 'Select a ward, or the whole borough');
    else if (wardCode && !codes.has(wardCode)) issue('area', 'Select a ward from the list');
    const budgetMode = one(values.budgetMode) as ProcessInput['budgetMode'];
    let budget = 0;
    let perHeadPounds: number | null = null;
    let population: number | null = null;
    if (budgetMode === 'fixed') budget = pounds(values, 'budget', 'the budget', issue) ?? 0;
    else if (budgetMode === 'per_head') {
      const raw = one(values.perHeadPounds).replace(/^£/, '');
      if (!raw) issue('perHeadPounds', 'Enter the amount per head');
      else if (!/^\d+(\.\d{1,2})?$/.test(raw) || Number(raw) <= 0)
        issue('perHeadPounds', 'Amount per head must be in pounds and pence, like 2.00');
      else perHeadPounds = Number(raw);
      population = whole(values, 'population', 'Population must be a whole number, like 11500', issue) ?? null;
      if (population === null && one(values.population) === '') issue('population', 'Enter the population');
      if (perHeadPounds && population && Math.floor(perHeadPounds * population) < 1)
        issue('perHeadPounds', 'The budget must come to £1 or more');
    } else issue('budgetMode', 'Select how the budget is set');
    const ballotType = one(values.ballotType);
    if (!(ballotType in BALLOT_KINDS)) issue('ballotType', 'Select how people vote');
    const maxProjects =
      whole(
        values,
        'maxProjects',
        'Maximum number of projects must be a whole number between 1 and 100',
        issue,
        1,
        100,
      ) ?? null;
    if (ballotType === 'approval' && maxProjects === null && !one(values.maxProjects))
      issue('maxProjects', 'Enter the maximum number of projects each person may choose');
    const maxPoints =
      whole(values, 'maxPoints', 'Points must be a whole number between 1 and 100', issue, 1, 100) ?? null;
    if (ballotType === 'cumulative' && maxPoints === null && !one(values.maxPoints))
      issue('maxPoints', 'Enter how many points each person shares out');
    const rule = one(values.rule);
    if (!(rule in RULES)) issue('rule', 'Select how votes are counted');
    const minAge = whole(values, 'minAge', 'Minimum age must be a whole number between 11 and 18', issue, 11, 18) ?? 16;
    const dates = Object.fromEntries(PHASE_DATES.map(([f, label]) => [f, dateFrom(values, f, label, issue)])) as Record<
      (typeof PHASE_DATES)[number][0],
      Date | undefined
    >;
    const votingUntil = dates.votingLast ? new Date(dates.votingLast.getTime() + 86_400_000) : undefined;
    const order: [Date | undefined, Date | undefined, string, string][] = [
      [dates.ideasFrom, dates.feasibilityFrom, 'feasibilityFrom', 'Checking must start on or after the day ideas open'],
      [dates.feasibilityFrom, dates.votingFrom, 'votingFrom', 'Voting must open on or after the day checking starts'],
      [
        dates.votingFrom,
        dates.votingLast,
        'votingLast',
        'The last day of voting must be on or after the day voting opens',
      ],
      [votingUntil, dates.deliveryFrom, 'deliveryFrom', 'Delivery must start after the last day of voting'],
    ];
    for (const [a, b, field, message] of order) if (a && b && b < a) issue(field, message);
    return {
      title,
      slug,
      description,
      wardCode,
      budgetMode,
      budget,
      perHeadPounds,
      population,
      ballotType,
      maxProjects: ballotType === 'approval' || ballotType === 'ranking' ? maxProjects : null,
      maxPoints: ballotType === 'cumulative' ? maxPoints : null,
      rule,
      minAge,
      ideasFrom: dates.ideasFrom!,
      feasibilityFrom: dates.feasibilityFrom!,
      votingFrom: dates.votingFrom!,
      votingUntil: votingUntil!,
      deliveryFrom: dates.deliveryFrom!,
    };
  });
}

export function proposalSchema(wards: { code: string; name: string }[], budget: number) {
  const codes = new Set(wards.map((w) => w.code));
  return z.custom<FormValues>().transform((values, ctx): ProposalInput => {
    const issue = issuer(ctx);
    const title = one(values.title);
    if (!title) issue('title', 'Enter a name for your project');
    else if (title.length > 100) issue('title', 'Project name must be 100 characters or fewer');
    const description = one(values.description).replace(/\r\n/g, '\n');
    if (!description) issue('description', 'Describe your project');
    else if (description.length > 3000) issue('description', 'Description must be 3,000 characters or fewer');
    const ward = one(values.wardCode);
    if (ward && !codes.has(ward)) issue('wardCode', 'Select a ward from the list');
    const estimatedCost = pounds(values, 'estimatedCost', 'an estimated cost', issue) ?? 0;
    if (estimatedCost > budget)
      issue(
        'estimatedCost',
        `Estimated cost must be no more than the whole budget of £${budget.toLocaleString('en-GB')}`,
      );
    const proposerName = one(values.proposerName);
    if (!proposerName) issue('proposerName', 'Enter your name');
    else if (proposerName.length > 100) issue('proposerName', 'Name must be 100 characters or fewer');
    const proposerEmail = one(values.proposerEmail).toLowerCase();
    if (!proposerEmail) issue('proposerEmail', 'Enter your email address');
    else if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(proposerEmail))
      issue('proposerEmail', 'Enter an email address in the correct format, like name@example.com');
    return { title, description, wardCode: ward || null, estimatedCost, proposerName, proposerEmail };
  });
}

export function assessmentSchema() {
  return z.custom<FormValues>().transform((values, ctx): AssessmentInput => {
    const issue = issuer(ctx);
    const decision = one(values.decision) as AssessmentInput['decision'];
    if (decision !== 'feasible' && decision !== 'not_feasible')
      issue('decision', 'Select whether the project can go to the vote');
    const assessedCost = pounds(values, 'assessedCost', 'the checked cost', issue, false) ?? null;
    const reason = one(values.reason).replace(/\r\n/g, '\n');
    if (!reason) issue('reason', 'Enter the reason, which residents will see');
    else if (reason.length > 2000) issue('reason', 'Reason must be 2,000 characters or fewer');
    return { decision, assessedCost, reason };
  });
}

export function eligibilitySchema(minAge: number) {
  return z.custom<FormValues>().transform((values, ctx) => {
    const issue = issuer(ctx);
    const postcode = normalisePostcode(one(values.postcode));
    if (!one(values.postcode)) issue('postcode', 'Enter your postcode');
    else if (!postcode) issue('postcode', 'Enter a full UK postcode, like RM10 7BB');
    const contact = parseContact(one(values.contact));
    if (!one(values.contact)) issue('contact', 'Enter your email address or mobile number');
    else if (!contact)
      issue('contact', 'Enter an email address like name@example.com, or a UK mobile number like 07700 900123');
    const age = one(values.oldEnough);
    if (age !== 'yes' && age !== 'no') issue('oldEnough', `Select whether you are aged ${minAge} or over`);
    return { postcode: postcode ?? '', contact: contact!, oldEnough: age === 'yes' };
  });
}

export function deliverySchema() {
  return z.custom<FormValues>().transform((values, ctx) => {
    const issue = issuer(ctx);
    const stage = one(values.stage);
    if (!(stage in DELIVERY_STAGES)) issue('stage', 'Select the stage the project has reached');
    const body = one(values.body).replace(/\r\n/g, '\n');
    if (!body) issue('body', 'Enter the update');
    else if (body.length > 3000) issue('body', 'Update must be 3,000 characters or fewer');
    return { stage, body };
  });
}
