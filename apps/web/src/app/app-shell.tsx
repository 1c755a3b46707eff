import { Suspense } from 'react';
import { isOperator, type User } from '@docket/contracts/auth';
import { Link, NavLink, Outlet, useNavigate } from 'react-router';
import { LoadingRows } from '../components/states.tsx';
import { useSignOut } from '../features/auth/api/sign-out.ts';
import { OrganizationSwitcher } from '../features/organizations/components/organization-switcher.tsx';
import { useActiveOrganization } from '../lib/active-organization.ts';
import { useTheme } from './use-theme.ts';

const NAV = [
  { to: '/', label: 'Dashboard', end: true },
  { to: '/upload', label: 'Upload' },
  { to: '/jobs', label: 'Jobs' },
  { to: '/usage', label: 'Usage' },
  { to: '/webhooks', label: 'Webhooks' },
  { to: '/tokens', label: 'API tokens' },
  { to: '/organization', label: 'Organisation' },
];

/**
 * The sidebar (organisation switcher, pages, account) and the page. The page is keyed by the
 * active organisation: switching starts it afresh (filters, pages of a list, forms), so
 * nothing of one organisation lingers in the other.
 */
export function AppShell({ user }: { user: User }) {
  const organization = useActiveOrganization();
  const navigate = useNavigate();
  const signOut = useSignOut();
  const [theme, toggleTheme] = useTheme();
  return (
    <div className="shell">
      <nav className="sidebar" aria-label="Main">
        <Link to="/" className="brand">
          <span className="brand-mark" aria-hidden="true" /> Docket
        </Link>
        <OrganizationSwitcher />
        {[...NAV, ...(isOperator(user.role) ? [{ to: '/admin', label: 'Admin', end: false }] : [])].map((item) => (
          <NavLink key={item.to} to={item.to} end={item.end} className={({ isActive }) => `nav-link${isActive ? ' active' : ''}`}>
            {item.label}
          </NavLink>
        ))}
        <div className="sidebar-footer">
          {/* Served by the API itself (a page of its own, not a dashboard route). */}
          <a href="/api/docs" className="nav-link" target="_blank" rel="noreferrer">
            API docs
          </a>
          <span className="muted hide-narrow" title={user.email}>
            {user.email}
          </span>
          <button type="button" className="button small" onClick={toggleTheme} aria-label={`Switch to ${theme === 'dark' ? 'light' : 'dark'} theme`}>
            {theme === 'dark' ? 'Light theme' : 'Dark theme'}
          </button>
          <button type="button" className="button small" onClick={() => signOut.mutate(undefined, { onSettled: () => navigate('/sign-in') })}>
            Sign out
          </button>
        </div>
      </nav>
      <main className="main" key={organization.id}>
        <Suspense fallback={<LoadingRows />}>
          <Outlet />
        </Suspense>
      </main>
    </div>
  );
}
