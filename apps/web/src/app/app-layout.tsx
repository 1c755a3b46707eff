import { Navigate, useLocation } from 'react-router';
import { LoadingRows } from '../components/states.tsx';
import { OrganizationProvider } from '../features/organizations/components/organization-provider.tsx';
import { AppShell } from './app-shell.tsx';
import { useSession } from './use-session.ts';

/**
 * The signed-in frame. Without a session (once the page knows), it sends the user to sign in
 * and back here after; with one, every page inside acts in the organisation the user chose.
 */
export function AppLayout() {
  const session = useSession();
  const location = useLocation();

  if (session === undefined) return <LoadingRows />;
  if (!session) {
    const next = `${location.pathname}${location.search}`;
    return <Navigate to={next === '/' ? '/sign-in' : `/sign-in?next=${encodeURIComponent(next)}`} replace />;
  }
  return (
    <OrganizationProvider user={session.user}>
      <AppShell user={session.user} />
    </OrganizationProvider>
  );
}
