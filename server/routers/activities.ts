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
  create: authedProcedure.input(activityCreate).mutation(({ ctx, input }) => createActivity(ctx, input)),
  update: authedProcedure.input(activityUpdate).mutation(({ ctx, input }) => updateActivity(ctx, input)),
  delete: authedProcedure.input(activityDelete).mutation(({ ctx, input }) => deleteActivity(ctx, input.id)),
  listByRelated: authedProcedure.input(activityListByRelated).query(({ ctx, input }) => listActivitiesByRelated(ctx.db, input)),
  timeline: authedProcedure.input(activityTimeline).query(({ ctx, input }) => accountTimeline(ctx.db, input)),
});
