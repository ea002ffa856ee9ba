// What a process runs, by its --role: web serves HTTP; worker runs jobs and the schedule; all does both.
import { EnvError } from './env';

export type ProcessRole = 'web' | 'worker' | 'all';

export function parseRole(argv: readonly string[]): ProcessRole {
  const arg = argv.find((a) => a.startsWith('--role='));
  const role = arg ? arg.slice('--role='.length) : 'all';
  if (role !== 'web' && role !== 'worker' && role !== 'all') {
    throw new EnvError(`Unknown --role=${role}: use --role=web, --role=worker or --role=all`);
  }
  return role;
}

export interface ProcessParts {
  http: boolean;
  worker: boolean;
  /** The scheduler runs where the worker runs, unless SCHEDULER_ENABLED=false. */
  scheduler: boolean;
}

export function partsOf(role: ProcessRole, schedulerEnabled: boolean): ProcessParts {
  const worker = role !== 'web';
  return { http: role !== 'worker', worker, scheduler: worker && schedulerEnabled };
}
