import { describe, expect, it } from 'vitest';
import { setFieldProblem } from '../../../shared/playbookFields';

describe('the set-a-field step values', () => {
  it.each([
    ['lead', 'status', 'Working'],
    ['case', 'status', 'Escalated'],
    ['project', 'status', 'On Hold'],
    ['project', 'healthStatus', 'At Risk'],
    ['opportunity', 'ownerId', 'user-1'],
    ['contact', 'ownerId', 'user-1'],
  ] as const)('allows a %s %s of %s', (recordType, field, value) => {
    expect(setFieldProblem(recordType, field, value)).toBeNull();
  });

  it('refuses a value the field does not take, naming the allowed ones', () => {
    expect(setFieldProblem('lead', 'status', 'Hot')).toEqual({ on: 'value', message: '"Hot" is not a lead status: choose one of New, Working, Nurture, Qualified, Unqualified' });
    // Values are compared exactly: the stored statuses are these words.
    expect(setFieldProblem('case', 'status', 'closed')?.on).toBe('value');
    expect(setFieldProblem('project', 'healthStatus', 'Fine')?.message).toMatch(/^"Fine" is not a project health: choose one of Healthy, At Risk, Critical$/);
  });

  it('refuses Converted: only converting a lead sets it', () => {
    expect(setFieldProblem('lead', 'status', 'Converted')?.on).toBe('value');
  });

  it('refuses a field the record type does not have, on the field', () => {
    expect(setFieldProblem('lead', 'healthStatus', 'Healthy')).toEqual({ on: 'field', message: 'A lead has no field "healthStatus" a playbook can set: choose status or owner' });
    expect(setFieldProblem('opportunity', 'status', 'Won')?.message).toMatch(/^A deal has no field "status".*choose owner$/);
  });

  it('asks for an owner when none is chosen', () => {
    expect(setFieldProblem('case', 'ownerId', ' ')).toEqual({ on: 'value', message: 'Choose an owner' });
  });
});
