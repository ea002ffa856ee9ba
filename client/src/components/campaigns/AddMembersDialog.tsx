// Adding members to a campaign: a lead or contact picked by name, a pasted email list, or a saved view of
// leads or contacts. Each joins once; the answer says how many joined and which addresses matched nobody.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { CampaignMemberType } from '../../../../shared/schemas/campaigns';
import { errorMessage, serverFieldErrors } from '../../lib/errors';
import { fullName } from '../../lib/format';
import { useDebouncedValue } from '../../lib/useDebouncedValue';
import { useTRPC } from '../../trpc';
import { Button } from '../Button';
import { Combobox } from '../Combobox';
import { SelectField, TextareaField } from '../FormField';
import { Dialog } from '../Dialog';
import { ContactPicker } from '../RecordPickers';
import { useToast } from '../Toaster';
import { Segmented } from '../Segmented';

type Mode = 'pick' | 'emails' | 'view';
const modes: { value: Mode; label: string }[] = [
  { value: 'pick', label: 'Lead or contact' },
  { value: 'emails', label: 'Email list' },
  { value: 'view', label: 'Saved view' },
];

function LeadPicker({ value, onChange, error }: { value: string; onChange: (v: string) => void; error?: string }) {
  const trpc = useTRPC();
  const [search, setSearch] = useState('');
  const debounced = useDebouncedValue(search, 200);
  const list = useQuery({ ...trpc.leads.list.queryOptions({ search: debounced || undefined, limit: 12 }), placeholderData: keepPreviousData });
  const options = (list.data?.items ?? []).map((l) => ({ value: String(l.id), label: fullName(l), detail: l.email ?? l.company }));
  return (
    <Combobox
      id="campaign-member-lead"
      name="lead"
      label="Lead"
      value={value}
      error={error}
      placeholder="Search leads…"
      options={options}
      loading={list.isFetching || search !== debounced}
      selectedLabel={options.find((o) => o.value === value)?.label ?? null}
      onSearch={setSearch}
      emptyText={debounced ? `No lead matches “${debounced}”` : 'No leads'}
      onChange={(v) => onChange(v)}
    />
  );
}

/** Addresses separated by commas, semicolons, spaces or new lines (a pasted column of a spreadsheet). */
const emailsIn = (text: string) => text.split(/[\s,;]+/).map((e) => e.trim()).filter(Boolean);

export function AddMembersDialog({ campaignId, open, onClose }: { campaignId: number; open: boolean; onClose: () => void }) {
  const trpc = useTRPC();
  const toast = useToast();
  const queryClient = useQueryClient();
  const [mode, setMode] = useState<Mode>('pick');
  const [type, setType] = useState<CampaignMemberType>('lead');
  const [recordId, setRecordId] = useState('');
  const [emails, setEmails] = useState('');
  const [viewId, setViewId] = useState('');
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [notFound, setNotFound] = useState<string[]>([]);
  const leadViews = useQuery({ ...trpc.views.list.queryOptions({ list: 'leads' }), enabled: open && mode === 'view' });
  const contactViews = useQuery({ ...trpc.views.list.queryOptions({ list: 'contacts' }), enabled: open && mode === 'view' });
  const addMembers = useMutation(trpc.campaigns.addMembers.mutationOptions());
  const importEmails = useMutation(trpc.campaigns.importEmails.mutationOptions());
  const fromView = useMutation(trpc.campaigns.addFromSegment.mutationOptions());
  const pending = addMembers.isPending || importEmails.isPending || fromView.isPending;

  const close = () => {
    setErrors({});
    setFormError(null);
    setNotFound([]);
    onClose();
  };
  const done = async (added: number, already: number, missing: string[] = []) => {
    await queryClient.invalidateQueries(trpc.campaigns.pathFilter());
    toast.success(`${added} ${added === 1 ? 'member' : 'members'} added${already ? `; ${already} already in the campaign` : ''}`);
    setRecordId('');
    setEmails('');
    if (missing.length > 0) setNotFound(missing);
    else close();
  };

  const submit = async () => {
    setErrors({});
    setFormError(null);
    setNotFound([]);
    try {
      if (mode === 'pick') {
        if (!recordId) return setErrors({ members: [`Choose a ${type}`] });
        const r = await addMembers.mutateAsync({ campaignId, members: [{ type, id: Number(recordId) }] });
        await done(r.added, r.alreadyMembers);
      } else if (mode === 'emails') {
        const list = emailsIn(emails);
        if (list.length === 0) return setErrors({ emails: ['Enter at least one email address'] });
        const r = await importEmails.mutateAsync({ campaignId, emails: list });
        await done(r.added, r.alreadyMembers, r.notFound);
      } else {
        if (!viewId) return setErrors({ viewId: ['Choose a saved view'] });
        const r = await fromView.mutateAsync({ campaignId, viewId: Number(viewId) });
        await done(r.added, r.alreadyMembers);
      }
    } catch (error) {
      const fields = serverFieldErrors(error);
      // "emails.3: Enter a valid email address" names the address, which the user can find in the box.
      const emailIssue = Object.entries(fields).find(([k]) => k.startsWith('emails.'));
      if (emailIssue) {
        const index = Number(emailIssue[0].split('.')[1]);
        setErrors({ emails: [`${emailsIn(emails)[index] ?? 'An address'}: ${emailIssue[1][0]}`] });
      } else if (Object.keys(fields).length > 0) setErrors(fields);
      else setFormError(errorMessage(error));
    }
  };

  const viewOptions = [
    ...(leadViews.data ?? []).map((v) => ({ value: String(v.id), label: `Leads: ${v.name}` })),
    ...(contactViews.data ?? []).map((v) => ({ value: String(v.id), label: `Contacts: ${v.name}` })),
  ];

  return (
    <Dialog
      open={open}
      onClose={close}
      title="Add members"
      width={540}
      footer={
        <>
          <Button onClick={close}>Cancel</Button>
          <Button variant="primary" pending={pending} onClick={() => void submit()}>
            Add
          </Button>
        </>
      }
    >
      <div className="form">
        <Segmented
          label="Add by"
          options={modes}
          value={mode}
          onChange={(m) => {
            setMode(m);
            setErrors({});
            setFormError(null);
          }}
        />
        {formError && (
          <div className="alert alert--danger" role="alert">
            {formError}
          </div>
        )}
        {mode === 'pick' && (
          <>
            <SelectField
              id="campaign-member-type"
              name="type"
              label="Add a"
              value={type}
              onChange={(v) => {
                setType(v as CampaignMemberType);
                setRecordId('');
              }}
              options={[
                { value: 'lead', label: 'Lead' },
                { value: 'contact', label: 'Contact' },
              ]}
            />
            {type === 'lead' ? (
              <LeadPicker value={recordId} onChange={setRecordId} error={errors.members?.[0]} />
            ) : (
              <ContactPicker id="campaign-member-contact" name="contact" label="Contact" value={recordId} onChange={setRecordId} error={errors.members?.[0]} />
            )}
          </>
        )}
        {mode === 'emails' && (
          <TextareaField
            id="campaign-member-emails"
            name="emails"
            label="Email addresses"
            hint="One per line, or separated by commas (a column pasted from a spreadsheet). Each joins as the lead or contact with that address."
            rows={6}
            value={emails}
            onChange={setEmails}
            error={errors.emails?.[0]}
          />
        )}
        {mode === 'view' && (
          <SelectField
            id="campaign-member-view"
            name="viewId"
            label="Saved view"
            hint="Everyone its filters match now joins (views of leads or contacts: yours and the shared ones)."
            placeholder={leadViews.isPending || contactViews.isPending ? 'Loading views…' : viewOptions.length ? 'Choose a view' : 'No saved views of leads or contacts'}
            options={viewOptions}
            value={viewId}
            onChange={setViewId}
            error={errors.viewId?.[0]}
          />
        )}
        {notFound.length > 0 && (
          <div className="alert alert--warning" role="status">
            No lead or contact has {notFound.length === 1 ? 'this address' : 'these addresses'}: {notFound.join(', ')}
          </div>
        )}
      </div>
    </Dialog>
  );
}
