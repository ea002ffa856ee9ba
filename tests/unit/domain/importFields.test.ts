// The headers of real exports (tests/fixtures/real and /work/shared/data/real) map without help.
import { describe, expect, it } from 'vitest';
import { mappingProblems, ownerReference, proposeMapping, splitFullName } from '../../../server/domain/imports/fields';

describe('proposeMapping', () => {
  it.each([
    ['HubSpot companies, internal names', 'accounts', ['createdate', 'domain', 'hs_lastmodifieddate', 'hs_object_id', 'name'], { accountName: 'name', domain: 'domain', externalId: 'hs_object_id' }],
    ['HubSpot companies, labels', 'accounts', ['Record ID - Company', 'Company name', 'Create Date', 'Phone Number', 'City', 'Country/Region', 'Industry'], { accountName: 'Company name', externalId: 'Record ID - Company', region: 'Country/Region', industry: 'Industry' }],
    ['Salesforce sample accounts', 'accounts', ['name', 'phone', 'website', 'industry', 'billingcountry'], { accountName: 'name', website: 'website', industry: 'industry', region: 'billingcountry' }],
    ['Salesforce Data Loader extract', 'accounts', ['ACCOUNTSOURCE', 'ID', 'NAME', 'NUMBEROFEMPLOYEES'], { accountName: 'NAME', externalId: 'ID' }],
    ['Maven accounts', 'accounts', ['account', 'sector', 'year_established', 'office_location'], { accountName: 'account', industry: 'sector', region: 'office_location' }],
    ['HubSpot contacts', 'contacts', ['Record ID', 'First Name', 'Last Name', 'Email', 'Phone Number', 'Lead Status', 'Create Date'], { externalId: 'Record ID', firstName: 'First Name', lastName: 'Last Name', email: 'Email', phone: 'Phone Number' }],
    ['Salesforce sample contacts', 'contacts', ['lastName', 'firstName', 'email', 'accountId', 'title', 'phone'], { lastName: 'lastName', firstName: 'firstName', email: 'email', account: 'accountId', title: 'title', phone: 'phone' }],
    ['HubSpot contacts with company and owner', 'contacts', ['First Name', 'Last Name', 'Company Name', 'Contact owner', 'Job Title'], { firstName: 'First Name', lastName: 'Last Name', account: 'Company Name', owner: 'Contact owner', title: 'Job Title' }],
    ['one name column', 'contacts', ['Name', 'Email'], { email: 'Email', fullName: 'Name' }],
  ] as const)('%s', (_what, entity, columns, expected) => {
    expect(proposeMapping(entity, [...columns])).toEqual(expected);
  });
});

describe('mappingProblems', () => {
  it('names what is missing or unknown', () => {
    expect(mappingProblems('accounts', ['A'], {})).toEqual({ accountName: 'Choose the column that holds the account name' });
    expect(mappingProblems('accounts', ['A'], { accountName: 'B', colour: 'A' })).toEqual({
      accountName: 'The file has no column "B"',
      colour: 'There is no field "colour" to import into',
    });
    expect(mappingProblems('contacts', ['Name'], { fullName: 'Name' })).toEqual({});
  });
});

describe('names and owners', () => {
  it('splits a full name at the last space and ignores HubSpot’s deactivated-user note', () => {
    expect(splitFullName(' Ada  King Lovelace ')).toEqual({ firstName: 'Ada King', lastName: 'Lovelace' });
    expect(splitFullName('Cher')).toEqual({ firstName: 'Cher', lastName: 'Cher' });
    expect(ownerReference('lenny@marvell-consulting.com (Deactivated User)')).toBe('lenny@marvell-consulting.com');
  });
});
