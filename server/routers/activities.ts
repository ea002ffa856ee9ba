import {
  activityCreate,
  activityDelete,
  activityListByRelated,
  activityTimeline,
  activityUpdate,
} from '../../shared/schemas/activities';
import {
  accountTimeline,
  createActivity,
  deleteActivity,
  listActivitiesByRelated,
  updateActivity,
} from '../services/activities';
import { authedProcedure, router } from '../trpc';

export const activitiesRouter = router({
  // Anyone signed in may log an activity on any record; only its owner, managers and admins change it.
  create: authedProcedure.input(activityCreate).mutation(({ ctx, input }) => createActivity(ctx.db, ctx.actor, input, ctx.clock.now())),
  update: authedProcedure.input(activityUpdate).mutation(({ ctx, input }) => updateActivity(ctx.db, ctx.actor, input, ctx.clock.now())),
  delete: authedProcedure.input(activityDelete).mutation(({ ctx, input }) => deleteActivity(ctx.db, ctx.actor, input, ctx.clock.now())),
  listByRelated: authedProcedure.input(activityListByRelated).query(({ ctx, input }) => listActivitiesByRelated(ctx.db, ctx.actor, input)),
  timeline: authedProcedure.input(activityTimeline).query(({ ctx, input }) => accountTimeline(ctx.db, ctx.actor, input)),
});
