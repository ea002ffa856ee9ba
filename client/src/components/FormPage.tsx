import type { ReactNode } from 'react';

/** The card a create/edit form sits in, with titled sections. */
export function FormCard({ children }: { children: ReactNode }) {
  return <div className="form-card">{children}</div>;
}

export function FormSection({ title, description, children }: { title: string; description?: string; children: ReactNode }) {
  return (
    <fieldset className="form-section">
      <legend className="form-section__title">{title}</legend>
      {description && <p className="form-section__description">{description}</p>}
      <div className="form-grid">{children}</div>
    </fieldset>
  );
}
