import { type ReactNode, useEffect } from 'react';
import { Link } from 'react-router';

export interface Crumb {
  label: string;
  to: string;
}

/** The title row of a screen: breadcrumbs, title, a subtitle line and the screen's actions. */
export function PageHeader({
  title,
  subtitle,
  crumbs,
  actions,
  badge,
}: {
  title: ReactNode;
  subtitle?: ReactNode;
  crumbs?: Crumb[];
  actions?: ReactNode;
  badge?: ReactNode;
}) {
  useEffect(() => {
    if (typeof title === 'string') document.title = `${title} · Tru-CRM`;
  }, [title]);
  return (
    <header className="page-header">
      <div className="page-header__main">
        {crumbs && crumbs.length > 0 && (
          <nav aria-label="Breadcrumb" className="breadcrumbs">
            {crumbs.map((c, i) => (
              <span key={c.to} className="breadcrumbs__item">
                {i > 0 && (
                  <span className="breadcrumbs__sep" aria-hidden="true">
                    /
                  </span>
                )}
                <Link to={c.to}>{c.label}</Link>
              </span>
            ))}
          </nav>
        )}
        <div className="page-header__title-row">
          <h1 className="page-header__title">{title}</h1>
          {badge}
        </div>
        {subtitle && <div className="page-header__subtitle">{subtitle}</div>}
      </div>
      {actions && <div className="page-header__actions">{actions}</div>}
    </header>
  );
}
