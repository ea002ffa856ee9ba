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
  create: authedProcedure.input(projectCreate).mutation(({ ctx, input }) => createProject(ctx, input)),
  getById: authedProcedure.input(projectId).query(({ ctx, input }) => getProject(ctx.db, input.id)),
  list: authedProcedure.input(projectList).query(({ ctx, input }) => listProjects(ctx.db, input)),
  update: authedProcedure.input(projectUpdate).mutation(({ ctx, input }) => updateProject(ctx, input)),
  addMilestone: authedProcedure.input(milestoneAdd).mutation(({ ctx, input }) => addMilestone(ctx, input)),
  updateMilestone: authedProcedure.input(milestoneUpdate).mutation(({ ctx, input }) => updateMilestone(ctx, input)),
  removeMilestone: authedProcedure.input(milestoneId).mutation(({ ctx, input }) => removeMilestone(ctx, input.id)),
});
