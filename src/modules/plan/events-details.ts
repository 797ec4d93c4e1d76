/**
 * How an event is described everywhere: its registration questions, where and what it is, whether
 * registration is open, and the details every message about a place carries.
 */
import type { Deps } from '../../deps.ts';
import { formatDateTime } from '../../web/format.ts';
import type { Answers, Question, QuestionnaireDefinition } from '../questionnaires/index.ts';
import { EVENT_KINDS } from './plan.catalogue.ts';
import type { PlanEvent, Registration } from './plan.tables.ts';

export const ACCESS_NEEDS = [
  { value: 'step_free', label: 'Step-free access or a wheelchair space' },
  { value: 'hearing_loop', label: 'A hearing loop' },
  { value: 'bsl', label: 'A British Sign Language interpreter' },
  { value: 'language', label: 'An interpreter for another language' },
  { value: 'large_print', label: 'Large print or easy read papers' },
  { value: 'quiet_space', label: 'A quiet space' },
  { value: 'companion', label: 'Space for a carer or companion' },
];

/**
 * Registration questions for the shared questionnaire engine: who is coming, how to reach them,
 * and what they need to take part; organisers may add one question of their own.
 */
export function registrationDefinition(extraQuestion = ''): QuestionnaireDefinition {
  const questions: Question[] = [
    { key: 'name', type: 'short_text', text: 'Your name', required: true, maxLength: 100 },
    {
      key: 'email',
      type: 'email',
      text: 'Email address',
      hint: 'We will send your confirmation and a reminder to this address',
      required: true,
    },
    {
      key: 'access_needs',
      type: 'multiple_choice',
      text: 'Will you need any of these to take part?',
      hint: 'Select all that apply',
      required: false,
      options: ACCESS_NEEDS,
    },
    {
      key: 'access_details',
      type: 'long_text',
      text: 'Tell us about anything else we can do to help you take part',
      required: false,
      maxLength: 1000,
    },
  ];
  if (extraQuestion)
    questions.push({
      key: 'organiser_question',
      type: 'long_text',
      text: extraQuestion,
      required: false,
      maxLength: 1000,
    });
  return { pages: [{ key: 'registration', title: 'Register for this event', questions }] };
}

export const questionsOf = (event: Pick<PlanEvent, 'registrationDefinition'>) =>
  (event.registrationDefinition as QuestionnaireDefinition).pages.flatMap((page) => page.questions);

export function locationOf(event: Pick<PlanEvent, 'venueName' | 'venueAddress' | 'onlineUrl'>): string {
  const place = [event.venueName, event.venueAddress.replace(/\n+/g, ', ')].filter(Boolean).join(', ');
  return place ? (event.onlineUrl ? `${place} (or online)` : place) : event.onlineUrl ? 'Online' : '';
}

const accessNeedsText = (answers: Answers) =>
  (Array.isArray(answers.access_needs) ? answers.access_needs : [])
    .map((value) => ACCESS_NEEDS.find((n) => n.value === value)?.label ?? value)
    .join('; ');

/** What messages about a place say: the event, the person's reference and the access needs they gave. */
export function personalisation(deps: Deps, event: PlanEvent, registration: Registration) {
  return {
    name: registration.name,
    title: event.title,
    reference: registration.reference,
    when: formatDateTime(event.startsAt),
    where: locationOf(event) || 'to be confirmed',
    access: [event.stepFree ? 'Step-free access' : 'Not step-free', event.accessInfo].filter(Boolean).join('. '),
    link: `${deps.config.baseUrl}/events/${event.id}`,
    accessNeeds: accessNeedsText(registration.answers as Answers),
  };
}

/** Registration is open until the event starts, unless it is cancelled. */
export const registrationOpen = (event: Pick<PlanEvent, 'status' | 'startsAt'>, now: Date) =>
  event.status === 'scheduled' && event.startsAt > now;

export const kindLabel = (kind: string) => EVENT_KINDS[kind as keyof typeof EVENT_KINDS] ?? kind;
