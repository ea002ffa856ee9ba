// One contact: who they are, where they work, and everything logged with them.
import { RecordHygienePanel } from '../components/hygiene/DealHygienePanel';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from 'react-router';
import { RecordTimeline } from '../components/activities/RecordTimeline';
import { Badge } from '../components/Badge';
import { ButtonLink } from '../components/Button';
import { DeleteButton } from '../components/DeleteButton';
import { ReadOnlyNotice } from '../components/ReadOnlyNotice';
import { PageHeader } from '../components/PageHeader';
import { Panel, Properties } from '../components/Panel';
import { EnrolmentsTable } from '../components/automation/EnrolmentsTable';
import { DetailSkeleton, ErrorState } from '../components/States';
import { useToast } from '../components/Toaster';
import { formatDate, formatRelative, fullName } from '../lib/format';
import { parseId } from '../lib/records';
import { canWrite, useSession } from '../lib/session';
import { useRecordView } from '../lib/useRecordView';
import { type RouterOutputs, useTRPC } from '../trpc';
import { RecordCampaignsPanel } from '../components/campaigns/RecordCampaignsPanel';

type Contact = RouterOutputs['contacts']['getById'];

function ContactView({ contact }: { contact: Contact }) {
  const trpc = useTRPC();
  const navigate = useNavigate();
  const toast = useToast();
  const queryClient = useQueryClient();
  const user = useSession();
  const remove = useMutation(trpc.contacts.delete.mutationOptions());
  const name = fullName(contact);
  const account = contact.accountId && contact.accountName ? <Link to={`/accounts/${contact.accountId}`}>{contact.accountName}</Link> : null;

  return (
    <>
      <PageHeader
        title={name}
        crumbs={[{ label: 'Contacts', to: '/contacts' }]}
        badge={contact.role ? <Badge tone="accent">{contact.role}</Badge> : undefined}
        subtitle={
          (contact.title || account) && (
            <>
              {contact.title}
              {contact.title && account && ' at '}
              {account}
            </>
          )
        }
        actions={
          canWrite(user, contact.ownerId) ? (
            <>
              <DeleteButton
                what="contact"
                name={name}
                consequence="Deals that name them as champion or economic buyer lose that link."
                onConfirm={async () => {
                  await remove.mutateAsync({ id: contact.id });
                  await queryClient.invalidateQueries(trpc.contacts.pathFilter());
                  toast.success(`Contact “${name}” deleted`);
                  navigate('/contacts');
                }}
              />
              <ButtonLink to={`/contacts/${contact.id}/edit`}>Edit</ButtonLink>
            </>
          ) : (
            <ReadOnlyNotice ownerId={contact.ownerId} ownerName={contact.ownerName} />
          )
        }
      />
      <div className="detail-layout">
        <div className="detail-layout__main">
          <RecordTimeline type="contact" id={contact.id} />
        </div>
        <aside className="detail-layout__aside">
          <RecordHygienePanel recordType="contact" recordId={contact.id} />
          <Panel title="Details">
            <Properties
              items={[
                { label: 'Email', value: contact.email && <a href={`mailto:${contact.email}`}>{contact.email}</a> },
                { label: 'Phone', value: contact.phone && <a href={`tel:${contact.phone}`}>{contact.phone}</a> },
                { label: 'Title', value: contact.title },
                { label: 'Buying role', value: contact.role },
                { label: 'Account', value: account },
                { label: 'Owner', value: contact.ownerName },
                { label: 'Last activity', value: contact.lastActivityAt ? formatRelative(contact.lastActivityAt) : null },
                { label: 'Created', value: formatDate(contact.createdAt) },
              ]}
            />
          </Panel>
          {/* A contact runs a playbook when it enters a shared saved view (a segment). */}
          <Panel title="Playbooks" flush>
            <EnrolmentsTable filter={{ recordId: contact.id }} show="playbook" recordType="contact" />
          </Panel>
          <RecordCampaignsPanel type="contact" id={contact.id} />
        </aside>
      </div>
    </>
  );
}

export default function ContactDetailPage() {
  const trpc = useTRPC();
  const id = parseId(useParams().id);
  useRecordView('contact', id);
  const contact = useQuery({ ...trpc.contacts.getById.queryOptions({ id: id ?? 0 }), enabled: id !== null });
  if (id === null) return <ErrorState error={{ data: { code: 'NOT_FOUND' }, message: 'Contact not found' }} />;
  if (contact.isPending) return <DetailSkeleton />;
  if (contact.isError) return <ErrorState error={contact.error} onRetry={() => void contact.refetch()} />;
  return <ContactView contact={contact.data} />;
}
