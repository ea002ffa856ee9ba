// "?": the keyboard shortcuts, listed.
import { shortcutList } from '../lib/shortcutList';
import { Dialog } from './Dialog';

export function ShortcutsDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  return (
    <Dialog open={open} onClose={onClose} title="Keyboard shortcuts" width={440}>
      <dl className="shortcuts">
        {shortcutList.map((s) => (
          <div key={s.keys + s.what} className="shortcuts__row">
            <dt>
              {s.keys.split(/\s{2,}/).filter((k) => k !== 'or').map((k, i) => (
                <span key={k}>
                  {i > 0 && <span className="muted-text"> or </span>}
                  <kbd className="kbd">{k}</kbd>
                </span>
              ))}
            </dt>
            <dd>{s.what}</dd>
          </div>
        ))}
      </dl>
    </Dialog>
  );
}
