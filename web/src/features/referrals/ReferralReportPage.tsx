import { Button, Group, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useFormat } from '../../app/format';
import { Page } from '../../app/ui/Page';
import { LoadFailed, PageLoader } from '../../app/ui/StatusPages';
import { getReferralReport, type ReportGroup } from './referrals.api';

const isoDay = (d: Date) => d.toISOString().slice(0, 10);
/** The last 90 days, today included. */
const defaultRange = () => {
  const to = new Date();
  const from = new Date(to.getTime() - 89 * 86_400_000);
  return { from: isoDay(from), to: isoDay(to) };
};

/**
 * Completion rate and median time to acceptance of the referrals the organization sent, by need,
 * by service and by receiving organization (supervisors, analysts, admins; aggregates only).
 */
export default function ReferralReportPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const range = { ...defaultRange(), ...Object.fromEntries([...params].filter(([k]) => k === 'from' || k === 'to')) };
  const [draft, setDraft] = useState(range);
  const report = useQuery({
    queryKey: ['referrals', 'report', range.from, range.to],
    queryFn: () => getReferralReport(range.from, range.to),
    placeholderData: keepPreviousData,
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setParams(new URLSearchParams({ from: draft.from, to: draft.to }));
  };

  return (
    <Page title={t('referrals.report.title')}>
      <Text>{t('referrals.report.intro')}</Text>
      <form onSubmit={submit} aria-label={t('referrals.report.title')}>
        <Group align="end" gap="sm" wrap="wrap">
          <TextInput label={t('referrals.report.from')} type="date" value={draft.from} onChange={(e) => setDraft({ ...draft, from: e.currentTarget.value })} required />
          <TextInput label={t('referrals.report.to')} type="date" value={draft.to} onChange={(e) => setDraft({ ...draft, to: e.currentTarget.value })} required />
          <Button type="submit">{t('referrals.report.show')}</Button>
        </Group>
      </form>
      {report.isPending ? (
        <PageLoader />
      ) : report.isError ? (
        <LoadFailed error={report.error} onRetry={() => void report.refetch()} />
      ) : report.data.total.sent === 0 ? (
        <Text data-testid="report-empty">{t('referrals.report.empty')}</Text>
      ) : (
        <Stack gap="lg">
          <ReportTable title={t('referrals.report.total')} id="report-total" groups={[report.data.total]} />
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
  return (
    <section aria-labelledby={props.id}>
      <Title order={2} fz="lg" id={props.id} mb="xs">
        {props.title}
      </Title>
      <Table.ScrollContainer minWidth={640}>
        <Table striped data-testid={props.id}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('referrals.report.group')}</Table.Th>
              <Table.Th scope="col">{t('referrals.report.sent')}</Table.Th>
              <Table.Th scope="col">{t('referrals.report.accepted')}</Table.Th>
              <Table.Th scope="col">{t('referrals.report.declined')}</Table.Th>
              <Table.Th scope="col">{t('referrals.report.completed')}</Table.Th>
              <Table.Th scope="col">{t('referrals.report.notCompleted')}</Table.Th>
              <Table.Th scope="col">{t('referrals.report.cancelled')}</Table.Th>
              <Table.Th scope="col">{t('referrals.report.openCount')}</Table.Th>
              <Table.Th scope="col">{t('referrals.report.completionRate')}</Table.Th>
              <Table.Th scope="col">{t('referrals.report.medianHours')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {props.groups.map((g) => (
              <Table.Tr key={g.key}>
                <Table.Th scope="row">{props.label ? props.label(g) : g.label}</Table.Th>
                <Table.Td>{f.number(g.sent)}</Table.Td>
                <Table.Td>{f.number(g.accepted)}</Table.Td>
                <Table.Td>{f.number(g.declined)}</Table.Td>
                <Table.Td>{f.number(g.completed)}</Table.Td>
                <Table.Td>{f.number(g.notCompleted)}</Table.Td>
                <Table.Td>{f.number(g.cancelled)}</Table.Td>
                <Table.Td>{f.number(g.open)}</Table.Td>
                <Table.Td>{pct(g.completionRate)}</Table.Td>
                <Table.Td>{hours(g.medianHoursToAcceptance)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </section>
  );
}
