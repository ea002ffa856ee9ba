// Create or edit an account (/accounts/new, /accounts/:id/edit).
import { useMutation, useQuery } from '@tanstack/react-query';
import { useParams, useSearchParams } from 'react-router';
import { securityPostures } from '../../../shared/enums';
import { accountCreate, accountUpdate } from '../../../shared/schemas/accounts';
import { optionsOf, SelectField, TextField } from '../components/FormField';
import { PicklistField } from '../components/PicklistField';
import { FormSection } from '../components/FormPage';
import { OwnerField } from '../components/OwnerSelect';
import { CannotEdit } from '../components/ReadOnlyNotice';
import { RecordForm } from '../components/RecordForm';
import { AccountPicker } from '../components/RecordPickers';
import { DetailSkeleton, ErrorState } from '../components/States';
import { changedOnly, pick } from '../lib/changes';
import { idParam, parseId } from '../lib/records';
import { canWrite, useSession } from '../lib/session';
import { useAfterSave } from '../lib/useAfterSave';
import { type FormBinders, useZodForm } from '../lib/useZodForm';
import { type RouterOutputs, useTRPC } from '../trpc';

type Account = RouterOutputs['accounts']['getById'];

const fields = ['accountName', 'industry', 'region', 'vertical', 'securityPosture', 'website', 'domain', 'parentAccountId', 'ownerId'] as const;

function AccountFields({ form, selfId }: { form: FormBinders; selfId?: number }) {
  return (
    <>
      <FormSection title="Company">
        <TextField label="Account name" required autoFocus {...form.text('accountName')} />
        <TextField label="Website" type="url" placeholder="https://acme.com" {...form.text('website')} />
        <TextField
          label="Domain"
          placeholder="acme.com"
          hint="Used to match emails to this account. Filled from the website when empty."
          {...form.text('domain')}
        />
        <PicklistField picklist="industry" label="Industry" {...form.text('industry')} />
        <TextField label="Vertical" placeholder="Fintech" {...form.text('vertical')} />
        <PicklistField picklist="region" label="Region" {...form.text('region')} />
      </FormSection>
      <FormSection title="Relationships">
        <AccountPicker
          label="Parent account"
          hint="The group this company belongs to, if any."
          exclude={selfId ? [selfId] : []}
          {...form.recordId('parentAccountId')}
        />
        <SelectField
          label="Security posture"
          hint="Strict accounts need a security review before a proposal."
          options={optionsOf(securityPostures).map((o) => ({ ...o, label: o.value === 'strict' ? 'Strict' : 'Standard' }))}
          {...form.choice('securityPosture')}
        />
        <OwnerField {...form.text('ownerId')} />
      </FormSection>
    </>
  );
}

function NewAccountForm() {
  const trpc = useTRPC();
  const afterSave = useAfterSave();
  const me = useSession();
  const [params] = useSearchParams();
  const form = useZodForm(accountCreate, {
    accountName: params.get('name') ?? '',
    securityPosture: 'standard',
    ownerId: me.id,
    parentAccountId: idParam(params, 'parentAccountId'),
  });
  const create = useMutation(trpc.accounts.create.mutationOptions());
  const onSubmit = form.handleSubmit(async (input) => {
    const account = await create.mutateAsync(input);
    await afterSave({
      refresh: trpc.accounts.pathFilter(),
      message: `Account “${account.accountName}” created`,
      open: `/accounts/${account.id}`,
    });
  });
  return (
    <RecordForm
      title="New account"
      crumbs={[{ label: 'Accounts', to: '/accounts' }]}
      form={form}
      onSubmit={onSubmit}
      submitLabel="Create account"
    >
      <AccountFields form={form} />
    </RecordForm>
  );
}

function EditAccountForm({ account }: { account: Account }) {
  const trpc = useTRPC();
  const afterSave = useAfterSave();
  const initial = { id: account.id, version: account.version, ...pick(account, fields) };
  const form = useZodForm(accountUpdate, initial);
  const update = useMutation(trpc.accounts.update.mutationOptions());
  const onSubmit = form.handleSubmit(async (input) => {
    const saved = await update.mutateAsync(changedOnly(input, initial) as typeof input);
    await afterSave({ refresh: trpc.accounts.pathFilter(), message: 'Account saved', open: `/accounts/${saved.id}` });
  });
  return (
    <RecordForm
      title={`Edit ${account.accountName}`}
      crumbs={[
        { label: 'Accounts', to: '/accounts' },
        { label: account.accountName, to: `/accounts/${account.id}` },
      ]}
      form={form}
      onSubmit={onSubmit}
      submitLabel="Save changes"
      cancelTo={`/accounts/${account.id}`}
    >
      <AccountFields form={form} selfId={account.id} />
    </RecordForm>
  );
}

export default function AccountFormPage() {
  const trpc = useTRPC();
  const me = useSession();
  const params = useParams();
  const id = parseId(params.id);
  const account = useQuery({ ...trpc.accounts.getById.queryOptions({ id: id ?? 0 }), enabled: id !== null, staleTime: 0 });
  if (params.id === undefined) return <NewAccountForm />;
  if (id === null) return <ErrorState error={{ data: { code: 'NOT_FOUND' }, message: 'Account not found' }} />;
  if (account.isPending) return <DetailSkeleton />;
  if (account.isError) return <ErrorState error={account.error} onRetry={() => void account.refetch()} />;
  if (!canWrite(me, account.data.ownerId)) {
    return (
      <CannotEdit
        what="account"
        name={account.data.accountName}
        viewTo={`/accounts/${account.data.id}`}
        listTo="/accounts"
        listLabel="Accounts"
        ownerId={account.data.ownerId}
        ownerName={account.data.ownerName}
      />
    );
  }
  return <EditAccountForm key={`${account.data.id}:${account.data.version}`} account={account.data} />;
}
