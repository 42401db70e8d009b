import { Stack, Text } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../app/format';
import { Page } from '../../app/ui/Page';
import { FigureTable, PeriodForm, usePeriod } from '../../app/ui/PeriodReport';
import { LoadFailed, PageLoader } from '../../app/ui/StatusPages';
import { getReferralReport, type ReportGroup } from './referrals.api';

/**
 * Completion rate and median time to acceptance of the referrals the organization sent, by need,
 * by service and by receiving organization (supervisors, analysts, admins; aggregates only).
 */
export default function ReferralReportPage() {
  const { t } = useTranslation();
  const period = usePeriod(90);
  const { range } = period;
  const report = useQuery({
    queryKey: ['referrals', 'report', range.from, range.to],
    queryFn: () => getReferralReport(range.from, range.to),
    placeholderData: keepPreviousData,
  });

  return (
    <Page title={t('referrals.report.title')}>
      <Text>{t('referrals.report.intro')}</Text>
      <PeriodForm
        period={period}
        label={t('referrals.report.title')}
        fromLabel={t('referrals.report.from')}
        toLabel={t('referrals.report.to')}
        showLabel={t('referrals.report.show')}
      />
      {report.isPending ? (
        <PageLoader />
      ) : report.isError ? (
        <LoadFailed error={report.error} onRetry={() => void report.refetch()} />
      ) : report.data.total.sent === 0 ? (
        <Text data-testid="report-empty">{t('referrals.report.empty')}</Text>
      ) : (
        <Stack gap="lg">
          <ReportTable title={t('referrals.report.total')} id="report-total" groups={[report.data.total]} label={() => t('referrals.report.total')} />
          <ReportTable title={t('referrals.report.byNeed')} id="report-need" groups={report.data.byNeed} label={(g) => t(`referrals.need.${g.key}`, { defaultValue: g.label })} />
          <ReportTable title={t('referrals.report.byService')} id="report-service" groups={report.data.byService} />
          <ReportTable title={t('referrals.report.byOrganization')} id="report-organization" groups={report.data.byOrganization} />
          <Text size="sm" c="dimmed">
            {t('referrals.report.rateHelp')}
          </Text>
        </Stack>
      )}
    </Page>
  );
}

function ReportTable(props: { title: string; id: string; groups: ReportGroup[]; label?: (g: ReportGroup) => string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const pct = (v: number | null) => (v === null ? t('referrals.report.none') : f.percent(v));
  const hours = (v: number | null) => (v === null ? t('referrals.report.none') : t('referrals.report.hours', { hours: f.number(Math.round(v * 10) / 10) }));
  // The two figures the report is for come first, so they stay in view on a narrow screen
  // where the counts scroll sideways.
  const columns = ['group', 'completionRate', 'medianHours', 'sent', 'accepted', 'declined', 'completed', 'notCompleted', 'cancelled', 'openCount'];
  return (
    <FigureTable
      id={props.id}
      title={props.title}
      minWidth={760}
      columns={columns.map((c) => t(`referrals.report.${c}`))}
      rows={props.groups}
      rowKey={(g) => g.key}
      rowHeader={(g) => (props.label ? props.label(g) : g.label)}
      cells={(g) => [
        pct(g.completionRate),
        hours(g.medianHoursToAcceptance),
        f.number(g.sent),
        f.number(g.accepted),
        f.number(g.declined),
        f.number(g.completed),
        f.number(g.notCompleted),
        f.number(g.cancelled),
        f.number(g.open),
      ]}
    />
  );
}
