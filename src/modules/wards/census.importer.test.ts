import { describe, expect, it } from 'vitest';
import { CensusFileError, datasetFromFileName, parseCensusCsv } from './census.importer.ts';

describe('reading Nomis census CSVs', () => {
  it('reads a bulk ward file: one row per ward, one column per category, the total marked', () => {
    const csv = [
      '"date","geography","geography code","Age: Total","Age: Aged 4 years and under","Age: Aged 5 to 9 years"',
      '"2021","Abbey","E05014053","17,500","1500","1300"',
      '"2021","Alibon","E05014054","10000","900","800"',
    ].join('\r\n');
    const table = parseCensusCsv(csv, { fileName: 'census2021-ts007a-ward.csv' });
    expect(table.dataset).toBe('TS007A');
    expect(table.title).toBe('Age');
    expect(table.categories).toEqual([
      { name: 'Total', isTotal: true },
      { name: 'Aged 4 years and under', isTotal: false },
      { name: 'Aged 5 to 9 years', isTotal: false },
    ]);
    expect(table.rows.get('E05014053')).toEqual([17500, 1500, 1300]);
    expect(table.problems).toEqual([]);
  });
  it('reads a query download with title lines, a mnemonic column and notes at the end', () => {
    const csv = [
      '"TS001 - Number of usual residents"',
      '"ONS Crown Copyright Reserved"',
      '',
      '"2022 ward","mnemonic","Total: All usual residents; measures: Value"',
      '"Abbey","E05014053","17500"',
      '"Alibon","E05014054","bad"',
      '',
      '"Source: Office for National Statistics"',
    ].join('\n');
    const table = parseCensusCsv(csv, { dataset: 'ts001' });
    expect(table.dataset).toBe('TS001');
    expect(table.categories).toEqual([{ name: 'All usual residents', isTotal: true }]);
    expect([...table.rows]).toEqual([['E05014053', [17500]]]);
    expect(table.problems).toEqual(['Ward E05014054 has a figure that is not a number']);
  });
  it('needs a ward code column and a dataset name', () => {
    expect(() => parseCensusCsv('a,b\n1,2', { dataset: 'TS001' })).toThrow(CensusFileError);
    expect(() => parseCensusCsv('"geography code","Total"\nE05014053,1')).toThrow(/--dataset/);
    expect(datasetFromFileName('/tmp/census2021-ts021-ward.csv')).toBe('TS021');
  });
});
