import { describe, expect, it } from 'vitest';
import { isWebAddress, normaliseWebAddress, WEB_ADDRESS_MESSAGE, WEB_SCHEME_MESSAGE } from '../../../shared/webAddresses';

describe('normaliseWebAddress', () => {
  it.each([
    ['acme.com', 'https://acme.com'],
    ['  www.acme.com  ', 'https://www.acme.com'],
    ['//acme.com/about', 'https://acme.com/about'],
    ['https://acme.com/', 'https://acme.com'],
    ['HTTP://Acme.COM/About?x=1', 'http://acme.com/About?x=1'],
    ['acme.com:8080/shop', 'https://acme.com:8080/shop'],
    ['https://münchen.de', 'https://xn--mnchen-3ya.de'],
    ['https://acme.com/a b', 'https://acme.com/a%20b'],
  ])('stores %j as %j', (typed, stored) => {
    expect(normaliseWebAddress(typed)).toEqual({ ok: true, url: stored });
  });

  it.each([
    'javascript:alert(document.cookie)',
    'JavaScript:alert(1)',
    ' javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'vbscript:msgbox(1)',
    'mailto:sales@acme.com',
    'ftp://files.acme.com',
    'file:///etc/passwd',
  ])('refuses %j: not http or https', (typed) => {
    expect(normaliseWebAddress(typed)).toEqual({ ok: false, message: WEB_SCHEME_MESSAGE });
  });

  it.each(['java\nscript:alert(1)', 'java\tscript:alert(1)', 'https://', 'localhost', 'https://bank.example@evil.example', 'sales@acme.com', 'not a url'])(
    'refuses %j: not a web address',
    (typed) => {
      expect(normaliseWebAddress(typed)).toEqual({ ok: false, message: WEB_ADDRESS_MESSAGE });
    },
  );
});

describe('isWebAddress', () => {
  it('links only stored http(s) addresses', () => {
    expect(isWebAddress('https://acme.com')).toBe(true);
    expect(isWebAddress('http://acme.com/about')).toBe(true);
    expect(isWebAddress('javascript:alert(1)')).toBe(false);
    expect(isWebAddress('acme.com')).toBe(false);
    expect(isWebAddress(null)).toBe(false);
  });
});
