import { describe, expect, it } from 'vitest';
import { companyDomainOfEmail, convertedAccountName } from '../../../server/domain/leadConversion';

describe("a converted lead's company domain", () => {
  it.each([
    ['ada@Acme.COM', 'acme.com'],
    ['ada@mail.acme.co.uk', 'mail.acme.co.uk'],
    ['ada@www.acme.com', 'acme.com'],
    ['ada@gmail.com', null],
    ['ada@GoogleMail.com', null],
    ['ada@outlook.com', null],
    ['ada@proton.me', null],
    ['ada@localhost', null],
    ['not-an-email', null],
    ['', null],
  ])('%s -> %s', (email, domain) => {
    expect(companyDomainOfEmail(email)).toBe(domain);
  });

  it('is null without an email', () => {
    expect(companyDomainOfEmail(null)).toBeNull();
    expect(companyDomainOfEmail(undefined)).toBeNull();
  });
});

describe("a converted lead's account name", () => {
  it('is the name the user typed, else the company', () => {
    expect(convertedAccountName({ company: 'Acme Ltd' }, 'Acme Group')).toBe('Acme Group');
    expect(convertedAccountName({ company: 'Acme Ltd' }, undefined)).toBe('Acme Ltd');
    expect(convertedAccountName({ company: 'Acme Ltd' }, '  ')).toBe('Acme Ltd');
  });
});
