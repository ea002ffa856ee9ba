import { describe, expect, it } from 'vitest';
import { chooseAccountDomain, normaliseDomain } from '../../../server/domain/domains';

describe('normaliseDomain', () => {
  it.each([
    ['https://www.Acme.com/about', 'acme.com'],
    ['acme.com', 'acme.com'],
    ['ACME.COM', 'acme.com'],
    ['  acme.com  ', 'acme.com'],
    ['www.acme.com', 'acme.com'],
    ['http://acme.com', 'acme.com'],
    ['HTTPS://WWW.ACME.COM', 'acme.com'],
    ['https://acme.com:8443/login?next=/', 'acme.com'],
    ['acme.com:8080', 'acme.com'],
    ['https://shop.acme.co.uk/cart#top', 'shop.acme.co.uk'],
    ['//www.acme.io/path', 'acme.io'],
    ['https://user:secret@www.acme.com/', 'acme.com'],
    ['bob@acme.com', 'acme.com'],
    ['acme.com.', 'acme.com'],
    ['acme.com?ref=ad', 'acme.com'],
    ['www2.acme.com', 'www2.acme.com'],
    ['my-company.de', 'my-company.de'],
    ['münchen.de', 'xn--mnchen-3ya.de'],
    ['https://www.xn--mnchen-3ya.de/', 'xn--mnchen-3ya.de'],
  ])('%s -> %s', (input, expected) => {
    expect(normaliseDomain(input)).toBe(expected);
  });

  it.each([
    [''],
    ['   '],
    ['localhost'],
    ['http://localhost:3000'],
    ['acme'],
    ['www.'],
    ['https://'],
    ['192.168.0.1'],
    ['http://[::1]/'],
    ['-acme.com'],
    ['acme-.com'],
    ['acme..com'],
    ['acme .com'],
    ['acme_corp.com'],
    ['acme.c'],
    ['not a website'],
    [`${'a'.repeat(64)}.com`],
    [`${'abcdefghi.'.repeat(26)}com`],
  ])('%j is not a domain', (input) => {
    expect(normaliseDomain(input)).toBeNull();
  });

  it('treats null and undefined as no domain', () => {
    expect(normaliseDomain(null)).toBeNull();
    expect(normaliseDomain(undefined)).toBeNull();
  });
});

describe('chooseAccountDomain', () => {
  it.each([
    // [before, input, expected]
    [null, { website: 'https://www.acme.com' }, { ok: true, domain: 'acme.com' }],
    [null, { website: 'https://www.acme.com', domain: 'Acme.io' }, { ok: true, domain: 'acme.io' }],
    [null, { website: 'https://www.acme.com', domain: null }, { ok: true, domain: 'acme.com' }],
    [null, { website: 'not a site' }, { ok: true, domain: null }],
    [null, {}, { ok: true, domain: null }],
    [null, { domain: 'nonsense' }, { ok: false }],
    // Nothing about the web address sent: unchanged.
    [{ website: 'acme.com', domain: 'acme.com' }, {}, { ok: true, domain: 'acme.com' }],
    // A domain that followed the website keeps following it.
    [{ website: 'acme.com', domain: 'acme.com' }, { website: 'https://acme.io' }, { ok: true, domain: 'acme.io' }],
    [{ website: null, domain: null }, { website: 'https://acme.io' }, { ok: true, domain: 'acme.io' }],
    [{ website: 'acme.com', domain: 'acme.com' }, { website: null }, { ok: true, domain: null }],
    // A domain set on its own stays when the website changes.
    [{ website: 'acme-shop.com', domain: 'acme.com' }, { website: 'https://acme.io' }, { ok: true, domain: 'acme.com' }],
    // Clearing the domain derives it again from the (new or kept) website.
    [{ website: 'acme-shop.com', domain: 'acme.com' }, { domain: null }, { ok: true, domain: 'acme-shop.com' }],
    [{ website: 'acme-shop.com', domain: 'acme.com' }, { domain: 'www.Acme.de' }, { ok: true, domain: 'acme.de' }],
    [{ website: 'acme-shop.com', domain: 'acme.com' }, { domain: 'acme' }, { ok: false }],
  ] as const)('%j + %j -> %j', (before, input, expected) => {
    expect(chooseAccountDomain(before, input)).toEqual(expected);
  });
});
