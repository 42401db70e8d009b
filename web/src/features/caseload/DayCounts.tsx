import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { dashboardKeys, getDashboardSummary } from '../home/dashboard.api';
import { MetricCards } from '../home/MetricCards';

/** My day's counts (issue 17): sessions today, drafts, returned notes, referral follow-ups due. */
export function DayCounts() {
  const { t } = useTranslation();
  const summary = useQuery({ queryKey: dashboardKeys.summary, queryFn: getDashboardSummary });
  if (!summary.data || summary.data.scope !== 'peer') return null;
  return (
    <section aria-label={t('dashboard.dayCounts')}>
      <MetricCards metrics={summary.data.metrics} cols={{ base: 2, sm: 4 }} />
    </section>
  );
}
