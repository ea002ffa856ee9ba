import { describe, expect, it } from 'vitest';
import { EnvError } from '../../../server/env';
import { parseRole, partsOf } from '../../../server/roles';

describe('process roles', () => {
  it('runs everything by default', () => {
    expect(parseRole([])).toBe('all');
    expect(partsOf('all', true)).toEqual({ http: true, worker: true, scheduler: true });
  });

  it('runs the scheduler where the worker runs, never in a web process', () => {
    expect(partsOf('web', true)).toEqual({ http: true, worker: false, scheduler: false });
    expect(partsOf('worker', true)).toEqual({ http: false, worker: true, scheduler: true });
  });

  it('lets SCHEDULER_ENABLED=false turn the scheduler off in a worker', () => {
    expect(partsOf('worker', false)).toEqual({ http: false, worker: true, scheduler: false });
  });

  it('refuses an unknown role by name', () => {
    expect(parseRole(['--role=worker'])).toBe('worker');
    expect(() => parseRole(['--role=scheduler'])).toThrow(EnvError);
    expect(() => parseRole(['--role=scheduler'])).toThrow('Unknown --role=scheduler');
  });
});
