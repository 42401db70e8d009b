import { Anchor, Card, SimpleGrid, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useFormat } from '../../app/format';
import { metricLink, type DashboardSummary, type MetricId } from './dashboard.api';
import './dashboard.css';

/** Numbers that want attention when they are not zero. */
const ATTENTION: readonly MetricId[] = ['returned', 'returnedMine', 'referralFollowUpsOverdue', 'referralFollowUpsMine', 'cosignWaiting'];

/** One card per number; each links to the list behind it (issue 17). */
export function MetricCards(props: { metrics: DashboardSummary['metrics']; cols?: { base: number; sm?: number; lg?: number } }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <SimpleGrid cols={props.cols ?? { base: 2, sm: 3, lg: 5 }} spacing="sm" component="ul" className="metric-cards">
      {props.metrics.map((m) => {
        const link = metricLink(m.id);
        // A section of My day is there only while it holds something.
        const to = link?.startsWith('#') && m.count === 0 ? undefined : link;
        const label = t(`dashboard.metrics.${m.id}`, { count: m.count });
        const number = (
          <Text component="span" className="metric-number" c={m.count > 0 && ATTENTION.includes(m.id) ? 'red.9' : undefined}>
            {f.number(m.count)}
          </Text>
        );
        return (
          <Card component="li" key={m.id} withBorder padding="sm" data-metric={m.id} data-count={m.count}>
            {to ? (
              to.startsWith('#') ? (
                <Anchor href={to} className="metric-link" underline="never">
                  {number}
                  <Text component="span" className="metric-label">{label}</Text>
                </Anchor>
              ) : (
                <Anchor component={Link} to={to} className="metric-link" underline="never">
                  {number}
                  <Text component="span" className="metric-label">{label}</Text>
                </Anchor>
              )
            ) : (
              <div className="metric-link">
                {number}
                <Text component="span" className="metric-label">{label}</Text>
              </div>
            )}
          </Card>
        );
      })}
    </SimpleGrid>
  );
}
