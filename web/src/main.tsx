import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { startI18n } from './i18n.ts';
import { Layout } from './layout.tsx';
import { AccountPage } from './pages/account.page.tsx';
import { InvitationPage } from './pages/invitation.page.tsx';
import { NotFoundPage } from './pages/not-found.page.tsx';
import { logKeyQuery, proofQuery, RecordPage, recordQuery } from './pages/record.page.tsx';
import { RecordsPage } from './pages/records.page.tsx';
import { SignInPage } from './pages/sign-in.page.tsx';
import { StatsPage } from './pages/stats.page.tsx';
import { TotpPage } from './pages/totp.page.tsx';
import './styles.css';

startI18n();

// Public figures change slowly and the server caches them: refetching on every focus would only add load.
const queryClient = new QueryClient({ defaultOptions: { queries: { staleTime: 10_000, refetchOnWindowFocus: false, retry: 1 } } });

// A record page opened directly (a shared link): its record, proof and the log's key are asked for
// now, while React starts, not once the page has rendered.
const recordPath = /^\/records\/([^/]+)$/.exec(window.location.pathname);
if (recordPath) {
  const id = decodeURIComponent(recordPath[1]!);
  void queryClient.prefetchQuery(recordQuery(id));
  void queryClient.prefetchQuery(proofQuery(id));
  void queryClient.prefetchQuery(logKeyQuery());
}

const router = createBrowserRouter([
  {
    element: <Layout />,
    children: [
      { index: true, element: <RecordsPage /> },
      { path: 'records/:id', element: <RecordPage /> },
      { path: 'stats', element: <StatsPage /> },
      { path: 'sign-in', element: <SignInPage /> },
      { path: 'account', element: <AccountPage /> },
      { path: 'account/totp', element: <TotpPage /> },
      // Pages for people of organizations load when first opened, like the case desk below.
      { path: 'account/sessions', lazy: () => import('./pages/sessions.page.tsx').then((m) => ({ Component: m.SessionsPage })) },
      { path: 'settings', lazy: () => import('./pages/settings.page.tsx').then((m) => ({ Component: m.SettingsPage })) },
      { path: 'settings/:section', lazy: () => import('./pages/settings.page.tsx').then((m) => ({ Component: m.SettingsPage })) },
      { path: 'invitations/:token', element: <InvitationPage /> },
      // The case desk is for people of organizations: loaded when first opened, so the public
      // portal's first load does not carry it (bench/web measures both).
      { path: 'cases', lazy: () => import('./pages/cases.page.tsx').then((m) => ({ Component: m.CasesPage })) },
      { path: 'cases/:id', lazy: () => import('./pages/case.page.tsx').then((m) => ({ Component: m.CasePage })) },
      // The public report form and a report's status: loaded when opened, off the portal's first load.
      { path: 'report', lazy: () => import('./pages/report.page.tsx').then((m) => ({ Component: m.ReportPage })) },
      { path: 'report/:code', lazy: () => import('./pages/report-status.page.tsx').then((m) => ({ Component: m.ReportStatusPage })) },
      // The affected user's statement of reasons, by its link: loaded when opened.
      { path: 'statements/:token', lazy: () => import('./pages/statement.page.tsx').then((m) => ({ Component: m.StatementPage })) },
      // Filing notices (organizations only): loaded when opened. new and bulk before :id.
      { path: 'notices', lazy: () => import('./pages/notices.page.tsx').then((m) => ({ Component: m.NoticesPage })) },
      { path: 'notices/new', lazy: () => import('./pages/notice-new.page.tsx').then((m) => ({ Component: m.NoticeNewPage })) },
      { path: 'notices/bulk', lazy: () => import('./pages/notice-bulk.page.tsx').then((m) => ({ Component: m.NoticeBulkPage })) },
      { path: 'notices/:id', lazy: () => import('./pages/notice.page.tsx').then((m) => ({ Component: m.NoticePage })) },
      // Transparency reports: public, but read less than the records: loaded when opened.
      { path: 'transparency-reports', lazy: () => import('./pages/transparency-reports.page.tsx').then((m) => ({ Component: m.TransparencyReportsPage })) },
      { path: 'transparency-reports/:id', lazy: () => import('./pages/transparency-report.page.tsx').then((m) => ({ Component: m.TransparencyReportPage })) },
      // Fact-check verdicts: public, loaded when opened.
      { path: 'fact-checks', lazy: () => import('./pages/fact-checks.page.tsx').then((m) => ({ Component: m.FactChecksPage })) },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  </StrictMode>,
);
