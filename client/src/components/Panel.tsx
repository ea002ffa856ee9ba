import type { ReactNode } from 'react';

/** A bordered section of a detail page with a heading and optional actions. */
export function Panel({
  title,
  actions,
  children,
  count,
  flush = false,
}: {
  title: string;
  actions?: ReactNode;
  children: ReactNode;
  /** A number, or text such as "100+". */
  count?: number | string;
  flush?: boolean;
}) {
  return (
    <section className="panel" aria-label={title}>
      <header className="panel__header">
        <h2 className="panel__title">
          {title}
          {count !== undefined && <span className="panel__count">{count}</span>}
        </h2>
        {actions && <div className="panel__actions">{actions}</div>}
      </header>
      <div className={flush ? 'panel__body panel__body--flush' : 'panel__body'}>{children}</div>
    </section>
  );
}

/** Label/value pairs of a record. */
export function Properties({ items }: { items: { label: string; value: ReactNode }[] }) {
  return (
    <dl className="properties">
      {items.map((item) => (
        <div key={item.label} className="properties__row">
          <dt>{item.label}</dt>
          <dd>{item.value === null || item.value === undefined || item.value === '' ? <span className="muted-text">—</span> : item.value}</dd>
        </div>
      ))}
    </dl>
  );
}
