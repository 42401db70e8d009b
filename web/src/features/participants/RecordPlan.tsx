import { Anchor, Badge, Group, List, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useFormat } from '../../app/format';
import { LoadFailed } from '../../app/ui/StatusPages';
import { caseloadKeys, getPlan } from '../caseload/caseload.api';

/** The current recovery plan at a glance: active goals and their next steps (issue 17). */
export function RecordPlan(props: { participantId: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const plan = useQuery({ queryKey: caseloadKeys.plan(props.participantId), queryFn: () => getPlan(props.participantId) });
  if (plan.isPending) return <Text role="status">{t('common.loading')}</Text>;
  if (plan.isError) return <LoadFailed error={plan.error} onRetry={() => void plan.refetch()} />;
  const p = plan.data;
  if (p.version === 0) {
    return (
      <Stack gap="xs">
        <Text>{t('caseload.plan.none')}</Text>
        <Anchor component={Link} to={`/participants/${props.participantId}/plan`}>
          {t('caseload.plan.create')}
        </Anchor>
      </Stack>
    );
  }
  const goals = [...p.goals].sort((a, b) => Number(b.status === 'active') - Number(a.status === 'active'));
  return (
    <Stack gap="sm">
      <Text size="sm">
        {[
          t('record.plan.version', { version: p.version, date: p.updatedAt ? f.date(p.updatedAt) : '—' }),
          p.nextReviewOn ? t(p.reviewDue ? 'record.plan.reviewDue' : 'record.plan.reviewOn', { date: f.date(p.nextReviewOn) }) : null,
        ]
          .filter(Boolean)
          .join(' · ')}
      </Text>
      {goals.length === 0 ? (
        <Text>{t('caseload.plan.noGoals')}</Text>
      ) : (
        <List spacing="sm" listStyleType="none" pl={0}>
          {goals.map((g) => {
            const next = g.steps.filter((s) => s.status === 'not-started' || s.status === 'in-progress');
            return (
              <List.Item key={g.id}>
                <Group gap="xs" wrap="wrap">
                  <Text fw={600}>{g.text}</Text>
                  {g.status !== 'active' && (
                    <Badge color="gray.7" variant="outline">
                      {t(`caseload.plan.goalStatuses.${g.status}`)}
                    </Badge>
                  )}
                </Group>
                {g.status === 'active' &&
                  (next.length === 0 ? (
                    <Text size="sm" c="dimmed">
                      {t('record.plan.noNextStep')}
                    </Text>
                  ) : (
                    <List size="sm" spacing={2} withPadding>
                      {next.map((s) => (
                        <List.Item key={s.id}>
                          {s.text}
                          {s.targetDate ? ` (${t('caseload.plan.by', { date: f.date(s.targetDate) })})` : ''}
                          {s.status === 'in-progress' ? ` · ${t('caseload.plan.stepStatuses.in-progress')}` : ''}
                        </List.Item>
                      ))}
                    </List>
                  ))}
              </List.Item>
            );
          })}
        </List>
      )}
    </Stack>
  );
}
