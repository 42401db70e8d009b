import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { LoadFailed, PageLoader } from '../../app/ui/StatusPages';

/**
 * One query's three states: the loader while it is pending, the failure with a retry, and its
 * data drawn by `children` once it is there (each registry panel's figure).
 */
export function QueryPanel<T>(props: { query: UseQueryResult<T>; children: (data: T) => ReactNode }) {
  const { query } = props;
  if (query.isPending) return <PageLoader />;
  if (query.isError) return <LoadFailed error={query.error} onRetry={() => void query.refetch()} />;
  return <>{props.children(query.data)}</>;
}
