// One account: details, its place in the group of companies, its people, deals, projects, cases and timeline.
import { RecordHygienePanel } from '../components/hygiene/DealHygienePanel';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from 'react-router';
import { isWebAddress } from '../../../shared/webAddresses';
import { RecordTimeline } from '../components/activities/RecordTimeline';
import { AccountContacts, AccountOpportunities } from '../components/accounts/AccountRelated';
import { AccountCases, AccountProjects } from '../components/accounts/AccountCsRelated';
import { Badge } from '../components/Badge';
import { ButtonLink } from '../components/Button';
import { DeleteButton } from '../components/DeleteButton';
import { ReadOnlyNotice } from '../components/ReadOnlyNotice';
import { PageHeader } from '../components/PageHeader';
import { Panel, Properties } from '../components/Panel';
import { DetailSkeleton, ErrorState } from '../components/States';
import { useToast } from '../components/Toaster';
import { formatDate, formatRelative } from '../lib/format';
import { parseId } from '../lib/records';
import { canWrite, useSession } from '../lib/session';
import { useRecordView } from '../lib/useRecordView';
import { type RouterOutputs, useTRPC } from '../trpc';

type Account = RouterOutputs['accounts']['getById'];

function Hierarchy({ account }: { account: Account }) {
  return (
    <Panel
      title="Hierarchy"
      actions={
        <ButtonLink to={`/accounts/new?parentAccountId=${account.id}`} size="sm" variant="ghost">
          Add sub-account
        </ButtonLink>
      }
    >
      <ul className="hierarchy" aria-label="Account hierarchy">
        {account.parentAccountId && (
          <li className="hierarchy__item">
            <span className="muted-text">Parent</span>
            <Link to={`/accounts/${account.parentAccountId}`}>{account.parentAccountName ?? 'Parent account'}</Link>
          </li>
        )}
        <li className="hierarchy__item hierarchy__item--self" aria-current="true">
          {account.parentAccountId && (
            <span className="hierarchy__branch" aria-hidden="true">
              └
            </span>
          )}
          {account.accountName}
        </li>
        {account.childAccounts.map((child) => (
          <li key={child.id} className="hierarchy__item hierarchy__item--child">
            <span className="hierarchy__branch" aria-hidden="true">
              └
            </span>
            <Link to={`/accounts/${child.id}`}>{child.accountName}</Link>
          </li>
        ))}
        {!account.parentAccountId && account.childAccounts.length === 0 && (
          <li className="muted-text">No parent or sub-accounts.</li>
        )}
      </ul>
    </Panel>
  );
}

function AccountView({ account }: { account: Account }) {
  const trpc = useTRPC();
  const navigate = useNavigate();
  const toast = useToast();
  const queryClient = useQueryClient();
  const user = useSession();
  const remove = useMutation(trpc.accounts.delete.mutationOptions());
  const mayChange = canWrite(user, account.ownerId);

  return (
    <>
      <PageHeader
        title={account.accountName}
        crumbs={[{ label: 'Accounts', to: '/accounts' }]}
        badge={account.securityPosture === 'strict' ? <Badge tone="warning">Strict security</Badge> : undefined}
        subtitle={
          <>
            {account.domain && (
              <a href={isWebAddress(account.website) ? account.website : `https://${account.domain}`} target="_blank" rel="noreferrer">
                {account.domain}
              </a>
            )}
            {account.industry && <span className={account.domain ? 'dot-sep' : undefined}>{account.industry}</span>}
            {account.region && <span className="dot-sep">{account.region}</span>}
          </>
        }
        actions={
          mayChange ? (
            <>
              <DeleteButton
                what="account"
                name={account.accountName}
                consequence="Its sub-accounts move to the top level. Contacts, deals and history are kept."
                onConfirm={async () => {
                  await remove.mutateAsync({ id: account.id });
                  await queryClient.invalidateQueries(trpc.accounts.pathFilter());
                  toast.success(`Account “${account.accountName}” deleted`);
                  navigate('/accounts');
                }}
              />
              <ButtonLink to={`/accounts/${account.id}/edit`}>Edit</ButtonLink>
            </>
          ) : (
            <ReadOnlyNotice ownerId={account.ownerId} ownerName={account.ownerName} />
          )
        }
      />
      <div className="detail-layout">
        <div className="detail-layout__main">
          <AccountContacts accountId={account.id} />
          <AccountOpportunities accountId={account.id} />
          <AccountProjects accountId={account.id} />
          <AccountCases accountId={account.id} />
          <RecordTimeline type="account" id={account.id} />
        </div>
        <aside className="detail-layout__aside">
          <RecordHygienePanel recordType="account" recordId={account.id} />
          <Panel title="Details">
            <Properties
              items={[
                { label: 'Owner', value: account.ownerName },
                {
                  label: 'Website',
                  // Only a stored http(s) address becomes a link; a row from before that rule shows as text.
                  value: isWebAddress(account.website) ? (
                    <a href={account.website} target="_blank" rel="noreferrer">
                      {account.website}
                    </a>
                  ) : (
                    account.website
                  ),
                },
                { label: 'Domain', value: account.domain },
                { label: 'Industry', value: account.industry },
                { label: 'Vertical', value: account.vertical },
                { label: 'Region', value: account.region },
                { label: 'Security', value: account.securityPosture === 'strict' ? 'Strict' : 'Standard' },
                { label: 'Last activity', value: account.lastActivityAt ? formatRelative(account.lastActivityAt) : null },
                { label: 'Created', value: formatDate(account.createdAt) },
              ]}
            />
          </Panel>
          <Hierarchy account={account} />
        </aside>
      </div>
    </>
  );
}

export default function AccountDetailPage() {
  const trpc = useTRPC();
  const id = parseId(useParams().id);
  useRecordView('account', id);
  const account = useQuery({ ...trpc.accounts.getById.queryOptions({ id: id ?? 0 }), enabled: id !== null });
  if (id === null) return <ErrorState error={{ data: { code: 'NOT_FOUND' }, message: 'Account not found' }} />;
  if (account.isPending) return <DetailSkeleton />;
  if (account.isError) return <ErrorState error={account.error} onRetry={() => void account.refetch()} />;
  return <AccountView account={account.data} />;
}
