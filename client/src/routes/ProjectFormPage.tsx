// Create or edit a project (/projects/new?accountId=&opportunityId=, /projects/:id/edit).
import { useMutation, useQuery } from '@tanstack/react-query';
import { useParams, useSearchParams } from 'react-router';
import { healthStatuses, projectStatuses } from '../../../shared/enums';
import { projectCreate, projectUpdate } from '../../../shared/schemas/projects';
import { optionsOf, SelectField, TextField } from '../components/FormField';
import { FormSection } from '../components/FormPage';
import { OwnerField } from '../components/OwnerSelect';
import { CannotEdit } from '../components/ReadOnlyNotice';
import { RecordForm } from '../components/RecordForm';
import { AccountPicker, OpportunitySelect } from '../components/RecordPickers';
import { DetailSkeleton, ErrorState } from '../components/States';
import { changedOnly, pick } from '../lib/changes';
import { idParam, parseId } from '../lib/records';
import { canWrite, useSession } from '../lib/session';
import { useAfterSave } from '../lib/useAfterSave';
import { type FormBinders, useZodForm } from '../lib/useZodForm';
import { type RouterOutputs, useTRPC } from '../trpc';

type Project = RouterOutputs['projects']['getById'];

const fields = [
  'projectName',
  'accountId',
  'opportunityId',
  'status',
  'healthStatus',
  'expectedUsers',
  'activeUsers',
  'startDate',
  'targetEndDate',
  'ownerId',
] as const;

function ProjectFields({ form }: { form: FormBinders }) {
  const accountId = (form.values.accountId as number | null | undefined) ?? null;
  const account = form.recordId('accountId');
  return (
    <>
      <FormSection title="Project">
        <TextField label="Project name" required autoFocus className="field--wide" {...form.text('projectName')} />
        <AccountPicker
          label="Account"
          required
          {...account}
          onChange={(v) => {
            account.onChange(v);
            // A deal of the previous account no longer fits.
            form.setValue('opportunityId', null);
          }}
        />
        <OpportunitySelect
          label="Opportunity"
          hint="The deal that sold this project."
          accountId={accountId}
          {...form.recordId('opportunityId')}
        />
        <SelectField label="Status" options={optionsOf(projectStatuses)} {...form.choice('status')} />
        <SelectField label="Health" options={optionsOf(healthStatuses)} {...form.choice('healthStatus')} />
      </FormSection>
      <FormSection title="Plan and adoption">
        <TextField label="Start date" type="date" {...form.text('startDate')} />
        <TextField label="Target end date" type="date" {...form.text('targetEndDate')} />
        <TextField label="Expected users" type="number" min={0} step={1} inputMode="numeric" {...form.number('expectedUsers')} />
        <TextField label="Active users" type="number" min={0} step={1} inputMode="numeric" {...form.number('activeUsers')} />
        <OwnerField {...form.text('ownerId')} />
      </FormSection>
    </>
  );
}

function NewProjectForm() {
  const trpc = useTRPC();
  const afterSave = useAfterSave();
  const me = useSession();
  const [params] = useSearchParams();
  const form = useZodForm(projectCreate, {
    projectName: '',
    accountId: idParam(params, 'accountId') ?? undefined,
    opportunityId: idParam(params, 'opportunityId'),
    status: 'Not Started',
    healthStatus: 'Healthy',
    expectedUsers: 0,
    activeUsers: 0,
    ownerId: me.id,
  });
  const create = useMutation(trpc.projects.create.mutationOptions());
  const onSubmit = form.handleSubmit(async (input) => {
    const project = await create.mutateAsync(input);
    await afterSave({
      refresh: trpc.projects.pathFilter(),
      message: `Project “${project.projectName}” created`,
      open: `/projects/${project.id}`,
    });
  });
  return (
    <RecordForm
      title="New project"
      crumbs={[{ label: 'Projects', to: '/projects' }]}
      form={form}
      onSubmit={onSubmit}
      submitLabel="Create project"
    >
      <ProjectFields form={form} />
    </RecordForm>
  );
}

function EditProjectForm({ project }: { project: Project }) {
  const trpc = useTRPC();
  const afterSave = useAfterSave();
  const initial = { id: project.id, version: project.version, ...pick(project, fields) };
  const form = useZodForm(projectUpdate, initial);
  const update = useMutation(trpc.projects.update.mutationOptions());
  const onSubmit = form.handleSubmit(async (input) => {
    const saved = await update.mutateAsync(changedOnly(input, initial) as typeof input);
    await afterSave({ refresh: trpc.projects.pathFilter(), message: 'Project saved', open: `/projects/${saved.id}` });
  });
  return (
    <RecordForm
      title={`Edit ${project.projectName}`}
      crumbs={[
        { label: 'Projects', to: '/projects' },
        { label: project.projectName, to: `/projects/${project.id}` },
      ]}
      form={form}
      onSubmit={onSubmit}
      submitLabel="Save changes"
      cancelTo={`/projects/${project.id}`}
    >
      <ProjectFields form={form} />
    </RecordForm>
  );
}

export default function ProjectFormPage() {
  const trpc = useTRPC();
  const me = useSession();
  const params = useParams();
  const id = parseId(params.id);
  const project = useQuery({ ...trpc.projects.getById.queryOptions({ id: id ?? 0 }), enabled: id !== null, staleTime: 0 });
  if (params.id === undefined) return <NewProjectForm />;
  if (id === null) return <ErrorState error={{ data: { code: 'NOT_FOUND' }, message: 'Project not found' }} />;
  if (project.isPending) return <DetailSkeleton />;
  if (project.isError) return <ErrorState error={project.error} onRetry={() => void project.refetch()} />;
  if (!canWrite(me, project.data.ownerId)) {
    return (
      <CannotEdit
        what="project"
        name={project.data.projectName}
        viewTo={`/projects/${project.data.id}`}
        listTo="/projects"
        listLabel="Projects"
        ownerId={project.data.ownerId}
        ownerName={project.data.ownerName}
      />
    );
  }
  return <EditProjectForm key={`${project.data.id}:${project.data.version}`} project={project.data} />;
}
