/**
 * Demo responses, generated: hundreds of varied written answers per consultation, built from a
 * bank of themes for its topic (each theme a stance and several ways of putting it), with About
 * you answers, wards, channels and times inside the consultation's window. Pure and seeded, so
 * the same consultation always gets the same responses. Text names no place, so the demo reads
 * the same on any council.
 */
import type { Answers } from './questionnaire.types.ts';
import { BANKS, CAMPAIGN, CLOSERS, GENERIC, OPENERS, type Stance } from './demo-responses.banks.ts';

export interface DemoResponse {
  answers: Answers;
  equalities: Answers | null;
  channel: 'online' | 'paper' | 'phone' | 'event' | 'email';
  wardCode: string | null;
  submittedAt: Date;
  publicationConsent: 'publish_named' | 'publish_anonymous' | 'do_not_publish';
  respondentType: 'individual' | 'organisation';
  organisationName: string | null;
  respondentName: string | null;
  /** Which bank themes the written answer draws on (what an officer would code it to). */
  themes: string[];
}

/** mulberry32: small, fast and good enough for demo data. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function hashSeed(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

/** Picks by weight: [[value, weight], …]. */
function weighted<T>(random: () => number, table: readonly (readonly [T, number])[]): T {
  const total = table.reduce((sum, [, w]) => sum + w, 0);
  let roll = random() * total;
  for (const [value, w] of table) if ((roll -= w) < 0) return value;
  return table[table.length - 1]![0];
}

/** Turns "we need X" into "we need X" after an opener that already ends a clause. */
function joinOpener(opener: string, point: string): string {
  if (!opener) return point;
  if (/[.!?] $/.test(opener)) return opener + point;
  return opener + point.charAt(0).toLowerCase() + point.slice(1);
}

const AGE = [
  ['16_to_24', 4],
  ['25_to_34', 14],
  ['35_to_44', 20],
  ['45_to_54', 19],
  ['55_to_64', 18],
  ['65_to_74', 15],
  ['75_or_over', 6],
  ['prefer_not_to_say', 4],
] as const;
const SEX = [
  ['female', 56],
  ['male', 40],
  ['prefer_not_to_say', 4],
] as const;
// Deliberately unlike a diverse borough's census (white residents over-represented), so
// "who has been heard" has gaps to name.
const ETHNIC = [
  ['white', 62],
  ['asian_asian_british_or_asian_welsh', 13],
  ['black_black_british_black_welsh_caribbean_or_african', 12],
  ['mixed_or_multiple_ethnic_groups', 4],
  ['other_ethnic_group', 3],
  ['prefer_not_to_say', 6],
] as const;
const DISABILITY = [
  ['yes', 22],
  ['no', 70],
  ['prefer_not_to_say', 8],
] as const;
const RELIGION = [
  ['christian', 40],
  ['no_religion', 30],
  ['muslim', 14],
  ['hindu', 3],
  ['sikh', 2],
  ['any_other_religion', 3],
  ['prefer_not_to_say', 8],
] as const;
const CARER = [
  ['no', 78],
  ['yes_9_hours_a_week_or_less', 8],
  ['yes_10_to_19_hours_a_week', 4],
  ['yes_20_to_34_hours_a_week', 3],
  ['yes_50_or_more_hours_a_week', 3],
  ['prefer_not_to_say', 4],
] as const;
const CHANNELS = [
  ['online', 72],
  ['paper', 14],
  ['event', 9],
  ['phone', 4],
  ['email', 1],
] as const;
const HEARD = [
  ['website', 30],
  ['social_media', 30],
  ['letter', 22],
  ['word_of_mouth', 18],
] as const;
const FIRST = ['Amina', 'Tom', 'Priya', 'Kwame', 'Grace', 'Mohammed', 'Sarah', 'Daniel', 'Fatima', 'Joe', 'Chloe'];
const LAST = ['Ahmed', 'Smith', 'Patel', 'Mensah', 'Jones', 'Khan', 'Okafor', 'Brown', 'Begum', 'Wilson'];
const ORGANISATIONS = ['Residents’ association', 'Tenants’ and residents’ association', 'Local business forum'];

const AGREE_BY_STANCE: Record<Stance, readonly (readonly [string, number])[]> = {
  supports: [
    ['strongly_agree', 45],
    ['agree', 40],
    ['neither', 10],
    ['disagree', 5],
  ],
  opposes: [
    ['strongly_disagree', 40],
    ['disagree', 35],
    ['neither', 15],
    ['agree', 10],
  ],
  mixed: [
    ['agree', 35],
    ['neither', 35],
    ['disagree', 25],
    ['dont_know', 5],
  ],
};

export interface DemoResponseOptions {
  slug: string;
  topic: string;
  opensAt: Date;
  /** The end of the window responses fall in: the close, or now for an open consultation. */
  until: Date;
  wardCodes: string[];
  count: number;
}

/** The responses for one demo consultation; the same options always give the same responses. */
export function generateDemoResponses(options: DemoResponseOptions): DemoResponse[] {
  const random = seededRandom(hashSeed(options.slug));
  const bank = BANKS[options.topic] ?? GENERIC;
  const campaign = CAMPAIGN[options.topic];
  const span = Math.max(1, options.until.getTime() - options.opensAt.getTime());
  // A couple of wards are heard far more than others, as in real consultations.
  const wardWeights = options.wardCodes.map((code, i) => [code, i % 5 === 0 ? 4 : i % 3 === 0 ? 0.4 : 1] as const);
  const out: DemoResponse[] = [];
  const campaignCount = campaign ? Math.round(options.count * 0.1) : 0;
  const campaignStart = options.opensAt.getTime() + span * (0.3 + random() * 0.3);
  for (let i = 0; i < options.count; i++) {
    const inCampaign = i < campaignCount;
    const main = pick(random, bank);
    const themes = [main.key];
    let text: string;
    if (inCampaign) {
      text = campaign!.text;
      for (const [from, to] of campaign!.edits) if (random() < 0.3) text = text.replace(from, to);
      if (random() < 0.3) text += pick(random, CLOSERS);
      themes.splice(0, 1, campaign!.key);
    } else {
      text = joinOpener(pick(random, OPENERS), pick(random, main.points));
      if (random() < 0.45) {
        const second = pick(random, bank);
        if (second.key !== main.key) {
          text += ` ${pick(random, ['Also, ', 'And ', 'On top of that, ', ''])}${pick(random, second.points)}`;
          themes.push(second.key);
        }
      }
      text += pick(random, CLOSERS);
    }
    const stance = bank.find((theme) => theme.key === themes[0])?.stance ?? 'mixed';
    const wroteSomething = inCampaign || random() < 0.82;
    const used = random() < 0.64 ? 'yes' : random() < 0.7 ? 'no' : 'not_sure';
    const answers: Answers = {
      agree_proposal: weighted(random, AGREE_BY_STANCE[stance]),
      used_recently: used,
    };
    if (wroteSomething) answers.agree_reasons = text.trim();
    if (random() < 0.7) answers.heard_about = weighted(random, HEARD);
    if (random() < 0.6) {
      const choices = ['cost', 'access', 'safety', 'environment', 'local_jobs'].filter(() => random() < 0.35);
      if (choices.length) answers.matters_most = choices.slice(0, 3);
    }
    if (used === 'yes' && random() < 0.5) answers.visits_per_month = Math.floor(random() * 12) + 1;
    const wardCode = options.wardCodes.length && random() < 0.9 ? weighted(random, wardWeights) : null;
    if (wardCode) answers.home_ward = wardCode;
    const organisation = !inCampaign && random() < 0.03;
    const consent = weighted(random, [
      ['publish_anonymous', 45],
      ['do_not_publish', 40],
      ['publish_named', 15],
    ] as const);
    const at = inCampaign
      ? campaignStart + random() * 3 * 24 * 60 * 60 * 1000
      : options.opensAt.getTime() + span * Math.pow(random(), 0.8);
    out.push({
      answers,
      equalities: organisation || random() < 0.28 ? null : aboutYou(random),
      channel: inCampaign ? 'online' : weighted(random, CHANNELS),
      wardCode,
      submittedAt: new Date(Math.min(at, options.until.getTime() - 60_000)),
      publicationConsent: consent,
      respondentType: organisation ? 'organisation' : 'individual',
      organisationName: organisation ? pick(random, ORGANISATIONS) : null,
      respondentName: consent === 'publish_named' ? `${pick(random, FIRST)} ${pick(random, LAST)}` : null,
      themes: wroteSomething ? themes : [],
    });
  }
  return out;
}

function aboutYou(random: () => number): Answers {
  const answers: Answers = {
    age_band: weighted(random, AGE),
    sex: weighted(random, SEX),
    ethnic_group: weighted(random, ETHNIC),
    disability: weighted(random, DISABILITY),
    religion: weighted(random, RELIGION),
    unpaid_carer: weighted(random, CARER),
  };
  if (random() < 0.9) answers.gender_identity = random() < 0.985 ? 'yes' : 'no';
  return answers;
}
