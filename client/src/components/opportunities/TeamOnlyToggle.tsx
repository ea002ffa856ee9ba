// "My team only" for a manager: the deals of the manager and their reps (opportunities.list { team: true }).
import { useId } from 'react';

export function TeamOnlyToggle({ checked, onChange }: { checked: boolean; onChange: (checked: boolean) => void }) {
  const id = useId();
  return (
    <label className="opp-toggle" htmlFor={id}>
      <input id={id} type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} />
      <span>My team only</span>
    </label>
  );
}
