/** Offline entry, as the online journey: a postcode not in the lookup falls back to asking the ward. */
import type { FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import { Browser, build, textOf } from '../../../test/helpers.ts';
import { londonParts } from '../../web/format.ts';
import { createRespondable } from './responding.fixtures.ts';

describe('offline entry: ward when the postcode is unknown', async () => {
  const { app, deps } = await build();
  const q = <T>(text: string, params: unknown[] = []) => deps.database.query<T>(text, params);
  const f = await createRespondable(deps); // SAMPLE_DEFINITION asks a postcode and no ward
  const url = `/staff/consultations/${f.consultationId}/responses/new`;
  const [known] = await q<{ postcode: string; ward_code: string }>('SELECT postcode, ward_code FROM postcodes LIMIT 1');
  const [ward] = await q<{ code: string; name: string }>('SELECT code, name FROM wards WHERE code <> $1 LIMIT 1', [
    known!.ward_code,
  ]);
  const today = londonParts(deps.clock.now());
  const browser = new Browser({
    inject: (options: object) => app.inject({ ...options, remoteAddress: '10.46.0.1' }),
  } as unknown as FastifyInstance);
  await browser.signIn('engagement@council.example');

  async function enter(fields: Record<string, string>) {
    const page = await browser.get(url);
    const key = /name="idempotencyKey" value="([^"]+)"/.exec(page.body)![1]!;
    return browser.post(url, {
      idempotencyKey: key,
      receivedVia: 'paper',
      'receivedOn-day': today.day,
      'receivedOn-month': today.month,
      'receivedOn-year': today.year,
      support: 'yes',
      respondentType: 'individual',
      publicationConsent: 'do_not_publish',
      ...fields,
    });
  }
  const stored = (postcode: string) =>
    q<{ ward_code: string | null }>('SELECT ward_code FROM responses WHERE questionnaire_id = $1 AND postcode = $2', [
      f.questionnaireId,
      postcode,
    ]);

  it('offers the ward list on the form', async () => {
    const page = await browser.get(url);
    expect(textOf(page.body)).toContain('If the postcode is not recognised: which ward does the person live in?');
    expect(page.body).toContain(`<option value="${ward!.code}">${ward!.name}</option>`);
  });

  it('asks for the ward when the postcode is not in the lookup, keeping what was entered', async () => {
    const response = await enter({ postcode: 'SW1A 1AA', comments: 'Kept as typed' });
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain('href="#respondentWard"');
    expect(textOf(response.body)).toContain('The postcode is not in our list: select the ward the person lives in');
    expect(response.body).toContain('value="Kept as typed"');
    expect(await stored('SW1A 1AA')).toHaveLength(0);
  });

  it('counts the response in the chosen ward, or in none when not known', async () => {
    expect((await enter({ postcode: 'SW1A 1AA', respondentWard: ward!.code })).statusCode).toBe(303);
    expect(await stored('SW1A 1AA')).toEqual([{ ward_code: ward!.code }]);
    expect((await enter({ postcode: 'EC1A 1BB', respondentWard: 'none' })).statusCode).toBe(303);
    expect(await stored('EC1A 1BB')).toEqual([{ ward_code: null }]);
    const wrong = await enter({ postcode: 'EC2A 2BB', respondentWard: 'not-a-ward' });
    expect(textOf(wrong.body)).toContain('Select a ward from the list');
  });

  it('takes the ward from a known postcode, whatever the ward box says', async () => {
    expect((await enter({ postcode: known!.postcode, respondentWard: ward!.code })).statusCode).toBe(303);
    expect(await stored(known!.postcode)).toEqual([{ ward_code: known!.ward_code }]);
  });
});
