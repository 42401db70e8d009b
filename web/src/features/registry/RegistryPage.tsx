import '@mantine/charts/styles.css';
import { LineChart } from '@mantine/charts';
import { Alert, Group, Select, SimpleGrid, Stack, Tabs, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../app/format';
import { Page } from '../../app/ui/Page';
import { FigureTable } from '../../app/ui/PeriodReport';
import { LoadFailed, PageLoader } from '../../app/ui/StatusPages';
import { CountyMap } from './CountyMap';
import { getCareers, getHeadcount, getTrend, getRegistries, getRepresentation, getShortage, getUnmet, numberOf, type Cell, type Suppression } from './registry.api';

/**
 * The workforce registry's figures (issue 22): headcount by county on a map with its trend,
 * shortage areas, representation against the population, careers and the hiring gap. Every
 * figure is suppressed (counts under 11 read "<11" or "not shown"); the maps draw the same
 * figures as the tables beside them.
 */
export default function RegistryPage() {
  const { t } = useTranslation();
  const list = useQuery({ queryKey: ['registries'], queryFn: getRegistries });
  const [chosen, setChosen] = useState<string | null>(null);
  if (list.isPending) return <PageLoader />;
  if (list.isError) return <LoadFailed error={list.error} onRetry={() => void list.refetch()} />;
  const all = [...list.data.runs.map((r) => ({ ...r, member: false })), ...list.data.memberOf.filter((m) => !m.leftAt).map((m) => ({ id: m.id, name: m.name, member: true }))];
  const current = all.find((r) => r.id === chosen) ?? all[0];
  return (
    <Page title={t('registry.title')}>
      {!current ? (
        <Text data-testid="registry-none">{t('registry.none')}</Text>
      ) : (
        <Stack gap="lg">
          {all.length > 1 && <Select label={t('registry.choose')} data={all.map((r) => ({ value: r.id, label: r.name }))} value={current.id} onChange={setChosen} allowDeselect={false} />}
          <Text>{current.member ? t('registry.introMember', { name: current.name }) : t('registry.intro', { name: current.name })}</Text>
          <Tabs defaultValue="workforce" keepMounted={false}>
            <Tabs.List>
              <Tabs.Tab value="workforce">{t('registry.tabs.workforce')}</Tabs.Tab>
              <Tabs.Tab value="shortage">{t('registry.tabs.shortage')}</Tabs.Tab>
              <Tabs.Tab value="representation">{t('registry.tabs.representation')}</Tabs.Tab>
              <Tabs.Tab value="careers">{t('registry.tabs.careers')}</Tabs.Tab>
              <Tabs.Tab value="gap">{t('registry.tabs.gap')}</Tabs.Tab>
            </Tabs.List>
            <Tabs.Panel value="workforce" pt="md">
              <Workforce id={current.id} />
            </Tabs.Panel>
            <Tabs.Panel value="shortage" pt="md">
              <ShortageAreas id={current.id} />
            </Tabs.Panel>
            <Tabs.Panel value="representation" pt="md">
              <RepresentationPanel id={current.id} />
            </Tabs.Panel>
            <Tabs.Panel value="careers" pt="md">
              <CareersPanel id={current.id} />
            </Tabs.Panel>
            <Tabs.Panel value="gap" pt="md">
              <HiringGap id={current.id} />
            </Tabs.Panel>
          </Tabs>
        </Stack>
      )}
    </Page>
  );
}

/** A shown count in words: the number, "<11", or "not shown". */
function useCell() {
  const { t } = useTranslation();
  const f = useFormat();
  return (c: Cell | null | undefined) => (!c ? t('registry.noFigure') : typeof c.shown === 'number' ? f.number(c.shown) : c.shown === null ? t('registry.notShown') : c.shown);
}

function SuppressionNote(props: { s: Suppression }) {
  const { t } = useTranslation();
  return (
    <Text size="sm" c="dimmed" data-testid="suppression-note">
      {t('registry.suppression', { k: props.s.k, version: props.s.ruleVersion })}
    </Text>
  );
}

/** The state most counties of a figure are in, to zoom the map to it. */
const mainState = (fips: string[]) => {
  const n = new Map<string, number>();
  for (const f of fips) n.set(f.slice(0, 2), (n.get(f.slice(0, 2)) ?? 0) + 1);
  return [...n].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
};

function Workforce(props: { id: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const cell = useCell();
  const [by, setBy] = useState('county');
  const q = useQuery({ queryKey: ['registry', props.id, 'headcount', by], queryFn: () => getHeadcount(props.id, by) });
  const tq = useQuery({ queryKey: ['registry', props.id, 'trend'], queryFn: () => getTrend(props.id) });
  if (q.isPending) return <PageLoader />;
  if (q.isError) return <LoadFailed error={q.error} onRetry={() => void q.refetch()} />;
  const h = q.data;
  const max = Math.max(1, ...h.groups.map((g) => numberOf(g.headcount) ?? 0));
  const trendData = tq.data;
  const trend = trendData?.trend.map((p) => ({ month: p.month, people: numberOf(p.headcount) })) ?? [];
  const memberOf = new Map(h.member?.groups.map((g) => [g.group, g]) ?? []);
  return (
    <Stack gap="md">
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <Figure label={t('registry.headcount', { month: h.month ?? '' })} value={cell(h.total?.headcount)} testId="registry-total" />
        <Figure label={t('registry.fte')} value={h.total?.fte === null || h.total?.fte === undefined ? t('registry.notShown') : f.number(h.total.fte)} />
        <Figure
          label={t('registry.turnover', { from: trendData?.turnover?.from ?? '' })}
          value={!trendData?.turnover || trendData.turnover.rate === null ? t('registry.notShown') : `${f.number(trendData.turnover.rate)} %`}
        />
      </SimpleGrid>
      <Select label={t('registry.by.label')} data={['county', 'state', 'credential', 'role'].map((v) => ({ value: v, label: t(`registry.by.${v}`) }))} value={by} onChange={(v) => setBy(v ?? 'county')} allowDeselect={false} w={220} />
      {by === 'county' && (
        <CountyMap
          title={t('registry.headcountMap')}
          tableId="registry-headcount-table"
          stateFips={mainState(h.groups.map((g) => g.group))}
          legend={t('registry.map.legendPeers', { max: f.number(max) })}
          values={h.groups.map((g) => {
            const n = numberOf(g.headcount);
            return { fips: g.group, level: n === null ? null : n / max, label: t('registry.map.peers', { value: cell(g.headcount) }) };
          })}
        />
      )}
      <FigureTable
        id="registry-headcount-table"
        title={t('registry.headcountBy', { by: t(`registry.by.${by}`) })}
        minWidth={420}
        columns={[t(`registry.by.${by}`), t('registry.peers'), t('registry.fte'), ...(h.member ? [t('registry.yours')] : [])]}
        rows={h.groups}
        rowKey={(g) => g.group}
        rowHeader={(g) => (by === 'role' || by === 'credential' ? t(`registry.values.${g.group}`, { defaultValue: g.label }) : g.label)}
        cells={(g) => [cell(g.headcount), g.fte === null ? t('registry.notShown') : f.number(g.fte), ...(h.member ? [cell(memberOf.get(g.group)?.headcount)] : [])]}
      />
      <Title order={3}>{t('registry.trend')}</Title>
      {tq.isError && <LoadFailed error={tq.error} onRetry={() => void tq.refetch()} />}
      <LineChart h={220} data={trend} dataKey="month" series={[{ name: 'people', label: t('registry.peers'), color: 'teal.7' }]} connectNulls={false} lineChartProps={{ accessibilityLayer: false }} aria-hidden="true" />
      <FigureTable
        id="registry-trend-table"
        title={t('registry.trendTable')}
        minWidth={300}
        columns={[t('registry.month'), t('registry.peers')]}
        rows={trendData?.trend.slice(-12) ?? []}
        rowKey={(p) => p.month}
        rowHeader={(p) => p.month}
        cells={(p) => [cell(p.headcount)]}
      />
      <SuppressionNote s={h.suppression} />
    </Stack>
  );
}

function Figure(props: { label: string; value: string; testId?: string }) {
  return (
    <div className="registry-figure">
      <Text size="sm" c="dimmed">
        {props.label}
      </Text>
      <Text fz={28} fw={700} data-testid={props.testId}>
        {props.value}
      </Text>
    </div>
  );
}

function ShortageAreas(props: { id: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const cell = useCell();
  const q = useQuery({ queryKey: ['registry', props.id, 'shortage'], queryFn: () => getShortage(props.id) });
  if (q.isPending) return <PageLoader />;
  if (q.isError) return <LoadFailed error={q.error} onRetry={() => void q.refetch()} />;
  const s = q.data;
  const rate = (v: number | null) => (v === null ? t('registry.notShown') : f.number(v));
  const max = Math.max(0.01, ...s.counties.map((c) => c.perTenThousand ?? 0));
  return (
    <Stack gap="md">
      <Text>{t('registry.shortage.summary', { counties: s.shortageCounties, inside: rate(s.inShortageAreas.perTenThousand), outside: rate(s.outsideShortageAreas.perTenThousand) })}</Text>
      <CountyMap
        title={t('registry.shortage.map')}
        tableId="registry-shortage-table"
        stateFips={mainState(s.counties.map((c) => c.countyFips))}
        legend={t('registry.shortage.legend', { max: f.number(max) })}
        values={s.counties.map((c) => ({
          fips: c.countyFips,
          level: c.peers.suppressed ? null : (c.perTenThousand ?? 0) / max,
          outlined: c.shortageArea,
          label: t('registry.shortage.county', { rate: rate(c.perTenThousand), shortage: c.shortageArea ? t('registry.shortage.yes') : t('registry.shortage.no') }),
        }))}
      />
      <FigureTable
        id="registry-shortage-table"
        title={t('registry.shortage.table')}
        minWidth={560}
        columns={[t('registry.by.county'), t('registry.shortage.designated'), t('registry.peers'), t('registry.shortage.residents'), t('registry.shortage.per10k')]}
        rows={s.counties}
        rowKey={(c) => c.countyFips}
        rowHeader={(c) => c.countyName ?? c.countyFips}
        cells={(c) => [c.shortageArea ? t('registry.shortage.yes') : t('registry.shortage.no'), cell(c.peers), c.residents === null ? t('registry.noFigure') : f.number(c.residents), rate(c.perTenThousand)]}
      />
      <SuppressionNote s={s.suppression} />
    </Stack>
  );
}

function RepresentationPanel(props: { id: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const cell = useCell();
  const [dimension, setDimension] = useState('race');
  const q = useQuery({ queryKey: ['registry', props.id, 'representation', dimension], queryFn: () => getRepresentation(props.id, dimension) });
  if (q.isPending) return <PageLoader />;
  if (q.isError) return <LoadFailed error={q.error} onRetry={() => void q.refetch()} />;
  const r = q.data;
  const pct = (v: number | null) => (v === null ? t('registry.notShown') : `${f.number(v)} %`);
  return (
    <Stack gap="md">
      <Text>{t('registry.representation.intro')}</Text>
      <Select label={t('registry.representation.dimension')} data={['race', 'language'].map((v) => ({ value: v, label: t(`registry.representation.${v}`) }))} value={dimension} onChange={(v) => setDimension(v ?? 'race')} allowDeselect={false} w={260} />
      <FigureTable
        id="registry-representation-table"
        title={t('registry.representation.table')}
        minWidth={640}
        columns={[t('registry.representation.group'), t('registry.peers'), t('registry.representation.workforce'), t('registry.representation.served'), t('registry.representation.population'), t('registry.representation.index')]}
        rows={r.groups}
        rowKey={(g) => g.group}
        rowHeader={(g) => t(`registry.groups.${g.group}`, { defaultValue: g.label })}
        cells={(g) => [
          cell(g.workforce),
          pct(g.workforceShare),
          pct(g.servedShare),
          pct(g.populationShare),
          g.index === null ? t('registry.notShown') : t('registry.representation.indexValue', { index: f.number(g.index), low: f.number(g.ci90![0]), high: f.number(g.ci90![1]) }),
        ]}
      />
      <Text size="sm">{t('registry.representation.help')}</Text>
      <SuppressionNote s={r.suppression} />
    </Stack>
  );
}

function CareersPanel(props: { id: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const cell = useCell();
  const q = useQuery({ queryKey: ['registry', props.id, 'careers'], queryFn: () => getCareers(props.id) });
  if (q.isPending) return <PageLoader />;
  if (q.isError) return <LoadFailed error={q.error} onRetry={() => void q.refetch()} />;
  const c = q.data;
  const or = (v: number | null, fmt: (n: number) => string) => (v === null ? t('registry.notShown') : fmt(v));
  return (
    <Stack gap="md">
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <Figure label={t('registry.careers.toFirstJob')} value={or(c.medianDaysCertificationToFirstJob, (v) => t('registry.careers.days', { n: f.number(v) }))} />
        <Figure label={t('registry.careers.tenure')} value={or(c.medianTenureMonthsOfThoseWhoLeft, (v) => t('registry.careers.months', { n: f.number(v) }))} />
        <Figure label={t('registry.careers.partTime')} value={or(c.partTimeShare, (v) => `${f.number(v)} %`)} />
      </SimpleGrid>
      <FigureTable
        id="registry-wages-table"
        title={t('registry.careers.wages')}
        minWidth={300}
        columns={[t('registry.careers.band'), t('registry.peers')]}
        rows={c.wageBands}
        rowKey={(w) => w.band}
        rowHeader={(w) => t(`registry.bands.${w.band}`)}
        cells={(w) => [cell(w.peers)]}
      />
      <Alert variant="light" color="gray">
        {t('registry.careers.comparison', { wage: f.number(c.comparison.hourlyWage) })}
      </Alert>
      <FigureTable
        id="registry-destinations-table"
        title={t('registry.careers.destinations', { certified: cell(c.certifiedPeers) })}
        minWidth={300}
        columns={[t('registry.careers.destination'), t('registry.peers')]}
        rows={c.destinations}
        rowKey={(d) => d.destination}
        rowHeader={(d) => t(`registry.careers.where.${d.destination}`)}
        cells={(d) => [cell(d.peers)]}
      />
      <SuppressionNote s={c.suppression} />
    </Stack>
  );
}

function HiringGap(props: { id: string }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language.startsWith('es') ? 'es' : 'en';
  const q = useQuery({ queryKey: ['registry', props.id, 'unmet', lang], queryFn: () => getUnmet(props.id, lang) });
  if (q.isPending) return <PageLoader />;
  if (q.isError) return <LoadFailed error={q.error} onRetry={() => void q.refetch()} />;
  return (
    <Stack gap="sm">
      <Text>{t('registry.gap.intro')}</Text>
      {q.data.gaps.length === 0 ? (
        <Text>{t('registry.gap.none')}</Text>
      ) : (
        <ul className="registry-gaps" data-testid="registry-gaps">
          {q.data.gaps.map((g) => (
            <li key={`${g.countyFips}-${g.wish}`}>
              <Group gap={6} wrap="nowrap" align="baseline">
                <Text fw={600}>{g.countyName ?? g.countyFips}:</Text>
                <Text>{g.sentence}</Text>
              </Group>
            </li>
          ))}
        </ul>
      )}
      <SuppressionNote s={q.data.suppression} />
    </Stack>
  );
}
