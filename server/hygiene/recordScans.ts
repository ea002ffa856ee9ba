// Which incremental hygiene scans a change to an account or contact queues, inside the change's transaction.
// Duplicate-domain rules compare an account with the others sharing its domain, so a domain change rescans
// the accounts on both sides of it; a deal winning or un-winning changes whether its account counts as a
// customer (the quiet-customer rule), so that rescans the account too.
import { and, inArray, isNull, ne } from 'drizzle-orm';
import { accounts } from '../../drizzle/schema';
import type { DbOrTx } from '../db';
import { enqueueRecordScan } from './jobs';

/** Past this many sharing one domain the nightly scan catches up with the rest of the group. */
const MAX_PEERS_RESCANNED = 200;

export async function enqueueAccountScans(tx: DbOrTx, accountId: number, domains: readonly (string | null | undefined)[], now: Date): Promise<void> {
  await enqueueRecordScan(tx, 'account', accountId, now);
  const shared = [...new Set(domains.filter((d): d is string => Boolean(d)))];
  if (shared.length === 0) return;
  const peers = await tx
    .select({ id: accounts.id })
    .from(accounts)
    .where(and(inArray(accounts.domain, shared), isNull(accounts.deletedAt), ne(accounts.id, accountId)))
    .limit(MAX_PEERS_RESCANNED);
  for (const peer of peers) await enqueueRecordScan(tx, 'account', peer.id, now);
}

const WON = 'Closed Won';

/** After a deal's stage or account changed, or it was deleted (`after` null): rescan the accounts whose customer status it may have moved. */
export async function enqueueWonDealAccountScans(
  tx: DbOrTx,
  before: { stage: string; accountId: number } | null,
  after: { stage: string; accountId: number } | null,
  now: Date,
): Promise<void> {
  const wonBefore = before?.stage === WON ? before.accountId : null;
  const wonAfter = after?.stage === WON ? after.accountId : null;
  if (wonBefore === wonAfter) return;
  for (const id of [wonBefore, wonAfter]) if (id !== null) await enqueueRecordScan(tx, 'account', id, now);
}
