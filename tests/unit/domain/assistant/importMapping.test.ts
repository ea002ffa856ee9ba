// AI-suggested import mapping: what is still open, and that a suggestion never maps outside the whitelist.
import { describe, expect, it } from 'vitest';
import { acceptedSuggestions, columnSamples, openMapping } from '../../../../server/domain/assistant/importMapping';

describe('openMapping', () => {
  it('leaves out mapped fields and columns, and a full name once first or last name is mapped', () => {
    const open = openMapping('contacts', ['Given', 'Family', 'Mail', 'Telefon', ''], { firstName: 'Given', lastName: 'Family' });
    expect(open.columns).toEqual(['Mail', 'Telefon']);
    expect(open.fields.map((f) => f.key)).toEqual(['email', 'phone', 'title', 'account', 'owner', 'externalId']);
    expect(openMapping('contacts', ['Wer'], { fullName: 'Wer' }).fields.map((f) => f.key)).not.toContain('firstName');
  });
});

describe('acceptedSuggestions', () => {
  const open = openMapping('leads', ['Vorname', 'Nachname', 'Firma', 'E-Mail-Adresse', 'Notes'], {});

  it('keeps pairs of an open column and a whitelisted field, each once', () => {
    const result = acceptedSuggestions(open, {
      mappings: [
        { column: 'Vorname', field: 'firstName' },
        { column: 'Nachname', field: 'lastName' },
        { column: 'Firma', field: 'company' },
        { column: 'E-Mail-Adresse', field: 'email' },
      ],
    });
    expect(result).toEqual({
      suggestions: [
        { column: 'Vorname', field: 'firstName', fieldLabel: 'First name' },
        { column: 'Nachname', field: 'lastName', fieldLabel: 'Last name' },
        { column: 'Firma', field: 'company', fieldLabel: 'Company' },
        { column: 'E-Mail-Adresse', field: 'email', fieldLabel: 'Email' },
      ],
      dropped: 0,
    });
  });

  it('drops fields outside the whitelist, columns the file does not have, repeats and junk', () => {
    const result = acceptedSuggestions(open, {
      mappings: [
        { column: 'Notes', field: 'ownerId' },
        { column: 'Notes', field: 'passwordHash' },
        { column: 'Notes', field: '__proto__' },
        { column: 'Salary', field: 'email' },
        { column: 'Vorname', field: 'firstName' },
        { column: 'Vorname', field: 'lastName' },
        { column: 'Nachname', field: 'firstName' },
        { column: 42, field: 'title' },
        'DROP TABLE leads',
        null,
      ],
    });
    expect(result.suggestions).toEqual([{ column: 'Vorname', field: 'firstName', fieldLabel: 'First name' }]);
    expect(result.dropped).toBe(9);
    expect(acceptedSuggestions(open, 'nonsense')).toEqual({ suggestions: [], dropped: 0 });
    // An already mapped column or field is not open, so it cannot be suggested.
    const partly = openMapping('leads', ['Vorname', 'Mail'], { firstName: 'Vorname' });
    expect(acceptedSuggestions(partly, { mappings: [{ column: 'Vorname', field: 'lastName' }, { column: 'Mail', field: 'firstName' }] }).suggestions).toEqual([]);
  });

  it('sends a few distinct, shortened sample values per open column', () => {
    const columns = ['Firma', 'Notes'];
    const sample = [['Acme', 'x'.repeat(100)], ['Acme', ''], ['Globex', 'short'], ['Initech', 'y'], ['Umbrella', 'z']];
    expect(columnSamples(columns, ['Firma', 'Notes'], sample)).toEqual([
      { header: 'Firma', samples: ['Acme', 'Globex', 'Initech'] },
      { header: 'Notes', samples: [`${'x'.repeat(59)}…`, 'short', 'y'] },
    ]);
  });
});
