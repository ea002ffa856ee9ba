// auth.me decides between the sign-in page and the app; the route table lists every screen.
import { useQuery } from '@tanstack/react-query';
import { lazy, type ReactNode } from 'react';
import { Navigate, Route, Routes } from 'react-router';
import { Layout } from './components/Layout';
import { NoAccess } from './components/ReadOnlyNotice';
import { SettingsLayout } from './components/SettingsLayout';
import { ErrorState, Spinner } from './components/States';
import { SessionProvider, useSession } from './lib/session';
import { useServerTheme } from './lib/theme';
import type { Role } from '../../shared/enums';
import SignInPage from './routes/SignInPage';
import { useTRPC } from './trpc';

// One chunk per screen: the first load carries the shell and the sign-in page only.
const AccountDetailPage = lazy(() => import('./routes/AccountDetailPage'));
const AskPage = lazy(() => import('./routes/AskPage'));
const AiUsageSettingsPage = lazy(() => import('./routes/AiUsageSettingsPage'));
const AiPromptsSettingsPage = lazy(() => import('./routes/AiPromptsSettingsPage'));
const AccountFormPage = lazy(() => import('./routes/AccountFormPage'));
const AccountsPage = lazy(() => import('./routes/AccountsPage'));
const CaseDetailPage = lazy(() => import('./routes/CaseDetailPage'));
const CaseFormPage = lazy(() => import('./routes/CaseFormPage'));
const CasesPage = lazy(() => import('./routes/CasesPage'));
const ReportsPage = lazy(() => import('./routes/ReportsPage'));
const ReportPage = lazy(() => import('./routes/ReportPage'));
const ContactDetailPage = lazy(() => import('./routes/ContactDetailPage'));
const ContactFormPage = lazy(() => import('./routes/ContactFormPage'));
const ContactsPage = lazy(() => import('./routes/ContactsPage'));
const DashboardsPage = lazy(() => import('./routes/DashboardsPage'));
const ForecastPage = lazy(() => import('./routes/ForecastPage'));
const AuditLogSettingsPage = lazy(() => import('./routes/AuditLogSettingsPage'));
const FieldsSettingsPage = lazy(() => import('./routes/FieldsSettingsPage'));
const ImportDetailPage = lazy(() => import('./routes/ImportDetailPage'));
const ImportNewPage = lazy(() => import('./routes/ImportNewPage'));
const ImportsPage = lazy(() => import('./routes/ImportsPage'));
const AutomationPage = lazy(() => import('./routes/AutomationPage'));
const PlaybookPage = lazy(() => import('./routes/PlaybookPage'));
const CampaignsPage = lazy(() => import('./routes/CampaignsPage'));
const CampaignDetailPage = lazy(() => import('./routes/CampaignDetailPage'));
const CampaignFormPage = lazy(() => import('./routes/CampaignFormPage'));
const AttributionPage = lazy(() => import('./routes/AttributionPage'));
const LeadDetailPage = lazy(() => import('./routes/LeadDetailPage'));
const LeadFormPage = lazy(() => import('./routes/LeadFormPage'));
const DigestPage = lazy(() => import('./routes/DigestPage'));
const InboxPage = lazy(() => import('./routes/InboxPage'));
const NotificationSettingsPage = lazy(() => import('./routes/NotificationSettingsPage'));
const LeadsPage = lazy(() => import('./routes/LeadsPage'));
const HygienePage = lazy(() => import('./routes/HygienePage'));
const HygieneFilePage = lazy(() => import('./routes/HygieneFilePage'));
const HygieneFilesPage = lazy(() => import('./routes/HygieneFilesPage'));
const HygieneRulesPage = lazy(() => import('./routes/HygieneRulesPage'));
const MyHygienePage = lazy(() => import('./routes/MyHygienePage'));
const MyDayPage = lazy(() => import('./routes/MyDayPage'));
const NotFoundPage = lazy(() => import('./routes/NotFoundPage'));
const OpportunitiesPage = lazy(() => import('./routes/OpportunitiesPage'));
const OpportunityBoardPage = lazy(() => import('./routes/OpportunityBoardPage'));
const OpportunityDetailPage = lazy(() => import('./routes/OpportunityDetailPage'));
const OpportunityFormPage = lazy(() => import('./routes/OpportunityFormPage'));
const ProjectDetailPage = lazy(() => import('./routes/ProjectDetailPage'));
const ProjectFormPage = lazy(() => import('./routes/ProjectFormPage'));
const ProjectsPage = lazy(() => import('./routes/ProjectsPage'));
const OrganisationSettingsPage = lazy(() => import('./routes/OrganisationSettingsPage'));
const QuotasSettingsPage = lazy(() => import('./routes/QuotasSettingsPage'));
const TasksPage = lazy(() => import('./routes/TasksPage'));
const ConnectionsSettingsPage = lazy(() => import('./routes/ConnectionsSettingsPage'));
const UsersPage = lazy(() => import('./routes/UsersPage'));
const TeamsSettingsPage = lazy(() => import('./routes/TeamsSettingsPage'));
const WinLossPage = lazy(() => import('./routes/WinLossPage'));
const WebToLeadSettingsPage = lazy(() => import('./routes/WebToLeadSettingsPage'));

/** Screens only some roles may open (the server checks again on every call). */
function RequireRole({ roles, page, children }: { roles: Role[]; page: string; children: ReactNode }) {
  const user = useSession();
  if (!roles.includes(user.role)) return <NoAccess page={page} who={roles.map((r) => `${r}s`).join(' and ')} />;
  return <>{children}</>;
}

/**
 * Every screen's URL. A record type has /things (list), /things/new, /things/:id and /things/:id/edit;
 * a create form reads prefills from its query string (e.g. /contacts/new?accountId=12).
 */
function AppRoutes() {
  return (
    <Routes>
      <Route element={<Layout />}>
        <Route index element={<MyDayPage />} />
        <Route path="tasks" element={<TasksPage />} />

        <Route path="accounts" element={<AccountsPage />} />
        <Route path="accounts/new" element={<AccountFormPage />} />
        <Route path="accounts/:id" element={<AccountDetailPage />} />
        <Route path="accounts/:id/edit" element={<AccountFormPage />} />

        <Route path="contacts" element={<ContactsPage />} />
        <Route path="contacts/new" element={<ContactFormPage />} />
        <Route path="contacts/:id" element={<ContactDetailPage />} />
        <Route path="contacts/:id/edit" element={<ContactFormPage />} />

        <Route path="leads" element={<LeadsPage />} />
        <Route path="leads/new" element={<LeadFormPage />} />
        <Route path="leads/:id" element={<LeadDetailPage />} />
        <Route path="leads/:id/edit" element={<LeadFormPage />} />

        <Route path="opportunities" element={<OpportunitiesPage />} />
        <Route path="opportunities/board" element={<OpportunityBoardPage />} />
        <Route path="opportunities/new" element={<OpportunityFormPage />} />
        <Route path="opportunities/:id" element={<OpportunityDetailPage />} />
        <Route path="opportunities/:id/edit" element={<OpportunityFormPage />} />

        <Route path="hygiene" element={<HygienePage />} />
        <Route path="hygiene/mine" element={<MyHygienePage />} />
        <Route path="hygiene/files" element={<HygieneFilesPage />} />
        <Route path="hygiene/files/:id" element={<HygieneFilePage />} />

        <Route path="projects" element={<ProjectsPage />} />
        <Route path="projects/new" element={<ProjectFormPage />} />
        <Route path="projects/:id" element={<ProjectDetailPage />} />
        <Route path="projects/:id/edit" element={<ProjectFormPage />} />

        <Route path="imports" element={<ImportsPage />} />
        <Route path="reports" element={<ReportsPage />} />
        <Route path="reports/:id" element={<ReportPage />} />
        <Route path="automation" element={<AutomationPage />} />
        <Route path="automation/:id" element={<PlaybookPage />} />
        <Route path="campaigns" element={<CampaignsPage />} />
        <Route path="campaigns/new" element={<CampaignFormPage />} />
        <Route path="campaigns/:id" element={<CampaignDetailPage />} />
        <Route path="campaigns/:id/edit" element={<CampaignFormPage />} />
        <Route path="attribution" element={<AttributionPage />} />
        <Route path="imports/new" element={<ImportNewPage />} />
        <Route path="imports/:id" element={<ImportDetailPage />} />

        <Route path="cases" element={<CasesPage />} />
        <Route path="cases/new" element={<CaseFormPage />} />
        <Route path="cases/:id" element={<CaseDetailPage />} />
        <Route path="cases/:id/edit" element={<CaseFormPage />} />

        <Route path="dashboards" element={<DashboardsPage />} />
        <Route path="inbox" element={<InboxPage />} />
        <Route path="forecast" element={<ForecastPage />} />
        <Route path="assistant" element={<AskPage />} />
        <Route path="assistant/:id" element={<AskPage />} />
        <Route path="inbox/digests/:id" element={<DigestPage />} />
        <Route path="win-loss" element={<WinLossPage />} />

        <Route path="settings" element={<SettingsLayout />}>
          <Route index element={<Navigate to="organisation" replace />} />
          <Route path="organisation" element={<OrganisationSettingsPage />} />
          <Route
            path="quotas"
            element={
              <RequireRole roles={['manager', 'admin']} page="Quotas">
                <QuotasSettingsPage />
              </RequireRole>
            }
          />
          <Route path="fields" element={<FieldsSettingsPage />} />
          <Route path="hygiene" element={<HygieneRulesPage />} />
          <Route path="notifications" element={<NotificationSettingsPage />} />
          <Route
            path="ai-prompts"
            element={
              <RequireRole roles={['admin']} page="AI prompts">
                <AiPromptsSettingsPage />
              </RequireRole>
            }
          />
          <Route path="connections" element={<ConnectionsSettingsPage />} />
          <Route path="ai" element={<AiUsageSettingsPage />} />
          <Route
            path="teams"
            element={
              <RequireRole roles={['admin', 'manager']} page="Teams">
                <TeamsSettingsPage />
              </RequireRole>
            }
          />
          <Route
            path="users"
            element={
              <RequireRole roles={['admin']} page="Users">
                <UsersPage />
              </RequireRole>
            }
          />
          <Route
            path="audit-log"
            element={
              <RequireRole roles={['admin']} page="Audit log">
                <AuditLogSettingsPage />
              </RequireRole>
            }
          />
          <Route
            path="web-to-lead"
            element={
              <RequireRole roles={['admin']} page="Web-to-lead">
                <WebToLeadSettingsPage />
              </RequireRole>
            }
          />
        </Route>

        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}

export function App() {
  const trpc = useTRPC();
  const me = useQuery(trpc.auth.me.queryOptions(undefined, { staleTime: 5 * 60_000 }));
  useServerTheme(me.data?.theme);

  if (me.isPending) {
    return (
      <div className="splash">
        <Spinner label="Loading Tru-CRM" />
      </div>
    );
  }
  if (me.isError) {
    return (
      <div className="splash">
        <ErrorState error={me.error} onRetry={() => void me.refetch()} />
      </div>
    );
  }
  if (!me.data) return <SignInPage />;
  return (
    <SessionProvider user={me.data}>
      <AppRoutes />
    </SessionProvider>
  );
}
