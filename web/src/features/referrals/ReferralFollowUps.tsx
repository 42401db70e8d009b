import { Anchor, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useFormat } from '../../app/format';
import { listFollowUps, type FollowUp } from './referrals.api';

/**
 * The signed-in peer's referral follow-ups, earliest due first (so overdue ones lead), each linking
 * to its referral. `due`: only what needs doing today (overdue, due today, closed without an
 * outcome), above the referral list; `all`: also the coming ones with their dates, on My day.
 * Renders nothing while loading or when there is nothing to show.
 */
export function ReferralFollowUps(props: { show: 'due' | 'all'; id: string; title: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const followUps = useQuery({ queryKey: ['referrals', 'follow-ups'], queryFn: listFollowUps });
  if (!followUps.data) return null;
  const today = followUps.data.today;
  const isDue = (i: FollowUp) => i.overdue || i.needsOutcome || (i.followUpOn !== null && i.followUpOn <= today);
  const items = props.show === 'due' ? followUps.data.items.filter(isDue) : followUps.data.items;
  if (items.length === 0) return null;
  const when = (i: FollowUp) =>
    i.needsOutcome
      ? t('referrals.needsOutcome')
      : i.overdue
        ? t('referrals.overdueSince', { date: f.date(i.followUpOn) })
        : i.followUpOn === null
          ? t('referrals.noFollowUpDate')
          : i.followUpOn <= today
            ? t('referrals.dueToday')
            : t('referrals.dueOn', { date: f.date(i.followUpOn) });
  return (
    <section aria-labelledby={props.id}>
      <Stack gap="sm">
        <Title order={2} fz="lg" id={props.id}>
          {props.title}
        </Title>
        <ul className="result-list">
          {items.map((i) => (
            <li key={i.id}>
              <Anchor component={Link} to={`/referrals/${i.id}`}>
                {i.participant.displayName} · {i.serviceName}
              </Anchor>{' '}
              <Text span size="sm" fw={i.overdue ? 700 : undefined}>
                {when(i)}
              </Text>
            </li>
          ))}
        </ul>
      </Stack>
    </section>
  );
}
