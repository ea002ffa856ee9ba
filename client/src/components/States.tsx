// Loading, empty and error states shared by every screen.
import type { ReactNode } from 'react';
import { errorCode, errorMessage } from '../lib/errors';
import { Button } from './Button';

export function Spinner({ label = 'Loading' }: { label?: string }) {
  return (
    <div className="loading" role="status">
      <span className="spinner" aria-hidden="true" />
      <span className="visually-hidden">{label}</span>
    </div>
  );
}

export function EmptyState({ title, description, action }: { title: string; description?: ReactNode; action?: ReactNode }) {
  return (
    <div className="empty-state">
      <div className="empty-state__title">{title}</div>
      {description && <div className="empty-state__description">{description}</div>}
      {action && <div className="empty-state__action">{action}</div>}
    </div>
  );
}

export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const code = errorCode(error);
  const title =
    code === 'NOT_FOUND' ? 'Not found' : code === 'FORBIDDEN' ? 'You do not have access' : 'Could not load this';
  return (
    <div className="empty-state empty-state--error" role="alert">
      <div className="empty-state__title">{title}</div>
      <div className="empty-state__description">{errorMessage(error)}</div>
      {onRetry && code !== 'NOT_FOUND' && code !== 'FORBIDDEN' && (
        <div className="empty-state__action">
          <Button onClick={onRetry}>Try again</Button>
        </div>
      )}
    </div>
  );
}

/** Skeleton lines while a detail page loads. */
export function DetailSkeleton() {
  return (
    <div className="detail-skeleton" role="status" aria-label="Loading">
      <div className="skeleton skeleton--title" />
      <div className="skeleton" />
      <div className="skeleton skeleton--short" />
      <div className="skeleton" />
    </div>
  );
}
