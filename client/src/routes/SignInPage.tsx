// Sign in with email and password. auth.me decides whether this page or the app is shown.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { loginInput } from '../../../shared/schemas/users';
import { Button } from '../components/Button';
import { FormSummary, TextField } from '../components/FormField';
import { errorCode } from '../lib/errors';
import { useZodForm } from '../lib/useZodForm';
import { useTRPC } from '../trpc';

export default function SignInPage() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const form = useZodForm(loginInput, { email: '', password: '' });
  const login = useMutation(trpc.auth.login.mutationOptions());

  useEffect(() => {
    document.title = 'Sign in · Tru-CRM';
  }, []);

  const onSubmit = form.handleSubmit(async (input, { setServerError }) => {
    try {
      await login.mutateAsync(input);
    } catch (error) {
      setServerError(error);
      // A wrong password leaves the email as typed and clears the password for the next try.
      if (errorCode(error) === 'UNAUTHORIZED') form.setValue('password', '');
      return;
    }
    await queryClient.invalidateQueries({ queryKey: trpc.auth.me.queryKey() });
  });

  return (
    <div className="signin">
      <div className="signin__card">
        <div className="signin__brand">
          <span className="sidebar__logo" aria-hidden="true">
            T
          </span>
          Tru-CRM
        </div>
        <h1 className="signin__title">Sign in</h1>
        <p className="signin__subtitle">Use the email and password your administrator gave you.</p>
        <form onSubmit={onSubmit} noValidate className="form">
          <TextField label="Email" type="email" autoComplete="username" autoFocus {...form.text('email')} />
          <TextField label="Password" type="password" autoComplete="current-password" {...form.text('password')} />
          <FormSummary summary={form.summary} />
          <Button type="submit" variant="primary" pending={form.submitting} className="btn--block">
            Sign in
          </Button>
        </form>
      </div>
    </div>
  );
}
