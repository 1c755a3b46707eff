import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { ErrorAlert } from '../../../components/error-alert.tsx';
import { Field } from '../../../components/field.tsx';
import { useSignIn, useSignUp } from '../api/sign-in.ts';

/** Sign-in and sign-up share one form; after success the user returns where they were. */
export function AuthForm({ mode }: { mode: 'sign-in' | 'sign-up' }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const signIn = useSignIn();
  const signUp = useSignUp();
  const mutation = mode === 'sign-in' ? signIn : signUp;
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = params.get('next')?.startsWith('/') ? params.get('next')! : '/';

  const submit = (event: FormEvent) => {
    event.preventDefault();
    mutation.mutate({ email, password }, { onSuccess: () => navigate(next, { replace: true }) });
  };
  const title = mode === 'sign-in' ? 'Sign in to Docket' : 'Create your Docket account';

  return (
    <main className="auth-page">
      <form className="card auth-card" onSubmit={submit} noValidate>
        <div className="brand">
          <span className="brand-mark" aria-hidden="true" /> Docket
        </div>
        <h1>{title}</h1>
        <p className="muted">{mode === 'sign-in' ? 'Welcome back.' : 'Process documents and watch your history.'}</p>
        {next.startsWith('/invitations/') && <p className="alert info">Sign in, or create an account, to accept your invitation: you come back to it afterwards.</p>}
        <ErrorAlert error={mutation.error} fallback="Could not reach Docket." />
        <Field id="email" label="Email">
          <input id="email" type="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
        </Field>
        <Field id="password" label="Password">
          <input
            id="password"
            type="password"
            autoComplete={mode === 'sign-in' ? 'current-password' : 'new-password'}
            required
            minLength={mode === 'sign-up' ? 8 : undefined}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
          {mode === 'sign-up' && <div className="muted field-hint">At least 8 characters.</div>}
        </Field>
        <button className="button primary block" type="submit" disabled={mutation.isPending}>
          {mutation.isPending ? 'Please wait…' : mode === 'sign-in' ? 'Sign in' : 'Create account'}
        </button>
        <p className="muted auth-switch">
          {mode === 'sign-in' ? (
            <>
              New here? <Link to={`/sign-up${params.size ? `?${params}` : ''}`}>Create an account</Link>
            </>
          ) : (
            <>
              Have an account? <Link to={`/sign-in${params.size ? `?${params}` : ''}`}>Sign in</Link>
            </>
          )}
        </p>
      </form>
    </main>
  );
}
