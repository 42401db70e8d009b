import { Alert, Button, Group, NativeSelect, Stack, Text, Title } from '@mantine/core';
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useFormat } from '../../app/format';
import { useCurrentUser } from '../../app/session';
import { ErrorAlert } from '../../app/ui/ErrorAlert';
import { Page } from '../../app/ui/Page';
import { FigureTable, PeriodForm, usePeriod } from '../../app/ui/PeriodReport';
import { LoadFailed, PageLoader } from '../../app/ui/StatusPages';
import { FigureChart, useShown } from './FigureChart';
import { OutcomeChangeChart } from './OutcomeChangeChart';
import { downloadReportCsv, getProgramReport, outcomesKeys, REPORT_DIMENSIONS, type Counts, type Dimension, type ProgramReport } from './outcomes.api';
import './outcomes.css';

const COLUMNS = ['served', 'newPeople', 'discharged', 'encounters', 'hours', 'encountersPerPerson', 'referralsMade', 'referralsClosed'] as const;

/**
 * Outcomes and reports (issue 20): the program report for a period and a grouping (program,
 * peer, language, race and ethnicity, gender, age band), as charts with their numbers, tables, a
 * printable view fit to attach to a grant application, and CSV. Every figure is the server's,
 * small cells suppressed (P1-P11); the output states its threshold and rule version (P11).
 * Analysts read the same suppressed report (P10).
 */
export default function OutcomesReportPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const me = useCurrentUser();
  const shown = useShown();
  const period = usePeriod(365);
  const [params, setParams] = useSearchParams();
  const by = (REPORT_DIMENSIONS as readonly string[]).includes(params.get('by') ?? '') ? (params.get('by') as Dimension) : 'program';
  const q = { from: period.range.from, to: period.range.to, by };
  const report = useQuery({ queryKey: outcomesKeys.report(q), queryFn: () => getProgramReport(q), placeholderData: keepPreviousData });
  const csv = useMutation({ mutationFn: () => downloadReportCsv(q) });
  const groupLabel = (r: ProgramReport, g: ProgramReport['groups'][number]) =>
    r.by === 'peer' ? g.label : t(`outcomesWeb.groupValue.${g.key}`, { defaultValue: g.key === 'none' || g.key === 'unknown' ? t('outcomesWeb.unknown') : g.label });
  const cells = (c: Counts) =>
    COLUMNS.map((k) => shown(c[k], k === 'hours' ? (n) => f.number(n) : undefined));
  return (
    <Page title={t('nav.outcomes')}>
      <Text className="no-print">{t('outcomesWeb.report.intro')}</Text>
      <div className="no-print">
        <Stack gap="sm">
          <PeriodForm period={period} label={t('outcomesWeb.report.period')} fromLabel={t('outcomesWeb.report.from')} toLabel={t('outcomesWeb.report.to')} showLabel={t('outcomesWeb.report.show')} />
          <Group gap="sm" align="end" wrap="wrap">
            <NativeSelect
              label={t('outcomesWeb.report.by')}
              value={by}
              onChange={(e) => {
                const next = new URLSearchParams(params);
                next.set('by', e.currentTarget.value);
                setParams(next);
              }}
              data={REPORT_DIMENSIONS.map((d) => ({ value: d, label: t(`outcomesWeb.dimension.${d}`) }))}
            />
            <Button variant="default" onClick={() => csv.mutate()} loading={csv.isPending}>
              {t('outcomesWeb.report.csv')}
            </Button>
            <Button variant="default" onClick={() => window.print()}>
              {t('outcomesWeb.report.print')}
            </Button>
          </Group>
          {csv.isError && <ErrorAlert error={csv.error} />}
          {csv.data && (
            <Text size="sm" role="status">
              {t('outcomesWeb.report.csvSaved', { file: csv.data })}
            </Text>
          )}
          {me.role === 'analyst' && <Alert color="blue">{t('outcomesWeb.report.analyst')}</Alert>}
        </Stack>
      </div>
      {report.isPending ? (
        <PageLoader />
      ) : report.isError ? (
        <LoadFailed error={report.error} onRetry={() => void report.refetch()} />
      ) : (
        <Stack gap="lg" data-testid="program-report">
          <div>
            <Title order={2} fz={22} data-testid="report-organization">
              {report.data.organization}
            </Title>
            <Text>{t('outcomesWeb.report.periodLine', { from: f.date(report.data.period.from), to: f.date(report.data.period.to), by: t(`outcomesWeb.dimension.${by}`).toLocaleLowerCase() })}</Text>
            <Text size="sm" data-testid="report-suppression">
              {report.data.suppression.applied
                ? t('outcomesWeb.report.suppressionLine', { k: report.data.suppression.k, max: report.data.suppression.k - 1, version: report.data.suppression.ruleVersion, rounded: t(report.data.suppression.rounded ? 'outcomesWeb.report.rounded' : 'outcomesWeb.report.exact') })
                : t('outcomesWeb.report.unsuppressed')}
            </Text>
          </div>
          <FigureChart
            id="chart-served"
            title={t('outcomesWeb.report.servedBy', { by: t(`outcomesWeb.dimension.${by}`).toLocaleLowerCase() })}
            empty={t('outcomesWeb.report.empty')}
            horizontal
            series={[{ key: 'served', label: t('outcomesWeb.columns.served'), color: 'blue.7' }, { key: 'encounters', label: t('outcomesWeb.columns.encounters'), color: 'teal.7' }]}
            rows={report.data.groups.map((g) => ({ key: g.key, label: groupLabel(report.data, g), values: { served: g.served, encounters: g.encounters } }))}
          />
          <OutcomeChangeChart outcomes={report.data.outcomes} id="chart-report-outcomes" />
          <FigureTable
            id="report-totals"
            title={t('outcomesWeb.report.totals')}
            minWidth={820}
            columns={[t('outcomesWeb.group'), ...COLUMNS.map((c) => t(`outcomesWeb.columns.${c}`))]}
            rows={[report.data.totals]}
            rowKey={() => 'total'}
            rowHeader={() => t('outcomesWeb.report.total')}
            cells={cells}
          />
          {report.data.groups.length > 0 && (
            <FigureTable
              id="report-groups"
              title={t('outcomesWeb.report.groups', { by: t(`outcomesWeb.dimension.${by}`).toLocaleLowerCase() })}
              minWidth={820}
              columns={[t(`outcomesWeb.dimension.${by}`), ...COLUMNS.map((c) => t(`outcomesWeb.columns.${c}`))]}
              rows={report.data.groups}
              rowKey={(g) => g.key}
              rowHeader={(g) => groupLabel(report.data, g)}
              cells={cells}
            />
          )}
          <Text size="sm">{t('outcomesWeb.report.rules', { k: report.data.suppression.k })}</Text>
        </Stack>
      )}
    </Page>
  );
}
