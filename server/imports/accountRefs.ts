// The account a deal's or activity's row names: by the account's external id (a Salesforce AccountId, a HubSpot
// company id), its domain, or its name. One lookup per batch. A reference that looks like another system's id
// and matches no external id is never taken for a name (no account called "0018a000020sFKBAA2").
import { normaliseDomain } from '../domain/domains';
import { looksLikeId } from '../domain/imports/values';
import type { DbOrTx } from '../db';
import { accountIndex, type AccountIndex, externalMatches, lower, matchAccount, type NewAccount } from './rows';

export interface AccountRefs {
  /** The account's id, or undefined when no account matches. */
  find(reference: string): number | undefined;
  index: AccountIndex;
}

const domainOf = (reference: string) => {
  const domain = /\./.test(reference) ? normaliseDomain(reference) : null;
  return domain && /\./.test(domain) ? domain : null;
};

export async function loadAccountRefs(db: DbOrTx, references: string[]): Promise<AccountRefs> {
  const refs = [...new Set(references)];
  const external = await externalMatches(db, 'account', refs);
  const names = refs.filter((r) => !looksLikeId(r));
  const index = await accountIndex(
    db,
    names.map(domainOf).filter((d): d is string => d !== null),
    names,
    [...external.values()],
  );
  return {
    index,
    find(reference) {
      const fromExternal = external.get(lower(reference));
      if (fromExternal !== undefined && index.byId.has(fromExternal)) return fromExternal;
      if (looksLikeId(reference)) return undefined;
      return matchAccount(index, domainOf(reference), reference);
    },
  };
}

export type AccountChoice = { ok: true; accountId?: number; newAccountKey?: string } | { ok: false; reason: string };

/**
 * What a row's account reference comes to: an existing account, one the batch creates (the same name twice is
 * one new account), or a reason to reject the row.
 */
export function chooseAccount(
  refs: AccountRefs,
  reference: string,
  unknownAccount: 'create' | 'reject',
  newAccounts: Map<string, NewAccount>,
  ownerId: string,
): AccountChoice {
  const accountId = refs.find(reference);
  if (accountId !== undefined) return { ok: true, accountId };
  if (looksLikeId(reference)) {
    return { ok: false, reason: `Account: no account has the id "${reference}" (import the accounts first, with their id column)` };
  }
  if (unknownAccount === 'reject') {
    return { ok: false, reason: `Account: no account called "${reference}" (choose "create missing accounts" to add it)` };
  }
  const key = lower(reference);
  if (!newAccounts.has(key)) newAccounts.set(key, { key, values: { accountName: reference.slice(0, 255), domain: domainOf(reference), ownerId } });
  return { ok: true, newAccountKey: key };
}
