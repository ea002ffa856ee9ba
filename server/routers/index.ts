import { aiRouter } from '../assistant/router';
import { blocklistRouter, captureFailuresRouter, emailConnectionsRouter } from '../capture/router';
import { enrolmentsRouter, playbooksRouter, webToLeadRouter } from '../automation/router';
import { attributionRouter, campaignsRouter } from '../automation/campaignRouter';
import { analyticsRouter } from '../insight/router';
import { quotasRouter } from '../insight/quotaRouter';
import { winLossRouter } from '../insight/winLossRouter';
import { hygieneRouter } from '../hygiene/router';
import { digestsRouter, notificationsRouter, pipelineReviewsRouter, preferencesRouter } from '../delivery/router';
import { importsRouter } from '../imports/router';
import { reportsRouter } from '../reports/router';
import { router } from '../trpc';
import { accountsRouter } from './accounts';
import { activitiesRouter } from './activities';
import { auditRouter, timelineRouter } from './timeline';
import { authRouter } from './auth';
import { casesRouter } from './cases';
import { contactsRouter } from './contacts';
import { jobsRouter } from './jobs';
import { leadsRouter } from './leads';
import { opportunitiesRouter } from './opportunities';
import { picklistsRouter } from './picklists';
import { productsRouter } from './products';
import { projectsRouter } from './projects';
import { searchRouter } from './search';
import { settingsRouter } from './settings';
import { tasksRouter } from './tasks';
import { teamsRouter } from './teams';
import { usersRouter } from './users';
import { viewsRouter } from './views';

export const appRouter = router({
  accounts: accountsRouter,
  activities: activitiesRouter,
  timeline: timelineRouter,
  audit: auditRouter,
  auth: authRouter,
  cases: casesRouter,
  contacts: contactsRouter,
  imports: importsRouter,
  jobs: jobsRouter,
  leads: leadsRouter,
  notifications: notificationsRouter,
  preferences: preferencesRouter,
  digests: digestsRouter,
  pipelineReviews: pipelineReviewsRouter,
  opportunities: opportunitiesRouter,
  picklists: picklistsRouter,
  products: productsRouter,
  projects: projectsRouter,
  reports: reportsRouter,
  search: searchRouter,
  settings: settingsRouter,
  tasks: tasksRouter,
  teams: teamsRouter,
  users: usersRouter,
  views: viewsRouter,
  // Capability routers (server/<capability>/router.ts) are mounted here too.
  ai: aiRouter,
  analytics: analyticsRouter,
  winLoss: winLossRouter,
  quotas: quotasRouter,
  hygiene: hygieneRouter,
  emailConnections: emailConnectionsRouter,
  blocklist: blocklistRouter,
  captureFailures: captureFailuresRouter,
  webToLead: webToLeadRouter,
  playbooks: playbooksRouter,
  enrolments: enrolmentsRouter,
  campaigns: campaignsRouter,
  attribution: attributionRouter,
});

export type AppRouter = typeof appRouter;
