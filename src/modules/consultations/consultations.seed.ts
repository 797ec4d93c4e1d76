/**
 * Demo consultations for Barking and Dagenham and its partners, in every lifecycle state, with
 * dates relative to the clock so the demo always has open, scheduled and closed consultations.
 * Idempotent: each has a fixed slug and is skipped if present.
 */
import { sql } from 'drizzle-orm';
import type { Deps } from '../../deps.ts';
import { fromLondon, londonParts } from '../../web/format.ts';
import { listOrganisations } from '../accounts/index.ts';
import { demoWards, pickWards } from '../geography/index.ts';
import type { Audience, ConsultationState, LadderRung, Topic } from './catalogue.ts';
import * as repo from './consultations.repository.ts';
import { runStandardsCheck } from './standards-check.ts';

const DAY = 24 * 60 * 60 * 1000;

const OFFLINE =
  'Paper copies of the questionnaire, with a freepost envelope, are at every council library and at Barking Learning Centre. ' +
  'You can also call us free on 0800 028 0193 (Monday to Friday, 9am to 5pm) and we will take your answers over the phone.';

const JUSTIFICATIONS: Record<string, string> = {
  'adequate-time.period':
    'The decision must be taken before the start of the next financial year, so the period is shorter than 12 weeks. ' +
    'We are running drop-in sessions in each affected ward and paper copies are in every library to make up for it.',
  'adequate-time.holidays':
    'We have added an extra week to allow for the holiday period and will send reminders after it.',
  'sufficient-information.documents': 'The full proposal is set out on the page itself; there is no separate report.',
  'formative.decision-date':
    'The decision date will be confirmed by the Cabinet forward plan; analysis will take at least 4 weeks.',
  'what-can-change.cannot': 'Everything in the proposal can change in response to what residents tell us.',
  'inclusive.contact': 'Questions go to the freephone number given for responding by phone.',
  'equalities-liaison.recorded': 'The equalities fora were consulted on the draft and their comments are reflected.',
  'plain-english.sentence-length': 'The summary has been checked by the communications team for readability.',
  'plain-english.jargon': 'The term is the name of a legal duty and is explained on the page.',
  'sufficient-information.background': 'The proposal section explains why the change is being considered.',
  'sufficient-information.how-responses-used': 'Responses will be summarised in the report to the decision maker.',
};

interface SeedConsultation {
  slug: string;
  title: string;
  state: ConsultationState;
  lead: string;
  officer: string;
  partners?: string[];
  /** Wards by position in the demo council's list (demoWards), so any council's wards fit. */
  wards?: number[];
  boroughWide?: boolean;
  topics: Topic[];
  audiences: Audience[];
  ladder?: LadderRung;
  /** Days from now; null leaves the dates empty (an early draft). */
  opens: number | null;
  weeks: number;
  summary: string;
  background: string;
  proposal: string;
  whatCanChange: string;
  whatCannotChange: string;
  howResponsesUsed?: string;
  decisionMaker: string;
  equalitiesLiaison?: string;
  feedbackSummary?: string;
  submittedBy?: string;
}

const PARKING_SUMMARY =
  'We want to change parking in Barking town centre. We propose new short-stay bays near the shops and market. ' +
  'We also propose longer hours for resident permit zones. Tell us how this would affect you.';

const CONSULTATIONS: SeedConsultation[] = [
  {
    slug: 'youth-services-review',
    title: 'Youth services review',
    state: 'draft',
    lead: 'bd-council',
    officer: 'housing@council.example',
    boroughWide: true,
    topics: ['young-people', 'children-and-families'],
    audiences: ['young-people', 'parents'],
    ladder: 'involve',
    opens: null,
    weeks: 12,
    summary:
      'We are reviewing youth clubs and activities for young people aged 11 to 19. We want young people to help design what comes next.',
    background: 'Youth club attendance has changed since 2020 and the buildings need repair.',
    proposal: '',
    whatCanChange: 'Where and when youth activities run, and what they offer.',
    whatCannotChange: '',
    decisionMaker: '',
  },
  {
    slug: 'community-grants-2027',
    title: 'Community grants: how we share the money in 2027',
    state: 'draft',
    lead: 'bd-cvs',
    officer: 'officer@cvs.example',
    partners: ['bd-council'],
    boroughWide: true,
    topics: ['community-and-voluntary-sector'],
    audiences: ['voluntary-sector', 'residents'],
    ladder: 'collaborate',
    opens: 30,
    weeks: 8,
    summary:
      'Barking and Dagenham CVS shares out small grants for community groups each year. We want groups and residents to help set the priorities for the 2027 round.',
    background: 'The grants fund has £250,000 a year from the council and local businesses.',
    proposal: 'Three priorities: tackling loneliness, food support and activities for young people.',
    whatCanChange: 'The priorities, the size of grants and how groups apply.',
    whatCannotChange: 'The total amount of money available.',
    decisionMaker: 'The CVS board of trustees',
  },
  {
    slug: 'library-opening-hours',
    title: 'Library opening hours',
    state: 'in_review',
    lead: 'bd-council',
    officer: 'housing@council.example',
    submittedBy: 'housing@council.example',
    boroughWide: true,
    topics: ['culture-and-leisure'],
    audiences: ['residents', 'service-users', 'older-people'],
    opens: 21,
    weeks: 12,
    summary:
      'We want to change when our ten libraries are open. Fewer people visit on weekday mornings and more people want to visit on Saturdays and in the evening. Tell us which hours suit you.',
    background: 'Visits on weekday mornings have fallen by a third since 2019. Saturday visits have grown.',
    proposal:
      'Open at 10am instead of 9am on weekdays, stay open until 7pm twice a week, and open all day on Saturday.',
    whatCanChange: 'Which hours each library opens, and which evenings stay open late.',
    whatCannotChange: 'No library will close, and the total staff hours stay the same.',
    decisionMaker: 'Cabinet',
    equalitiesLiaison:
      'Discussed with the Older People’s Forum on 4 March; they asked for Saturday mornings to be kept.',
  },
  {
    slug: 'becontree-centenary-public-spaces',
    title: 'Becontree estate centenary: improving streets and green spaces',
    state: 'scheduled',
    lead: 'bd-council',
    officer: 'engagement@council.example',
    wards: [4, 16, 14, 12, 1],
    topics: ['planning-and-regeneration', 'parks-and-open-spaces'],
    audiences: ['ward-residents', 'council-tenants'],
    ladder: 'involve',
    opens: 10,
    weeks: 12,
    summary:
      'The Becontree estate is 100 years old. We have money to improve its streets, greens and play spaces. Tell us which places matter most to you and what would make them better.',
    background: 'Becontree was the largest council estate in the world when it was built between 1921 and 1935.',
    proposal: 'Improve six greens, plant 500 street trees and restore the estate’s original signs.',
    whatCanChange: 'Which greens come first, what goes in them and where trees are planted.',
    whatCannotChange: 'The total budget of £4 million, and protected trees and buildings.',
    decisionMaker: 'Cabinet Member for Regeneration',
  },
  {
    slug: 'safer-neighbourhood-priorities',
    title: 'Safer Neighbourhood ward priorities',
    state: 'scheduled',
    lead: 'met-police-bd',
    officer: 'officer@police.example',
    partners: ['bd-council'],
    boroughWide: true,
    topics: ['community-safety'],
    audiences: ['residents', 'businesses', 'young-people'],
    opens: 5,
    weeks: 8,
    summary:
      'Each ward has a Safer Neighbourhood team of police officers. Tell us the three problems you most want your local team to deal with this year.',
    background: 'Ward priorities are set each year at ward panel meetings. This year we want to hear from more people.',
    proposal: 'Each ward team will choose three priorities from what residents tell us.',
    whatCanChange: 'The three priorities for each ward.',
    whatCannotChange: 'Emergency response and the number of officers in each team.',
    decisionMaker: 'Each ward panel, with the Safer Neighbourhood Board',
    equalitiesLiaison: 'Discussed with the Youth Forum and the Faith Forum in January.',
  },
  {
    slug: 'barking-town-centre-parking',
    title: 'Parking in Barking town centre',
    state: 'open',
    lead: 'bd-council',
    officer: 'housing@council.example',
    wards: [0, 8],
    topics: ['transport-and-streets'],
    audiences: ['ward-residents', 'businesses', 'disabled-people'],
    opens: -21,
    weeks: 12,
    summary: PARKING_SUMMARY,
    background:
      'Shops and market traders tell us customers cannot find short-stay parking. Residents near the station tell us commuters fill their streets.',
    proposal: 'Forty new 30-minute bays on East Street and Ripple Road. Resident permit hours extended to 8am to 8pm.',
    whatCanChange: 'Where the bays go, how long you can stay and the permit hours.',
    whatCannotChange: 'Blue Badge bays stay as they are. The price of permits is set separately in the budget.',
    decisionMaker: 'Cabinet Member for Transport',
    equalitiesLiaison: 'Discussed with the Disability Forum, who asked us to keep Blue Badge bays close to the market.',
  },
  {
    slug: 'community-engagement-strategy',
    title: 'Our community engagement strategy',
    state: 'open',
    lead: 'bd-council',
    officer: 'engagement@council.example',
    partners: ['nhs-nel', 'met-police-bd', 'bd-cvs'],
    boroughWide: true,
    topics: ['community-and-voluntary-sector'],
    audiences: ['residents', 'voluntary-sector', 'ethnic-minorities', 'faith-communities'],
    ladder: 'involve',
    opens: -14,
    weeks: 12,
    summary:
      'This strategy sets out how the council and its partners will listen to residents. It covers how we consult, how we tell you what happened next, and how you can get involved. Tell us what we should change.',
    background:
      'Our last strategy, “Word on the Street”, ran from 2011 to 2014. Residents told us they rarely hear what happened after they took part.',
    proposal: 'Six promises, including telling you what we did within six weeks of every consultation closing.',
    whatCanChange: 'The promises, and how we keep them.',
    whatCannotChange: 'Our legal duties to consult, such as on planning and budgets.',
    decisionMaker: 'Cabinet',
    equalitiesLiaison:
      'Shaped with the Black, Asian and minority ethnic forum and the Faith Forum at workshops in February.',
  },
  {
    slug: 'barking-urgent-treatment-centre',
    title: 'Urgent treatment centre at Barking Community Hospital',
    state: 'open',
    lead: 'nhs-nel',
    officer: 'officer@nhs.example',
    partners: ['bd-council'],
    wards: [0, 2, 8, 7, 11],
    topics: ['health-and-wellbeing'],
    audiences: ['residents', 'service-users', 'older-people', 'disabled-people'],
    opens: -28,
    weeks: 8,
    summary:
      'We propose an urgent treatment centre at Barking Community Hospital, open 8am to 10pm every day. You could be seen for minor injuries and illnesses without going to Queen’s Hospital in Romford.',
    background:
      'Many people from Barking travel to Queen’s Hospital A&E for problems that an urgent treatment centre could treat.',
    proposal: 'Turn the walk-in service at Barking Community Hospital into an urgent treatment centre with X-ray.',
    whatCanChange: 'The opening hours and how you book an appointment.',
    whatCannotChange: 'A&E services stay at Queen’s and King George hospitals.',
    decisionMaker: 'NHS North East London Integrated Care Board',
    equalitiesLiaison: 'Discussed with Healthwatch Barking and Dagenham and the Disability Forum.',
  },
  {
    slug: 'food-waste-collections',
    title: 'Weekly food waste collections',
    state: 'open',
    lead: 'bd-council',
    officer: 'housing@council.example',
    boroughWide: true,
    topics: ['waste-and-recycling', 'environment'],
    audiences: ['residents', 'council-tenants'],
    opens: -7,
    weeks: 12,
    summary:
      'From next year every home will get a weekly food waste collection. Tell us what kind of caddy you want and where it should go if you live in a flat.',
    background: 'The law now requires councils to collect food waste every week.',
    proposal: 'A small kitchen caddy and a lockable outdoor bin for each house, and shared bins for flats.',
    whatCanChange: 'The type of bins, and how collections work for flats.',
    whatCannotChange: 'Collections must be weekly by law.',
    decisionMaker: 'Cabinet Member for Environment',
  },
  {
    slug: 'parks-and-open-spaces-strategy',
    title: 'Parks and open spaces strategy',
    state: 'closed',
    lead: 'bd-council',
    officer: 'engagement@council.example',
    boroughWide: true,
    topics: ['parks-and-open-spaces'],
    audiences: ['residents'],
    opens: -98,
    weeks: 12,
    summary: 'We asked how you use our parks and what would make them better over the next ten years.',
    background: 'The borough has 27 parks, including Mayesbrook Park and Parsloes Park.',
    proposal: 'More seating, toilets in the largest parks and new wildflower meadows.',
    whatCanChange: 'Which improvements come first.',
    whatCannotChange: 'Parks will not be sold or built on.',
    decisionMaker: 'Cabinet',
  },
  {
    slug: 'dagenham-heathway-improvements',
    title: 'Dagenham Heathway high street improvements',
    state: 'closed',
    lead: 'bd-council',
    officer: 'housing@council.example',
    wards: [10, 1, 17],
    topics: ['planning-and-regeneration', 'transport-and-streets'],
    audiences: ['ward-residents', 'businesses'],
    opens: -91,
    weeks: 12,
    summary:
      'We asked how to make the Heathway a better place to shop and meet, with wider pavements, new crossings and more trees.',
    background: 'The Heathway has a number of empty shops and busy crossings.',
    proposal: 'Wider pavements, two new crossings and 40 new trees.',
    whatCanChange: 'Where the crossings and trees go.',
    whatCannotChange: 'Bus routes along the Heathway.',
    decisionMaker: 'Cabinet Member for Regeneration',
  },
  {
    slug: 'council-tax-support-scheme',
    title: 'Council Tax Support scheme',
    state: 'feedback_published',
    lead: 'bd-council',
    officer: 'engagement@council.example',
    boroughWide: true,
    topics: ['council-budget'],
    audiences: ['residents'],
    opens: -150,
    weeks: 12,
    summary: 'We asked what you thought of changes to the help we give people on low incomes to pay their Council Tax.',
    background: 'About 19,000 households get Council Tax Support.',
    proposal: 'Simplify the scheme into income bands.',
    whatCanChange: 'The bands and how much support each gives.',
    whatCannotChange: 'Pensioners’ support is set by national rules.',
    decisionMaker: 'Full Council',
    feedbackSummary:
      'Most people who responded supported income bands, but many asked for protection for carers. We have added a carers’ band, and Full Council agreed the scheme.',
  },
  {
    slug: 'thames-view-play-areas',
    title: 'Play areas in Thames View',
    state: 'archived',
    lead: 'bd-council',
    officer: 'housing@council.example',
    wards: [15],
    topics: ['parks-and-open-spaces', 'young-people'],
    audiences: ['ward-residents', 'parents'],
    opens: -300,
    weeks: 12,
    summary: 'We asked families which play equipment they wanted in the two Thames View play areas.',
    background: 'The play areas were last renewed in 2008.',
    proposal: 'New equipment for under-fives and a ball court.',
    whatCanChange: 'The equipment chosen.',
    whatCannotChange: 'The location of the play areas.',
    decisionMaker: 'Cabinet Member for Regeneration',
    feedbackSummary: 'Families chose a climbing frame and a ball court; both opened in the summer.',
  },
];

/** A tiny valid PDF so published demo consultations have a document to download. */
const DEMO_PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n' +
    '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

/** 9am London time, `days` from now. */
function morning(now: Date, days: number): Date {
  const p = londonParts(new Date(now.getTime() + days * DAY));
  return fromLondon(Number(p.year), Number(p.month), Number(p.day), 9, 0);
}

function isoDate(value: Date): string {
  const p = londonParts(value);
  return `${p.year}-${p.month.padStart(2, '0')}-${p.day.padStart(2, '0')}`;
}

export async function seedConsultations(deps: Deps): Promise<void> {
  const now = deps.clock.now();
  const organisations = new Map((await listOrganisations(deps.db)).map((o) => [o.slug, o.id]));
  const wards = await demoWards(deps.db);
  const staffRows = await deps.db.execute(sql`SELECT id, email FROM staff_users`);
  const staff = new Map(
    (
      (Array.isArray(staffRows) ? staffRows : (staffRows as { rows: unknown[] }).rows) as {
        id: string;
        email: string;
      }[]
    ).map((s) => [s.email, s.id]),
  );
  const engagementId = staff.get('engagement@council.example') ?? null;

  for (const seed of CONSULTATIONS) {
    if (await repo.slugExists(deps.db, seed.slug)) continue;
    const opensAt = seed.opens === null ? null : morning(now, seed.opens);
    const closesAt = opensAt
      ? fromLondon(
          ...(() => {
            const p = londonParts(new Date(opensAt.getTime() + seed.weeks * 7 * DAY));
            return [Number(p.year), Number(p.month), Number(p.day), 23, 59] as const;
          })(),
        )
      : null;
    const leadOrganisationId = organisations.get(seed.lead);
    if (!leadOrganisationId) continue;
    const published = seed.state !== 'draft';

    await deps.db.transaction(async (tx) => {
      const created = new Date((opensAt ?? now).getTime() - 30 * DAY);
      const c = await repo.insertConsultation(tx, {
        slug: seed.slug,
        title: seed.title,
        summary: seed.summary,
        background: seed.background,
        proposal: seed.proposal,
        whatCanChange: seed.whatCanChange,
        whatCannotChange: seed.whatCannotChange,
        howResponsesUsed:
          seed.howResponsesUsed ??
          'We will read every response and publish a summary of what people told us and what we decided, within six weeks of closing.',
        decisionMaker: seed.decisionMaker,
        decisionDate: closesAt ? isoDate(new Date(closesAt.getTime() + 8 * 7 * DAY)) : null,
        ladderRung: seed.ladder ?? 'consult',
        leadOrganisationId,
        leadOfficerId: staff.get(seed.officer) ?? null,
        topics: seed.topics,
        boroughWide: seed.boroughWide ?? false,
        audiences: seed.audiences,
        opensAt,
        closesAt,
        offlineResponse: OFFLINE,
        contactDetails:
          'Email consultation@lbbd.example or call 0800 028 0193. Ask us for large print, Easy Read or another language.',
        equalitiesLiaison: seed.equalitiesLiaison ?? '',
        state: seed.state,
        stateChangedAt: now,
        feedbackSummary: seed.feedbackSummary ?? '',
        createdBy: staff.get(seed.officer) ?? null,
        createdAt: created,
        updatedAt: now,
      });
      await repo.replacePartners(
        tx,
        c.id,
        (seed.partners ?? []).map((slug) => organisations.get(slug)!).filter(Boolean),
      );
      await repo.replaceWards(tx, c.id, pickWards(wards, seed.wards ?? []).map((w) => w.code));
      if (!published) return;

      const storageKey = await deps.storage.put(DEMO_PDF);
      await repo.insertDocument(tx, {
        consultationId: c.id,
        title: `${seed.title}: full consultation document`,
        filename: `${seed.slug}.pdf`,
        contentType: 'application/pdf',
        sizeBytes: DEMO_PDF.length,
        storageKey,
        uploadedBy: staff.get(seed.officer) ?? null,
        createdAt: created,
      });
      // Justify whatever warnings this run raises, so every published demo has a passing check.
      const context = {
        documentsCount: 1,
        now: created,
        thresholds: deps.config.standards,
        wardsCount: seed.wards?.length ?? 0,
        partnerCount: seed.partners?.length ?? 0,
        feedbackWeeks: await repo.feedbackWeeksOf(tx, leadOrganisationId),
      };
      const first = runStandardsCheck(c, context);
      const justifications: Record<string, string> = {};
      for (const r of first.results.filter((r) => r.status === 'warning')) {
        justifications[r.key] =
          JUSTIFICATIONS[r.key] ?? 'Agreed with the engagement team as acceptable for this consultation.';
        await repo.upsertJustification(
          tx,
          c.id,
          r.key,
          justifications[r.key]!,
          staff.get(seed.officer) ?? null,
          created,
        );
      }
      const run = runStandardsCheck(c, context, justifications);
      await repo.insertStandardsCheck(tx, {
        consultationId: c.id,
        outcome: run.outcome,
        results: run.results,
        runBy: engagementId,
        runAt: created,
      });

      // A believable history for the states it has passed through.
      const path: ConsultationState[] = [
        'draft',
        'in_review',
        'scheduled',
        'open',
        'closed',
        'feedback_published',
        'archived',
      ];
      const reached = path.indexOf(seed.state);
      const submitter = staff.get(seed.submittedBy ?? seed.officer) ?? null;
      const times = [
        created.getTime() + DAY,
        created.getTime() + 3 * DAY,
        opensAt!.getTime(),
        closesAt!.getTime(),
        closesAt!.getTime() + 5 * 7 * DAY,
        closesAt!.getTime() + 12 * 7 * DAY,
      ];
      for (let i = 1; i <= reached; i++) {
        if (path[i] === 'archived' && seed.state === 'archived' && !seed.feedbackSummary) continue;
        const actor = i === 1 ? submitter : i === 3 || i === 4 ? null : engagementId;
        await repo.insertTransition(tx, {
          consultationId: c.id,
          fromState: path[i - 1]!,
          toState: path[i]!,
          reason: i === 3 || i === 4 ? 'Scheduled' : '',
          actorId: actor,
          occurredAt: new Date(Math.min(times[i - 1]!, now.getTime())),
        });
      }
    });
  }
}
