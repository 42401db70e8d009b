import { LineChart } from '@mantine/charts';
import { Button, Group, Select, SimpleGrid, Stack, Title } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../app/format';
import { ErrorAlert } from '../../app/ui/ErrorAlert';
import { LoadFailed } from '../../app/ui/StatusPages';
import { FigureTable } from '../../app/ui/PeriodReport';
import { CountyMap } from './CountyMap';
import { QueryPanel } from './QueryPanel';
import { RegionSetsCard } from './RegionSetsCard';
import { downloadHeadcountCsv, figureCsvUrl, getHeadcount, getRegionSets, getTrend, numberOf } from './registry.api';
import { CsvLink, Figure, mainState, SuppressionNote, useCell } from './registry.ui';

const BY = ['county', 'region', 'state', 'credential', 'role'] as const;

/** Headcount and FTE by county (on the map), region, state, credential or role, with its trend and CSV. */
export function WorkforcePanel(props: { id: string; canDefineRegions: boolean }) {
  const { t } = useTranslation();
  const f = useFormat();
  const cell = useCell();
  const [by, setBy] = useState<string>('county');
  const [regions, setRegions] = useState('census-division');
  const q = useQuery({ queryKey: ['registry', props.id, 'headcount', by, by === 'region' ? regions : null], queryFn: () => getHeadcount(props.id, by, regions) });
  const tq = useQuery({ queryKey: ['registry', props.id, 'trend'], queryFn: () => getTrend(props.id) });
  const sets = useQuery({ queryKey: ['registry', props.id, 'regions'], queryFn: () => getRegionSets(props.id), enabled: by === 'region' });
  const csv = useMutation({ mutationFn: () => downloadHeadcountCsv(props.id, by, regions) });
  const groupLabel = (group: string, label: string) =>
    by === 'role' || by === 'credential' ? t(`registry.values.${group}`, { defaultValue: label }) : by === 'region' ? t(`registry.divisions.${group}`, { defaultValue: label }) : label;
  return (
    <QueryPanel query={q}>
      {(h) => {
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
            <Group align="end" gap="md">
              <Select label={t('registry.by.label')} data={BY.map((v) => ({ value: v, label: t(`registry.by.${v}`) }))} value={by} onChange={(v) => setBy(v ?? 'county')} allowDeselect={false} w={220} />
              {by === 'region' && (
                <Select
                  label={t('registry.regionSet')}
                  data={(sets.data?.sets ?? [{ set: 'census-division', builtIn: true }]).map((s) => ({ value: s.set, label: s.builtIn ? t(`registry.regionSets.${s.set}`, { defaultValue: s.set }) : s.set }))}
                  value={regions}
                  onChange={(v) => setRegions(v ?? 'census-division')}
                  allowDeselect={false}
                  w={240}
                />
              )}
              <Button variant="default" onClick={() => csv.mutate()} loading={csv.isPending} aria-label={t('registry.csvOf', { what: t('registry.csvWhat.headcount') })}>
                {t('registry.csv')}
              </Button>
            </Group>
            {csv.isError && <ErrorAlert error={csv.error} />}
            {by === 'region' && props.canDefineRegions && <RegionSetsCard id={props.id} onSaved={setRegions} />}
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
              rowHeader={(g) => groupLabel(g.group, g.label)}
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
            <CsvLink href={figureCsvUrl(props.id, 'trend')} what="trend" testId="registry-csv-trend" />
            <SuppressionNote s={h.suppression} />
          </Stack>
        );
      }}
    </QueryPanel>
  );
}
