// Create or edit a contact (/contacts/new?accountId=, /contacts/:id/edit).
import { useMutation, useQuery } from '@tanstack/react-query';
import { useParams, useSearchParams } from 'react-router';
import { contactCreate, contactUpdate } from '../../../shared/schemas/contacts';
import { TextField } from '../components/FormField';
import { PicklistField } from '../components/PicklistField';
import { FormSection } from '../components/FormPage';
import { OwnerField } from '../components/OwnerSelect';
import { CannotEdit } from '../components/ReadOnlyNotice';
import { RecordForm } from '../components/RecordForm';
import { AccountPicker } from '../components/RecordPickers';
import { DetailSkeleton, ErrorState } from '../components/States';
import { changedOnly, pick } from '../lib/changes';
import { fullName } from '../lib/format';
import { idParam, parseId } from '../lib/records';
import { canWrite, useSession } from '../lib/session';
import { useAfterSave } from '../lib/useAfterSave';
import { type FormBinders, useZodForm } from '../lib/useZodForm';
import { type RouterOutputs, useTRPC } from '../trpc';

type Contact = RouterOutputs['contacts']['getById'];

const fields = ['firstName', 'lastName', 'email', 'phone', 'title', 'role', 'accountId', 'ownerId'] as const;

function ContactFields({ form }: { form: FormBinders }) {
  return (
    <>
      <FormSection title="Person">
        <TextField label="First name" required autoFocus autoComplete="off" {...form.text('firstName')} />
        <TextField label="Last name" required autoComplete="off" {...form.text('lastName')} />
        <TextField label="Email" type="email" autoComplete="off" {...form.text('email')} />
        <TextField label="Phone" type="tel" autoComplete="off" {...form.text('phone')} />
        <TextField label="Title" placeholder="VP Engineering" {...form.text('title')} />
        <PicklistField picklist="buyingRole" label="Buying role" hint="Their part in the buying decision." {...form.text('role')} />
      </FormSection>
      <FormSection title="Relationships">
        <AccountPicker label="Account" {...form.recordId('accountId')} />
        <OwnerField {...form.text('ownerId')} />
      </FormSection>
    </>
  );
}

function NewContactForm() {
  const trpc = useTRPC();
  const afterSave = useAfterSave();
  const me = useSession();
  const [params] = useSearchParams();
  const form = useZodForm(contactCreate, {
    firstName: '',
    lastName: '',
    ownerId: me.id,
    accountId: idParam(params, 'accountId'),
  });
  const create = useMutation(trpc.contacts.create.mutationOptions());
  const onSubmit = form.handleSubmit(async (input) => {
    const contact = await create.mutateAsync(input);
    await afterSave({
      refresh: trpc.contacts.pathFilter(),
      message: `Contact “${fullName(contact)}” created`,
      open: `/contacts/${contact.id}`,
    });
  });
  return (
    <RecordForm
      title="New contact"
      crumbs={[{ label: 'Contacts', to: '/contacts' }]}
      form={form}
      onSubmit={onSubmit}
      submitLabel="Create contact"
    >
      <ContactFields form={form} />
    </RecordForm>
  );
}

function EditContactForm({ contact }: { contact: Contact }) {
  const trpc = useTRPC();
  const afterSave = useAfterSave();
  const initial = { id: contact.id, version: contact.version, ...pick(contact, fields) };
  const form = useZodForm(contactUpdate, initial);
  const update = useMutation(trpc.contacts.update.mutationOptions());
  const onSubmit = form.handleSubmit(async (input) => {
    const saved = await update.mutateAsync(changedOnly(input, initial) as typeof input);
    await afterSave({ refresh: trpc.contacts.pathFilter(), message: 'Contact saved', open: `/contacts/${saved.id}` });
  });
  return (
    <RecordForm
      title={`Edit ${fullName(contact)}`}
      crumbs={[
        { label: 'Contacts', to: '/contacts' },
        { label: fullName(contact), to: `/contacts/${contact.id}` },
      ]}
      form={form}
      onSubmit={onSubmit}
      submitLabel="Save changes"
      cancelTo={`/contacts/${contact.id}`}
    >
      <ContactFields form={form} />
    </RecordForm>
  );
}

export default function ContactFormPage() {
  const trpc = useTRPC();
  const me = useSession();
  const params = useParams();
  const id = parseId(params.id);
  const contact = useQuery({ ...trpc.contacts.getById.queryOptions({ id: id ?? 0 }), enabled: id !== null, staleTime: 0 });
  if (params.id === undefined) return <NewContactForm />;
  if (id === null) return <ErrorState error={{ data: { code: 'NOT_FOUND' }, message: 'Contact not found' }} />;
  if (contact.isPending) return <DetailSkeleton />;
  if (contact.isError) return <ErrorState error={contact.error} onRetry={() => void contact.refetch()} />;
  if (!canWrite(me, contact.data.ownerId)) {
    return (
      <CannotEdit
        what="contact"
        name={fullName(contact.data)}
        viewTo={`/contacts/${contact.data.id}`}
        listTo="/contacts"
        listLabel="Contacts"
        ownerId={contact.data.ownerId}
        ownerName={contact.data.ownerName}
      />
    );
  }
  return <EditContactForm key={`${contact.data.id}:${contact.data.version}`} contact={contact.data} />;
}
