import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../app/format';
import { FigureChart } from './FigureChart';
import type { OutcomeRow } from './outcomes.api';

/**
 * Outcome change per instrument (issue 20): the mean first and latest scores of the people with
 * two or more, and the share who improved by the instrument's reliable change. Each statistic
 * needs k paired people (P2); below that it reads "not shown".
 */
export function OutcomeChangeChart(props: { outcomes: OutcomeRow[]; id: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const one = (n: number) => f.number(Math.round(n * 10) / 10);
  return (
    <FigureChart
      id={props.id}
      title={t('outcomesWeb.outcomes.title')}
      intro={t('outcomesWeb.outcomes.intro')}
      empty={t('outcomesWeb.outcomes.none')}
      unit={one}
      series={[
        { key: 'first', label: t('outcomesWeb.outcomes.first'), color: 'gray.6' },
        { key: 'latest', label: t('outcomesWeb.outcomes.latest'), color: 'indigo.7' },
      ]}
      rows={props.outcomes.map((o) => ({ key: o.instrument, label: o.title, values: { first: o.meanFirst, latest: o.meanLatest } }))}
      footer={
        props.outcomes.length > 0 && (
          <ul className="figure-notes" data-testid={`${props.id}-notes`}>
            {props.outcomes.map((o) => (
              <li key={o.instrument}>
                <Text size="sm" span fw={600}>
                  {o.title}:
                </Text>{' '}
                <Text size="sm" span>
                  {typeof o.pairs === 'number' && o.meanChange !== null
                    ? [
                        t('outcomesWeb.outcomes.pairs', { n: f.number(o.pairs) }),
                        t(o.higherIsBetter ? 'outcomesWeb.outcomes.changeUpGood' : 'outcomesWeb.outcomes.changeDownGood', { change: `${o.meanChange > 0 ? '+' : ''}${one(o.meanChange)}` }),
                        o.ci95 ? t('outcomesWeb.outcomes.ci', { low: one(o.ci95[0]), high: one(o.ci95[1]) }) : null,
                        o.percentImproved !== null ? t('outcomesWeb.outcomes.improved', { pct: one(o.percentImproved) }) : null,
                        o.percentCrossedCutOff !== null ? t('outcomesWeb.outcomes.crossed', { pct: one(o.percentCrossedCutOff) }) : null,
                      ]
                        .filter(Boolean)
                        .join(' · ')
                    : t('outcomesWeb.outcomes.tooFew', { pairs: String(o.pairs ?? t('outcomesWeb.notShown')) })}
                </Text>
              </li>
            ))}
          </ul>
        )
      }
    />
  );
}
