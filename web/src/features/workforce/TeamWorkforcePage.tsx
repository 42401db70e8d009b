import { Badge, Button, Group, Table, Text } from '@mantine/core';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../app/format';
import { useCurrentUser } from '../../app/session';
import { Page } from '../../app/ui/Page';
import { LoadFailed, PageLoader } from '../../app/ui/StatusPages';
import { Section, StatusBadge, TeamIntensityTable } from './parts';
import { getCalendar, getDue, getShared, getTeamIntensity, getTeamWellbeing, wfKeys } from './workforce.api';

const iso = (d: Date) => d.toISOString().slice(0, 10);

/**
 * The supervisor's team page (issue 21): the credential calendar, who is due supervision, the
 * weekly intensity of each peer, and only the wellbeing signals peers chose to share. Analysts see
 * the team wellbeing figures, suppressed under 11 contributors.
 */
export default function TeamWorkforcePage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const staff = me.role === 'supervisor' || me.role === 'admin';
  return (
    <Page title={t('workforce.team.title')}>
      <Text>{t('workforce.team.intro')}</Text>
      {staff && (
        <>
          <CalendarSection />
          <DueSection />
          <SharedSection />
          <IntensitySection />
        </>
      )}
      <TeamWellbeing />
    </Page>
  );
}

function CalendarSection() {
  const { t } = useTranslation();
  const f = useFormat();
  const from = iso(new Date(Date.now() - 45 * 86_400_000));
  const to = iso(new Date(Date.now() + 120 * 86_400_000));
  // A page of events at a time (the API's limit/offset/nextOffset); "Show more" fetches the next.
  const cal = useInfiniteQuery({
    queryKey: [...wfKeys.team, 'calendar', from, to],
    queryFn: ({ pageParam }) => getCalendar(from, to, pageParam),
    initialPageParam: 0,
    getNextPageParam: (last) => last.nextOffset ?? undefined,
  });
  const items = cal.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Section id="wf-calendar" title={t('workforce.team.calendar')}>
      {cal.isPending ? (
        <PageLoader />
      ) : cal.isError ? (
        <LoadFailed error={cal.error} onRetry={() => void cal.refetch()} />
      ) : items.length === 0 ? (
        <Text>{t('workforce.team.noEvents')}</Text>
      ) : (
        <>
          {/* On a phone each event is a block (date and peer, what, its status): a table of four
              columns left the status, what a supervisor acts on, off the screen. */}
          <Table striped data-testid="calendar-table" className="stack-on-phone">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('workforce.my.date')}</Table.Th>
                <Table.Th>{t('workforce.team.peer')}</Table.Th>
                <Table.Th>{t('workforce.team.event')}</Table.Th>
                <Table.Th>{t('workforce.team.status')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((e) => (
                <Table.Tr key={`${e.credentialId}-${e.kind}-${e.on}`}>
                  <Table.Td fw={600}>{f.date(e.on)}</Table.Td>
                  <Table.Td>{e.peerName}</Table.Td>
                  <Table.Td className="stack-full">{t(`workforce.event.${e.kind}`, { name: e.credentialName })}</Table.Td>
                  <Table.Td>
                    <StatusBadge status={e.status} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Text size="sm" aria-live="polite">
            {t('workforce.team.shownEvents', { count: items.length })}
          </Text>
          {cal.hasNextPage && (
            <Button variant="default" onClick={() => void cal.fetchNextPage()} loading={cal.isFetchingNextPage} style={{ alignSelf: 'flex-start' }}>
              {t('workforce.team.showMore')}
            </Button>
          )}
        </>
      )}
    </Section>
  );
}

function DueSection() {
  const { t } = useTranslation();
  const f = useFormat();
  const due = useQuery({ queryKey: [...wfKeys.team, 'due'], queryFn: getDue });
  return (
    <Section id="wf-due" title={t('workforce.team.due')}>
      {due.data && (
        <ul className="plain-list" style={{ listStyle: 'none', padding: 0, margin: 0, display: 'grid', gap: 8 }}>
          {due.data.items.map((d) => (
            <li key={d.peerId}>
              <Group gap="xs" wrap="wrap">
                <Text fw={600}>{d.peerName}</Text>
                {d.due ? (
                  <Badge color="yellow.3" variant="filled" autoContrast>
                    {t('workforce.team.dueBadge')}
                  </Badge>
                ) : (
                  <Badge color="teal.9" variant="filled">
                    {t('workforce.team.okBadge')}
                  </Badge>
                )}
              </Group>
              <Text size="sm">
                {t('workforce.team.dueLine', { minutes: d.minutesThisMonth, required: d.requiredMinutes, hours: d.totalHours })}{' '}
                {d.lastSessionOn ? t('workforce.team.last', { date: f.date(d.lastSessionOn) }) : t('workforce.team.never')}
              </Text>
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}

function SharedSection() {
  const { t } = useTranslation();
  const shared = useQuery({ queryKey: [...wfKeys.team, 'shared'], queryFn: getShared });
  return (
    <Section id="wf-shared" title={t('workforce.team.shared')}>
      <Text size="sm">{t('workforce.team.sharedHelp')}</Text>
      {(shared.data?.items ?? []).length === 0 ? (
        <Text>{t('workforce.team.noShared')}</Text>
      ) : (
        <ul className="plain-list" style={{ listStyle: 'none', padding: 0, margin: 0, display: 'grid', gap: 8 }}>
          {shared.data!.items.map((s) => (
            <li key={s.userId}>
              <Text>
                <strong>{s.name}</strong>: {s.band ? t(`workforce.wellbeing.bandShort.${s.band}`) : ''} {s.askCheckin ? t('workforce.team.askedCheckin') : ''}
              </Text>
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}

function IntensitySection() {
  const { t } = useTranslation();
  const data = useQuery({ queryKey: [...wfKeys.team, 'intensity'], queryFn: getTeamIntensity });
  return (
    <Section id="wf-team-intensity" title={t('workforce.team.intensity')}>
      {data.isError ? <LoadFailed error={data.error} onRetry={() => void data.refetch()} /> : data.data ? <TeamIntensityTable peers={data.data.items} /> : <PageLoader />}
    </Section>
  );
}

function TeamWellbeing() {
  const { t } = useTranslation();
  const data = useQuery({ queryKey: [...wfKeys.team, 'wellbeing'], queryFn: getTeamWellbeing });
  const k = data.data?.suppression.k ?? 11;
  return (
    <Section id="wf-team-wellbeing" title={t('workforce.team.wellbeing')}>
      {data.isPending ? (
        <PageLoader />
      ) : data.isError ? (
        <LoadFailed error={data.error} onRetry={() => void data.refetch()} />
      ) : data.data.suppressed || data.data.scales.length === 0 ? (
        // Under k contributors (nobody included) the figures are withheld; how many is never said.
        <div data-testid="team-wellbeing-suppressed">
          <Text fw={600}>{t('workforce.team.suppressedTitle', { k })}</Text>
          <Text size="sm">{t('workforce.team.suppressedWhy', { k })}</Text>
        </div>
      ) : (
        <>
          <Text size="sm">{t('workforce.team.contributors', { n: String(data.data.contributors ?? '') })}</Text>
          <ul data-testid="team-wellbeing-scales" style={{ listStyle: 'none', padding: 0, margin: 0, display: 'grid', gap: 8 }}>
            {data.data.scales.map((s) => (
              <li key={s.scale}>
                <Text size="sm">
                  <strong>{scaleName(t, s.scale)}</strong>: {s.mean ?? t('workforce.team.hidden', { k })}
                  {s.mean !== null && ` · ${t('workforce.team.bands', { low: show(s.bands.low), moderate: show(s.bands.moderate), high: show(s.bands.high) })}`}
                </Text>
              </li>
            ))}
          </ul>
          <Text size="sm" c="dimmed">{t('workforce.team.neverPerson')}</Text>
        </>
      )}
    </Section>
  );
}

const show = (v: number | string | null) => (v === null ? '—' : String(v));
const scaleName = (t: (k: string) => string, scale: string) => t(`workforce.wellbeing.scale.${scale.split(':')[1] ?? scale}`);
