/**
 * The stored shape of a standards check (standards_checks.results), shared by the staff review
 * pages and the public summary. Each Gunning or engagement principle becomes concrete checks.
 */
export type CheckStatus = 'pass' | 'warning' | 'block';

export type Principle =
  | 'formative' // Gunning 1: consult while proposals are still formative
  | 'sufficient-information' // Gunning 2
  | 'adequate-time' // Gunning 3
  | 'conscientious-consideration' // Gunning 4
  | 'clear-purpose'
  | 'what-can-change'
  | 'inclusive'
  | 'equalities-liaison'
  | 'feedback'
  | 'plain-english';

export interface CheckResult {
  /** Stable key, used to store a justification for a warning. */
  key: string;
  principle: Principle;
  /** What was checked, in plain words: "The consultation is open for at least 6 weeks". */
  title: string;
  status: CheckStatus;
  /** Why it passed, warned or blocked, with the figures. */
  message: string;
  /** The officer's written justification, for warnings. */
  justification?: string;
}

export type CheckOutcome = 'pass' | 'warnings' | 'blocked';
