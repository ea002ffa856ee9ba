import { describe, expect, it } from 'vitest';
import { proposeStageMapping, stageFrom } from '../../../server/domain/imports/stages';
import { amountCell, codeFromName, dateCell, dateTimeCell, looksLikeId, referenceCell } from '../../../server/domain/imports/values';

describe('stages of other CRMs', () => {
  it('maps HubSpot labels and internal values, Salesforce and Maven stages onto ours', () => {
    expect(proposeStageMapping(['Qualified To Buy', 'qualifiedtobuy', 'closedwon', 'Closed: lost', 'Needs Analysis', 'Proposal/Price Quote', 'Won', 'Engaging', '95211147', 'Negociación'])).toEqual({
      'Qualified To Buy': 'Discovery',
      qualifiedtobuy: 'Discovery',
      closedwon: 'Closed Won',
      'Closed: lost': 'Closed Lost',
      'Needs Analysis': 'Discovery',
      'Proposal/Price Quote': 'Proposal',
      Won: 'Closed Won',
      Engaging: 'Discovery',
      '95211147': null,
      Negociación: null,
    });
  });

  it("takes the user's mapping first, where null rejects, and an empty cell is Prospecting", () => {
    expect(stageFrom('Negociación', { Negociación: 'Negotiation' })).toBe('Negotiation');
    expect(stageFrom('Won', { Won: null })).toBeNull();
    expect(stageFrom('', undefined)).toBe('Prospecting');
    expect(stageFrom(' ', { '': 'Discovery' })).toBe('Discovery');
  });
});

describe('cells as exports write them', () => {
  it('reads amounts to cents, leaving what is not a number to the form rule', () => {
    expect(amountCell('$12,500.50')).toBe('12500.50');
    expect(amountCell('140000.0')).toBe('140000.00');
    expect(amountCell('9225.225')).toBe('9225.23');
    expect(amountCell('1.03444E11')).toBe('103444000000.00');
    expect(amountCell('USD 30')).toBe('30.00');
    expect(amountCell('-5')).toBe('-5.00');
    expect(amountCell('lots')).toBe('lots');
    expect(amountCell('')).toBeNull();
  });

  it('takes the day of ISO dates and date-times, and never guesses D/M from M/D', () => {
    expect(dateCell('2023-05-11 00:00:00')).toBe('2023-05-11');
    expect(dateCell('2020-12-22T21:16:01Z')).toBe('2020-12-22');
    expect(dateCell('4/8/2025')).toBe('4/8/2025');
    expect(dateTimeCell('2017-02-21')).toEqual(new Date('2017-02-21T00:00:00.000Z'));
    expect(dateTimeCell('2023-07-17T22:18:17.011Z')).toEqual(new Date('2023-07-17T22:18:17.011Z'));
    expect(dateTimeCell('2023-04-03 12:05')).toEqual(new Date('2023-04-03T12:05:00.000Z'));
    expect(dateTimeCell('2023-04-03 12:05:00+0200')).toEqual(new Date('2023-04-03T10:05:00.000Z'));
    expect(dateTimeCell('31/03/2026')).toBe('invalid');
  });

  it('knows ids of other systems and empty lookups', () => {
    expect(looksLikeId('0018a000020sFKBAA2')).toBe(true);
    expect(looksLikeId('16578613132')).toBe(true);
    expect(looksLikeId('a1c17ba1-e231-4839-b79f-4e7ba826c66a')).toBe(true);
    expect(looksLikeId('Acme Corporation')).toBe(false);
    expect(looksLikeId('GENEPOINT2024XY')).toBe(false);
    expect(referenceCell('000000000000000AAA')).toBeNull();
    expect(referenceCell('#N/A')).toBeNull();
    expect(codeFromName('Café Crème 2000')).toBe('CAFE-CREME-2000');
  });
});
