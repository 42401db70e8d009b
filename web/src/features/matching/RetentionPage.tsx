import { Stack, Text } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../app/format';
import { Page } from '../../app/ui/Page';
import { FigureTable, PeriodForm, usePeriod } from '../../app/ui/PeriodReport';
import { LoadFailed, PageLoader } from '../../app/ui/StatusPages';
import { fetchRetention, type CriterionRetention } from './matching.api';

/**
 * Match retention by criterion (issue 3, match quality): for the matches made in a period whose
 * quality was recorded after the first meetings, how many kept meeting and how they were rated,
 * overall and by each criterion the match was made on. Aggregates only (supervisors, analysts,
 * admins), so no participant appears here.
 */
export default function RetentionPage() {
  const { t } = useTranslation();
  const period = usePeriod(365);
  const { range } = period;
  const report = useQuery({
    queryKey: ['matching', 'retention', range.from, range.to],
    queryFn: () => fetchRetention(range.from, range.to),
    placeholderData: keepPreviousData,
  });

  return (
    <Page title={t('nav.matchQuality')}>
      <Text>{t('matching.retention.intro')}</Text>
      <PeriodForm
        period={period}
        label={t('matching.retention.period')}
        fromLabel={t('matching.retention.from')}
        toLabel={t('matching.retention.to')}
        showLabel={t('matching.retention.show')}
      />
      {report.isPending ? (
        <PageLoader />
      ) : report.isError ? (
        <LoadFailed error={report.error} onRetry={() => void report.refetch()} />
      ) : report.data.overall.matches === 0 ? (
        <Text data-testid="retention-empty">{t('matching.retention.empty')}</Text>
      ) : (
        <Stack gap="lg">
          <RetentionTable id="retention-overall" title={t('matching.retention.overall')} rows={[report.data.overall]} />
          <RetentionTable id="retention-criteria" title={t('matching.retention.byCriterion')} rows={report.data.byCriterion} />
          <Text size="sm" c="dimmed">
            {t('matching.retention.help')}
          </Text>
        </Stack>
      )}
    </Page>
  );
}

function RetentionTable(props: { id: string; title: string; rows: CriterionRetention[] }) {
  const { t } = useTranslation();
  const f = useFormat();
  const pct = (v: number | null) => (v === null ? t('matching.retention.none') : f.percent(v));
  const rating = (v: number | null) => (v === null ? t('matching.retention.none') : t('matching.retention.ratingOf', { rating: f.number(Math.round(v * 10) / 10) }));
  return (
    <FigureTable
      id={props.id}
      title={props.title}
      minWidth={560}
      columns={[t('matching.retention.criterion'), t('matching.retention.matches'), t('matching.retention.kept'), t('matching.retention.keptRate'), t('matching.retention.averageRating')]}
      rows={props.rows}
      rowKey={(r) => r.criterion}
      rowAttributes={(r) => ({ 'data-criterion': r.criterion })}
      rowHeader={(r) => t(`matching.retention.criteria.${r.criterion}`, { defaultValue: r.criterion })}
      cells={(r) => [f.number(r.matches), f.number(r.keptMeeting), pct(r.keptMeetingRate), rating(r.averageRating)]}
    />
  );
}
