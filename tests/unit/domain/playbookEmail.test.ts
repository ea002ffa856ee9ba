import { describe, expect, it } from 'vitest';
import { abVariant, dailyLimitDecision, isPermanentRejection, playbookSender, senderDay, smtpAnswer } from '../../../server/domain/playbookEmail';
import { signUnsubscribe, verifyUnsubscribe } from '../../../server/domain/unsubscribeToken';

describe('abVariant', () => {
  it('is the same for the same enrolment and step, every time', () => {
    for (let id = 1; id < 50; id++) expect(abVariant(id, 2, 50)).toBe(abVariant(id, 2, 50));
  });
  it('puts about the split in B over many enrolments', () => {
    for (const percent of [10, 30, 50, 80]) {
      const b = Array.from({ length: 10_000 }, (_, i) => abVariant(i + 1, 0, percent)).filter((v) => v === 'B').length;
      expect(Math.abs(b / 100 - percent)).toBeLessThan(2);
    }
  });
  it('sends everyone A at 0% and B at 100%', () => {
    expect(abVariant(7, 0, 0)).toBe('A');
    expect(abVariant(7, 0, 100)).toBe('B');
  });
  it('draws each step apart: one enrolment is not B on every step', () => {
    const steps = Array.from({ length: 40 }, (_, s) => abVariant(12, s, 50));
    expect(new Set(steps).size).toBe(2);
  });
});

describe('daily limit', () => {
  const now = new Date('2026-12-02T10:00:00.000Z');
  it('sends below the limit and says how many are left', () => {
    expect(dailyLimitDecision(0, 200, now, 'UTC')).toEqual({ send: true, left: 199 });
    expect(dailyLimitDecision(199, 200, now, 'UTC')).toEqual({ send: true, left: 0 });
  });
  it("at the limit waits until the sender's next day begins, in their zone", () => {
    expect(dailyLimitDecision(200, 200, now, 'UTC')).toEqual({ send: false, until: new Date('2026-12-03T00:00:00.000Z') });
    // 10:00 UTC is 05:00 in New York (UTC-5 in December) and 19:00 in Tokyo.
    expect(dailyLimitDecision(5, 5, now, 'America/New_York')).toEqual({ send: false, until: new Date('2026-12-03T05:00:00.000Z') });
    expect(dailyLimitDecision(5, 5, now, 'Asia/Tokyo')).toEqual({ send: false, until: new Date('2026-12-02T15:00:00.000Z') });
  });
  it('counts the day in the zone, across a DST change, and an unknown zone as UTC', () => {
    expect(senderDay(new Date('2026-03-08T12:00:00.000Z'), 'America/New_York')).toEqual({ start: new Date('2026-03-08T05:00:00.000Z'), end: new Date('2026-03-09T04:00:00.000Z') });
    expect(senderDay(now, 'Not/AZone')).toEqual({ start: new Date('2026-12-02T00:00:00.000Z'), end: new Date('2026-12-03T00:00:00.000Z') });
  });
});

describe('playbookSender', () => {
  it("sends as the owner when their address is in MAIL_FROM's domain", () => {
    expect(playbookSender({ name: 'Rob Rep', email: 'rob@Acme.com' }, 'Acme CRM <crm@acme.com>')).toEqual({ from: '"Rob Rep" <rob@Acme.com>' });
  });
  it("otherwise from MAIL_FROM's address under the owner's name, Reply-To the owner", () => {
    expect(playbookSender({ name: 'Olga', email: 'olga@gmail.example' }, 'crm@acme.com')).toEqual({ from: '"Olga" <crm@acme.com>', replyTo: '"Olga" <olga@gmail.example>' });
  });
  it('quotes a display name so it cannot add an address', () => {
    expect(playbookSender({ name: 'Evil "x" <a@b.c>,', email: 'e@acme.com' }, 'crm@acme.com').from).toBe('"Evil \\"x\\" <a@b.c>," <e@acme.com>');
  });
});

describe('SMTP answers', () => {
  it('treats 5xx as permanent (a bounce) and 4xx or no answer as temporary', () => {
    expect(isPermanentRejection({ responseCode: 550 })).toBe(true);
    expect(isPermanentRejection({ responseCode: 450 })).toBe(false);
    expect(isPermanentRejection(new Error('ECONNREFUSED'))).toBe(false);
    expect(smtpAnswer({ response: '550 5.1.1 No such user', message: 'Can\'t send mail' })).toBe('550 5.1.1 No such user');
    expect(smtpAnswer(new Error('Connection closed'))).toBe('Connection closed');
  });
});

describe('unsubscribe tokens', () => {
  const key = Buffer.alloc(32, 7);
  it('carries the address, in lower case, and verifies under the same key only', () => {
    const token = signUnsubscribe(key, ' Cleo@Acme.Example ');
    expect(verifyUnsubscribe(key, token)).toBe('cleo@acme.example');
    expect(verifyUnsubscribe(Buffer.alloc(32, 8), token)).toBeNull();
  });
  it('refuses a changed address or signature, and anything not a token', () => {
    const token = signUnsubscribe(key, 'cleo@acme.example');
    const [, mac] = token.split('.');
    const other = Buffer.from('mallory@acme.example').toString('base64url');
    expect(verifyUnsubscribe(key, `${other}.${mac}`)).toBeNull();
    expect(verifyUnsubscribe(key, `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`)).toBeNull();
    for (const bad of ['', 'abc', 'a.b', `${token}.x`, 'x'.repeat(2000)]) expect(verifyUnsubscribe(key, bad)).toBeNull();
  });
});
