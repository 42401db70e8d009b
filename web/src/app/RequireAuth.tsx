import { useQueryClient } from '@tanstack/react-query';
import { useEffect, type ReactNode } from 'react';
import { prefetchDirectorDashboard } from '../features/home/dashboard.preload';
import { Navigate, useLocation } from 'react-router';
import { useMe } from './session';
import { LoadFailed, PageLoader } from './ui/StatusPages';

/** Signed-in routes only: while `/me` answers 401 the person is sent to sign in, then back. */
export function RequireAuth(props: { children: ReactNode }) {
  const me = useMe();
  const location = useLocation();
  // A supervisor's or admin's home opens with the director's dashboard: its charts and figures
  // are asked for as soon as the role is known, beside the frame's and the home page's chunks.
  const qc = useQueryClient();
  const staffHome = location.pathname === '/' && (me.data?.role === 'supervisor' || me.data?.role === 'admin');
  useEffect(() => {
    if (staffHome) prefetchDirectorDashboard(qc);
  }, [staffHome, qc]);
  if (me.isPending) return <PageLoader />;
  if (me.isError) {
    return (
      <main className="shell-main" id="main">
        <LoadFailed error={me.error} onRetry={() => void me.refetch()} />
      </main>
    );
  }
  if (!me.data) {
    const next = `${location.pathname}${location.search}`;
    const to = next === '/' ? '/sign-in' : `/sign-in?next=${encodeURIComponent(next)}`;
    return <Navigate to={to} replace />;
  }
  return <>{props.children}</>;
}

/** Only same-app paths are followed after sign-in, never another origin. */
export function safeNext(next: string | null): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  return next;
}
