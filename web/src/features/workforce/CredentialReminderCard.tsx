import { Anchor, Card, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useFormat } from '../../app/format';
import { getReminders, wfKeys } from './workforce.api';
import { WARNING_TEXT } from '../../app/theme';

/** On My day: the peer's credential reminders due now (90/60/30/7 days, end of grace). */
export function CredentialReminderCard() {
  const { t } = useTranslation();
  const f = useFormat();
  const data = useQuery({ queryKey: wfKeys.reminders, queryFn: getReminders });
  const items = data.data?.items ?? [];
  if (items.length === 0) return null;
  return (
    <Card withBorder padding="sm" component="aside" aria-label={t('workforce.my.deadlines')} data-testid="credential-reminders">
      {items.map((r) => (
        <Text key={`${r.credentialId}-${r.kind}`} c={r.status === 'grace' ? WARNING_TEXT : undefined}>
          {t(`workforce.reminder.${r.kind === 'grace-ends' ? 'graceEnds' : 'expires'}`, { name: r.credentialName, date: f.date(r.about), count: r.daysLeft })}
        </Text>
      ))}
      <Anchor component={Link} to="/my-work" size="sm">
        {t('workforce.my.open')}
      </Anchor>
    </Card>
  );
}
