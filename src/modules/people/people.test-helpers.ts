/** Test helpers for the people module: walking the joining journey and reading emailed links. */
import type { Deps } from '../../deps.ts';
import type { Browser } from '../../../test/helpers.ts';

export const JOINER = {
  fullName: 'Zebedee Quartermaine-Test',
  email: 'zebedee.q@example.test',
  phone: '07700 900 461',
  phoneNormalised: '+447700900461',
  postcode: 'ZZ9 9ZZ',
};

/** The link in the newest message of this template to this recipient. */
export async function linkFrom(deps: Deps, template: string, recipient: string): Promise<string> {
  const messages = await deps.notifier.recent(deps.db, 200);
  const message = messages.find((m) => m.template === template && m.recipient === recipient);
  if (!message) throw new Error(`No ${template} message to ${recipient}`);
  const body = (message.personalisation as Record<string, string>).body ?? '';
  const match = /https?:\/\/[^\s]+\/panels\/[a-z-]+\/[A-Za-z0-9_-]{43}/.exec(body);
  if (!match) throw new Error(`No link in ${template}`);
  return new URL(match[0]).pathname;
}

/** Walks every question page as a browser without JavaScript would, ending on check answers. */
export async function answerJoinQuestions(browser: Browser, answers: Partial<typeof JOINER> & { ward?: string } = {}) {
  const a = { ...JOINER, ...answers };
  const steps: [string, Record<string, string | string[]>][] = [
    ['panels', { panels: ['citizens-panel', 'e-panel'] }],
    ['name', { fullName: a.fullName }],
    ['contact', { email: a.email, phone: a.phone }],
    ['postcode', { postcode: a.postcode }],
  ];
  let location = '';
  for (const [step, form] of steps) {
    await browser.get(`/panels/join/${step}`);
    const response = await browser.post(`/panels/join/${step}`, form);
    if (response.statusCode !== 303) throw new Error(`${step}: ${response.statusCode}`);
    location = String(response.headers.location);
  }
  if (location === '/panels/join/ward') {
    await browser.get('/panels/join/ward');
    await browser.post('/panels/join/ward', { ward: a.ward ?? '' });
  }
  const rest: [string, Record<string, string | string[]>][] = [
    ['topics', { topics: ['housing', 'environment'] }],
    ['channels', { channels: [...(a.email ? ['email'] : []), ...(a.phone ? ['sms'] : [])], address: '' }],
    ['needs', { language: 'Polish', accessNeeds: 'Large print' }],
    ['about-you', { age_band: '25_to_34', sex: 'female', ethnic_group: 'white' }],
    ['consent', { consent: 'yes' }],
  ];
  for (const [step, form] of rest) {
    await browser.get(`/panels/join/${step}`);
    const response = await browser.post(`/panels/join/${step}`, form);
    if (response.statusCode !== 303) throw new Error(`${step}: ${response.statusCode} ${response.body.slice(0, 500)}`);
  }
  return browser.get('/panels/join/check');
}
