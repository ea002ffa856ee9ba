// What a job type is: a name, a zod schema for its payload and a handler. The registry looks them up by name.
import type { z } from 'zod';
import type { Db } from '../db';
import type { Env } from '../env';
import type { Clock } from '../lib/clock';
import type { Logger } from '../lib/log';

export interface JobContext {
  db: Db;
  log: Logger;
  clock: Clock;
  env: Env;
  /** The running job: attempt is 1 on the first run. */
  job: { id: number; type: string; attempt: number; maxAttempts: number };
  /** Aborted when the worker gives up waiting for this job at shutdown; long handlers should stop early. */
  signal: AbortSignal;
}

export interface JobDefinition<Type extends string = string, Schema extends z.ZodType = z.ZodType> {
  /** 'module.action', e.g. 'hygiene.scanOpportunity'. */
  type: Type;
  payload: Schema;
  handle(ctx: JobContext, payload: z.output<Schema>): Promise<void>;
}

/** Keeps the payload type of `handle` tied to the schema, and the type name a literal (JobType is their union). */
export function defineJob<const Type extends string, Schema extends z.ZodType>(
  definition: JobDefinition<Type, Schema>,
): JobDefinition<Type, Schema> {
  return definition;
}

export interface JobRegistry {
  get(type: string): JobDefinition | undefined;
  types(): string[];
}

export function createJobRegistry(definitions: readonly JobDefinition<string, z.ZodType>[]): JobRegistry {
  const byType = new Map<string, JobDefinition>();
  for (const definition of definitions) {
    if (byType.has(definition.type)) throw new Error(`Job type "${definition.type}" is registered twice`);
    byType.set(definition.type, definition);
  }
  return {
    get: (type) => byType.get(type),
    types: () => [...byType.keys()],
  };
}
