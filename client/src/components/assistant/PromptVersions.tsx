// A prompt's versions, newest first, each with its figures over all time: activate one, or start editing from it.
import { Badge } from '../Badge';
import { Button } from '../Button';
import { formatDateTime, formatRelative } from '../../lib/format';
import type { RouterOutputs } from '../../trpc';
import { compactUsageColumns as usageColumns } from './usageFigures';

export type PromptView = RouterOutputs['ai']['prompts']['list'][number];
export type PromptVersion = PromptView['versions'][number];

export function PromptVersions({
  prompt,
  onEdit,
  onActivate,
  activating,
}: {
  prompt: PromptView;
  onEdit: (version: PromptVersion) => void;
  onActivate: (version: PromptVersion) => void;
  activating: number | null;
}) {
  return (
    <div className="table-wrap">
      <table className="table table--compact prompt-versions" aria-label={`${prompt.name} prompt versions`}>
        <thead>
          <tr>
            <th scope="col">Version</th>
            <th scope="col">Note and when saved</th>
            {usageColumns.map((c) => (
              <th key={c.label} scope="col" className="ai-usage__num">
                {c.label}
              </th>
            ))}
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {prompt.versions.map((v) => (
            <tr key={v.id}>
              <td>
                <span className="prompt-version__label">{v.label}</span> {v.active && <Badge tone="success">Active</Badge>}
              </td>
              <td className="prompt-version__note">
                {v.note ?? (v.version === 1 ? 'As shipped' : '—')}
                <span className="prompt-version__saved muted-text" title={formatDateTime(v.createdAt)}>
                  {formatRelative(v.createdAt)}
                  {v.createdByName ? ` by ${v.createdByName}` : ''}
                </span>
              </td>
              {usageColumns.map((c) => (
                <td key={c.label} className="ai-usage__num">
                  {c.value(v.usage)}
                </td>
              ))}
              <td className="prompt-version__actions">
                <Button size="sm" variant="ghost" onClick={() => onEdit(v)} aria-label={`Edit from ${v.label}`}>
                  Edit from
                </Button>
                {!v.active && (
                  <Button size="sm" onClick={() => onActivate(v)} pending={activating === v.id} aria-label={`Activate ${v.label}`}>
                    Activate
                  </Button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
