/**
 * Use-cases of the responding journey: who may respond when, answering page by page into a
 * server-side draft, and sending exactly one response per draft.
 */
import { claimMessage } from '../../notifications/message-claims.ts';
import { randomBytes } from 'node:crypto';
import type { Deps } from '../../deps.ts';
import { listWardNames } from '../geography/index.ts';
import { ABOUT_YOU_PAGE } from './about-you.ts';
import { parsePage, type FieldError, type FormBody } from './answer-parsing.ts';
import { findDraft, insertDraft, markDraftSubmitted, updateDraftAnswers, type Draft } from './drafts.repository.ts';
import { wardForPostcode } from './postcodes.service.ts';
import type { Option, QuestionnaireDefinition } from './questionnaire.types.ts';
import {
  findDefinition,
  findRespondTarget,
  findRespondTargetAndDraft,
  findResponseById,
  findResponseByIdempotencyKey,
  findResponseByVerifiedEmail,
  insertEqualities,
  insertResponseOnce,
  type RespondTarget,
} from './responses.repository.ts';
import { aboutResponseSchema, type AboutResponse } from './responding.schema.ts';
import {
  asksWard,
  joinDraft,
  postcodeAnswer,
  splitDraft,
  stepIncomplete,
  stepsOf,
  storedAnswers,
  wardOf,
  withNotInWards,
  type DraftContent,
  type Step,
} from './responding.steps.ts';
import type { ZodError } from 'zod';

/** What this browser's session knows about one questionnaire. */
export interface RespondSession {
  draftId?: string;
  /** Opened a valid invitation link (private questionnaires). */
  invited?: boolean;
}

export interface Journey {
  target: RespondTarget;
  definition: QuestionnaireDefinition;
  draft?: Draft;
  content: DraftContent;
  steps: Step[];
  wards: Option[];
}

export type JourneyOutcome =
  | { ok: true; journey: Journey }
  | { ok: false; reason: 'not-found' }
  | { ok: false; reason: 'not-open-yet'; title: string; opensAt: Date | null }
  | { ok: false; reason: 'closed'; title: string; closesAt: Date | null }
  | { ok: false; reason: 'invitation-required'; title: string };

const HIDDEN_STATES = new Set(['draft', 'in_review']);

/** Whether a consultation takes answers now: open, and its close time still ahead. */
function availability(target: RespondTarget, now: Date): JourneyOutcome | undefined {
  const { consultation } = target;
  if (
    consultation.state === 'scheduled' ||
    (consultation.opensAt && consultation.opensAt > now && consultation.state !== 'closed')
  ) {
    return { ok: false, reason: 'not-open-yet', title: consultation.title, opensAt: consultation.opensAt };
  }
  if (consultation.state !== 'open' || !consultation.closesAt || consultation.closesAt <= now) {
    return { ok: false, reason: 'closed', title: consultation.title, closesAt: consultation.closesAt };
  }
  return undefined;
}

async function wardOptions(deps: Deps): Promise<Option[]> {
  return (await listWardNames(deps.db)).map((ward) => ({ value: ward.code, label: ward.name }));
}

/**
 * Whether any page of this journey can show or read a ward list: a ward question of the
 * questionnaire's own, or the ward step. Most questionnaires have neither, and then every page
 * would read the ward table for nothing.
 */
function usesWards(definition: QuestionnaireDefinition, steps: Step[]): boolean {
  return asksWard(definition) || steps.some((step) => step.kind === 'ward');
}

async function buildJourney(deps: Deps, target: RespondTarget, draft: Draft | undefined): Promise<Journey> {
  const definition =
    draft && draft.version !== target.questionnaire.currentVersion
      ? ((await findDefinition(deps.db, draft.questionnaireId, draft.version)) ?? target.definition)
      : target.definition;
  const content = splitDraft(draft?.answers ?? {});
  const steps = stepsOf(definition, content, { includeAboutYou: target.questionnaire.includeAboutYou });
  return {
    target,
    definition,
    draft,
    content,
    steps,
    wards: usesWards(definition, steps) ? await wardOptions(deps) : [],
  };
}

async function sessionDraft(deps: Deps, target: RespondTarget, session: RespondSession) {
  if (!session.draftId) return undefined;
  const draft = await findDraft(deps.db, session.draftId);
  return draft && draft.questionnaireId === target.questionnaire.id ? draft : undefined;
}

/**
 * Opens the journey for a consultation's questionnaire, refusing what this person may not do now:
 * unknown or unpublished (404), private without an invitation (404), not open yet, closed (the
 * clock passed closes_at even if the state has not caught up), or verified without an invitation.
 * `allowClosed` serves pages that only show what already happened (the confirmation).
 */
export async function openJourney(
  deps: Deps,
  slug: string,
  sessionOf: (questionnaireId: string) => RespondSession,
  options: { allowClosed?: boolean; linkGrantsAccess?: boolean; draftIds?: string[] } = {},
): Promise<JourneyOutcome> {
  // With the session's draft ids, the target and this questionnaire's draft come in one statement.
  const found = options.draftIds
    ? await findRespondTargetAndDraft(deps.db, slug, options.draftIds)
    : { target: await findRespondTarget(deps.db, slug), draft: undefined };
  const target = found.target;
  if (!target || HIDDEN_STATES.has(target.consultation.state)) return { ok: false, reason: 'not-found' };
  const session = sessionOf(target.questionnaire.id);
  const draft = options.draftIds
    ? found.draft && found.draft.id === session.draftId
      ? found.draft
      : undefined
    : await sessionDraft(deps, target, session);
  // A resume or invitation link is itself the credential: only its own check applies.
  const checkAccess = !options.linkGrantsAccess;
  if (checkAccess && target.questionnaire.private && !session.invited) return { ok: false, reason: 'not-found' };
  if (!options.allowClosed) {
    const refused = availability(target, deps.clock.now());
    if (refused) return refused;
  }
  if (checkAccess && target.questionnaire.mode === 'verified' && !draft?.verifiedEmail) {
    return { ok: false, reason: 'invitation-required', title: target.consultation.title };
  }
  return { ok: true, journey: await buildJourney(deps, target, draft) };
}

export function findStep(journey: Journey, key: string): Step | undefined {
  return journey.steps.find((step) => step.key === key);
}

/** The first step with something still to answer, or undefined when the response is ready to send. */
export function firstIncompleteStep(journey: Journey): Step | undefined {
  return journey.steps.find((step) => stepIncomplete(step, journey.content));
}

/** Where to go after a step: the next step, or back to check answers when changing one (unless a newly shown step needs answers). */
export function nextStepKey(journey: Journey, afterKey: string, returningToCheck: boolean): string {
  const index = journey.steps.findIndex((step) => step.key === afterKey);
  const later = journey.steps.slice(index + 1);
  if (returningToCheck) {
    const needed = later.find((step) => stepIncomplete(step, journey.content));
    return needed ? needed.key : 'check-answers';
  }
  return later[0]?.key ?? 'check-answers';
}

export function previousStepKey(journey: Journey, key: string): string | undefined {
  const index = journey.steps.findIndex((step) => step.key === key);
  return index > 0 ? journey.steps[index - 1]!.key : undefined;
}

export type SaveOutcome =
  | { ok: true; journey: Journey; draftId: string }
  | { ok: false; reason: 'invalid'; errors: FieldError[] }
  | { ok: false; reason: 'invalid-about'; error: ZodError }
  | { ok: false; reason: 'already-sent' };

async function persist(deps: Deps, journey: Journey, content: DraftContent): Promise<SaveOutcome> {
  const now = deps.clock.now();
  const { questionnaire } = journey.target;
  // Hidden questions' answers are dropped before they are ever stored, even in a draft.
  const pruned: DraftContent = { ...content, answers: storedAnswers(journey.definition, content) };
  let draft: Draft | undefined;
  if (journey.draft) {
    if (journey.draft.submittedResponseId) return { ok: false, reason: 'already-sent' };
    // The row as the update left it: no second read.
    draft = await updateDraftAnswers(deps.db, journey.draft.id, joinDraft(pruned), now);
    if (!draft) return { ok: false, reason: 'already-sent' };
  } else {
    draft = await insertDraft(deps.db, {
      questionnaireId: questionnaire.id,
      version: questionnaire.currentVersion,
      answers: joinDraft(pruned),
      // The draft, and any resume link, lives as long as the consultation is open.
      expiresAt: journey.target.consultation.closesAt ?? now,
    });
  }
  return { ok: true, journey: await buildJourney(deps, journey.target, draft), draftId: draft.id };
}

/**
 * Saves one step's answers into the draft (creating it on the first answer). With `keepValid`
 * (save and come back later) the valid answers are kept even when others have errors.
 */
export async function saveStep(
  deps: Deps,
  journey: Journey,
  step: Step,
  body: FormBody,
  options: { keepValid?: boolean } = {},
): Promise<SaveOutcome> {
  if (journey.draft?.submittedResponseId) return { ok: false, reason: 'already-sent' };
  const content: DraftContent = { ...journey.content, answers: { ...journey.content.answers } };

  if (step.kind === 'about-response') {
    const parsed = aboutResponseSchema(journey.target.questionnaire).safeParse(body);
    if (!parsed.success) {
      if (options.keepValid) return persist(deps, journey, content);
      return { ok: false, reason: 'invalid-about', error: parsed.error };
    }
    content.about = aboutToRecord(parsed.data);
    return persist(deps, journey, content);
  }

  const context = { wards: step.kind === 'ward' ? withNotInWards(journey.wards) : journey.wards };
  const { answers, errors } = parsePage(step.questions, body, context);
  if (errors.length > 0 && !options.keepValid) return { ok: false, reason: 'invalid', errors };

  if (step.kind === 'ward') {
    if (typeof answers.ward === 'string') content.chosenWard = answers.ward;
    return persist(deps, journey, content);
  }
  if (step.kind === 'about-you') {
    const aboutYou: Record<string, string> = {};
    for (const question of ABOUT_YOU_PAGE.questions) {
      const value = answers[question.key];
      if (typeof value === 'string') aboutYou[question.key] = value;
    }
    content.aboutYou = aboutYou;
    return persist(deps, journey, content);
  }

  // A page's answers replace what it held before, so clearing an optional answer removes it.
  const erroneous = new Set(errors.map((error) => error.key));
  for (const question of step.questions) {
    if (erroneous.has(question.key)) continue;
    delete content.answers[question.key];
    delete content.answers[`${question.key}_other`];
  }
  Object.assign(content.answers, answers);

  const before = postcodeAnswer(journey.definition, journey.content.answers);
  const after = postcodeAnswer(journey.definition, storedAnswers(journey.definition, content));
  if (after !== before || (after && content.postcodeWard === undefined)) {
    content.postcodeWard = after ? ((await wardForPostcode(deps, after)) ?? '') : undefined;
    content.chosenWard = undefined;
  }
  return persist(deps, journey, content);
}

function aboutToRecord(about: AboutResponse): Record<string, string> {
  return {
    respondentType: about.respondentType,
    organisationName: about.organisationName,
    publicationConsent: about.publicationConsent,
    respondentName: about.respondentName,
    email: about.email,
    wantsUpdates: about.wantsUpdates ? 'yes' : '',
  };
}

// No 0/O or 1/I: references are read aloud over the phone and typed from paper.
const REFERENCE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';

/** A reference like "SDG-7K3F-9QX2": 40 random bits in an unambiguous alphabet. */
export function newReference(): string {
  const bytes = randomBytes(8);
  const chars = [...bytes].map((byte) => REFERENCE_ALPHABET[byte & 31]);
  return `SDG-${chars.slice(0, 4).join('')}-${chars.slice(4).join('')}`;
}

export type SubmitOutcome =
  | { ok: true; reference: string; responseId: string }
  | { ok: false; reason: 'no-draft' }
  | { ok: false; reason: 'incomplete'; stepKey: string }
  | { ok: false; reason: 'already-responded'; reference: string };

/**
 * Sends the draft as a response, exactly once: the draft's idempotency key is the response's,
 * so a refresh, the back button, two tabs or many simultaneous posts all end at the one row
 * (ON CONFLICT DO NOTHING, then read the winner). The response, its "About you" answers, the
 * draft's sent mark and the receipt email commit together, before any confirmation is shown.
 */
export async function submitResponse(deps: Deps, journey: Journey): Promise<SubmitOutcome> {
  const { draft, target, definition, content } = journey;
  if (!draft) return { ok: false, reason: 'no-draft' };
  if (draft.submittedResponseId) {
    const sent = await findResponseById(deps.db, draft.submittedResponseId);
    if (sent) return { ok: true, reference: sent.reference, responseId: sent.id };
  }
  const missing = firstIncompleteStep(journey);
  if (missing) return { ok: false, reason: 'incomplete', stepKey: missing.key };

  const about = content.about ?? {};
  const now = deps.clock.now();
  for (let attempt = 0; attempt < 5; attempt++) {
    const outcome = await deps.db.transaction(async (tx): Promise<SubmitOutcome | undefined> => {
      const inserted = await insertResponseOnce(tx, {
        questionnaireId: target.questionnaire.id,
        version: draft.version,
        reference: newReference(),
        idempotencyKey: draft.idempotencyKey,
        channel: 'online',
        respondentType: about.respondentType || 'individual',
        organisationName: about.organisationName || null,
        publicationConsent: about.publicationConsent || 'do_not_publish',
        respondentName: about.respondentName || null,
        respondentEmail: about.email || null,
        verifiedEmail: draft.verifiedEmail,
        wantsUpdates: about.wantsUpdates === 'yes',
        postcode: postcodeAnswer(definition, content.answers) ?? null,
        wardCode: wardOf(definition, content),
        // "About you" answers are special category data: never in the response's answers.
        answers: storedAnswers(definition, content),
        redactions: {},
        submittedAt: now,
      });
      if (!inserted) {
        const same = await findResponseByIdempotencyKey(tx, draft.idempotencyKey);
        if (same) return { ok: true, reference: same.reference, responseId: same.id };
        if (draft.verifiedEmail) {
          const earlier = await findResponseByVerifiedEmail(tx, target.questionnaire.id, draft.verifiedEmail);
          if (earlier) return { ok: false, reason: 'already-responded', reference: earlier.reference };
        }
        return undefined; // the reference was taken: try another
      }
      if (target.questionnaire.includeAboutYou && Object.keys(content.aboutYou).length > 0) {
        await insertEqualities(tx, inserted.id, target.questionnaire.id, content.aboutYou);
      }
      await markDraftSubmitted(tx, draft.id, inserted.id, now);
      // Anyone can type any address here: a receipt goes to one address for one questionnaire at
      // most once per 15 minutes and within the address's daily cap (the response is kept either way).
      const receipt =
        about.email &&
        (
          await claimMessage(tx, {
            purpose: 'response-receipt',
            scope: target.questionnaire.id,
            contact: about.email,
            now,
          })
        ).send;
      if (about.email && receipt) {
        await deps.notifier.queue(tx, {
          reference: `response-receipt:${inserted.id}`,
          template: 'response-receipt',
          recipient: about.email,
          personalisation: {
            reference: inserted.reference,
            title: target.consultation.title,
            link: `${deps.config.baseUrl}/consultations/${target.consultation.slug}`,
            updates: about.wantsUpdates === 'yes' ? 'yes' : 'no',
          },
        });
      }
      return { ok: true, reference: inserted.reference, responseId: inserted.id };
    });
    if (outcome) return outcome;
  }
  throw new Error('Could not find a free response reference');
}

/** The reference of the response this browser sent, for the confirmation page. */
export async function sentResponse(deps: Deps, journey: Journey) {
  if (!journey.draft?.submittedResponseId) return undefined;
  return findResponseById(deps.db, journey.draft.submittedResponseId);
}

/** A new draft for a person who opened their invitation link, carrying their verified email. */
export async function startInvitedDraft(deps: Deps, target: RespondTarget, verifiedEmail: string | null) {
  return insertDraft(deps.db, {
    questionnaireId: target.questionnaire.id,
    version: target.questionnaire.currentVersion,
    answers: {},
    expiresAt: target.consultation.closesAt ?? deps.clock.now(),
    verifiedEmail,
  });
}
