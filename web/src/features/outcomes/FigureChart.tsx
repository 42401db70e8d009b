import '@mantine/charts/styles.css';
import { BarChart, type ChartReferenceLineProps } from '@mantine/charts';
import { Card, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../app/format';
import type { Shown } from './outcomes.api';

/**
 * A chart with its numbers beside it (issue 20): the picture is for the eye and hidden from
 * screen readers; the same figures are a visible table, so nothing is only in the picture. A
 * suppressed figure (a count of 1 to 10 people, or a statistic with fewer than k contributors)
 * has no bar and reads "not shown" with the reason (P2, P4, P11).
 */
export interface FigureSeries {
  key: string;
  label: string;
  color: string;
}
export interface FigureRow {
  key: string;
  label: string;
  values: Record<string, Shown | undefined>;
}

export function useShown() {
  const { t } = useTranslation();
  const f = useFormat();
  return (v: Shown | undefined, format: (n: number) => string = f.number): ReactNode =>
    typeof v === 'number' ? (
      format(v)
    ) : (
      <Text span size="sm" c="dimmed" data-hidden-value={v ?? ''}>
        {typeof v === 'string' ? t('outcomesWeb.notShownSmall', { value: v }) : t('outcomesWeb.notShown')}
      </Text>
    );
}

export function FigureChart(props: {
  id: string;
  title: string;
  intro?: string;
  rows: FigureRow[];
  series: FigureSeries[];
  unit?: (n: number) => string;
  referenceLines?: ChartReferenceLineProps[];
  yMax?: number;
  empty: string;
  footer?: ReactNode;
  horizontal?: boolean;
}) {
  const { t } = useTranslation();
  const shown = useShown();
  const data = props.rows.map((r) => ({
    label: r.label,
    ...Object.fromEntries(props.series.map((s) => [s.key, typeof r.values[s.key] === 'number' ? r.values[s.key] : null])),
  }));
  const anyHidden = props.rows.some((r) => props.series.some((s) => r.values[s.key] !== undefined && typeof r.values[s.key] !== 'number'));
  const anyShown = data.some((d) => props.series.some((s) => typeof (d as Record<string, unknown>)[s.key] === 'number'));
  const height = props.horizontal ? Math.max(120, (props.series.length > 1 ? 34 : 26) * props.rows.length + 50) : 240;
  return (
    <Card withBorder component="section" aria-labelledby={props.id} padding="md" className="figure-card" data-testid={props.id}>
      <Stack gap="sm">
        <Title order={3} fz={17} id={props.id}>
          {props.title}
        </Title>
        {props.intro && <Text size="sm">{props.intro}</Text>}
        {props.rows.length === 0 ? (
          <Text>{props.empty}</Text>
        ) : (
          <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
            <div aria-hidden="true" className="figure-chart" data-chart={props.id}>
              {anyShown ? (
                <BarChart
                  h={height}
                  data={data}
                  dataKey="label"
                  series={props.series.map((s) => ({ name: s.key, label: s.label, color: s.color }))}
                  orientation={props.horizontal ? 'vertical' : 'horizontal'}
                  withLegend={props.series.length > 1}
                  withTooltip={false}
                  // A picture for the eye: recharts' keyboard layer would put a focus stop inside an aria-hidden figure.
                  barChartProps={{ accessibilityLayer: false }}
                  withBarValueLabel
                  valueFormatter={props.unit}
                  referenceLines={props.referenceLines}
                  // Every group's name under its bars (recharts skips some when they crowd).
                  xAxisProps={props.horizontal ? { ...(props.yMax !== undefined ? { domain: [0, props.yMax] } : {}) } : { interval: 0 }}
                  yAxisProps={props.horizontal ? { width: 110, interval: 0 } : props.yMax !== undefined ? { domain: [0, props.yMax] } : {}}
                />
              ) : (
                <Text c="dimmed" py="lg">
                  {t('outcomesWeb.chartAllHidden')}
                </Text>
              )}
            </div>
            <Table.ScrollContainer type="native" minWidth={260} tabIndex={0} role="group" aria-label={t('outcomesWeb.numbersOf', { title: props.title })}>
              <Table verticalSpacing={4} data-figures={props.id}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">{t('outcomesWeb.group')}</Table.Th>
                    {props.series.map((s) => (
                      <Table.Th key={s.key} scope="col">
                        {s.label}
                      </Table.Th>
                    ))}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {props.rows.map((r) => (
                    <Table.Tr key={r.key}>
                      <Table.Th scope="row" fw={500} miw="7.5rem" style={{ overflowWrap: 'break-word' }}>
                        {r.label}
                      </Table.Th>
                      {props.series.map((s) => (
                        <Table.Td key={s.key}>{r.values[s.key] === undefined ? '—' : shown(r.values[s.key], props.unit)}</Table.Td>
                      ))}
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </SimpleGrid>
        )}
        {anyHidden && <Text size="sm">{t('outcomesWeb.hiddenReason')}</Text>}
        {props.footer}
      </Stack>
    </Card>
  );
}
