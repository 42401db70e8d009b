import { Alert, Card, Group, NativeSelect, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../app/format';
import { LoadFailed } from '../../app/ui/StatusPages';
import { FigureChart, useShown } from '../outcomes/FigureChart';
import { OutcomeChangeChart } from '../outcomes/OutcomeChangeChart';
import { getFollowUpRate, getProgramReport, outcomesKeys, type Counts, type Shown } from '../outcomes/outcomes.api';
import { dashboardKeys, getDashboardSummary } from './dashboard.api';
import { DASHBOARD_PERIODS, periodRange, type DashboardPeriod } from './dashboard.period';
import '../outcomes/outcomes.css';
import { useOrgToday } from '../../app/today';

/** Figures asked for a moment ago (the home page starts them early, dashboard.preload.ts) are not asked for again on mount. */
const FRESH = 60_000;

function Stat(props: { label: string; value: Shown | undefined; format?: (n: number) => string; sub?: string; testId: string }) {
  const shown = useShown();
  return (
    <Card withBorder padding="sm" data-testid={props.testId}>
      <Text size="sm">{props.label}</Text>
      <Text fz={26} fw={700} lh={1.2}>
        {props.value === undefined ? '…' : shown(props.value, props.format)}
      </Text>
      {props.sub && <Text size="xs">{props.sub}</Text>}
    </Card>
  );
}

/**
 * The director's dashboard (issue 20) for supervisors and admins: people served this month and
 * this year, sessions and hours, caseloads by peer, referrals closed, the SUPRT follow-up rate
 * against its 80% target, and outcome change per instrument, for a period and a program. Every
 * figure comes from the program report (small cells suppressed, P1-P11) or the home summary.
 */
export default function DirectorDashboard() {
  const { t } = useTranslation();
  const f = useFormat();
  const [period, setPeriod] = useState<DashboardPeriod>('year');
  const [program, setProgram] = useState('');
  const today = useOrgToday();
  const range = periodRange(period, today);
  const month = periodRange('month', today);
  const byProgram = useQuery({ queryKey: outcomesKeys.report({ ...range, by: 'program' }), queryFn: () => getProgramReport({ ...range, by: 'program' }), placeholderData: keepPreviousData, staleTime: FRESH });
  const monthByProgram = useQuery({ queryKey: outcomesKeys.report({ ...month, by: 'program' }), queryFn: () => getProgramReport({ ...month, by: 'program' }), staleTime: FRESH });
  const byPeer = useQuery({ queryKey: outcomesKeys.report({ ...range, by: 'peer' }), queryFn: () => getProgramReport({ ...range, by: 'peer' }), placeholderData: keepPreviousData, staleTime: FRESH });
  const followUp = useQuery({ queryKey: outcomesKeys.followUp(range.from, range.to), queryFn: () => getFollowUpRate(range.from, range.to), placeholderData: keepPreviousData, staleTime: FRESH });
  const summary = useQuery({ queryKey: dashboardKeys.summary, queryFn: getDashboardSummary });

  const programs = (byProgram.data?.groups ?? []).map((g) => ({ value: g.key, label: g.key === 'none' ? t('outcomesWeb.noProgram') : g.label }));
  const pick = (r: typeof byProgram.data): Counts | undefined => (r ? (program ? (r.groups.find((g) => g.key === program) ?? { ...r.totals, served: 0, encounters: 0, hours: 0, referralsClosed: 0, referralsMade: 0, newPeople: 0, discharged: 0, encountersPerPerson: null }) : r.totals) : undefined);
  const counts = pick(byProgram.data);
  const monthCounts = pick(monthByProgram.data);
  const periodLabel = t(`outcomesWeb.periodIn.${period}`);
  const hours = (n: number) => t('outcomesWeb.hoursValue', { hours: f.number(n) });
  const percent = (n: number) => t('outcomesWeb.percentValue', { value: f.number(n) });
  const failed = byProgram.error ?? byPeer.error ?? followUp.error;
  const caseloads = summary.data?.caseloads;

  return (
    <section aria-labelledby="director-dashboard" data-testid="director-dashboard">
      <Stack gap="md">
        <Group justify="space-between" align="end" wrap="wrap" gap="sm">
          <Title order={2} fz={20} id="director-dashboard">
            {t('outcomesWeb.dashboard.title')}
          </Title>
          <Group gap="sm" wrap="wrap" align="end">
            <NativeSelect
              label={t('outcomesWeb.dashboard.period')}
              value={period}
              onChange={(e) => setPeriod(e.currentTarget.value as DashboardPeriod)}
              data={DASHBOARD_PERIODS.map((p) => ({ value: p, label: t(`outcomesWeb.period.${p}`) }))}
            />
            <NativeSelect
              label={t('outcomesWeb.dashboard.program')}
              value={program}
              onChange={(e) => setProgram(e.currentTarget.value)}
              data={[{ value: '', label: t('outcomesWeb.dashboard.allPrograms') }, ...programs]}
            />
          </Group>
        </Group>
        <Text size="sm">
          {t('outcomesWeb.dashboard.range', { from: f.date(range.from), to: f.date(range.to) })}
          {byProgram.data && ` · ${t('outcomesWeb.suppressionNote', { k: byProgram.data.suppression.k, version: byProgram.data.suppression.ruleVersion })}`}
        </Text>
        {failed && <LoadFailed error={failed} onRetry={() => void Promise.all([byProgram.refetch(), byPeer.refetch(), followUp.refetch()])} />}
        <SimpleGrid cols={{ base: 2, sm: 3, lg: 6 }} spacing="sm">
          <Stat testId="stat-served-month" label={t('outcomesWeb.dashboard.servedMonth')} value={monthCounts?.served} />
          <Stat testId="stat-served-period" label={t('outcomesWeb.dashboard.servedPeriod', { period: periodLabel })} value={counts?.served} />
          <Stat testId="stat-sessions" label={t('outcomesWeb.dashboard.sessions')} value={counts?.encounters} />
          <Stat testId="stat-hours" label={t('outcomesWeb.dashboard.hours')} value={counts ? counts.hours : undefined} format={hours} />
          <Stat testId="stat-referrals-closed" label={t('outcomesWeb.dashboard.referralsClosed')} value={counts?.referralsClosed} />
          <Stat
            testId="stat-follow-up"
            label={t('outcomesWeb.dashboard.followUpRate')}
            value={followUp.data ? followUp.data.rate : undefined}
            format={percent}
            sub={t('outcomesWeb.dashboard.target', { target: followUp.data?.target ?? 80 })}
          />
        </SimpleGrid>
        {program && <Alert variant="light" color="blue">{t('outcomesWeb.dashboard.programScope')}</Alert>}
        <SimpleGrid cols={{ base: 1, xl: 2 }} spacing="md">
          <FigureChart
            id="chart-sessions-by-peer"
            title={t('outcomesWeb.dashboard.sessionsByPeer', { period: periodLabel })}
            empty={t('outcomesWeb.dashboard.noSessions')}
            horizontal
            series={[
              { key: 'sessions', label: t('outcomesWeb.sessions'), color: 'blue.7' },
              { key: 'hours', label: t('outcomesWeb.hours'), color: 'teal.7' },
            ]}
            rows={(byPeer.data?.groups ?? []).map((g) => ({ key: g.key, label: g.label, values: { sessions: g.encounters, hours: g.hours } }))}
          />
          <FigureChart
            id="chart-caseloads"
            title={t('outcomesWeb.dashboard.caseloads')}
            empty={t('outcomesWeb.dashboard.noCaseloads')}
            horizontal
            series={[
              { key: 'active', label: t('outcomesWeb.dashboard.active'), color: 'grape.7' },
              { key: 'capacity', label: t('outcomesWeb.dashboard.capacity'), color: 'gray.5' },
            ]}
            rows={(caseloads?.items ?? []).map((c) => ({ key: c.peerId, label: c.displayName, values: { active: c.active, capacity: c.maxCaseload } }))}
          />
          <FigureChart
            id="chart-follow-up"
            title={t('outcomesWeb.dashboard.followUpTitle')}
            intro={t('outcomesWeb.dashboard.followUpIntro')}
            empty={t('outcomesWeb.dashboard.noFollowUps')}
            series={[{ key: 'rate', label: t('outcomesWeb.dashboard.rate'), color: 'green.8' }]}
            unit={percent}
            yMax={100}
            referenceLines={[{ y: followUp.data?.target ?? 80, label: t('outcomesWeb.dashboard.targetLine', { target: followUp.data?.target ?? 80 }), color: 'red.8' }]}
            rows={
              followUp.data
                ? [
                    { key: 'rate', label: t('outcomesWeb.dashboard.rateRow'), values: { rate: followUp.data.due === 0 ? undefined : followUp.data.rate } },
                  ]
                : []
            }
            footer={
              followUp.data && (
                <Text size="sm" data-testid="follow-up-counts">
                  {followUp.data.due === 0
                    ? t('outcomesWeb.dashboard.noneDue')
                    : t('outcomesWeb.dashboard.followUpCounts', { completed: String(followUp.data.completed ?? t('outcomesWeb.notShown')), due: String(followUp.data.due ?? t('outcomesWeb.notShown')) })}
                </Text>
              )
            }
          />
          <OutcomeChangeChart outcomes={byProgram.data?.outcomes ?? []} id="chart-outcomes" />
        </SimpleGrid>
      </Stack>
    </section>
  );
}
