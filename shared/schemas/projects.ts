// Project and milestone inputs: the project form, the milestone editor and the server validate with these.
import { z } from 'zod';
import { healthStatuses, milestoneStatuses, projectStatuses } from '../enums';
import { expectedVersion, filterText, isoDate, listPaging, optionalIsoDate, recordId, requiredText, userId } from './common';

export const projectStatus = z.enum(projectStatuses, { message: 'Choose a project status' });
export const healthStatus = z.enum(healthStatuses, { message: 'Choose Healthy, At Risk or Critical' });
export const milestoneStatus = z.enum(milestoneStatuses, { message: 'Choose a milestone status' });

const userCount = z
  .number({ message: 'Enter a number of users' })
  .int('Enter a whole number')
  .min(0, 'Enter a number of users')
  .max(10_000_000, 'Enter a number of users');

export const END_BEFORE_START = 'The target end date must be on or after the start date';

/** Both dates known and the end before the start (YYYY-MM-DD compares as text). */
export function endsBeforeStart(p: { startDate?: string | null; targetEndDate?: string | null }): boolean {
  return !!p.startDate && !!p.targetEndDate && p.targetEndDate < p.startDate;
}

export const projectCreate = z
  .object({
    projectName: requiredText('Project name'),
    accountId: recordId,
    /** A deal of the same account (the one that sold the project). */
    opportunityId: recordId.nullish().transform((v) => v ?? null),
    status: projectStatus.default('Not Started'),
    healthStatus: healthStatus.default('Healthy'),
    expectedUsers: userCount.default(0),
    activeUsers: userCount.default(0),
    startDate: optionalIsoDate,
    targetEndDate: optionalIsoDate,
    ownerId: userId.optional(),
  })
  .refine((p) => !endsBeforeStart(p), { message: END_BEFORE_START, path: ['targetEndDate'] });

export const projectUpdate = z.object({
  id: recordId,
  version: expectedVersion,
  projectName: requiredText('Project name').optional(),
  accountId: recordId.optional(),
  opportunityId: recordId
    .nullish()
    .transform((v) => v ?? null)
    .optional(),
  status: projectStatus.optional(),
  healthStatus: healthStatus.optional(),
  expectedUsers: userCount.optional(),
  activeUsers: userCount.optional(),
  startDate: optionalIsoDate.optional(),
  targetEndDate: optionalIsoDate.optional(),
  ownerId: userId.optional(),
});

/** Inclusive range of calendar dates (YYYY-MM-DD). */
const dayRange = z
  .object({ from: isoDate.optional(), to: isoDate.optional() })
  .refine((r) => !r.from || !r.to || r.from <= r.to, { message: 'The start must be before the end', path: ['to'] });

export const projectSorts = ['projectName', 'targetEndDate', 'createdAt', 'updatedAt'] as const;
export type ProjectSort = (typeof projectSorts)[number];

export const projectList = z
  .object({
    ownerId: userId.optional(),
    status: projectStatus.optional(),
    healthStatus: healthStatus.optional(),
    accountId: recordId.optional(),
    /** Matches the project name. */
    search: filterText(),
    targetEndDate: dayRange.optional(),
    sort: z.enum(projectSorts).default('targetEndDate'),
    ...listPaging,
  })
  .prefault({});

export const projectId = z.object({ id: recordId });

export const milestoneAdd = z.object({
  projectId: recordId,
  title: requiredText('Title'),
  dueDate: optionalIsoDate,
  status: milestoneStatus.default('Not Started'),
});

export const milestoneUpdate = z.object({
  id: recordId,
  title: requiredText('Title').optional(),
  dueDate: optionalIsoDate.optional(),
  status: milestoneStatus.optional(),
});

export const milestoneId = z.object({ id: recordId });

export type ProjectCreate = z.infer<typeof projectCreate>;
export type ProjectUpdate = z.infer<typeof projectUpdate>;
export type ProjectList = z.infer<typeof projectList>;
export type MilestoneAdd = z.infer<typeof milestoneAdd>;
export type MilestoneUpdate = z.infer<typeof milestoneUpdate>;
