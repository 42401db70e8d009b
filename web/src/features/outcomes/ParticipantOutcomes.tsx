import '@mantine/charts/styles.css';
import { LineChart } from '@mantine/charts';
import { Anchor, Badge, Button, Card, Group, List, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQueries, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useFormat } from '../../app/format';
import { LoadFailed } from '../../app/ui/StatusPages';
import { bandOf, getDue, getInstrument, listAssessments, listInstruments, outcomesKeys, textIn, type Assessment, type DuePoint, type Instrument } from './outcomes.api';
import './outcomes.css';

const BAND_COLORS = ['teal.1', 'lime.1', 'yellow.1', 'orange.1', 'red.1', 'grape.1'];

/** Words for the person, strengths first: BARC-10 is their recovery capital, not a test. */
export const instrumentHeading = (t: (k: string, o?: Record<string, unknown>) => string, code: string, title: string) =>
  t(`outcomesWeb.person.heading.${code}`, { defaultValue: title });

function ScoreChart(props: { instrument: Instrument; items: Assessment[] }) {
  const { t, i18n } = useTranslation();
  const f = useFormat();
  const d = props.instrument;
  const scored = [...props.items].filter((a) => a.total !== null).sort((a, b) => (a.administeredAt < b.administeredAt ? -1 : 1));
  const bands = d.bands[d.total ?? d.scales[0]?.code ?? ''] ?? [];
  const first = scored[0];
  const latest = scored[scored.length - 1];
  const change = first && latest && scored.length > 1 ? latest.total! - first.total! : null;
  const better = change === null || change === 0 ? null : d.higherIsBetter ? change > 0 : change < 0;
  const id = `scores-${d.code}`;
  const short = (iso: string) => new Intl.DateTimeFormat(f.locale, { month: 'short', day: 'numeric' }).format(new Date(iso));
  const latestBand = latest ? bandOf(d, latest.total) : undefined;
  return (
    <Card withBorder component="section" aria-labelledby={id} padding="md" data-testid={id}>
      <Stack gap="xs">
        <Title order={3} fz={17} id={id}>
          {instrumentHeading(t, d.code, textIn(d.title, i18n.language))}
        </Title>
        {latest && (
          <Text>
            {t('outcomesWeb.person.latest', { score: f.number(latest.total!), date: f.date(latest.administeredAt) })}
            {latestBand ? ` · ${textIn(latestBand.label, i18n.language)}` : ''}
          </Text>
        )}
        {change !== null && (
          <Text size="sm" fw={better ? 600 : undefined} data-testid={`${id}-change`}>
            {change === 0
              ? t('outcomesWeb.person.same')
              : t(better ? 'outcomesWeb.person.better' : 'outcomesWeb.person.harder', { points: f.number(Math.abs(change)), from: f.number(first!.total!), to: f.number(latest!.total!) })}
          </Text>
        )}
        {d.cutOff && latest && latest.total! >= d.cutOff.value && <Badge color="teal.9" variant="filled" tt="none" h="auto" py={2} styles={{ label: { whiteSpace: 'normal', overflow: 'visible', lineHeight: 1.3 } }}>{textIn(d.cutOff.label, i18n.language)}</Badge>}
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <div aria-hidden="true" className="figure-chart">
            <LineChart
              h={180}
              data={scored.map((a) => ({ date: short(a.administeredAt), score: a.total }))}
              dataKey="date"
              series={[{ name: 'score', label: t('outcomesWeb.person.score'), color: 'indigo.7' }]}
              withTooltip={false}
              lineChartProps={{ accessibilityLayer: false }}
              withDots
              curveType="linear"
              yAxisProps={{ domain: [bands[0]?.min ?? 'auto', bands[bands.length - 1]?.max ?? 'auto'], width: 30 }}
              referenceAreas={bands.map((b, i) => ({ y1: b.min, y2: b.max, color: BAND_COLORS[d.higherIsBetter ? bands.length - 1 - i : i] ?? 'gray.1', fillOpacity: 0.6 }))}
            />
          </div>
          {/* On a phone a row a block (three columns ran "Puntuación" into "Rango" and broke the band's words). */}
          <Table verticalSpacing={2} fz="sm" className="stack-on-phone">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('outcomesWeb.person.date')}</Table.Th>
                <Table.Th scope="col">{t('outcomesWeb.person.score')}</Table.Th>
                <Table.Th scope="col">{t('outcomesWeb.person.band')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {[...scored].reverse().map((a) => {
                const band = bandOf(d, a.total);
                return (
                  <Table.Tr key={a.id}>
                    <Table.Th scope="row" fw={600} style={{ whiteSpace: 'nowrap' }}>
                      {new Intl.DateTimeFormat(f.locale, { dateStyle: 'medium' }).format(new Date(a.administeredAt))}
                    </Table.Th>
                    <Table.Td data-label={t('outcomesWeb.person.score')}>{f.number(a.total!)}</Table.Td>
                    <Table.Td data-label={t('outcomesWeb.person.band')} className="stack-full">
                      {band ? textIn(band.label, i18n.language) : '—'}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </SimpleGrid>
        <Text size="xs">
          {t('outcomesWeb.person.bands')} {bands.map((b) => `${textIn(b.label, i18n.language)} ${b.min}–${b.max}`).join(' · ')}
        </Text>
      </Stack>
    </Card>
  );
}

function DueList(props: { participantId: string; points: DuePoint[]; titles: Map<string, string> }) {
  const { t } = useTranslation();
  const f = useFormat();
  const open = props.points.filter((p) => p.status === 'open' || p.status === 'overdue');
  const next = props.points.filter((p) => p.status === 'upcoming').sort((a, b) => (a.windowStart < b.windowStart ? -1 : 1))[0];
  return (
    <Stack gap="xs" data-testid="assessments-due">
      <Title order={3} fz={17}>
        {t('outcomesWeb.person.dueTitle')}
      </Title>
      {open.length === 0 ? (
        <Text>{next ? t('outcomesWeb.person.nextDue', { what: t(`outcomesWeb.kind.${next.kind}`, { day: next.sequence }), instrument: props.titles.get(next.instrument) ?? next.instrument, date: f.date(next.windowStart) }) : t('outcomesWeb.person.noneDue')}</Text>
      ) : (
        <List spacing="xs" listStyleType="none" p={0}>
          {open.map((p) => (
            <List.Item key={`${p.episode}-${p.kind}-${p.sequence}-${p.instrument}`}>
              <Group gap="xs" wrap="wrap">
                <Badge color={p.status === 'overdue' ? 'red.9' : 'blue.9'} variant="filled">
                  {t(`outcomesWeb.status.${p.status}`)}
                </Badge>
                <Text size="sm">
                  {t('outcomesWeb.person.duePoint', {
                    instrument: props.titles.get(p.instrument) ?? p.instrument,
                    what: t(`outcomesWeb.kind.${p.kind}`, { day: p.sequence }),
                    from: f.date(p.windowStart),
                    to: f.date(p.windowEnd),
                  })}
                </Text>
                <Anchor component={Link} size="sm" to={`/participants/${props.participantId}/assessments/new?instrument=${encodeURIComponent(p.instrument)}`}>
                  {t('outcomesWeb.person.giveNow', { instrument: props.titles.get(p.instrument) ?? p.instrument })}
                </Anchor>
              </Group>
            </List.Item>
          ))}
        </List>
      )}
    </Stack>
  );
}

/** The participant's assessments on their page (issue 20): due points, then scores over time per instrument. */
export default function ParticipantOutcomes(props: { participantId: string }) {
  const { t, i18n } = useTranslation();
  const assessments = useQuery({ queryKey: outcomesKeys.assessments(props.participantId), queryFn: () => listAssessments(props.participantId) });
  const due = useQuery({ queryKey: outcomesKeys.due(props.participantId), queryFn: () => getDue(props.participantId) });
  const catalog = useQuery({ queryKey: outcomesKeys.instruments, queryFn: listInstruments });
  const versions = [...new Map((assessments.data?.items ?? []).map((a) => [`${a.instrument}@${a.version}`, a])).values()];
  const definitions = useQueries({ queries: versions.map((a) => ({ queryKey: outcomesKeys.instrument(a.instrument, a.version), queryFn: () => getInstrument(a.instrument, a.version), staleTime: Infinity })) });
  const titles = new Map((catalog.data?.items ?? []).map((i) => [i.code, textIn(i.title, i18n.language)]));
  const loaded = definitions.map((q) => q.data).filter((d): d is Instrument => Boolean(d));
  // Strengths first: instruments where higher is better (recovery capital) lead.
  const ordered = [...loaded].sort((a, b) => Number(b.higherIsBetter) - Number(a.higherIsBetter) || a.code.localeCompare(b.code));
  return (
    <Card withBorder component="section" aria-labelledby="participant-outcomes" padding="md" data-testid="participant-outcomes">
      <Stack gap="md">
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Title order={2} fz={20} id="participant-outcomes">
            {t('outcomesWeb.person.title')}
          </Title>
          <Button component={Link} to={`/participants/${props.participantId}/assessments/new`} variant="light">
            {t('outcomesWeb.person.give')}
          </Button>
        </Group>
        {due.isError ? <LoadFailed error={due.error} onRetry={() => void due.refetch()} /> : due.data && <DueList participantId={props.participantId} points={due.data.points} titles={titles} />}
        {assessments.isError ? (
          <LoadFailed error={assessments.error} onRetry={() => void assessments.refetch()} />
        ) : assessments.data && assessments.data.items.length === 0 ? (
          <Text>{t('outcomesWeb.person.none')}</Text>
        ) : (
          ordered.map((d) => <ScoreChart key={`${d.code}@${d.version}`} instrument={d} items={(assessments.data?.items ?? []).filter((a) => a.instrument === d.code && a.version === d.version)} />)
        )}
      </Stack>
    </Card>
  );
}
