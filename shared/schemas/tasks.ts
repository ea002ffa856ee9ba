// Tasks (activities of type task, with a due date) and My day.
import { z } from 'zod';
import { relatedToTypes } from '../enums';
import { listPaging, pageSize, userId } from './common';

export const taskStatuses = ['open', 'done'] as const;
/** Due windows in the user's own time zone; "upcoming" is from tomorrow on. */
export const taskDueWindows = ['overdue', 'today', 'upcoming'] as const;

export const taskList = z.object({
  /** Whose tasks: a user's id, or everyone's when absent. The screen starts on the signed-in user's. */
  ownerId: userId.optional(),
  status: z.enum(taskStatuses, { message: 'Choose open or done' }).default('open'),
  due: z.enum(taskDueWindows, { message: 'Choose overdue, today or upcoming' }).optional(),
  relatedToType: z.enum(relatedToTypes).optional(),
  cursor: listPaging.cursor,
  limit: pageSize,
});

export type TaskList = z.infer<typeof taskList>;
export type TaskDueWindow = (typeof taskDueWindows)[number];
