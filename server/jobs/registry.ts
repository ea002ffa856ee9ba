// Every job type this server knows. A new job type: a file in handlers/ built with defineJob, and one line here.
import { createJobRegistry, type JobDefinition } from './jobDefinition';
import { purgeExpiredJob } from './handlers/purgeExpired';

export const jobDefinitions: readonly JobDefinition[] = [
  purgeExpiredJob,
];

export const jobRegistry = createJobRegistry(jobDefinitions);

export { createJobRegistry, defineJob, type JobContext, type JobDefinition, type JobRegistry } from './jobDefinition';
