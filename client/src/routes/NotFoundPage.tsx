import { ButtonLink } from '../components/Button';
import { EmptyState } from '../components/States';

export default function NotFoundPage() {
  return (
    <EmptyState
      title="Page not found"
      description="The address may be mistyped, or the page has moved."
      action={<ButtonLink to="/">Go to the start page</ButtonLink>}
    />
  );
}
