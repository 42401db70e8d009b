// A recovery plan's history (PlanPage.tsx): each version with its date, what changed and its goals,
// loaded only when asked for (caseload.plans.ts keeps every version).
import { Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../app/format';
import { LoadFailed, PageLoader } from '../../app/ui/StatusPages';
import { caseloadKeys, getPlanHistory } from './caseload.api';

export function PlanHistory(props: { participantId: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const [open, setOpen] = useState(false);
  const history = useQuery({ queryKey: caseloadKeys.planHistory(props.participantId), queryFn: () => getPlanHistory(props.participantId), enabled: open });
  return (
    <section aria-labelledby="plan-history">
      <Stack gap="sm">
        <Title order={2} fz={20} id="plan-history">
          {t('caseload.plan.history')}
        </Title>
        {!open ? (
          <Group>
            <Button variant="default" onClick={() => setOpen(true)}>
              {t('caseload.plan.showHistory')}
            </Button>
          </Group>
        ) : history.isPending ? (
          <PageLoader />
        ) : history.isError ? (
          <LoadFailed error={history.error} onRetry={() => void history.refetch()} />
        ) : history.data.length === 0 ? (
          <Text>{t('caseload.plan.noHistory')}</Text>
        ) : (
          <ol className="plain-list">
            {history.data.map((v) => (
              <li key={v.version}>
                <Card withBorder padding="sm">
                  <Text size="sm" fw={600}>
                    {t('caseload.plan.versionLine', { version: v.version, date: v.updatedAt ? f.dateTime(v.updatedAt) : '—' })}
                  </Text>
                  <Text size="sm">
                    {v.changedFields.length
                      ? t('caseload.plan.changed', { fields: v.changedFields.map((x) => t(`caseload.plan.fields.${x}`, { defaultValue: x })).join(', ') })
                      : t('caseload.plan.firstVersion')}
                  </Text>
                  <Text size="sm">{t('caseload.plan.goalsInVersion', { goals: v.goals.map((g) => `“${g.text}”`).join('; ') || t('caseload.none') })}</Text>
                </Card>
              </li>
            ))}
          </ol>
        )}
      </Stack>
    </section>
  );
}
