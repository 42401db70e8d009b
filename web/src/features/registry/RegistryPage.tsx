import '@mantine/charts/styles.css';
import { Alert, Group, Select, SimpleGrid, Stack, Tabs, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../app/format';
import { useCurrentUser } from '../../app/session';
import { Page } from '../../app/ui/Page';
import { FigureTable } from '../../app/ui/PeriodReport';
import { BuildSnapshotCard } from './BuildSnapshotCard';
import { CountyMap } from './CountyMap';
import { QueryPanel } from './QueryPanel';
import { figureCsvUrl, getCareers, getRegistries, type RegistryList, getRepresentation, getShortage, getUnmet } from './registry.api';
import { CsvLink, Figure, mainState, SuppressionNote, useCell } from './registry.ui';
import { WorkforcePanel } from './WorkforcePanel';

/**
 * The workforce registry's figures (issue 22): headcount by county on a map with its trend,
 * shortage areas, representation against the population, careers and the hiring gap. Every
 * figure is suppressed (counts under 11 read "<11" or "not shown"); the maps draw the same
 * figures as the tables beside them.
 */
export default function RegistryPage() {
  const list = useQuery({ queryKey: ['registries'], queryFn: getRegistries });
  const [chosen, setChosen] = useState<string | null>(null);
  return <QueryPanel query={list}>{(data) => <Registries data={data} chosen={chosen} onChoose={setChosen} />}</QueryPanel>;
}

function Registries(props: { data: RegistryList; chosen: string | null; onChoose: (id: string | null) => void }) {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const { data, chosen, onChoose: setChosen } = props;
  const all = [...data.runs.map((r) => ({ ...r, member: false })), ...data.memberOf.filter((m) => !m.leftAt).map((m) => ({ id: m.id, name: m.name, member: true }))];
  const current = all.find((r) => r.id === chosen) ?? all[0];
  return (
    <Page title={t('registry.title')}>
      {!current ? (
        <Text data-testid="registry-none">{t('registry.none')}</Text>
      ) : (
        <Stack gap="lg">
          {all.length > 1 && <Select label={t('registry.choose')} data={all.map((r) => ({ value: r.id, label: r.name }))} value={current.id} onChange={setChosen} allowDeselect={false} />}
          <Text>{current.member ? t('registry.introMember', { name: current.name }) : t('registry.intro', { name: current.name })}</Text>
          {current.member && <BuildSnapshotCard id={current.id} />}
          <Tabs defaultValue="workforce" keepMounted={false}>
            <Tabs.List>
              <Tabs.Tab value="workforce">{t('registry.tabs.workforce')}</Tabs.Tab>
              <Tabs.Tab value="shortage">{t('registry.tabs.shortage')}</Tabs.Tab>
              <Tabs.Tab value="representation">{t('registry.tabs.representation')}</Tabs.Tab>
              <Tabs.Tab value="careers">{t('registry.tabs.careers')}</Tabs.Tab>
              <Tabs.Tab value="gap">{t('registry.tabs.gap')}</Tabs.Tab>
            </Tabs.List>
            <Tabs.Panel value="workforce" pt="md">
              <WorkforcePanel id={current.id} canDefineRegions={!current.member && me.role === 'admin'} />
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

function ShortageAreas(props: { id: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const cell = useCell();
  const q = useQuery({ queryKey: ['registry', props.id, 'shortage'], queryFn: () => getShortage(props.id) });
  return (
    <QueryPanel query={q}>
      {(data) => {
        const s = data;
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
            <CsvLink href={figureCsvUrl(props.id, 'shortage-areas')} what="shortage" testId="registry-csv-shortage" />
            <SuppressionNote s={s.suppression} />
          </Stack>
        );
      }}
    </QueryPanel>
  );
}

function RepresentationPanel(props: { id: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const cell = useCell();
  const [dimension, setDimension] = useState('race');
  const q = useQuery({ queryKey: ['registry', props.id, 'representation', dimension], queryFn: () => getRepresentation(props.id, dimension) });
  return (
    <QueryPanel query={q}>
      {(data) => {
        const r = data;
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
            <CsvLink href={figureCsvUrl(props.id, 'representation', { dimension })} what="representation" testId="registry-csv-representation" />
            <SuppressionNote s={r.suppression} />
          </Stack>
        );
      }}
    </QueryPanel>
  );
}

function CareersPanel(props: { id: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const cell = useCell();
  const q = useQuery({ queryKey: ['registry', props.id, 'careers'], queryFn: () => getCareers(props.id) });
  return (
    <QueryPanel query={q}>
      {(data) => {
        const c = data;
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
            <CsvLink href={figureCsvUrl(props.id, 'careers')} what="careers" testId="registry-csv-careers" />
            <SuppressionNote s={c.suppression} />
          </Stack>
        );
      }}
    </QueryPanel>
  );
}

function HiringGap(props: { id: string }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language.startsWith('es') ? 'es' : 'en';
  const q = useQuery({ queryKey: ['registry', props.id, 'unmet', lang], queryFn: () => getUnmet(props.id, lang) });
  return (
    <QueryPanel query={q}>
      {(data) => {
        return (
          <Stack gap="sm">
            <Text>{t('registry.gap.intro')}</Text>
            {data.gaps.length === 0 ? (
              <Text>{t('registry.gap.none')}</Text>
            ) : (
              <ul className="registry-gaps" data-testid="registry-gaps">
                {data.gaps.map((g) => (
                  <li key={`${g.countyFips}-${g.wish}`}>
                    <Group gap={6} wrap="nowrap" align="baseline">
                      <Text fw={600}>{g.countyName ?? g.countyFips}:</Text>
                      <Text>{g.sentence}</Text>
                    </Group>
                  </li>
                ))}
              </ul>
            )}
            <CsvLink href={figureCsvUrl(props.id, 'unmet-matches', { lang })} what="gap" testId="registry-csv-gap" />
            <SuppressionNote s={data.suppression} />
          </Stack>
        );
      }}
    </QueryPanel>
  );
}
