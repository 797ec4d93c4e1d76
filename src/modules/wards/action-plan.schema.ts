/** The action update form: zod with GOV.UK wording; only the action's own milestones may be ticked. */
import { z } from 'zod';
import { ACTION_STATUSES, type ActionStatus } from './wards.catalogue.ts';
import { dateFromParts, many, one, type FormValues } from './intelligence.schema.ts';
import type { UpdateInput } from './action-plan.service.ts';

export const NOTE_MAX = 2000;
export const EVIDENCE_MAX = 1000;
export const UPDATE_ANCHORS = { status: 'status', writtenOn: 'writtenOn-day', milestonesDone: 'milestonesDone' };

export function updateValuesOf(body: Record<string, unknown>): FormValues {
  return {
    status: one(body.status),
    note: one(body.note).replace(/\r\n/g, '\n'),
    evidence: one(body.evidence).replace(/\r\n/g, '\n'),
    'writtenOn-day': one(body['writtenOn-day']),
    'writtenOn-month': one(body['writtenOn-month']),
    'writtenOn-year': one(body['writtenOn-year']),
    milestonesDone: many(body.milestonesDone),
  };
}

export function updateSchema(options: { milestoneIds: ReadonlySet<string>; today: string }) {
  return z.custom<FormValues>().transform((values, ctx): UpdateInput => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    const status = one(values.status);
    if (!(status in ACTION_STATUSES)) issue('status', 'Select the status of the action');
    const note = one(values.note);
    if (note === '') issue('note', 'Enter what has happened since the last update');
    else if (note.length > NOTE_MAX)
      issue('note', `Update must be ${NOTE_MAX.toLocaleString('en-GB')} characters or fewer`);
    const evidence = one(values.evidence);
    if (evidence.length > EVIDENCE_MAX)
      issue('evidence', `Evidence must be ${EVIDENCE_MAX.toLocaleString('en-GB')} characters or fewer`);
    const writtenOn = dateFromParts(
      one(values['writtenOn-day']),
      one(values['writtenOn-month']),
      one(values['writtenOn-year']),
      'Date of the update',
      issue,
      'writtenOn',
    );
    if (writtenOn && writtenOn > options.today) issue('writtenOn', 'Date of the update must be today or in the past');
    const milestonesDone = many(values.milestonesDone);
    if (milestonesDone.some((id) => !options.milestoneIds.has(id)))
      issue('milestonesDone', 'Select milestones from the list');
    return { status: status as ActionStatus, note, evidence, writtenOn: writtenOn ?? '', milestonesDone };
  });
}
