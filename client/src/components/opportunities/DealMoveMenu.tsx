// A card's compact "Move" menu: a button opening the stages as menu items (arrow keys move between them,
// Enter picks, Escape closes and returns focus). Picking goes through the same stage move as a drop.
import { type CSSProperties, type KeyboardEvent, useCallback, useEffect, useId, useRef, useState } from 'react';
import { type Stage, stageDefaults, stages } from '../../../../shared/stages';
import { useDismiss } from '../../lib/useDismiss';

/** About the menu's height (8 items): it opens upwards when there is less room below. */
const MENU_HEIGHT = 290;

export function DealMoveMenu({
  dealName,
  current,
  disabled,
  onMove,
}: {
  dealName: string;
  current: Stage;
  disabled: boolean;
  onMove: (stage: Stage) => void;
}) {
  const [open, setOpen] = useState(false);
  const close = useCallback(() => setOpen(false), []);
  const menuId = useId();
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLDivElement>(null);
  useDismiss(open, close, rootRef, buttonRef);
  const targets = stages.filter((s) => s !== current);

  // Fixed to the window beside its button: the column's own scrolling would clip an absolute menu.
  const [place, setPlace] = useState<CSSProperties>({});
  const toggle = () => {
    const r = buttonRef.current?.getBoundingClientRect();
    if (r && !open) {
      const right = Math.max(8, window.innerWidth - r.right);
      setPlace(
        r.bottom + MENU_HEIGHT > window.innerHeight
          ? { position: 'fixed', right, bottom: window.innerHeight - r.top + 4, top: 'auto' }
          : { position: 'fixed', right, top: r.bottom + 4 },
      );
    }
    setOpen((o) => !o);
  };

  useEffect(() => {
    if (!open) return;
    menuRef.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
    // A scroll would leave the fixed menu behind its card.
    const onScroll = (e: Event) => {
      if (!menuRef.current?.contains(e.target as Node)) close();
    };
    window.addEventListener('scroll', onScroll, true);
    return () => window.removeEventListener('scroll', onScroll, true);
  }, [open, close]);

  const onMenuKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const items = [...(menuRef.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
    const at = items.indexOf(document.activeElement as HTMLElement);
    const go = (i: number) => items[(i + items.length) % items.length]?.focus();
    if (e.key === 'ArrowDown') go(at + 1);
    else if (e.key === 'ArrowUp') go(at - 1);
    else if (e.key === 'Home') go(0);
    else if (e.key === 'End') go(items.length - 1);
    else if (e.key === 'Tab') close();
    else return;
    if (e.key !== 'Tab') e.preventDefault();
  };

  return (
    <div className="opp-move" ref={rootRef}>
      <button
        ref={buttonRef}
        type="button"
        className="opp-move__button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        aria-label={`Move ${dealName} to another stage`}
        title="Move to another stage"
        disabled={disabled}
        onClick={toggle}
      >
        <span aria-hidden="true">⋯</span>
      </button>
      {open && (
        <div className="menu opp-move__menu" id={menuId} role="menu" aria-label={`Move ${dealName} to`} ref={menuRef} style={place} onKeyDown={onMenuKey}>
          {targets.map((s) => (
            <button
              key={s}
              type="button"
              role="menuitem"
              tabIndex={-1}
              className="menu__item"
              onClick={() => {
                setOpen(false);
                buttonRef.current?.focus();
                onMove(s);
              }}
            >
              <span className="opp-move__stage">{s}</span>
              <span className="muted-text">{stageDefaults[s].probability}%</span>
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
