import { z } from 'zod';
import { jobStatuses } from '../enums';
import { filterText, listPaging, recordId } from './common';

/** Admin view of the queue: newest first, filtered by status and type. */
export const jobList = z.object({
  status: z.enum(jobStatuses, { message: 'Choose a job status' }).optional(),
  type: filterText(64),
  cursor: listPaging.cursor,
  limit: listPaging.limit,
})
  // `jobs.list()` with no input lists everything.
  .prefault({});

export const jobRetry = z.object({ id: recordId });

export type JobList = z.output<typeof jobList>;
