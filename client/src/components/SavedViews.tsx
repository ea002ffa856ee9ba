// The views of a list, above its filters: built-in ones (My open deals…), the user's saved views and those
// shared with everyone. A view is the list's URL query, so choosing one sets the URL, the URL can be
// shared, and ?view=<id> alone restores a saved view.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { type ViewList, viewSave } from '../../../shared/schemas/views';
import { useSession } from '../lib/session';
import { useZodForm } from '../lib/useZodForm';
import { useTRPC } from '../trpc';
import { Button } from './Button';
import { ConfirmDialog } from './ConfirmDialog';
import { Dialog } from './Dialog';
import { CheckboxField, FormSummary, TextField } from './FormField';
import { useToast } from './Toaster';

export interface BuiltInView {
  name: string;
  params: Record<string, string>;
}

/** The URL's list params, without the view marker. */
function currentParams(params: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  params.forEach((value, key) => {
    if (key !== 'view') out[key] = value;
  });
  return out;
}

const same = (a: Record<string, string>, b: Record<string, string>) =>
  Object.keys(a).length === Object.keys(b).length && Object.entries(a).every(([k, v]) => b[k] === v);

function SaveViewDialog({ list, params, onClose }: { list: ViewList; params: Record<string, string>; onClose: (id?: number) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const form = useZodForm(viewSave, { list, name: '', params, shared: false });
  const save = useMutation(trpc.views.save.mutationOptions());
  const onSubmit = form.handleSubmit(async (input) => {
    const view = await save.mutateAsync(input);
    await queryClient.invalidateQueries(trpc.views.list.queryFilter({ list }));
    toast.success(`View “${view.name}” saved`);
    onClose(view.id);
  });
  return (
    <Dialog open onClose={() => onClose()} title="Save this view" description="The current filters and sort, under a name." width={440}>
      <form onSubmit={onSubmit} noValidate className="form" aria-label="Save this view">
        <TextField label="Name" required autoFocus placeholder="Closing this quarter" {...form.text('name')} />
        <CheckboxField label="Share with everyone" hint="Shared views show in everyone's list of views." {...form.checkbox('shared')} />
        <div className="form-actions">
          <FormSummary summary={form.summary} />
          <Button onClick={() => onClose()}>Cancel</Button>
          <Button type="submit" variant="primary" pending={form.submitting}>
            Save view
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

export function SavedViews({ list, builtIn }: { list: ViewList; builtIn: BuiltInView[] }) {
  const trpc = useTRPC();
  const me = useSession();
  const toast = useToast();
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const views = useQuery(trpc.views.list.queryOptions({ list }));
  const [saving, setSaving] = useState(false);
  const [deleting, setDeleting] = useState<{ id: number; name: string } | null>(null);
  const remove = useMutation(trpc.views.delete.mutationOptions());
  const current = currentParams(params);
  const viewId = Number(params.get('view')) || null;

  const apply = (next: Record<string, string>, id?: number) => setParams(new URLSearchParams({ ...next, ...(id ? { view: String(id) } : {}) }), { replace: true });

  // A shared link of a saved view (?view=12 alone): restore its filters.
  const linked = viewId ? views.data?.find((v) => v.id === viewId) : undefined;
  useEffect(() => {
    if (linked && Object.keys(current).length === 0) apply(linked.params, linked.id);
    // Only when the view arrives or the link changes.
  }, [linked?.id]);

  const active = (p: Record<string, string>, id?: number) => (id ? viewId === id && same(p, current) : !viewId && same(p, current));
  const matchesAny = builtIn.some((v) => active(v.params)) || (views.data ?? []).some((v) => active(v.params, v.id));

  return (
    <div className="views-bar" role="toolbar" aria-label="Views">
      {builtIn.map((v) => (
        <button key={v.name} type="button" className="view-chip" aria-pressed={active(v.params)} onClick={() => apply(v.params)}>
          {v.name}
        </button>
      ))}
      {(views.data ?? []).map((v) => (
        <span key={v.id} className="view-chip-group">
          <button type="button" className="view-chip" aria-pressed={active(v.params, v.id)} onClick={() => apply(v.params, v.id)}>
            {v.name}
            {v.shared && <span className="view-chip__shared">{v.mine ? 'shared' : 'team'}</span>}
          </button>
          {(v.mine || me.role === 'admin') && (
            <button type="button" className="icon-btn icon-btn--sm view-chip__remove" aria-label={`Delete view ${v.name}`} onClick={() => setDeleting(v)}>
              ×
            </button>
          )}
        </span>
      ))}
      {!matchesAny && (
        <Button size="sm" variant="ghost" onClick={() => setSaving(true)}>
          + Save view
        </Button>
      )}
      {saving && (
        <SaveViewDialog
          list={list}
          params={current}
          onClose={(id) => {
            setSaving(false);
            if (id) apply(current, id);
          }}
        />
      )}
      <ConfirmDialog
        open={deleting !== null}
        title={`Delete the view “${deleting?.name ?? ''}”?`}
        message="The records stay as they are; only the saved filters go."
        pending={remove.isPending}
        onCancel={() => setDeleting(null)}
        onConfirm={() =>
          deleting &&
          remove.mutate(
            { id: deleting.id },
            {
              onSuccess: async () => {
                await queryClient.invalidateQueries(trpc.views.list.queryFilter({ list }));
                toast.success(`View “${deleting.name}” deleted`);
                if (viewId === deleting.id) apply(current);
                setDeleting(null);
              },
              onError: (e) => toast.error(e.message),
            },
          )
        }
      />
    </div>
  );
}
