import { describe, expect, it } from 'vitest';
import { isDisposable } from './disposable-domains.ts';
import { emailKey } from './email-key.ts';
import { keyedHashes, networkOf } from './network-hash.ts';
import * as policy from './petitions.policy.ts';

describe('email keys', () => {
  it('lower-cases and trims every address', () => {
    expect(emailKey('  Rita.Resident+x@Example.COM ')).toEqual({
      key: 'rita.resident+x@example.com',
      domain: 'example.com',
    });
  });
  it('folds Gmail dots, plus tags and googlemail.com into one mailbox', () => {
    const one = emailKey('A.N.Other+petition@GoogleMail.com').key;
    expect(one).toBe('another@gmail.com');
    expect(emailKey('another@gmail.com').key).toBe(one);
    expect(emailKey('an.other@gmail.com').key).toBe(one);
  });
});

describe('network hashes', () => {
  it('groups IPv4 by /24 and IPv6 by /48, IPv4-mapped addresses as IPv4', () => {
    expect(networkOf('203.0.113.77')).toBe('203.0.113.0/24');
    expect(networkOf('::ffff:203.0.113.9')).toBe('203.0.113.0/24');
    expect(networkOf('2001:db8:abcd:12::1')).toBe('2001:db8:abcd::/48');
    expect(networkOf('2001:0db8:abcd:0012:0000:0000:0000:0001')).toBe('2001:db8:abcd::/48');
  });
  it('keys the hashes: same network, different addresses; another secret gives other hashes; no address in them', () => {
    const a = keyedHashes('secret-one', '203.0.113.1');
    const b = keyedHashes('secret-one', '203.0.113.2');
    expect(a.networkHash).toBe(b.networkHash);
    expect(a.addressHash).not.toBe(b.addressHash);
    expect(keyedHashes('secret-two', '203.0.113.1').networkHash).not.toBe(a.networkHash);
    expect(JSON.stringify(a)).not.toContain('203.0.113');
  });
});

describe('disposable domains', () => {
  it('flags listed domains whatever their capitals', () => {
    expect(isDisposable('Mailinator.com')).toBe(true);
    expect(isDisposable('example.com')).toBe(false);
  });
});

describe('petitions policy', () => {
  const council = '11111111-1111-4111-8111-111111111111';
  const partner = '22222222-2222-4222-8222-222222222222';
  const petition = { organisationId: council, leadOfficerId: 'lead' };
  const user = (
    role: 'administrator' | 'engagement_officer' | 'service_officer' | 'councillor' | 'partner_officer',
    organisationId = council,
    id = 'u',
  ) => ({ id, role, organisationId });

  it('lets only the council’s own reviewers moderate, see signatures and invalidate', () => {
    for (const check of [policy.canModerate, policy.canSeeSignatures, policy.canInvalidate]) {
      expect(check(user('engagement_officer'), petition)).toBe(true);
      expect(check(user('administrator'), petition)).toBe(true);
      expect(check(user('engagement_officer', partner), petition)).toBe(false);
      expect(check(user('administrator', partner), petition)).toBe(false);
      expect(check(user('service_officer'), petition)).toBe(false);
      expect(check(user('councillor'), petition)).toBe(false);
    }
  });
  it('lets the lead officer publish the response, and no one from another organisation', () => {
    expect(policy.canPublishResponse(user('service_officer', council, 'lead'), petition)).toBe(true);
    expect(policy.canPublishResponse(user('service_officer', council, 'other'), petition)).toBe(false);
    expect(policy.canPublishResponse(user('engagement_officer', partner), petition)).toBe(false);
    expect(policy.canPublishResponse(user('service_officer'), { ...petition, leadOfficerId: null })).toBe(false);
  });
  it('keeps settings and staff lists to the council', () => {
    expect(policy.canChangeSettings(user('administrator'), council)).toBe(true);
    expect(policy.canChangeSettings(user('administrator', partner), council)).toBe(false);
    expect(policy.canListPetitions(user('partner_officer', partner), council)).toBe(false);
    expect(policy.canListPetitions(user('service_officer'), council)).toBe(true);
  });
  it('lets councillors raise calls for action and the council’s reviewers act as scrutiny officer', () => {
    const ccfa = { organisationId: council, councillorId: 'cllr' };
    expect(policy.canRaiseCcfa(user('councillor'))).toBe(true);
    expect(policy.canRaiseCcfa(user('engagement_officer'))).toBe(false);
    expect(policy.canManageCcfa(user('engagement_officer'), ccfa)).toBe(true);
    expect(policy.canManageCcfa(user('engagement_officer', partner), ccfa)).toBe(false);
    expect(policy.canManageCcfa(user('councillor', council, 'cllr'), ccfa)).toBe(false);
    expect(policy.canSeeCcfa(user('councillor', council, 'cllr'), ccfa)).toBe(true);
    expect(policy.canSeeCcfa(user('councillor', council, 'other'), ccfa)).toBe(false);
    expect(policy.canSeeCcfa(user('partner_officer', partner), ccfa)).toBe(false);
  });
});
