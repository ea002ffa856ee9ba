// The command palette (Ctrl/Cmd+K, "/", the top bar's search box): find any record as you type, grouped by
// type with its account and owner, and run an action. cmdk gives the listbox keyboard model; the modal is
// our native <dialog> (focus stays inside and returns where it was on close).
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Command } from 'cmdk';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useLocation, useNavigate } from 'react-router';
import type { RelatedToType } from '../../../shared/enums';
import type { SearchHit } from '../../../shared/schemas/search';
import { actionMatches, type PaletteAction, paletteActions, recordOnPage } from '../lib/paletteActions';
import { recordPath } from '../lib/records';
import { useSession } from '../lib/session';
import { useDebouncedValue } from '../lib/useDebouncedValue';
import { useTRPC } from '../trpc';
import { Icon, type IconName } from './Icon';

const typeGroups: Record<RelatedToType, { label: string; icon: IconName }> = {
  account: { label: 'Accounts', icon: 'accounts' },
  contact: { label: 'Contacts', icon: 'contacts' },
  lead: { label: 'Leads', icon: 'leads' },
  opportunity: { label: 'Opportunities', icon: 'opportunities' },
  project: { label: 'Projects', icon: 'projects' },
  case: { label: 'Cases', icon: 'cases' },
};

/** Groups in the order of their best hit, so the best match is always at the top. */
function groupHits(items: SearchHit[]): [RelatedToType, SearchHit[]][] {
  const groups = new Map<RelatedToType, SearchHit[]>();
  for (const item of items) groups.set(item.type, [...(groups.get(item.type) ?? []), item]);
  return [...groups];
}

function HitItem({ hit, onOpen }: { hit: SearchHit; onOpen: (hit: SearchHit) => void }) {
  const meta = [hit.subtitle, hit.type !== 'account' ? hit.accountName : null, hit.ownerName].filter(Boolean);
  return (
    <Command.Item value={`${hit.type}:${hit.id}`} onSelect={() => onOpen(hit)} className="palette__item">
      <Icon name={typeGroups[hit.type].icon} />
      <span className="palette__title">{hit.title}</span>
      <span className="palette__meta">{meta.join(' · ')}</span>
    </Command.Item>
  );
}

function ActionItem({ action, onRun }: { action: PaletteAction; onRun: (action: PaletteAction) => void }) {
  return (
    <Command.Item value={`action:${action.id}`} onSelect={() => onRun(action)} className="palette__item">
      <Icon name={action.icon} />
      <span className="palette__title">{action.label}</span>
      {action.shortcut && <kbd className="palette__kbd">{action.shortcut}</kbd>}
    </Command.Item>
  );
}

export function CommandPalette({ open, onClose }: { open: boolean; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const trpc = useTRPC();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const me = useSession();
  const [q, setQ] = useState('');
  const debounced = useDebouncedValue(q.trim(), 120);
  const onCloseRef = useRef(onClose);
  onCloseRef.current = onClose;

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      setQ('');
      dialog.showModal();
      // showModal focuses the first focusable element, cmdk's root: the search box is where typing goes.
      dialog.querySelector('input')?.focus();
    }
    if (!open && dialog.open) dialog.close();
  }, [open]);

  useEffect(() => {
    const dialog = ref.current;
    const onCancel = (e: Event) => {
      e.preventDefault();
      onCloseRef.current();
    };
    dialog?.addEventListener('cancel', onCancel);
    return () => dialog?.removeEventListener('cancel', onCancel);
  }, []);

  const search = useQuery({
    ...trpc.search.global.queryOptions({ q: debounced, limit: 20 }),
    enabled: open,
    placeholderData: keepPreviousData,
    // Recently viewed changes with every page opened.
    staleTime: debounced === '' ? 0 : 30_000,
  });

  const onPage = recordOnPage(pathname);
  const actions = useMemo(() => {
    const all: PaletteAction[] = [...paletteActions];
    if (onPage) {
      all.unshift(
        { id: 'log-call', label: `Log a call on this ${onPage.label}`, keywords: ['phone', 'activity'], icon: 'plus', to: `${pathname}?log=call` },
        { id: 'log-task', label: `Add a task on this ${onPage.label}`, keywords: ['todo', 'follow', 'up'], icon: 'tasks', to: `${pathname}?log=task` },
        { id: 'log-note', label: `Add a note on this ${onPage.label}`, keywords: ['activity'], icon: 'plus', to: `${pathname}?log=note` },
      );
    }
    return all.filter((a) => (!a.roles || a.roles.includes(me.role)) && actionMatches(a, q));
  }, [onPage, pathname, me.role, q]);

  const go = (to: string) => {
    onClose();
    navigate(to);
  };
  const run = (action: PaletteAction) => {
    if (action.to) go(action.to);
    else {
      onClose();
      action.run?.();
    }
  };
  // Recently viewed belongs to the empty box only: once something is typed they give way at once.
  const showRecent = q.trim() === '' && !!search.data?.recent;
  const hits = search.data && (showRecent || !search.data.recent) ? search.data.items : [];
  const stale = search.isPlaceholderData || debounced !== q.trim();
  // The best match is chosen whenever the results change (cmdk keeps the old choice when items arrive late).
  const ordered = showRecent ? hits : groupHits(hits).flatMap(([, items]) => items);
  const first = ordered[0] ? `${ordered[0].type}:${ordered[0].id}` : actions[0] ? `action:${actions[0].id}` : '';
  const [selected, setSelected] = useState('');
  useEffect(() => setSelected(first), [first]);

  return (
    <dialog
      ref={ref}
      className="dialog palette"
      aria-label="Search and commands"
      onMouseDown={(e) => {
        if (e.target === ref.current) onClose();
      }}
    >
      {open && (
        <Command
          shouldFilter={false}
          loop
          label="Search and commands"
          className="palette__command"
          value={selected}
          onValueChange={setSelected}
        >
          <div className="palette__input-row">
            <Icon name="search" />
            <Command.Input
              value={q}
              onValueChange={setQ}
              autoFocus
              placeholder="Search accounts, people, deals, cases… or type a command"
              className="palette__input"
              aria-label="Search"
            />
            <kbd className="palette__kbd">Esc</kbd>
          </div>
          <Command.List className="palette__list" aria-busy={stale || undefined}>
            {search.isError && <div className="palette__empty">Search failed: {search.error.message}</div>}
            {!search.isPending && hits.length === 0 && actions.length === 0 && (
              <Command.Empty className="palette__empty">
                Nothing matches “{q.trim()}”. Search looks at the start of names, emails, domains, phone and case numbers.
              </Command.Empty>
            )}
            {showRecent && hits.length > 0 && (
              <Command.Group heading="Recently viewed" className="palette__group">
                {hits.map((hit) => (
                  <HitItem key={`${hit.type}:${hit.id}`} hit={hit} onOpen={(h) => go(recordPath(h.type, h.id))} />
                ))}
              </Command.Group>
            )}
            {!showRecent &&
              groupHits(hits).map(([type, items]) => (
                <Command.Group key={type} heading={typeGroups[type].label} className="palette__group">
                  {items.map((hit) => (
                    <HitItem key={`${hit.type}:${hit.id}`} hit={hit} onOpen={(h) => go(recordPath(h.type, h.id))} />
                  ))}
                </Command.Group>
              ))}
            {actions.length > 0 && (
              <Command.Group heading="Actions" className="palette__group">
                {actions.slice(0, q.trim() ? 8 : actions.length).map((a) => (
                  <ActionItem key={a.id} action={a} onRun={run} />
                ))}
              </Command.Group>
            )}
          </Command.List>
        </Command>
      )}
    </dialog>
  );
}
