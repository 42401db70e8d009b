import type { QueryClient } from '@tanstack/react-query';
import { getFollowUpRate, getProgramReport, outcomesKeys } from '../outcomes/outcomes.api';
import { periodRange } from './dashboard.period';

/**
 * The director's dashboard, started early (issue 20, slow phones): as soon as the signed-in frame
 * knows a supervisor or admin is on the home page, its chart chunk and the figures it opens with
 * are asked for together, beside the home page's own chunks, instead of one after the other once
 * the home page has rendered. The keys and requests are the dashboard's own, so it finds them
 * in the cache.
 */
const load = () => import('./DirectorDashboard');
let chunk: ReturnType<typeof load> | null = null;
export const preloadDirectorDashboard = (): ReturnType<typeof load> =>
  (chunk ??= load().catch((e: unknown) => {
    chunk = null; // a chunk that failed (no signal) is asked for again next time
    throw e;
  }));

/** As the dashboard's own queries: figures asked for a moment ago are not asked for again. */
const FRESH = 60_000;

export function prefetchDirectorDashboard(qc: QueryClient): void {
  void preloadDirectorDashboard().catch(() => undefined);
  // The reader's own day: the organization's (app/today.ts) would pull its module into the
  // sign-in page's first load. Where the two differ the dashboard asks for its own figures.
  const year = periodRange('year');
  const month = periodRange('month');
  void qc.prefetchQuery({ queryKey: outcomesKeys.report({ ...year, by: 'program' }), queryFn: () => getProgramReport({ ...year, by: 'program' }), staleTime: FRESH });
  void qc.prefetchQuery({ queryKey: outcomesKeys.report({ ...month, by: 'program' }), queryFn: () => getProgramReport({ ...month, by: 'program' }), staleTime: FRESH });
  void qc.prefetchQuery({ queryKey: outcomesKeys.report({ ...year, by: 'peer' }), queryFn: () => getProgramReport({ ...year, by: 'peer' }), staleTime: FRESH });
  void qc.prefetchQuery({ queryKey: outcomesKeys.followUp(year.from, year.to), queryFn: () => getFollowUpRate(year.from, year.to), staleTime: FRESH });
}
