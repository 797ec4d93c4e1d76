/**
 * The engagement toolkit: methods with guidance, cost, time and the audiences each reaches. Seeded
 * into plan_methods so a partnership can tune the library; this file is the demo starting point.
 */
export const PURPOSES = {
  'share-information': 'Tell people about a decision or change',
  'gather-views': 'Gather views on a proposal',
  'explore-ideas': 'Explore needs and ideas before there is a proposal',
  'weigh-options': 'Weigh up options and trade-offs in depth',
  'design-together': 'Design a service or place with the people who use it',
  'decide-together': 'Let residents make the decision, such as sharing out money',
  'reach-seldom-heard': 'Hear from people who seldom take part',
} as const;
export type Purpose = keyof typeof PURPOSES;
export const isPurpose = (value: string): value is Purpose => value in PURPOSES;

export const COST_BANDS = ['low', 'medium', 'high'] as const;
export type CostBand = (typeof COST_BANDS)[number];
export const COST_LABELS: Record<CostBand, string> = {
  low: 'Low (under £1,000)',
  medium: 'Medium (£1,000 to £10,000)',
  high: 'High (over £10,000)',
};

export interface MethodSeed {
  slug: string;
  name: string;
  summary: string;
  guidance: string;
  purposes: Purpose[];
  rungs: string[];
  audiences: string[];
  cost: CostBand;
  /** Weeks needed from start of planning to results. */
  weeks: number;
}

export const METHODS: MethodSeed[] = [
  {
    slug: 'survey',
    name: 'Survey',
    summary: 'A questionnaire online and on paper, open to everyone or a sample.',
    guidance:
      'Keep it short and in plain English. Offer paper, phone and easy read versions. Test the questions with a few residents first. Surveys tell you what people think, rarely why.',
    purposes: ['gather-views', 'share-information'],
    rungs: ['inform', 'consult'],
    audiences: ['residents', 'ward-residents', 'council-tenants', 'service-users', 'businesses', 'parents'],
    cost: 'low',
    weeks: 6,
  },
  {
    slug: 'focus-group',
    name: 'Focus group',
    summary: 'A facilitated discussion with 6 to 10 people chosen to reflect a group.',
    guidance:
      'Recruit people the survey would miss. Pay expenses and offer childcare. Use an independent facilitator when the topic is sensitive. Write up themes, not counts.',
    purposes: ['explore-ideas', 'gather-views', 'reach-seldom-heard'],
    rungs: ['consult', 'involve'],
    audiences: [
      'young-people',
      'older-people',
      'disabled-people',
      'ethnic-minorities',
      'carers',
      'lgbt',
      'service-users',
    ],
    cost: 'medium',
    weeks: 4,
  },
  {
    slug: 'citizens-panel',
    name: "Citizens' panel",
    summary: 'A standing panel of residents, broadly representative, asked several times a year.',
    guidance:
      'Check the fatigue warnings before asking the panel again. Report back to members every time. Refresh membership every two years.',
    purposes: ['gather-views', 'explore-ideas'],
    rungs: ['consult', 'involve'],
    audiences: ['residents', 'older-people', 'parents', 'ethnic-minorities'],
    cost: 'medium',
    weeks: 3,
  },
  {
    slug: 'citizens-jury',
    name: "Deliberative workshop or citizens' jury",
    summary: 'A group chosen by lot hears evidence, deliberates and makes recommendations.',
    guidance:
      'Commit in advance to respond publicly to every recommendation. Budget for recruitment by lot, payment of members and expert witnesses. Allow several sessions.',
    purposes: ['weigh-options', 'decide-together'],
    rungs: ['involve', 'collaborate'],
    audiences: ['residents', 'young-people', 'older-people', 'ethnic-minorities', 'disabled-people'],
    cost: 'high',
    weeks: 16,
  },
  {
    slug: 'participatory-budgeting',
    name: 'Participatory budgeting',
    summary: 'Residents propose and vote on how a sum of money is spent.',
    guidance:
      'Be clear about the pot, the rules and who can vote. Support groups to develop proposals. Publish the results and what happened to each funded project.',
    purposes: ['decide-together'],
    rungs: ['collaborate', 'empower'],
    audiences: ['residents', 'ward-residents', 'voluntary-sector', 'young-people', 'faith-communities'],
    cost: 'high',
    weeks: 20,
  },
  {
    slug: 'co-design',
    name: 'Co-design workshops',
    summary: 'Staff and people who use a service design it together over a series of sessions.',
    guidance:
      'Involve people from the start, not to approve a finished design. Pay for lived experience. Agree together what can and cannot change.',
    purposes: ['design-together', 'explore-ideas'],
    rungs: ['involve', 'collaborate'],
    audiences: ['service-users', 'disabled-people', 'carers', 'young-people', 'voluntary-sector'],
    cost: 'medium',
    weeks: 12,
  },
  {
    slug: 'drop-in',
    name: 'Drop-in session',
    summary: 'Staff at a library, market or community centre where people can come and talk.',
    guidance:
      'Go where people already are, at times they are there. Bring plans people can see and paper forms. Check the venue is step-free and has a hearing loop.',
    purposes: ['share-information', 'gather-views', 'reach-seldom-heard'],
    rungs: ['inform', 'consult'],
    audiences: ['residents', 'ward-residents', 'older-people', 'parents', 'businesses'],
    cost: 'low',
    weeks: 2,
  },
  {
    slug: 'door-knocking',
    name: 'Door-knocking',
    summary: 'Visiting homes in an area to explain a proposal and hear views on the doorstep.',
    guidance:
      'Carry identification and a leaflet to leave. Visit at different times of day. Agree safety arrangements and never go alone.',
    purposes: ['reach-seldom-heard', 'share-information', 'gather-views'],
    rungs: ['inform', 'consult'],
    audiences: ['ward-residents', 'council-tenants', 'older-people', 'ethnic-minorities'],
    cost: 'medium',
    weeks: 3,
  },
  {
    slug: 'ward-walkabout',
    name: 'Ward walkabout',
    summary: 'Councillors, officers and residents walk an area together and note what they see.',
    guidance:
      'Plan a step-free route, or offer a seated session with photographs. Record issues with locations and report back on each.',
    purposes: ['explore-ideas', 'design-together'],
    rungs: ['involve'],
    audiences: ['ward-residents', 'council-tenants', 'businesses', 'disabled-people'],
    cost: 'low',
    weeks: 2,
  },
  {
    slug: 'online-discussion',
    name: 'Online discussion',
    summary: 'A moderated online forum or ideas board where people comment on each other’s ideas.',
    guidance:
      'Publish house rules and moderate daily. Pair with offline methods: many residents are not online. Summarise themes back to participants.',
    purposes: ['explore-ideas', 'gather-views'],
    rungs: ['consult', 'involve'],
    audiences: ['residents', 'young-people', 'businesses', 'parents', 'lgbt'],
    cost: 'low',
    weeks: 4,
  },
  {
    slug: 'public-meeting',
    name: 'Public meeting',
    summary: 'An open meeting where the organisation presents and takes questions.',
    guidance:
      'Useful to inform and to hear strong feeling; poor at hearing from quieter people. Use an independent chair, a step-free venue and a hearing loop, and take notes to publish.',
    purposes: ['share-information', 'gather-views'],
    rungs: ['inform', 'consult'],
    audiences: ['residents', 'ward-residents', 'council-tenants', 'businesses'],
    cost: 'low',
    weeks: 3,
  },
  {
    slug: 'community-forum',
    name: 'Community forum or equalities forum',
    summary: 'Working with an existing forum (housing, youth, disability, faith, equalities).',
    guidance:
      'Ask the forum early and give them time to ask their members. Respect their own agenda. Feed back what changed because of them.',
    purposes: ['reach-seldom-heard', 'explore-ideas', 'gather-views'],
    rungs: ['consult', 'involve', 'collaborate'],
    audiences: [
      'voluntary-sector',
      'faith-communities',
      'disabled-people',
      'young-people',
      'lgbt',
      'ethnic-minorities',
      'council-tenants',
    ],
    cost: 'low',
    weeks: 6,
  },
];
