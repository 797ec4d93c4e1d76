/**
 * The "About you" equality monitoring block, aligned to the 2021 Census categories. Every
 * question is optional with "Prefer not to say". Answers are special category data: they are
 * stored apart from the response's answers and shown only to roles that need them.
 */
import type { Option, Page } from './questionnaire.types.ts';

export const ABOUT_YOU_PAGE_KEY = 'about_you';
export const PREFER_NOT_TO_SAY: Option = { value: 'prefer_not_to_say', label: 'Prefer not to say' };

const withPreferNot = (options: Option[]): Option[] => [...options, PREFER_NOT_TO_SAY];
const opts = (...labels: string[]): Option[] =>
  labels.map((label) => ({
    value: label
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_|_$/g, ''),
    label,
  }));

export const ABOUT_YOU_PAGE: Page = {
  key: ABOUT_YOU_PAGE_KEY,
  title: 'About you',
  description:
    'These questions are optional. They help us check that we are hearing from everyone in the borough. ' +
    'Your answers are kept separately from your other answers and are only seen by the people who analyse them.',
  questions: [
    {
      key: 'age_band',
      type: 'single_choice',
      text: 'What is your age?',
      required: false,
      options: withPreferNot(
        opts('Under 16', '16 to 24', '25 to 34', '35 to 44', '45 to 54', '55 to 64', '65 to 74', '75 or over'),
      ),
    },
    {
      key: 'sex',
      type: 'single_choice',
      text: 'What is your sex?',
      required: false,
      options: withPreferNot(opts('Female', 'Male')),
    },
    {
      key: 'gender_identity',
      type: 'single_choice',
      text: 'Is the gender you identify with the same as your sex registered at birth?',
      required: false,
      options: withPreferNot(opts('Yes', 'No')),
    },
    {
      key: 'ethnic_group',
      type: 'single_choice',
      text: 'What is your ethnic group?',
      required: false,
      options: withPreferNot(
        opts(
          'Asian, Asian British or Asian Welsh',
          'Black, Black British, Black Welsh, Caribbean or African',
          'Mixed or multiple ethnic groups',
          'White',
          'Other ethnic group',
        ),
      ),
    },
    {
      key: 'disability',
      type: 'single_choice',
      required: false,
      text: 'Do you have any physical or mental health conditions or illnesses lasting or expected to last 12 months or more?',
      hint: 'Under the Equality Act 2010 this may mean you are disabled.',
      options: withPreferNot(opts('Yes', 'No')),
    },
    {
      key: 'religion',
      type: 'single_choice',
      text: 'What is your religion?',
      required: false,
      options: withPreferNot(
        opts('No religion', 'Christian', 'Buddhist', 'Hindu', 'Jewish', 'Muslim', 'Sikh', 'Any other religion'),
      ),
    },
    {
      key: 'sexual_orientation',
      type: 'single_choice',
      text: 'Which of the following best describes your sexual orientation?',
      required: false,
      options: withPreferNot(
        opts('Straight or heterosexual', 'Gay or lesbian', 'Bisexual', 'Other sexual orientation'),
      ),
    },
    {
      key: 'unpaid_carer',
      type: 'single_choice',
      required: false,
      text: 'Do you look after, or give any help or support to, anyone because they have long-term physical or mental health conditions or illnesses, or problems related to old age?',
      hint: 'Exclude anything you do as part of your paid employment.',
      options: withPreferNot(
        opts(
          'No',
          'Yes, 9 hours a week or less',
          'Yes, 10 to 19 hours a week',
          'Yes, 20 to 34 hours a week',
          'Yes, 35 to 49 hours a week',
          'Yes, 50 or more hours a week',
        ),
      ),
    },
  ],
};

export const ABOUT_YOU_KEYS = new Set(ABOUT_YOU_PAGE.questions.map((question) => question.key));
