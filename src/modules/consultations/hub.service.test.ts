import { describe, expect, it } from 'vitest';
import { formatDate } from '../../web/format.ts';
import { feedbackDueDate } from './feedback-due-date.ts';
import { fileType, findHref, publicStatus } from './hub.service.ts';

describe('hub helpers', () => {
  it('promises feedback the given calendar weeks after the London closing date, across a clock change', () => {
    // 11:59pm on 1 March (GMT) plus six weeks lands after British Summer Time starts.
    expect(formatDate(feedbackDueDate(new Date('2027-03-01T23:59:00Z'), 6))).toBe('12 April 2027');
    // 22:30 UTC is 11:30pm BST on 30 June.
    expect(formatDate(feedbackDueDate(new Date('2027-06-30T22:30:00Z'), 6))).toBe('11 August 2027');
    // 00:30 BST on 1 July is still 30 June in UTC: the London date counts.
    expect(formatDate(feedbackDueDate(new Date('2027-06-30T23:30:00Z'), 6))).toBe('12 August 2027');
    // The lead organisation's own weeks, not a fixed six.
    expect(formatDate(feedbackDueDate(new Date('2027-03-01T23:59:00Z'), 8))).toBe('26 April 2027');
  });

  it('names file types in plain words', () => {
    expect(fileType('application/pdf', 'a.pdf')).toBe('PDF');
    expect(fileType('application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'a.docx')).toBe(
      'Word document',
    );
    expect(fileType('application/octet-stream', 'plan.dwg')).toBe('DWG');
    expect(fileType('application/octet-stream', 'noextension')).toBe('File');
  });

  it('shows scheduled as Forthcoming and closed states with words, not colour alone', () => {
    expect(publicStatus('scheduled').text).toBe('Forthcoming');
    expect(publicStatus('open').text).toBe('Open');
    expect(publicStatus('closed').text).toBe('Closed');
    expect(publicStatus('feedback_published').text).toBe('Closed: feedback published');
    expect(publicStatus('archived').text).toBe('Closed: archived');
  });

  it('builds filter links without empty parameters or page 1, encoding what residents typed', () => {
    expect(findHref({ status: 'open', page: 1 })).toBe('/consultations');
    expect(findHref({ status: 'closed', q: 'a&b <c>', topic: 'housing', page: 2 })).toBe(
      '/consultations?status=closed&q=a%26b+%3Cc%3E&topic=housing&page=2',
    );
  });
});
