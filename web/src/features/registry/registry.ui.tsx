import { Anchor, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../app/format';
import type { Cell, Suppression } from './registry.api';

/** A shown count in words: the number, "<11", or "not shown". */
export function useCell() {
  const { t } = useTranslation();
  const f = useFormat();
  return (c: Cell | null | undefined) => (!c ? t('registry.noFigure') : typeof c.shown === 'number' ? f.number(c.shown) : c.shown === null ? t('registry.notShown') : c.shown);
}

export function SuppressionNote(props: { s: Suppression }) {
  const { t } = useTranslation();
  return (
    <Text size="sm" c="dimmed" data-testid="suppression-note">
      {t('registry.suppression', { k: props.s.k, version: props.s.ruleVersion })}
    </Text>
  );
}

/** The state most counties of a figure are in, to zoom the map to it. */
export const mainState = (fips: string[]) => {
  const n = new Map<string, number>();
  for (const f of fips) n.set(f.slice(0, 2), (n.get(f.slice(0, 2)) ?? 0) + 1);
  return [...n].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
};

export function Figure(props: { label: string; value: string; testId?: string }) {
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

/** "Download CSV" of a panel's figures: the same suppressed cells as the panel, with the rule on the first line. */
export function CsvLink(props: { href: string; what: 'trend' | 'shortage' | 'representation' | 'careers' | 'gap'; testId: string }) {
  const { t } = useTranslation();
  return (
    <Anchor href={props.href} download aria-label={t('registry.csvOf', { what: t(`registry.csvWhat.${props.what}`) })} data-testid={props.testId} w="fit-content">
      {t('registry.csv')}
    </Anchor>
  );
}
