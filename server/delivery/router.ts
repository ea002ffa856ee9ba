// Delivery's procedures: the signed-in user's inbox.
import { notificationList, notificationMarkRead } from '../../shared/schemas/notifications';
import { authedProcedure, router } from '../trpc';
import { listNotifications, markNotificationsRead, unreadNotificationCount } from './notifications';

export const notificationsRouter = router({
  list: authedProcedure.input(notificationList).query(({ ctx, input }) => listNotifications(ctx.db, ctx.actor, input)),
  unreadCount: authedProcedure.query(({ ctx }) => unreadNotificationCount(ctx.db, ctx.actor)),
  markRead: authedProcedure
    .input(notificationMarkRead)
    .mutation(({ ctx, input }) => markNotificationsRead(ctx.db, ctx.actor, input, ctx.clock.now())),
});
