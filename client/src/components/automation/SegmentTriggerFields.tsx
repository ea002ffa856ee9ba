// The "enters a saved view" trigger: the list, then one of its shared saved views (a playbook runs for everyone,
// so it watches only views everyone can open; private ones are not offered and the server refuses them).
import { useQuery } from '@tanstack/react-query';
import { type PlaybookTrigger, recordTypeLabels, segmentLists, segmentRecordTypes } from '../../../../shared/schemas/playbooks';
import { errorMessage } from '../../lib/errors';
import { useTRPC } from '../../trpc';
import { SelectField } from '../FormField';

type SegmentTrigger = Extract<PlaybookTrigger, { type: 'entersSegment' }>;

const listLabel = (list: SegmentTrigger['list']) => {
  const many = recordTypeLabels[segmentRecordTypes[list]][1];
  return many.charAt(0).toUpperCase() + many.slice(1);
};

export function SegmentTriggerFields({
  trigger,
  errors,
  disabled,
  onChange,
}: {
  trigger: SegmentTrigger;
  errors: Record<string, string[]>;
  disabled: boolean;
  onChange: (t: SegmentTrigger) => void;
}) {
  const trpc = useTRPC();
  const views = useQuery(trpc.views.list.queryOptions({ list: trigger.list }));
  const shared = (views.data ?? []).filter((v) => v.shared);
  const options = shared.map((v) => ({ value: String(v.id), label: v.name }));
  // The saved one, if it is no longer offered (unshared or deleted), stays visible with its error.
  if (trigger.viewId > 0 && !shared.some((v) => v.id === trigger.viewId)) options.unshift({ value: String(trigger.viewId), label: trigger.viewName ?? `View ${trigger.viewId}` });
  const hint = views.isError
    ? `The views could not be loaded: ${errorMessage(views.error)}`
    : views.data && shared.length === 0
      ? `No shared views of ${listLabel(trigger.list).toLowerCase()} yet: save one on that list with "Share with everyone".`
      : 'A shared saved view. A record enters when it starts matching the view\'s filters (looked at every 10 minutes).';
  return (
    <>
      <SelectField
        id="pb-segment-list"
        name="list"
        label="List"
        disabled={disabled}
        value={trigger.list}
        options={segmentLists.map((l) => ({ value: l, label: listLabel(l) }))}
        error={errors['trigger.list']?.[0]}
        onChange={(v) => onChange({ type: 'entersSegment', list: v as SegmentTrigger['list'], viewId: 0, viewName: null })}
      />
      <SelectField
        id="pb-segment-view"
        name="viewId"
        label="Saved view"
        required
        disabled={disabled || views.isPending}
        value={trigger.viewId > 0 ? String(trigger.viewId) : ''}
        placeholder={views.isPending ? 'Loading views…' : 'Choose a view…'}
        options={options}
        hint={hint}
        error={errors['trigger.viewId']?.[0]}
        onChange={(v) => {
          const view = shared.find((s) => String(s.id) === v);
          onChange({ ...trigger, viewId: v ? Number(v) : 0, viewName: view?.name ?? null });
        }}
      />
    </>
  );
}
