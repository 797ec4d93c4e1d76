/**
 * One signature per person per petition needs one spelling per mailbox. Every address is trimmed
 * and lower-cased. Gmail (gmail.com and googlemail.com, one service) ignores dots in the local
 * part and delivers "name+anything" to "name", so for Gmail those are removed and googlemail.com
 * becomes gmail.com: "A.N.Other+petition@GoogleMail.com" and "another@gmail.com" are one person.
 * Other providers are left as typed: plus tags and dots mean different mailboxes at some of them,
 * and refusing a real second person is worse than the rare duplicate a moderator can spot
 * (signatures from one address and one network are shown to moderators).
 */
const GMAIL = new Set(['gmail.com', 'googlemail.com']);

export function emailKey(email: string): { key: string; domain: string } {
  const lower = email.trim().toLowerCase();
  const at = lower.lastIndexOf('@');
  if (at < 1) return { key: lower, domain: '' };
  let local = lower.slice(0, at);
  let domain = lower.slice(at + 1);
  if (GMAIL.has(domain)) {
    local = local.split('+')[0]!.replace(/\./g, '');
    domain = 'gmail.com';
  }
  return { key: `${local}@${domain}`, domain };
}
