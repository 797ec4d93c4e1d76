/**
 * Exports of responses: one row per response, one column per answer. Personal data and About
 * you columns only for roles allowed them, and every export is audited in the transaction that
 * reads the rows, so the audit trail says exactly which set of responses left the system.
 */
import ExcelJS from 'exceljs';
import type { Actor, Deps } from '../../deps.ts';
import { recordAudit } from '../audit/index.ts';
import { ABOUT_YOU_PAGE } from './about-you.ts';
import { AGREEMENT_SCALE, otherKey, type Question } from './questionnaire.types.ts';
import * as repo from './results.repository.ts';
import {
  allQuestions,
  answerText,
  CHANNELS,
  labelOf,
  PUBLICATION_CONSENT,
  RESPONDENT_TYPES,
  scalarText,
  type ResultFilters,
  type ResultsAccess,
} from './results.service.ts';

export const EXPORT_FORMATS = ['csv', 'json', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  json: 'application/json; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

export interface Column {
  id: string;
  label: string;
  value: (response: repo.FullResponse) => string;
}

/** Each answerable question as one or more columns: matrix one per row, document comments one per section. */
function questionColumns(question: Question, access: ResultsAccess): Column[] {
  const answerOf = (r: repo.FullResponse) => answerText(question, r.answers, access.wards);
  switch (question.type) {
    case 'information':
      return [];
    case 'matrix':
      return (question.rows ?? []).map((row) => ({
        id: `${question.key}.${row.value}`,
        label: `${question.text} – ${row.label}`,
        value: (r) => {
          const answer = r.answers[question.key] as Record<string, string> | undefined;
          const chosen = answer?.[row.value];
          if (chosen === undefined) return '';
          return labelOf(question.options?.length ? question.options : AGREEMENT_SCALE, chosen);
        },
      }));
    case 'document_comment':
      return (question.sections ?? []).map((section) => ({
        id: `${question.key}.${section.number}`,
        label: `${question.text} – ${section.number} ${section.heading}`,
        value: (r) => scalarText((r.answers[question.key] as Record<string, string> | undefined)?.[section.number]),
      }));
    case 'single_choice':
      if (question.allowOther) {
        return [
          {
            id: question.key,
            label: question.text,
            value: (r) => labelOf(optionsOf(question), scalarText(r.answers[question.key])),
          },
          {
            id: otherKey(question.key),
            label: `${question.text} – other`,
            value: (r) => scalarText(r.answers[otherKey(question.key)]),
          },
        ];
      }
      return [{ id: question.key, label: question.text, value: answerOf }];
    default:
      return [{ id: question.key, label: question.text, value: answerOf }];
  }
}

const optionsOf = (question: Question) => [...(question.options ?? []), { value: 'other', label: 'Other' }];

/** The columns this user may export, in a stable order. */
export function columnsFor(access: ResultsAccess): Column[] {
  const columns: Column[] = [
    { id: 'reference', label: 'Reference', value: (r) => r.reference },
    { id: 'submitted_at', label: 'Submitted at', value: (r) => r.submittedAt.toISOString() },
    { id: 'channel', label: 'Channel', value: (r) => labelOf(CHANNELS, r.channel) },
    { id: 'ward', label: 'Ward', value: (r) => (r.wardCode ? labelOf(access.wards, r.wardCode) : '') },
    { id: 'respondent_type', label: 'Respondent type', value: (r) => labelOf(RESPONDENT_TYPES, r.respondentType) },
    { id: 'organisation', label: 'Organisation', value: (r) => r.organisationName ?? '' },
    {
      id: 'publication_consent',
      label: 'Publication consent',
      value: (r) => labelOf(PUBLICATION_CONSENT, r.publicationConsent),
    },
  ];
  if (access.personalData) {
    columns.push(
      { id: 'name', label: 'Name', value: (r) => r.respondentName ?? '' },
      { id: 'email', label: 'Email', value: (r) => r.respondentEmail ?? '' },
    );
  }
  columns.push(...allQuestions(access.definition).flatMap((q) => questionColumns(q, access)));
  if (access.equalities) {
    columns.push(
      ...ABOUT_YOU_PAGE.questions.map((q) => ({
        id: `about_you.${q.key}`,
        label: `About you – ${q.text}`,
        value: (r: repo.FullResponse) => answerText(q, r.equalities ?? {}, []),
      })),
    );
  }
  return columns;
}

/**
 * A cell a spreadsheet would run as a formula (=, +, -, @, tab, carriage return) gets a leading
 * single quote, so an answer like "=HYPERLINK(…)" stays text when an officer opens the file.
 */
export const neutralise = (value: string) => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);

export function csvCell(value: string): string {
  const safe = neutralise(value);
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function toCsv(columns: Column[], responses: repo.FullResponse[]): string {
  const lines = [columns.map((c) => csvCell(c.label)).join(',')];
  for (const response of responses) lines.push(columns.map((c) => csvCell(c.value(response))).join(','));
  // The byte order mark makes Excel read the file as UTF-8 (names with accents, "–").
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

export function toJson(
  access: ResultsAccess,
  columns: Column[],
  responses: repo.FullResponse[],
  filters: ResultFilters,
) {
  return JSON.stringify(
    {
      consultation: { id: access.consultation.id, title: access.consultation.title },
      filters,
      columns: columns.map((c) => ({ id: c.id, label: c.label })),
      responses: responses.map((r) => Object.fromEntries(columns.map((c) => [c.id, c.value(r)]))),
    },
    null,
    2,
  );
}

/**
 * A workbook with one sheet. Cells are written as plain strings, which Excel never evaluates;
 * they carry the same leading quote as the CSV anyway, because a workbook is often saved on as CSV.
 */
export async function toXlsx(columns: Column[], responses: repo.FullResponse[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Responses');
  sheet.columns = columns.map((c) => ({
    header: c.label,
    key: c.id,
    width: Math.min(50, Math.max(12, c.label.length)),
  }));
  sheet.getRow(1).font = { bold: true };
  for (const response of responses) sheet.addRow(columns.map((c) => neutralise(c.value(response))));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The export file, with its audit event written in the same transaction as the read. */
export async function exportResponses(
  deps: Deps,
  actor: Actor,
  access: ResultsAccess,
  filters: ResultFilters,
  format: ExportFormat,
): Promise<string | Buffer> {
  const columns = columnsFor(access);
  return deps.db.transaction(async (tx) => {
    const responses = await repo.listResponses(tx, access.questionnaire.id, filters);
    await recordAudit(tx, actor, {
      action: 'results.exported',
      entityType: 'questionnaire',
      entityId: access.questionnaire.id,
      after: {
        consultationId: access.consultation.id,
        format,
        filters,
        responses: responses.length,
        personalData: access.personalData,
        aboutYou: access.equalities,
      },
    });
    if (format === 'xlsx') return toXlsx(columns, responses);
    return format === 'csv' ? toCsv(columns, responses) : toJson(access, columns, responses, filters);
  });
}
