/** Test set-up for the responding journey: a consultation and its questionnaire, inserted directly. */
import { randomUUID } from 'node:crypto';
import type { Deps } from '../../deps.ts';
import type { QuestionnaireDefinition } from './questionnaire.types.ts';

export const DAY = 24 * 60 * 60 * 1000;

/** Pages exercising conditions, a postcode and several types; conditions reference earlier pages only. */
export const SAMPLE_DEFINITION: QuestionnaireDefinition = {
  pages: [
    {
      key: 'views',
      title: 'Your views',
      questions: [
        {
          key: 'support',
          type: 'single_choice',
          text: 'Do you support the proposal?',
          required: true,
          options: [
            { value: 'yes', label: 'Yes' },
            { value: 'no', label: 'No' },
          ],
        },
        { key: 'comments', type: 'short_text', text: 'Anything else?', required: false, maxLength: 50 },
      ],
    },
    {
      key: 'concerns',
      title: 'Your concerns',
      condition: { questionKey: 'support', operator: 'equals', value: 'no' },
      questions: [
        { key: 'concern_detail', type: 'short_text', text: 'What concerns you most?', required: true },
        { key: 'why_not', type: 'long_text', text: 'Tell us more', required: false, maxLength: 500 },
      ],
    },
    {
      key: 'details',
      title: 'Some details',
      questions: [
        { key: 'postcode', type: 'postcode', text: 'What is your postcode?', required: false },
        { key: 'visits', type: 'number', text: 'How many times a month do you visit?', required: false, min: 0, max: 31, integer: true },
        { key: 'moved_in', type: 'date', text: 'When did you move in?', required: false },
        {
          key: 'priorities',
          type: 'multiple_choice',
          text: 'What matters most?',
          required: false,
          maxChoices: 2,
          options: [
            { value: 'parks', label: 'Parks' },
            { value: 'roads', label: 'Roads' },
            { value: 'libraries', label: 'Libraries' },
          ],
        },
      ],
    },
  ],
};

export interface Fixture {
  consultationId: string;
  questionnaireId: string;
  slug: string;
}

/** An open consultation (closing in `closesInDays`) with a questionnaire of the given definition. */
export async function createRespondable(
  deps: Deps,
  options: {
    definition?: QuestionnaireDefinition;
    state?: string;
    opensAt?: Date;
    closesAt?: Date;
    mode?: 'open' | 'verified';
    private?: boolean;
    includeAboutYou?: boolean;
  } = {},
): Promise<Fixture> {
  const now = deps.clock.now();
  const slug = `respond-test-${randomUUID().slice(0, 8)}`;
  const [org] = await deps.database.query<{ id: string }>('SELECT id FROM organisations ORDER BY name LIMIT 1');
  const [consultation] = await deps.database.query<{ id: string }>(
    `INSERT INTO consultations (slug, title, summary, lead_organisation_id, state, opens_at, closes_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [
      slug,
      'Improving Parsloes Park',
      'Tell us how to improve the park.',
      org!.id,
      options.state ?? 'open',
      (options.opensAt ?? new Date(now.getTime() - DAY)).toISOString(),
      (options.closesAt ?? new Date(now.getTime() + 14 * DAY)).toISOString(),
    ],
  );
  const [questionnaire] = await deps.database.query<{ id: string }>(
    `INSERT INTO questionnaires (owner_type, owner_id, title, mode, private, include_about_you)
     VALUES ('consultation', $1, 'Park questionnaire', $2, $3, $4) RETURNING id`,
    [consultation!.id, options.mode ?? 'open', options.private ?? false, options.includeAboutYou ?? true],
  );
  await deps.database.query(
    'INSERT INTO questionnaire_versions (questionnaire_id, version, definition) VALUES ($1, 1, $2)',
    [questionnaire!.id, JSON.stringify(options.definition ?? SAMPLE_DEFINITION)],
  );
  return { consultationId: consultation!.id, questionnaireId: questionnaire!.id, slug };
}
