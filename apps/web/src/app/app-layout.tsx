import { Suspense } from 'react';
import { isOperator } from '@docket/contracts/auth';
import { Link, NavLink, Navigate, Outlet, useLocation, useNavigate } from 'react-router';
import { LoadingRows } from '../components/states.tsx';
import { useSignOut } from '../features/auth/api/sign-out.ts';
import { useSession } from './use-session.ts';
import { useTheme } from './use-theme.ts';

const NAV = [
  { to: '/', label: 'Dashboard', end: true },
  { to: '/upload', label: 'Upload' },
  { to: '/jobs', label: 'Jobs' },
  { to: '/usage', label: 'Usage' },
  { to: '/webhooks', label: 'Webhooks' },
  { to: '/tokens', label: 'API tokens' },
];

/** The signed-in frame. Without a session (once the page knows), it sends the user to sign in and back here after. */
export function AppLayout() {
  const session = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const signOut = useSignOut();
  const [theme, toggleTheme] = useTheme();

  if (session === undefined) return <LoadingRows />;
  if (!session) {
    const next = `${location.pathname}${location.search}`;
    return <Navigate to={next === '/' ? '/sign-in' : `/sign-in?next=${encodeURIComponent(next)}`} replace />;
  }
  return (
    <div className="shell">
      <nav className="sidebar" aria-label="Main">
        <Link to="/" className="brand">
          <span className="brand-mark" aria-hidden="true" /> Docket
        </Link>
        {[...NAV, ...(isOperator(session.user.role) ? [{ to: '/admin', label: 'Admin', end: false }] : [])].map((item) => (
          <NavLink key={item.to} to={item.to} end={item.end} className={({ isActive }) => `nav-link${isActive ? ' active' : ''}`}>
            {item.label}
          </NavLink>
        ))}
        <div className="sidebar-footer">
          {/* Served by the API itself (a page of its own, not a dashboard route). */}
          <a href="/api/docs" className="nav-link" target="_blank" rel="noreferrer">
            API docs
          </a>
          <span className="muted hide-narrow" title={session.user.email}>
            {session.user.email}
          </span>
          <button type="button" className="button small" onClick={toggleTheme} aria-label={`Switch to ${theme === 'dark' ? 'light' : 'dark'} theme`}>
            {theme === 'dark' ? 'Light theme' : 'Dark theme'}
          </button>
          <button type="button" className="button small" onClick={() => signOut.mutate(undefined, { onSettled: () => navigate('/sign-in') })}>
            Sign out
          </button>
        </div>
      </nav>
      <main className="main">
        <Suspense fallback={<LoadingRows />}>
          <Outlet />
        </Suspense>
      </main>
    </div>
  );
}
