import { describe, expect, it } from 'vitest';
import { canSeeBody, canSeeOutbox } from './messages.policy.ts';

describe('messages policy', () => {
  it('shows the outbox to administrators and engagement officers only', () => {
    expect(canSeeOutbox('administrator')).toBe(true);
    expect(canSeeOutbox('engagement_officer')).toBe(true);
    for (const role of ['service_officer', 'councillor', 'partner_officer'] as const)
      expect(canSeeOutbox(role)).toBe(false);
  });

  it('keeps invitation links from everyone but administrators', () => {
    expect(canSeeBody('administrator', 'staff-invitation')).toBe(true);
    expect(canSeeBody('engagement_officer', 'staff-invitation')).toBe(false);
    expect(canSeeBody('engagement_officer', 'consultation-reminder')).toBe(true);
    expect(canSeeBody('councillor', 'consultation-reminder')).toBe(false);
  });
});
