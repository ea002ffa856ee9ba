// Keyboard shortcuts for the whole app: Ctrl/Cmd+K and "/" open the palette, "?" lists the shortcuts,
// "G then <key>" goes to a screen, "N" adds a task. Single keys are ignored while the user types in a field.
import { useEffect, useRef } from 'react';
import { useNavigate } from 'react-router';
import { openNewTask } from './newTask';
import { goToKeys } from './paletteActions';

export { shortcutList } from './shortcutList';

function typingIn(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName);
}

export function useShortcuts({ openPalette, openHelp }: { openPalette: () => void; openHelp: () => void }) {
  const navigate = useNavigate();
  const pendingG = useRef<number | null>(null);
  const handlers = useRef({ openPalette, openHelp });
  handlers.current = { openPalette, openHelp };

  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      if ((e.metaKey || e.ctrlKey) && !e.altKey && e.key.toLowerCase() === 'k') {
        e.preventDefault();
        handlers.current.openPalette();
        return;
      }
      if (e.metaKey || e.ctrlKey || e.altKey || e.defaultPrevented || typingIn(e.target)) return;
      // While a modal is open its own keys apply.
      if (document.querySelector('dialog[open]')) return;
      if (e.key === '/') {
        e.preventDefault();
        handlers.current.openPalette();
      } else if (e.key === '?') {
        e.preventDefault();
        handlers.current.openHelp();
      } else if (pendingG.current !== null) {
        window.clearTimeout(pendingG.current);
        pendingG.current = null;
        const to = goToKeys[e.key.toLowerCase()];
        if (to) {
          e.preventDefault();
          navigate(to);
        }
      } else if (e.key === 'n') {
        e.preventDefault();
        openNewTask();
      } else if (e.key === 'g') {
        pendingG.current = window.setTimeout(() => (pendingG.current = null), 1500);
      }
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [navigate]);
}
