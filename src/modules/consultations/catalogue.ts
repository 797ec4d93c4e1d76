/**
 * The fixed vocabularies of a consultation: lifecycle states, the ladder of engagement, topics
 * and target audiences. Stored as slugs; labels and plain-words descriptions live here only.
 */

export const STATES = ['draft', 'in_review', 'scheduled', 'open', 'closed', 'feedback_published', 'archived'] as const;
export type ConsultationState = (typeof STATES)[number];

export const STATE_LABELS: Record<ConsultationState, string> = {
  draft: 'Draft',
  in_review: 'In review',
  scheduled: 'Scheduled',
  open: 'Open',
  closed: 'Closed',
  feedback_published: 'Feedback published',
  archived: 'Archived',
};

/** States the public can see; drafts and consultations in review never reach the hub. */
export const PUBLIC_STATES: ConsultationState[] = ['scheduled', 'open', 'closed', 'feedback_published', 'archived'];

export const LADDER = ['inform', 'consult', 'involve', 'collaborate', 'empower'] as const;
export type LadderRung = (typeof LADDER)[number];

/** The ladder of engagement in plain words, as the Barking and Dagenham strategy describes each rung. */
export const LADDER_LABELS: Record<LadderRung, { label: string; plain: string }> = {
  inform: {
    label: 'Inform',
    plain: 'We are telling you about a decision or a change. You cannot change it, but you can ask questions.',
  },
  consult: {
    label: 'Consult',
    plain: 'We want your views on our proposals before we decide. What you tell us will be considered.',
  },
  involve: {
    label: 'Involve',
    plain: 'We are working with you while we develop options, so your concerns shape what we propose.',
  },
  collaborate: {
    label: 'Collaborate',
    plain: 'We are working in partnership with you on each part of the decision, including the options.',
  },
  empower: { label: 'Empower', plain: 'You make the decision. We will carry out what residents decide.' },
};

export const TOPICS = {
  'adult-social-care': 'Adult social care',
  'children-and-families': 'Children and families',
  'community-safety': 'Community safety',
  'council-budget': 'Council budget and tax',
  'culture-and-leisure': 'Culture, libraries and leisure',
  education: 'Education and schools',
  environment: 'Environment and climate',
  'health-and-wellbeing': 'Health and wellbeing',
  housing: 'Housing',
  'parks-and-open-spaces': 'Parks and open spaces',
  'planning-and-regeneration': 'Planning and regeneration',
  'transport-and-streets': 'Transport, roads and streets',
  'waste-and-recycling': 'Waste and recycling',
  'young-people': 'Young people',
  'community-and-voluntary-sector': 'Community and voluntary sector',
} as const;
export type Topic = keyof typeof TOPICS;

/** Communities of place, interest and identity (the strategies' three kinds of community). */
export const AUDIENCES = {
  residents: { label: 'All residents', kind: 'place' },
  'ward-residents': { label: 'Residents of the wards affected', kind: 'place' },
  'council-tenants': { label: 'Council tenants and leaseholders', kind: 'interest' },
  businesses: { label: 'Local businesses', kind: 'interest' },
  'service-users': { label: 'People who use the service', kind: 'interest' },
  'voluntary-sector': { label: 'Voluntary and community organisations', kind: 'interest' },
  parents: { label: 'Parents and carers', kind: 'interest' },
  'young-people': { label: 'Young people', kind: 'identity' },
  'older-people': { label: 'Older people', kind: 'identity' },
  'disabled-people': { label: 'Disabled people', kind: 'identity' },
  'ethnic-minorities': { label: 'Black, Asian and minority ethnic communities', kind: 'identity' },
  'faith-communities': { label: 'Faith communities', kind: 'identity' },
  lgbt: { label: 'Lesbian, gay, bisexual and transgender people', kind: 'identity' },
  carers: { label: 'Unpaid carers', kind: 'identity' },
} as const satisfies Record<string, { label: string; kind: 'place' | 'interest' | 'identity' }>;
export type Audience = keyof typeof AUDIENCES;

export const isTopic = (value: string): value is Topic => value in TOPICS;
export const isAudience = (value: string): value is Audience => value in AUDIENCES;
