// Pickers for linked records (account, contact): a combobox that searches the record's list procedure.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { fullName } from '../lib/format';
import { useDebouncedValue } from '../lib/useDebouncedValue';
import type { FieldBinding } from '../lib/useZodForm';
import { useTRPC } from '../trpc';
import { Combobox, type ComboOption } from './Combobox';
import { SelectField } from './FormField';

type PickerProps = FieldBinding & {
  label: string;
  required?: boolean;
  hint?: string;
  disabled?: boolean;
  placeholder?: string;
  /** Ids not offered (an account cannot be its own parent). */
  exclude?: number[];
  onPick?: (option: ComboOption | undefined) => void;
};

export function AccountPicker({ exclude = [], onPick, ...props }: PickerProps) {
  const trpc = useTRPC();
  const [search, setSearch] = useState('');
  const debounced = useDebouncedValue(search, 200);
  const list = useQuery({
    ...trpc.accounts.list.queryOptions({ search: debounced || undefined, limit: 12, sort: 'accountName' }),
    placeholderData: keepPreviousData,
  });
  const selectedId = props.value ? Number(props.value) : null;
  const selected = useQuery({
    ...trpc.accounts.getById.queryOptions({ id: selectedId ?? 0 }),
    enabled: selectedId !== null && !list.data?.items.some((a) => a.id === selectedId),
  });
  const options: ComboOption[] = (list.data?.items ?? [])
    .filter((a) => !exclude.includes(a.id))
    .map((a) => ({ value: String(a.id), label: a.accountName, detail: a.domain ?? a.industry ?? undefined }));
  const selectedLabel =
    selectedId === null
      ? null
      : (list.data?.items.find((a) => a.id === selectedId)?.accountName ?? selected.data?.accountName ?? null);
  return (
    <Combobox
      {...props}
      placeholder={props.placeholder ?? 'Search accounts…'}
      options={options}
      loading={list.isFetching || search !== debounced}
      selectedLabel={selectedLabel}
      onSearch={setSearch}
      emptyText={debounced ? `No account matches “${debounced}”` : 'No accounts yet'}
      onChange={(v, option) => {
        props.onChange(v);
        onPick?.(option);
      }}
    />
  );
}

/** Contacts, optionally only those of one account. */
export function ContactPicker({ accountId, onPick, ...props }: PickerProps & { accountId?: number | null }) {
  const trpc = useTRPC();
  const [search, setSearch] = useState('');
  const debounced = useDebouncedValue(search, 200);
  const list = useQuery({
    ...trpc.contacts.list.queryOptions({
      search: debounced || undefined,
      accountId: accountId ?? undefined,
      limit: 12,
      sort: 'lastName',
    }),
    placeholderData: keepPreviousData,
  });
  const selectedId = props.value ? Number(props.value) : null;
  const selected = useQuery({
    ...trpc.contacts.getById.queryOptions({ id: selectedId ?? 0 }),
    enabled: selectedId !== null && !list.data?.items.some((c) => c.id === selectedId),
  });
  const options: ComboOption[] = (list.data?.items ?? []).map((c) => ({
    value: String(c.id),
    label: fullName(c),
    detail: c.email ?? c.accountName ?? undefined,
  }));
  const selectedContact = list.data?.items.find((c) => c.id === selectedId) ?? selected.data;
  return (
    <Combobox
      {...props}
      placeholder={props.placeholder ?? 'Search contacts…'}
      options={options}
      loading={list.isFetching || search !== debounced}
      selectedLabel={selectedId === null ? null : selectedContact ? fullName(selectedContact) : null}
      onSearch={setSearch}
      emptyText={debounced ? `No contact matches “${debounced}”` : 'No contacts'}
      onChange={(v, option) => {
        props.onChange(v);
        onPick?.(option);
      }}
    />
  );
}

/** A deal of one account (a project's sale): a plain select, since an account has few deals. */
export function OpportunitySelect({
  accountId,
  ...props
}: FieldBinding & { label: string; hint?: string; accountId: number | null }) {
  const trpc = useTRPC();
  const list = useQuery({
    ...trpc.opportunities.list.queryOptions({ accountId: accountId ?? 0, limit: 200, sort: 'closeDate', sortDirection: 'desc' }),
    enabled: accountId !== null,
  });
  const options = (list.data?.items ?? []).map((o) => ({ value: String(o.id), label: `${o.opportunityName} · ${o.stage}` }));
  return (
    <SelectField
      {...props}
      options={options}
      placeholder={accountId === null ? 'Choose an account first' : list.isPending ? 'Loading…' : 'None'}
      disabled={accountId === null}
    />
  );
}
