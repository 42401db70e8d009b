import '@mantine/charts/styles.css';
import { BarChart, Sparkline } from '@mantine/charts';
import { Anchor, Badge, Card, Progress, Stack, Table, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../app/format';
import type { CredentialStatus, Week } from './workforce.api';

// Dark fills (and a light yellow with dark text) keep the label at 4.5:1 (axe).
const STATUS_COLOR: Record<CredentialStatus, string> = { active: 'teal.9', grace: 'yellow.3', lapsed: 'red.9', inactive: 'gray.7' };

export function StatusBadge({ status }: { status: CredentialStatus }) {
  const { t } = useTranslation();
  return (
    // Longer labels ("En periodo de gracia") wrap in a narrow column instead of being cut.
    <Badge color={STATUS_COLOR[status]} variant="filled" autoContrast h="auto" py={2} styles={{ label: { whiteSpace: 'normal', overflow: 'visible', lineHeight: 1.3 } }}>
      {t(`workforce.status.${status}`)}
    </Badge>
  );
}

export function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <Card withBorder padding="md" component="section" aria-labelledby={id}>
      <Stack gap="sm">
        <Title order={2} size="h3" id={id}>
          {title}
        </Title>
        {children}
      </Stack>
    </Card>
  );
}

export function HoursBar({ done, required, label }: { done: number; required: number; label: string }) {
  const pct = required > 0 ? Math.min(100, (done / required) * 100) : 100;
  return (
    <div>
      <Text size="sm">{label}</Text>
      <Progress value={pct} aria-label={label} color={pct >= 100 ? 'green' : 'blue'} />
    </div>
  );
}

/** The index's level: the same cut points colour the bars and name the week (supervision.rules.ts). */
const intensityLevel = (index: number) => (index >= 70 ? 'high' : index >= 40 ? 'moderate' : 'low');
const LEVEL_COLOR = { high: 'red.9', moderate: 'orange.7', low: 'blue.7' } as const;
// A badge's words keep 4.5:1 (axe): dark fills, a light yellow with dark text, a dark outline.
const LEVEL_BADGE = { high: { color: 'red.9', variant: 'filled' }, moderate: { color: 'yellow.3', variant: 'filled' }, low: { color: 'blue.9', variant: 'outline' } } as const;

/** A week's figures, in the order both intensity tables show them. */
const WEEK_FIGURES = ['people', 'sessions', 'hours', 'safety', 'afterHours'] as const;

function WeekFigureHeads() {
  const { t } = useTranslation();
  return WEEK_FIGURES.map((k) => (
    <Table.Th key={k} scope="col">
      {t(`workforce.intensity.${k}`)}
    </Table.Th>
  ));
}

/** A week's figures as cells; `labelled` names each on a phone, where a row is a block. */
function WeekFigureCells({ week: w, labelled = false }: { week: Week; labelled?: boolean }) {
  const { t } = useTranslation();
  const f = useFormat();
  const text = {
    people: t('workforce.intensity.ofCapacity', { people: f.number(w.activeCaseload), capacity: f.number(w.capacity) }),
    sessions: f.number(w.sessions),
    hours: f.number(w.hours),
    safety: f.number(w.safetyFollowups),
    afterHours: f.number(w.afterHoursSessions),
  };
  return WEEK_FIGURES.map((k) => (
    <Table.Td key={k} data-label={labelled ? t(`workforce.intensity.${k}`) : undefined}>
      {text[k]}
    </Table.Td>
  ));
}

/**
 * Eight weeks of the intensity index, newest on the right. The chart is for the eye (hidden from
 * screen readers); this week's figures are a sentence and every week's are a table under
 * "Week by week", with how the index is made, so nobody reads a number without its reasons.
 */
export function IntensityTrend({ weeks, label }: { weeks: Week[]; label: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const day = new Intl.DateTimeFormat(f.locale, { month: 'short', day: 'numeric', timeZone: 'UTC' });
  const weekOf = (w: Week) => day.format(new Date(`${w.weekStart}T00:00:00Z`));
  const last = weeks.at(-1);
  return (
    <Stack gap="xs" data-intensity={label}>
      {last && (
        <Text fw={600} c={intensityLevel(last.index) === 'high' ? 'red.9' : undefined}>
          {t('workforce.intensity.thisWeek', { index: f.number(last.index), level: t(`workforce.intensity.level.${intensityLevel(last.index)}`) })}
        </Text>
      )}
      <div aria-hidden="true">
        <BarChart
          h={150}
          data={weeks.map((w) => ({ week: weekOf(w), index: w.index }))}
          dataKey="week"
          series={[{ name: 'index', label: t('workforce.intensity.index'), color: LEVEL_COLOR.low }]}
          getBarColor={(value) => LEVEL_COLOR[intensityLevel(value)]}
          withTooltip={false}
          // A picture for the eye: recharts' keyboard layer would put a focus stop inside an aria-hidden figure.
          barChartProps={{ accessibilityLayer: false }}
          yAxisProps={{ domain: [0, 100], ticks: [0, 40, 70, 100], width: 32 }}
          gridAxis="x"
        />
      </div>
      {last && (
        <Text size="sm" c="dimmed">
          {t('workforce.intensity.summary', { caseload: last.activeCaseload, capacity: last.capacity, sessions: last.sessions, hours: last.hours, safety: last.safetyFollowups, after: last.afterHoursSessions, referrals: last.referralsInProgress })}
        </Text>
      )}
      <details>
        <summary style={{ cursor: 'pointer', color: 'var(--mantine-color-anchor)', fontSize: 'var(--mantine-font-size-sm)', minHeight: 24 }}>{t('workforce.intensity.byWeek')}</summary>
        <Text size="sm" my="xs">
          {t('workforce.intensity.how')}
        </Text>
        {/* On a phone each week is a block, each figure said by its name (as the team table's rows). */}
        <Table verticalSpacing={4} fz="sm" className="stack-on-phone" aria-label={t('workforce.intensity.weeksOf', { label })}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('workforce.intensity.weekOf')}</Table.Th>
              <Table.Th scope="col">{t('workforce.intensity.index')}</Table.Th>
              <WeekFigureHeads />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {[...weeks].reverse().map((w) => (
              <Table.Tr key={w.weekStart}>
                <Table.Th scope="row" fw={500} className="stack-full">
                  {weekOf(w)}
                </Table.Th>
                <Table.Td data-label={t('workforce.intensity.index')}>
                  {f.number(w.index)} · {t(`workforce.intensity.level.${intensityLevel(w.index)}`)}
                </Table.Td>
                <WeekFigureCells week={w} labelled />
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </details>
    </Stack>
  );
}

/**
 * The team's intensity, one row a peer, heaviest this week first: who may need a lighter week
 * is the supervisor's question, so it is the order. Each row has this week's figures and an
 * eight-week sparkline (for the eye; the peer's page has the weeks); how the index is made is
 * said once under the table.
 */
export function TeamIntensityTable({ peers }: { peers: Array<{ peerId: string; peerName: string; weeks: Week[] }> }) {
  const { t } = useTranslation();
  const f = useFormat();
  const rows = peers
    .map((p) => ({ ...p, last: p.weeks.at(-1) }))
    .filter((p): p is typeof p & { last: Week } => p.last !== undefined)
    .sort((a, b) => b.last.index - a.last.index || a.peerName.localeCompare(b.peerName, f.locale));
  return (
    <Stack gap="xs">
      <Table striped verticalSpacing="xs" className="stack-on-phone" data-testid="team-intensity">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('workforce.intensity.peer')}</Table.Th>
            <Table.Th scope="col">{t('workforce.intensity.thisWeekShort')}</Table.Th>
            <Table.Th scope="col">{t('workforce.intensity.trend')}</Table.Th>
            <WeekFigureHeads />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map(({ peerId, peerName, weeks, last }) => {
            const level = intensityLevel(last.index);
            return (
              <Table.Tr key={peerId} data-peer={peerName}>
                <Table.Th scope="row" fw={600} className="stack-full">
                  <Anchor component={Link} to={`/peers/${peerId}`}>
                    {peerName}
                  </Anchor>
                </Table.Th>
                <Table.Td data-label={t('workforce.intensity.thisWeekShort')}>
                  <Badge {...LEVEL_BADGE[level]} autoContrast tt="none">
                    {f.number(last.index)} · {t(`workforce.intensity.level.${level}`)}
                  </Badge>
                </Table.Td>
                {/* For the eye only: inert, as recharts makes its chart a focus stop with nothing to say. */}
                <Table.Td aria-hidden="true" className="intensity-trend" inert>
                  <Sparkline w={96} h={28} data={weeks.map((w) => w.index)} color={LEVEL_COLOR[level]} fillOpacity={0.2} curveType="linear" strokeWidth={1.5} />
                </Table.Td>
                <WeekFigureCells week={last} labelled />
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
      <Text size="sm" c="dimmed" maw={760}>
        {t('workforce.intensity.how')}
      </Text>
    </Stack>
  );
}
