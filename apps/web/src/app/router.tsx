import { lazy } from 'react';
import { createBrowserRouter } from 'react-router';
import { AuthForm } from '../features/auth/components/auth-form.tsx';
import { DashboardPage } from '../features/dashboard/components/dashboard-page.tsx';
import { AppLayout } from './app-layout.tsx';
import { NotFoundPage } from './not-found-page.tsx';

// The dashboard is the landing page and stays in the main bundle; the rest load on demand.
const UploadPage = lazy(() => import('../features/upload/components/upload-page.tsx').then((m) => ({ default: m.UploadPage })));
const JobsPage = lazy(() => import('../features/jobs/components/jobs-page.tsx').then((m) => ({ default: m.JobsPage })));
const JobDetailPage = lazy(() => import('../features/jobs/components/job-detail-page.tsx').then((m) => ({ default: m.JobDetailPage })));
const AdminPage = lazy(() => import('../features/admin/components/admin-page.tsx').then((m) => ({ default: m.AdminPage })));
const QueuePage = lazy(() => import('../features/admin/components/queue-page.tsx').then((m) => ({ default: m.QueuePage })));
const TokensPage = lazy(() => import('../features/tokens/components/tokens-page.tsx').then((m) => ({ default: m.TokensPage })));
const UsagePage = lazy(() => import('../features/usage/components/usage-page.tsx').then((m) => ({ default: m.UsagePage })));
const OrganizationPage = lazy(() => import('../features/organizations/components/organization-page.tsx').then((m) => ({ default: m.OrganizationPage })));
const AcceptInvitationPage = lazy(() => import('../features/organizations/components/accept-invitation-page.tsx').then((m) => ({ default: m.AcceptInvitationPage })));
const WebhooksPage = lazy(() => import('../features/webhooks/components/webhooks-page.tsx').then((m) => ({ default: m.WebhooksPage })));

export const router = createBrowserRouter([
  { path: '/sign-in', element: <AuthForm mode="sign-in" /> },
  { path: '/sign-up', element: <AuthForm mode="sign-up" /> },
  {
    element: <AppLayout />,
    children: [
      { path: '/', element: <DashboardPage /> },
      { path: '/upload', element: <UploadPage /> },
      { path: '/jobs', element: <JobsPage /> },
      { path: '/jobs/:jobId', element: <JobDetailPage /> },
      { path: '/webhooks', element: <WebhooksPage /> },
      { path: '/tokens', element: <TokensPage /> },
      { path: '/usage', element: <UsagePage /> },
      { path: '/organization', element: <OrganizationPage /> },
      // The link an invitation gives (docs/api.md#organisations): signed-out visitors sign in and come back.
      { path: '/invitations/:code', element: <AcceptInvitationPage /> },
      { path: '/admin', element: <AdminPage /> },
      { path: '/admin/queues/:name', element: <QueuePage /> },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);
