// Delivery's procedures: the signed-in user's inbox, their delivery preferences and their digests.
import { deliveryPreferencesUpdate, digestById, digestList } from '../../shared/schemas/delivery';
import { notificationList, notificationMarkRead } from '../../shared/schemas/notifications';
import { pipelineReviewById, pipelineReviewCreate, pipelineReviewSetActive, pipelineReviewUpdate } from '../../shared/schemas/pipelineReviews';
import { authedProcedure, managerProcedure, router } from '../trpc';
import {
  createPipelineReview,
  deletePipelineReview,
  listPipelineReviews,
  runPipelineReviewNow,
  setPipelineReviewActive,
  updatePipelineReview,
} from './pipelineReviews';
import { getDigest, listDigests, sendDigestPreview } from './digests';
import { listNotifications, markNotificationsRead, unreadNotificationCount } from './notifications';
import { getDeliveryPreferences, updateDeliveryPreferences } from './preferences';

export const notificationsRouter = router({
  list: authedProcedure.input(notificationList).query(({ ctx, input }) => listNotifications(ctx.db, ctx.actor, input)),
  unreadCount: authedProcedure.query(({ ctx }) => unreadNotificationCount(ctx.db, ctx.actor)),
  markRead: authedProcedure
    .input(notificationMarkRead)
    .mutation(({ ctx, input }) => markNotificationsRead(ctx.db, ctx.actor, input, ctx.clock.now())),
});

export const preferencesRouter = router({
  get: authedProcedure.query(({ ctx }) => getDeliveryPreferences(ctx.db, ctx.env, ctx.actor, ctx.clock.now())),
  update: authedProcedure
    .input(deliveryPreferencesUpdate)
    .mutation(({ ctx, input }) => updateDeliveryPreferences(ctx.db, ctx.env, ctx.actor, input, ctx.clock.now())),
});

export const digestsRouter = router({
  list: authedProcedure.input(digestList).query(({ ctx, input }) => listDigests(ctx.db, ctx.actor, input)),
  get: authedProcedure.input(digestById).query(({ ctx, input }) => getDigest(ctx.db, ctx.actor, input)),
  sendPreview: authedProcedure.mutation(({ ctx }) => sendDigestPreview(ctx.db, ctx.env, ctx.actor, ctx.clock.now())),
});

export const pipelineReviewsRouter = router({
  list: managerProcedure.query(({ ctx }) => listPipelineReviews(ctx.db, ctx.actor)),
  create: managerProcedure.input(pipelineReviewCreate).mutation(({ ctx, input }) => createPipelineReview(ctx.db, ctx.actor, input, ctx.clock.now())),
  update: managerProcedure.input(pipelineReviewUpdate).mutation(({ ctx, input }) => updatePipelineReview(ctx.db, ctx.actor, input, ctx.clock.now())),
  setActive: managerProcedure
    .input(pipelineReviewSetActive)
    .mutation(({ ctx, input }) => setPipelineReviewActive(ctx.db, ctx.actor, input, ctx.clock.now())),
  delete: managerProcedure.input(pipelineReviewById).mutation(({ ctx, input }) => deletePipelineReview(ctx.db, ctx.actor, input)),
  runNow: managerProcedure.input(pipelineReviewById).mutation(({ ctx, input }) => runPipelineReviewNow(ctx.db, ctx.actor, input, ctx.clock.now())),
});
