// Every job type this server knows. A capability's job definitions live in its folder (server/<capability>/jobs.ts,
// built with defineJob) and are listed here once; housekeeping jobs live in handlers/.
import type { z } from 'zod';
import { automationJobs } from '../automation/jobs';
import { captureJobs } from '../capture/jobs';
import { deliveryJobs } from '../delivery/jobs';
import { purgeAnalysesJob, scanAllJob, scanOpportunityJob, scanRecordJob } from '../hygiene/jobs';
import { runImportJob } from '../imports/jobs';
import { insightJobs } from '../insight/jobs';
import { reportJobs } from '../reports/jobs';
import { purgeExpiredJob } from './handlers/purgeExpired';
import { createJobRegistry } from './jobDefinition';

export const jobDefinitions = [purgeExpiredJob, scanAllJob, scanOpportunityJob, scanRecordJob, purgeAnalysesJob, runImportJob, ...captureJobs, ...deliveryJobs, ...insightJobs, ...automationJobs, ...reportJobs] as const;

type Definition = (typeof jobDefinitions)[number];

/** The job types that exist: enqueueing or scheduling any other name does not type-check. */
export type JobType = Definition['type'];

/** What a job of this type is enqueued with (its schema's input). */
export type JobPayload<Type extends JobType> = z.input<Extract<Definition, { type: Type }>['payload']>;

export const jobRegistry = createJobRegistry(jobDefinitions);

export { createJobRegistry, defineJob, type JobContext, type JobDefinition, type JobRegistry } from './jobDefinition';
