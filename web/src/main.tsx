import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { startI18n } from './i18n.ts';
import { Layout } from './layout.tsx';
import { AccountPage } from './pages/account.page.tsx';
import { InvitationPage } from './pages/invitation.page.tsx';
import { NotFoundPage } from './pages/not-found.page.tsx';
import { RecordPage } from './pages/record.page.tsx';
import { RecordsPage } from './pages/records.page.tsx';
import { SignInPage } from './pages/sign-in.page.tsx';
import { StatsPage } from './pages/stats.page.tsx';
import { TotpPage } from './pages/totp.page.tsx';
import './styles.css';

startI18n();

// Public figures change slowly and the server caches them: refetching on every focus would only add load.
const queryClient = new QueryClient({ defaultOptions: { queries: { staleTime: 10_000, refetchOnWindowFocus: false, retry: 1 } } });

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
      { path: 'invitations/:token', element: <InvitationPage /> },
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
