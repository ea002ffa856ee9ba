import { projectBulkUpdate } from '../../shared/schemas/views';
import { bulkAdapters } from '../services/bulk';
import { bulkProcedures } from './bulkProcedures';
import {
  milestoneAdd,
  milestoneId,
  milestoneUpdate,
  projectCreate,
  projectId,
  projectList,
  projectUpdate,
} from '../../shared/schemas/projects';
import { addMilestone, removeMilestone, updateMilestone } from '../services/milestones';
import { createProject, getProject, listProjects, updateProject } from '../services/projects';
import { authedProcedure, router } from '../trpc';

export const projectsRouter = router({
  ...bulkProcedures(projectBulkUpdate, bulkAdapters.projects),
  create: authedProcedure.input(projectCreate).mutation(({ ctx, input }) => createProject(ctx.db, ctx.actor, input, ctx.clock.now())),
  getById: authedProcedure.input(projectId).query(({ ctx, input }) => getProject(ctx.db, ctx.actor, input)),
  list: authedProcedure.input(projectList).query(({ ctx, input }) => listProjects(ctx.db, ctx.actor, input)),
  update: authedProcedure.input(projectUpdate).mutation(({ ctx, input }) => updateProject(ctx.db, ctx.actor, input, ctx.clock.now())),
  addMilestone: authedProcedure.input(milestoneAdd).mutation(({ ctx, input }) => addMilestone(ctx.db, ctx.actor, input, ctx.clock.now())),
  updateMilestone: authedProcedure.input(milestoneUpdate).mutation(({ ctx, input }) => updateMilestone(ctx.db, ctx.actor, input, ctx.clock.now())),
  removeMilestone: authedProcedure.input(milestoneId).mutation(({ ctx, input }) => removeMilestone(ctx.db, ctx.actor, input)),
});
