/**
 * Reads the ONS postcode lookup (NSPL or ONSPD CSV) line by line — the full files are over a
 * gigabyte — and keeps only postcodes in wards this install knows, upserting in batches.
 */
import fs from 'node:fs';
import readline from 'node:readline';
import type { Readable } from 'node:stream';
import type { Db } from '../../db/client.ts';
import { normalisePostcode } from './answer-parsing.ts';
import { upsertPostcodes, type PostcodeRow } from './postcodes.repository.ts';

export interface ImportResult {
  read: number;
  imported: number;
  /** Terminated postcodes, unknown wards and unreadable postcodes. */
  skipped: number;
}

export class PostcodeFileError extends Error {}

/** Splits one CSV line, honouring double quotes ("" inside quotes is a quote). */
export function splitCsvLine(line: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      fields.push(field);
      field = '';
    } else field += c;
  }
  fields.push(field);
  return fields;
}

function columnIndex(header: string[], names: string[]): number {
  for (const name of names) {
    const index = header.indexOf(name);
    if (index >= 0) return index;
  }
  return -1;
}

/**
 * Imports postcodes from an NSPL/ONSPD CSV stream. Columns: `pcds` (or `pcd`), `ward` (ONSPD:
 * `osward`), `laua` (ONSPD: `oslaua`); `doterm` when present drops terminated postcodes.
 */
export async function importPostcodes(
  db: Db,
  input: Readable,
  knownWardCodes: Iterable<string>,
  options: { batchSize?: number } = {},
): Promise<ImportResult> {
  const wards = new Set(knownWardCodes);
  const batchSize = options.batchSize ?? 1000;
  const lines = readline.createInterface({ input, crlfDelay: Infinity });
  const result: ImportResult = { read: 0, imported: 0, skipped: 0 };
  let columns: { postcode: number; ward: number; authority: number; terminated: number } | undefined;
  // Keyed by postcode so a file repeating one never upserts the same row twice in a statement.
  let batch = new Map<string, PostcodeRow>();

  const flush = async () => {
    if (batch.size === 0) return;
    await upsertPostcodes(db, [...batch.values()]);
    result.imported += batch.size;
    batch = new Map();
  };

  for await (const rawLine of lines) {
    const line = rawLine.replace(/^\uFEFF/, '');
    if (!line.trim()) continue;
    const fields = splitCsvLine(line);
    if (!columns) {
      const header = fields.map((f) => f.trim().toLowerCase());
      columns = {
        postcode: columnIndex(header, ['pcds', 'pcd', 'pcd2']),
        ward: columnIndex(header, ['ward', 'osward']),
        authority: columnIndex(header, ['laua', 'oslaua']),
        terminated: columnIndex(header, ['doterm']),
      };
      if (columns.postcode < 0 || columns.ward < 0 || columns.authority < 0) {
        throw new PostcodeFileError(
          'The file is not an ONS postcode lookup: it needs columns pcds (or pcd), ward (or osward) and laua (or oslaua)',
        );
      }
      continue;
    }
    result.read++;
    const postcode = normalisePostcode(fields[columns.postcode] ?? '');
    const wardCode = (fields[columns.ward] ?? '').trim();
    const terminated = columns.terminated >= 0 && (fields[columns.terminated] ?? '').trim() !== '';
    if (!postcode || terminated || !wards.has(wardCode)) {
      result.skipped++;
      continue;
    }
    batch.set(postcode, { postcode, wardCode, authorityCode: (fields[columns.authority] ?? '').trim() });
    if (batch.size >= batchSize) await flush();
  }
  if (!columns) throw new PostcodeFileError('The file is empty');
  await flush();
  return result;
}

export function importPostcodeFile(db: Db, file: string, knownWardCodes: Iterable<string>) {
  return importPostcodes(db, fs.createReadStream(file, { encoding: 'utf8' }), knownWardCodes);
}
