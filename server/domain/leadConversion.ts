// What a converted lead's new account is called and which web domain it is known by.
import { normaliseDomain } from './domains';

// Mailbox providers: their domain says nothing about the lead's company, and an account carrying it
// would later swallow every customer email sent from that provider.
const personalMailDomains = new Set([
  'gmail.com',
  'googlemail.com',
  'yahoo.com',
  'yahoo.co.uk',
  'ymail.com',
  'outlook.com',
  'hotmail.com',
  'hotmail.co.uk',
  'live.com',
  'msn.com',
  'icloud.com',
  'me.com',
  'mac.com',
  'aol.com',
  'proton.me',
  'protonmail.com',
  'pm.me',
  'gmx.com',
  'gmx.de',
  'gmx.net',
  'web.de',
  'mail.com',
  'zoho.com',
  'yandex.ru',
  'yandex.com',
  'mail.ru',
  'qq.com',
  '163.com',
  '126.com',
  'fastmail.com',
  'hey.com',
]);

/** The company domain of a lead's email address, or null for a personal mailbox or no email. */
export function companyDomainOfEmail(email: string | null | undefined): string | null {
  if (!email) return null;
  const at = email.lastIndexOf('@');
  if (at < 0) return null;
  const domain = normaliseDomain(email.slice(at + 1));
  return domain && !personalMailDomains.has(domain) ? domain : null;
}

/** A name the user typed wins; otherwise the company the lead gave. */
export function convertedAccountName(lead: { company: string }, requested: string | null | undefined): string {
  return requested?.trim() || lead.company;
}
