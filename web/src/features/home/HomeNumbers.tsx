import { Anchor, Card, Group, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useFormat } from '../../app/format';
import { LoadFailed } from '../../app/ui/StatusPages';
import { dashboardKeys, getDashboardSummary, type DashboardSummary } from './dashboard.api';
import { MetricCards } from './MetricCards';

function TeamCaseloads(props: { caseloads: NonNullable<DashboardSummary['caseloads']>; scope: DashboardSummary['scope'] }) {
  const { t } = useTranslation();
  const f = useFormat();
  const c = props.caseloads;
  return (
    <Card withBorder component="section" aria-labelledby="home-caseloads" padding="md">
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Title order={2} fz={18} id="home-caseloads">
            {t(props.scope === 'team' ? 'dashboard.caseloads.titleTeam' : 'dashboard.caseloads.titleOrg')}
          </Title>
          <Anchor component={Link} to="/peers" size="sm">
            {t('dashboard.caseloads.allPeers', { count: c.peers, n: f.number(c.peers) })}
          </Anchor>
        </Group>
        <Text size="sm">
          {t('dashboard.caseloads.totals', { active: f.number(c.active), capacity: f.number(c.capacity) })}
          {c.full > 0 ? ` · ${t('dashboard.caseloads.full', { count: c.full, n: f.number(c.full) })}` : ''}
        </Text>
        {c.items.length === 0 ? (
          <Text>{t('dashboard.caseloads.none')}</Text>
        ) : (
          <Table verticalSpacing={6} layout="fixed">
            <VisuallyHidden component="caption">{t('dashboard.caseloads.caption')}</VisuallyHidden>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('dashboard.caseloads.peer')}</Table.Th>
                <Table.Th scope="col" w="45%">
                  {t('dashboard.caseloads.load')}
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {c.items.map((p) => {
                const full = p.active >= p.maxCaseload;
                return (
                  <Table.Tr key={p.peerId} data-peer={p.peerId}>
                    <Table.Td style={{ overflowWrap: 'anywhere' }}>
                      <Anchor component={Link} to={`/peers/${p.peerId}`}>
                        {p.displayName}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" fw={full ? 700 : undefined} c={full ? 'red.9' : undefined}>
                        {t('dashboard.caseloads.of', { active: f.number(p.active), max: f.number(p.maxCaseload) })}
                        {full ? ` · ${t('dashboard.caseloads.atCapacity')}` : ''}
                      </Text>
                      <div className="caseload-bar" data-full={full} aria-hidden="true">
                        <span style={{ width: `${Math.min(100, Math.round((100 * p.active) / Math.max(1, p.maxCaseload)))}%` }} />
                      </div>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
    </Card>
  );
}

/** The numbers a supervisor or an admin starts the day with (issue 17), each linking to its list. */
export function HomeNumbers() {
  const { t } = useTranslation();
  const summary = useQuery({ queryKey: dashboardKeys.summary, queryFn: getDashboardSummary });
  return (
    <section aria-labelledby="home-numbers">
      <Stack gap="sm">
        <Title order={2} fz={20} id="home-numbers">
          {t(summary.data?.scope === 'organization' ? 'dashboard.titleOrg' : 'dashboard.titleTeam')}
        </Title>
        {summary.isPending ? (
          <Text role="status">{t('common.loading')}</Text>
        ) : summary.isError ? (
          <LoadFailed error={summary.error} onRetry={() => void summary.refetch()} />
        ) : (
          <>
            <MetricCards metrics={summary.data.metrics} />
            {summary.data.caseloads && <TeamCaseloads caseloads={summary.data.caseloads} scope={summary.data.scope} />}
          </>
        )}
      </Stack>
    </section>
  );
}
