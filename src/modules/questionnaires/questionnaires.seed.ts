/**
 * Demo questionnaires for every open, closed and feedback-published demo consultation, using many
 * question types, a condition, and (on a strategy) comments on a document section by section.
 * Idempotent: a consultation that already has a questionnaire is left alone.
 */
import type { Deps } from '../../deps.ts';
import { listConsultations } from '../consultations/index.ts';
import { listWardNames } from '../geography/index.ts';
import { validateDefinition } from './builder.schema.ts';
import type { QuestionnaireDefinition } from './questionnaire.types.ts';
import * as repo from './questionnaires.repository.ts';

const SEEDED_STATES = ['open', 'closed', 'feedback_published'];

const STRATEGY_SECTIONS = [
  {
    number: '1',
    heading: 'Why we engage',
    text: 'Decisions are better when the people they affect help shape them. This strategy sets out how we will listen.',
  },
  {
    number: '2',
    heading: 'Our principles',
    text: 'We will be clear about what can change, give people enough time and information, and tell them what we did with their views.',
  },
  {
    number: '3',
    heading: 'Reaching everyone',
    text: 'We will go to where people are: libraries, schools, places of worship and community events, as well as online.',
  },
  {
    number: '4',
    heading: 'Reporting back',
    text: 'Within twelve weeks of a consultation closing we will publish what we heard and what we decided.',
  },
];

/** A realistic questionnaire for one consultation. */
export function demoDefinition(consultation: { title: string }, withDocument: boolean): QuestionnaireDefinition {
  const definition: QuestionnaireDefinition = {
    pages: [
      {
        key: 'page_1',
        title: 'Your views on the proposal',
        description: `These questions are about “${consultation.title}”. Answer as many as you like.`,
        questions: [
          {
            key: 'agree_proposal',
            type: 'agreement',
            text: 'To what extent do you agree with the proposal?',
            required: true,
          },
          {
            key: 'agree_reasons',
            type: 'long_text',
            text: 'Why do you say that?',
            hint: 'Tell us what you like or dislike, and what we could do differently.',
            required: false,
            maxLength: 2000,
          },
          {
            key: 'used_recently',
            type: 'single_choice',
            text: 'Have you used the places or services affected in the last 12 months?',
            required: true,
            options: [
              { value: 'yes', label: 'Yes' },
              { value: 'no', label: 'No' },
              { value: 'not_sure', label: 'Not sure' },
            ],
          },
          {
            key: 'heard_about',
            type: 'single_choice',
            text: 'How did you hear about this consultation?',
            required: false,
            allowOther: true,
            options: [
              { value: 'website', label: 'Council website' },
              { value: 'social_media', label: 'Social media' },
              { value: 'letter', label: 'Letter or leaflet' },
              { value: 'word_of_mouth', label: 'Friends, family or neighbours' },
            ],
          },
          {
            key: 'matters_most',
            type: 'multiple_choice',
            text: 'Which of these matter most to you?',
            required: false,
            maxChoices: 3,
            options: [
              { value: 'cost', label: 'Cost to residents' },
              { value: 'access', label: 'Easy access for disabled people' },
              { value: 'safety', label: 'Feeling safe' },
              { value: 'environment', label: 'The environment' },
              { value: 'local_jobs', label: 'Local jobs and businesses' },
            ],
          },
        ],
      },
      {
        key: 'page_2',
        title: 'Your experience',
        condition: { questionKey: 'used_recently', operator: 'equals', value: 'yes' },
        questions: [
          {
            key: 'rate_experience',
            type: 'matrix',
            text: 'How much do you agree with each statement about your last visit?',
            required: false,
            rows: [
              { value: 'easy_to_reach', label: 'It was easy to get to' },
              { value: 'clean', label: 'It was clean and well kept' },
              { value: 'staff_helpful', label: 'Staff were helpful' },
            ],
          },
          {
            key: 'improvement_rank',
            type: 'ranking',
            text: 'Put these improvements in order of importance to you',
            required: false,
            options: [
              { value: 'opening_hours', label: 'Longer opening hours' },
              { value: 'accessibility', label: 'Better accessibility' },
              { value: 'information', label: 'Clearer information' },
              { value: 'seating', label: 'More seating' },
            ],
          },
          {
            key: 'visits_per_month',
            type: 'number',
            text: 'About how many times a month do you go there?',
            required: false,
            min: 0,
            max: 60,
            integer: true,
          },
        ],
      },
      {
        key: 'page_3',
        title: 'Where you live',
        description: 'This helps us understand how views differ across the borough.',
        questions: [
          { key: 'home_postcode', type: 'postcode', text: 'What is your postcode?', required: false },
          {
            key: 'home_ward',
            type: 'ward',
            text: 'Which ward do you live in?',
            hint: 'If you do not know, leave this blank and give your postcode.',
            required: false,
          },
        ],
      },
    ],
  };
  if (withDocument) {
    definition.pages.splice(1, 0, {
      key: 'page_document',
      title: 'Comment on the draft',
      questions: [
        {
          key: 'about_document',
          type: 'information',
          text: 'About the draft',
          body: 'The draft has four numbered sections. Comment on any of them; you do not have to comment on all.',
          required: false,
        },
        {
          key: 'draft_comments',
          type: 'document_comment',
          text: 'Your comments on the draft',
          required: false,
          maxLength: 3000,
          sections: STRATEGY_SECTIONS,
        },
      ],
    });
  }
  return definition;
}

export async function seedQuestionnaires(deps: Deps) {
  const { rows } = await listConsultations(deps.db, { states: SEEDED_STATES, limit: 1000, offset: 0 });
  const wardCodes = (await listWardNames(deps.db)).map((w) => w.code);
  const documentFor =
    rows.find((c) => c.slug === 'community-engagement-strategy') ??
    rows.find((c) => /strategy/i.test(c.slug)) ??
    rows[0];
  const now = deps.clock.now();
  for (const consultation of rows) {
    if (await repo.findQuestionnaireByOwner(deps.db, consultation.id)) continue;
    const parsed = validateDefinition(demoDefinition(consultation, consultation.id === documentFor?.id), { wardCodes });
    // A demo questionnaire the builder would refuse is a bug in this file, not something to store.
    if (!parsed.success) throw new Error(`Invalid demo questionnaire: ${parsed.error.issues[0]?.message}`);
    await deps.db.transaction(async (tx) => {
      if (!(await repo.insertQuestionnaireIfMissing(tx, consultation.id, consultation.title, now))) return;
      const row = (await repo.findQuestionnaireByOwner(tx, consultation.id))!;
      await repo.insertVersion(tx, {
        questionnaireId: row.id,
        version: 1,
        definition: parsed.data,
        createdBy: null,
        createdAt: now,
      });
    });
  }
}
