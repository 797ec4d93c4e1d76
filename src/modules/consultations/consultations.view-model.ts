/** Labels and small view helpers shared by the staff pages. */
import { AUDIENCES, LADDER, LADDER_LABELS, STATE_LABELS, STATES, TOPICS, type ConsultationState } from './catalogue.ts';
import type { LifecycleAction } from './consultations.policy.ts';
import { PRINCIPLE_LABELS } from './standards-check.ts';
import type { CheckResult } from './standards.types.ts';

export const STATE_TAG_CLASSES: Record<ConsultationState, string> = {
  draft: 'govuk-tag--grey',
  in_review: 'govuk-tag--yellow',
  scheduled: 'govuk-tag--blue',
  open: 'govuk-tag--green',
  closed: 'govuk-tag--orange',
  feedback_published: 'govuk-tag--purple',
  archived: 'govuk-tag--grey',
};

export const STATUS_TAGS = {
  pass: { text: 'Pass', classes: 'govuk-tag--green' },
  warning: { text: 'Warning', classes: 'govuk-tag--yellow' },
  block: { text: 'Must fix', classes: 'govuk-tag--red' },
} as const;

export const OUTCOME_LABELS = {
  pass: 'Passed',
  warnings: 'Warnings to justify',
  blocked: 'Blocked: must be fixed',
} as const;

/**
 * The lifecycle actions taken from this module's pages. Publishing feedback is not among them: the
 * feedback module owns it, because it must first check that every theme has an answer.
 */
export type PageAction = Exclude<LifecycleAction, 'publishFeedback'>;

/** Every page action's URL part, button text and whether it needs a form page. */
export const ACTIONS: Record<
  PageAction,
  { path: string; button: string; heading: string; form: 'none' | 'reason' | 'reopen' }
> = {
  submit: { path: 'submit', button: 'Submit for review', heading: 'Submit for review', form: 'none' },
  return: { path: 'return', button: 'Return to draft', heading: 'Return to draft', form: 'reason' },
  approve: { path: 'approve', button: 'Approve and schedule', heading: 'Approve and schedule', form: 'none' },
  withdraw: { path: 'withdraw', button: 'Withdraw to draft', heading: 'Withdraw to draft', form: 'reason' },
  close: { path: 'close', button: 'Close early', heading: 'Close the consultation early', form: 'reason' },
  reopen: { path: 'reopen', button: 'Reopen', heading: 'Reopen the consultation', form: 'reopen' },
  archive: { path: 'archive', button: 'Archive', heading: 'Archive the consultation', form: 'none' },
};

export function actionFromPath(path: string): PageAction | undefined {
  return (Object.keys(ACTIONS) as PageAction[]).find((a) => ACTIONS[a].path === path);
}

export function isPageAction(action: LifecycleAction): action is PageAction {
  return action in ACTIONS;
}

/** Results grouped by principle, in the order principles first appear. */
export function groupResults(results: CheckResult[]) {
  const groups: { principle: string; label: string; results: CheckResult[] }[] = [];
  for (const result of results) {
    let group = groups.find((g) => g.principle === result.principle);
    if (!group) {
      group = { principle: result.principle, label: PRINCIPLE_LABELS[result.principle], results: [] };
      groups.push(group);
    }
    group.results.push(result);
  }
  return groups;
}

export const labels = {
  states: STATE_LABELS,
  stateOrder: STATES,
  stateTags: STATE_TAG_CLASSES,
  topics: TOPICS,
  audiences: AUDIENCES,
  ladder: LADDER.map((rung) => ({ value: rung, ...LADDER_LABELS[rung] })),
  ladderLabels: LADDER_LABELS,
  statusTags: STATUS_TAGS,
  outcomes: OUTCOME_LABELS,
};
