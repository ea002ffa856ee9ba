import { describe, expect, it } from 'vitest';
import { checkTemplate, renderTemplate, templateVariables } from '../../../server/domain/templates';

const allowed = ['opportunity.opportunityName', 'owner.name', 'account.accountName'];

describe('templates', () => {
  it('lists the variables a template uses', () => {
    expect(templateVariables('Hi {{ owner.name }}, {{opportunity.opportunityName}} for {{owner.name}}')).toEqual(['owner.name', 'opportunity.opportunityName']);
  });

  it('renders known variables, and a known variable without a value as empty', () => {
    expect(renderTemplate('Confirm the economic buyer of {{opportunity.opportunityName}} ({{ account.accountName }})', {
      'opportunity.opportunityName': 'Acme renewal',
      'account.accountName': 'Acme',
    })).toBe('Confirm the economic buyer of Acme renewal (Acme)');
    expect(renderTemplate('For {{owner.name}}.', { 'owner.name': null })).toBe('For .');
  });

  it('refuses unknown variables, empty ones and unbalanced braces', () => {
    expect(checkTemplate('Call {{contact.firstName}} about {{opportunity.opportunityName}}', allowed)).toEqual([
      'Unknown variable {{contact.firstName}}: use one of {{opportunity.opportunityName}}, {{owner.name}}, {{account.accountName}}',
    ]);
    expect(checkTemplate('Hello {{}}', allowed)).toEqual(['Empty variable {{}}']);
    expect(checkTemplate('Hello {{owner.name}', allowed)).toEqual(['Unbalanced braces: write variables as {{scope.field}}']);
    expect(checkTemplate('Plain text is fine', allowed)).toEqual([]);
  });
});
