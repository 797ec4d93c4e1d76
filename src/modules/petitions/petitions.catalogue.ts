/** Words for states and the published moderation standards. */

export const REJECTION_REASONS = {
  duplicate: {
    label: 'It duplicates a petition that is already open',
    public: 'There is already a petition about this that is open for signatures.',
    standard:
      'We will not publish a petition that asks for the same thing as one that is already open. We will point you to the open petition so you can sign it.',
  },
  'not-responsible': {
    label: 'It is not something the council or its partners are responsible for',
    public: 'This is not something the council or its partners are responsible for.',
    standard:
      'A petition must ask for something the council, or a partner organisation working with it in the borough, is responsible for or can influence.',
  },
  defamatory: {
    label: 'It is defamatory, offensive or makes claims that cannot be checked',
    public: 'It included content that was defamatory, offensive, or made claims we could not check.',
    standard:
      'We will not publish anything that could be defamatory, is offensive or abusive, or makes allegations about people or organisations that cannot be checked.',
  },
  'personal-data': {
    label: 'It includes personal information about someone',
    public: 'It included personal information about someone.',
    standard:
      'We will not publish names or details that would identify a private individual, or information about someone’s health, family or private life.',
  },
  other: {
    label: 'Another reason under the standards (explain below)',
    public: 'It did not meet our petition standards.',
    standard:
      'We may also refuse a petition that is a campaign advert, is about a matter before a court, is about a planning or licensing application we must decide, or could affect an election.',
  },
} as const;

export type RejectionCode = keyof typeof REJECTION_REASONS;
export const REJECTION_CODES = Object.keys(REJECTION_REASONS) as RejectionCode[];

export const STATUS_LABELS: Record<string, string> = {
  draft: 'Waiting for the creator to confirm their email',
  collecting: 'Gathering supporters',
  moderation: 'Waiting for moderation',
  open: 'Open',
  closed: 'Closed',
  rejected: 'Rejected',
};

export const STATUS_TAG_CLASSES: Record<string, string> = {
  draft: 'govuk-tag--grey',
  collecting: 'govuk-tag--light-blue',
  moderation: 'govuk-tag--yellow',
  open: 'govuk-tag--green',
  closed: 'govuk-tag--grey',
  rejected: 'govuk-tag--red',
};

export const CCFA_STATUS_LABELS: Record<string, string> = {
  submitted: 'Waiting for a decision',
  accepted: 'Accepted for scrutiny',
  refused: 'Refused',
};

/** How long a confirmation link works. */
export const TOKEN_LIFETIME_MS = 7 * 24 * 3600_000;
