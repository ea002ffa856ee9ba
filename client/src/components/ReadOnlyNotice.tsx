// What a user who may not change a record sees instead of Edit and Delete: that it is read-only, and why.
import { Link } from 'react-router';
import { readOnlyReason } from '../../../shared/access';
import { useSession } from '../lib/session';
import { ButtonLink } from './Button';
import { Icon } from './Icon';
import { PageHeader } from './PageHeader';

/** The header's action slot for a read-only record: a lock and the reason, in place of the buttons. */
export function ReadOnlyNotice({ ownerId, ownerName }: { ownerId: string | null | undefined; ownerName: string | null | undefined }) {
  const me = useSession();
  const reason = readOnlyReason(me, { id: ownerId, name: ownerName });
  if (!reason) return null;
  return (
    <p className="read-only-notice" role="note">
      <Icon name="lock" size={14} />
      <span>
        <strong>Read only.</strong> {reason}
      </span>
    </p>
  );
}

/** An edit URL opened by someone who may not change the record: say so, and offer the record itself. */
export function CannotEdit({
  what,
  name,
  viewTo,
  listTo,
  listLabel,
  ownerId,
  ownerName,
}: {
  what: string;
  name: string;
  viewTo: string;
  listTo: string;
  listLabel: string;
  ownerId: string | null | undefined;
  ownerName: string | null | undefined;
}) {
  return (
    <>
      <PageHeader
        title={name}
        crumbs={[
          { label: listLabel, to: listTo },
          { label: name, to: viewTo },
        ]}
      />
      <div className="empty-state" role="status">
        <div className="empty-state__title">You can view this {what}, not edit it</div>
        <div className="empty-state__description">
          <ReadOnlyNotice ownerId={ownerId} ownerName={ownerName} />
        </div>
        <div className="empty-state__action">
          <ButtonLink to={viewTo} variant="primary">
            Open the {what}
          </ButtonLink>
        </div>
      </div>
    </>
  );
}

/** A page the user's role may not open, said plainly (the server refuses its data anyway). */
export function NoAccess({ page, who }: { page: string; who: string }) {
  return (
    <div className="empty-state" role="status">
      <div className="empty-state__title">You don't have access to {page}</div>
      <div className="empty-state__description">
        {page} is open to {who} only. If you need it, ask an admin. <Link to="/">Back to the start page</Link>
      </div>
    </div>
  );
}
