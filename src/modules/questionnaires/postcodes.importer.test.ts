import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { build } from '../../../test/helpers.ts';
import { importPostcodes, PostcodeFileError, splitCsvLine } from './postcodes.importer.ts';
import { findPostcode } from './postcodes.repository.ts';
import { DEMO_POSTCODES_FILE, importPostcodeLookup, wardForPostcode } from './postcodes.service.ts';

const WARDS = ['E05014053', 'E05014057'];
const stream = (text: string) => Readable.from([text]);

describe('postcode importer', async () => {
  const ctx = await build({ seed: false });

  it('splits quoted CSV fields', () => {
    expect(splitCsvLine('"AB1 0AA","a ""quoted"" b",,x')).toEqual(['AB1 0AA', 'a "quoted" b', '', 'x']);
  });

  it('reads NSPL columns, keeps only known wards and live postcodes, in batches', async () => {
    const csv = [
      'pcd,pcd2,pcds,dointr,doterm,laua,ward,lat',
      '"IG110AA","IG11 0AA","IG11 0AA",199001,,E09000002,E05014053,51.5',
      '"RM8 1AB","RM8  1AB","RM8 1AB",199001,,E09000002,E05014057,51.5',
      '"RM8 1XX","RM8  1XX","RM8 1XX",199001,200506,E09000002,E05014057,51.5',
      '"E1  6AN","E1   6AN","E1 6AN",199001,,E09000030,E05009317,51.5',
      '"NOTAPC","NOTAPC","NOTAPC",199001,,E09000002,E05014053,51.5',
      '"IG110AB","IG11 0AB","IG11 0AB",199001,,E09000002,E05014053,51.5',
    ].join('\r\n');
    const result = await importPostcodes(ctx.deps.db, stream(csv), WARDS, { batchSize: 2 });
    expect(result).toEqual({ read: 6, imported: 3, skipped: 3 });
    expect(await findPostcode(ctx.deps.db, 'RM8 1AB')).toEqual({ postcode: 'RM8 1AB', wardCode: 'E05014057', authorityCode: 'E09000002' });
    expect(await findPostcode(ctx.deps.db, 'RM8 1XX')).toBeUndefined();
    expect(await findPostcode(ctx.deps.db, 'E1 6AN')).toBeUndefined();
  });

  it('reads ONSPD columns (pcd, osward, oslaua) and updates postcodes that moved ward', async () => {
    const csv = 'pcd,oslaua,osward\n"IG110AA",E09000002,E05014057\n';
    expect(await importPostcodes(ctx.deps.db, stream(csv), WARDS)).toEqual({ read: 1, imported: 1, skipped: 0 });
    expect((await findPostcode(ctx.deps.db, 'IG11 0AA'))?.wardCode).toBe('E05014057');
  });

  it('refuses a file that is not a postcode lookup', async () => {
    await expect(importPostcodes(ctx.deps.db, stream('name,value\na,b\n'), WARDS)).rejects.toBeInstanceOf(PostcodeFileError);
  });
});

describe('demo postcodes', async () => {
  const ctx = await build();

  it('are loaded by the seed for every demo ward, and loading again changes nothing', async () => {
    const [before] = await ctx.deps.database.query<{ n: number; wards: number }>(
      'SELECT count(*)::int AS n, count(DISTINCT ward_code)::int AS wards FROM postcodes',
    );
    expect(before!.wards).toBe(19);
    expect(before!.n).toBeGreaterThanOrEqual(190);
    const again = await importPostcodeLookup(ctx.deps, DEMO_POSTCODES_FILE);
    expect(again.skipped).toBe(0);
    const [after] = await ctx.deps.database.query<{ n: number }>('SELECT count(*)::int AS n FROM postcodes');
    expect(after!.n).toBe(before!.n);
    expect(await wardForPostcode(ctx.deps, 'RM8 0FW')).toBe('E05014057');
  });
});
