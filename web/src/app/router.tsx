import { lazy, Suspense } from 'react';
import { createBrowserRouter, type RouteObject } from 'react-router';
import { preloadable } from './preloadable';
import { RequireAuth } from './RequireAuth';
import { canOpen, pages, type AppPage } from './routes';
import { useCurrentUser } from './session';
import { ForbiddenPage, NotFoundPage, PageLoader } from './ui/StatusPages';
import { PublicFrame } from './ui/PublicFrame';

// The signed-in frame (navigation, drawer, account menu) is a chunk of its own: the sign-in page
// on a slow connection does not wait for it (issue 17).
export const Layout = preloadable<object>(() => import('./Layout').then((m) => ({ default: m.Layout })));

const SignInPage = lazy(() => import('../features/auth/SignInPage'));
const SetupPage = lazy(() => import('../features/auth/SetupPage'));
// The receiving organization's page for a referral link: no sign-in (issue 5).
const ReferralLinkPage = lazy(() => import('../features/referrals/ReferralLinkPage'));
// A participant's self-completion page for an assessment link: no account (issue 20).
const SelfCompletionPage = lazy(() => import('../features/outcomes/SelfCompletionPage'));
// A referee's page for a certification reference link: no account (issue 21).
const ReferencePage = lazy(() => import('../features/workforce/ReferencePage'));
// The participant's own portal (issue 23): its own frame and session, no staff sign-in.
const PortalFrame = lazy(() => import('../features/portal/PortalFrame').then((m) => ({ default: m.PortalFrame })));
const SignedOutFrame = lazy(() => import('../features/portal/PortalFrame').then((m) => ({ default: m.SignedOutFrame })));
const SignedOut = lazy(() => import('../features/portal/PortalFrame').then((m) => ({ default: m.SignedOut })));
const PortalSignInPage = lazy(() => import('../features/portal/PortalSignInPage'));
const PortalHomePage = lazy(() => import('../features/portal/PortalHomePage'));
const PortalPlanPage = lazy(() => import('../features/portal/PortalPlanPage'));
const PortalConsentsPage = lazy(() => import('../features/portal/PortalConsentsPage'));
const PortalAccessPage = lazy(() => import('../features/portal/PortalAccessPage'));
const PortalCorrectionPage = lazy(() => import('../features/portal/PortalCorrectionPage'));
// The public job board of the workforce registry's members: no sign-in (issue 22).
const JobsPage = lazy(() => import('../features/registry/JobsPage'));

/** Shows the page when the role may open it; the server checks again on every request. */
function PageGate(props: { page: AppPage }) {
  const me = useCurrentUser();
  if (props.page.operator ? !me.operator : !canOpen(props.page, me.role)) return <ForbiddenPage />;
  const Component = props.page.component;
  return <Component />;
}

export const routes: RouteObject[] = [
  {
    element: <PublicFrame />,
    children: [
      { path: '/sign-in', element: <SignInPage /> },
      { path: '/setup', element: <SetupPage /> },
      { path: '/r/:token', element: <ReferralLinkPage /> },
      { path: '/a/:token', element: <SelfCompletionPage /> },
      { path: '/ref/:token', element: <ReferencePage /> },
      { path: '/jobs', element: <JobsPage /> },
      { path: '/p/:token', element: <PortalSignInPage /> },
    ],
  },
  {
    element: (
      <Suspense fallback={<PageLoader />}>
        <SignedOutFrame />
      </Suspense>
    ),
    children: [{ path: '/portal/signed-out', element: <SignedOut /> }],
  },
  {
    element: (
      <Suspense fallback={<PageLoader />}>
        <PortalFrame />
      </Suspense>
    ),
    children: [
      { path: '/portal', element: <PortalHomePage /> },
      { path: '/portal/plan', element: <PortalPlanPage /> },
      { path: '/portal/consents', element: <PortalConsentsPage /> },
      { path: '/portal/access', element: <PortalAccessPage /> },
      { path: '/portal/correction', element: <PortalCorrectionPage /> },
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
