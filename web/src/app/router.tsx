import { lazy, Suspense } from 'react';
import { createBrowserRouter, type RouteObject } from 'react-router';
import { RequireAuth } from './RequireAuth';
import { canOpen, pages, type AppPage } from './routes';
import { useCurrentUser } from './session';
import { ComingSoonPage } from './ui/ComingSoonPage';
import { ForbiddenPage, NotFoundPage, PageLoader } from './ui/StatusPages';
import { PublicFrame } from './ui/PublicFrame';

// The signed-in frame (navigation, drawer, account menu) is a chunk of its own: the sign-in page
// on a slow connection does not wait for it (issue 17).
const Layout = lazy(() => import('./Layout').then((m) => ({ default: m.Layout })));

const SignInPage = lazy(() => import('../features/auth/SignInPage'));
const SetupPage = lazy(() => import('../features/auth/SetupPage'));
// The receiving organization's page for a referral link: no sign-in (issue 5).
const ReferralLinkPage = lazy(() => import('../features/referrals/ReferralLinkPage'));
// The public job board of the workforce registry's members: no sign-in (issue 22).
const JobsPage = lazy(() => import('../features/registry/JobsPage'));

/** Shows the page when the role may open it; the server checks again on every request. */
function PageGate(props: { page: AppPage }) {
  const me = useCurrentUser();
  if (props.page.operator ? !me.operator : !canOpen(props.page, me.role)) return <ForbiddenPage />;
  const Component = props.page.component;
  return Component ? <Component /> : <ComingSoonPage id={props.page.id} />;
}

export const routes: RouteObject[] = [
  {
    element: <PublicFrame />,
    children: [
      { path: '/sign-in', element: <SignInPage /> },
      { path: '/setup', element: <SetupPage /> },
      { path: '/r/:token', element: <ReferralLinkPage /> },
      { path: '/jobs', element: <JobsPage /> },
    ],
  },
  {
    element: (
      <RequireAuth>
        <Suspense fallback={<PageLoader />}>
          <Layout />
        </Suspense>
      </RequireAuth>
    ),
    children: [
      ...pages.map((page) => ({ path: page.path, element: <PageGate page={page} /> })),
      { path: '*', element: <NotFoundPage /> },
    ],
  },
];

export const createRouter = () => createBrowserRouter(routes);
