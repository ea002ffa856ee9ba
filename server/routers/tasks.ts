import { taskList } from '../../shared/schemas/tasks';
import { listTasks, myDay } from '../services/tasks';
import { authedProcedure, router } from '../trpc';

// Tasks are activities: create, complete, snooze and reschedule them with activities.create / activities.update.
export const tasksRouter = router({
  list: authedProcedure
    .input(taskList)
    .query(({ ctx, input }) => listTasks(ctx.db, ctx.actor, { ...input, timeZone: ctx.user.timeZone }, ctx.clock.now())),
  myDay: authedProcedure.query(({ ctx }) => myDay(ctx.db, ctx.actor, { timeZone: ctx.user.timeZone }, ctx.clock.now())),
});
