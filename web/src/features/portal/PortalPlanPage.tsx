import { Badge, Group, List, Stack, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../app/format';
import { Page } from '../../app/ui/Page';
import { LoadFailed, PageLoader } from '../../app/ui/StatusPages';
import { AskForm } from './AskForm';
import { getPlan, portalKeys, suggestPlanChange } from './portal.api';

/** My recovery plan, in the words it was written with me, and a way to suggest a change. */
export default function PortalPlanPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const qc = useQueryClient();
  const plan = useQuery({ queryKey: portalKeys.plan, queryFn: getPlan });
  if (plan.isPending) return <PageLoader />;
  if (plan.isError) return <LoadFailed error={plan.error} onRetry={() => void plan.refetch()} />;
  const p = plan.data.plan;
  return (
    <Page title={t('portal.plan.title')}>
      {!p ? (
        <Text>{t('portal.plan.none')}</Text>
      ) : (
        <Stack gap="md">
          <Text size="sm">{t('portal.plan.updated', { date: f.date(p.updatedAt) })}</Text>
          <section aria-labelledby="goals-h">
            <Title order={2} id="goals-h" fz="lg">
              {t('portal.plan.goals')}
            </Title>
            <Stack gap="sm" mt="xs">
              {p.goals.map((g) => (
                <div key={g.id} className="portal-card">
                  <Group justify="space-between" wrap="wrap" gap="xs">
                    <Text fw={700}>{g.text}</Text>
                    <Badge variant="filled" color="#1e6b30">
                      {t(`portal.plan.goalStatus.${g.status}`, { defaultValue: g.status })}
                    </Badge>
                  </Group>
                  {g.steps.length > 0 && (
                    <List mt={4} size="sm">
                      {g.steps.map((s) => (
                        <List.Item key={s.id}>
                          {s.text}
                          {s.targetDate ? ` · ${f.date(s.targetDate)}` : ''} · {t(`portal.plan.stepStatus.${s.status}`, { defaultValue: s.status })}
                        </List.Item>
                      ))}
                    </List>
                  )}
                </div>
              ))}
            </Stack>
          </section>
          {p.strengths.length > 0 && (
            <section aria-labelledby="str-h">
              <Title order={2} id="str-h" fz="lg">
                {t('portal.plan.strengths')}
              </Title>
              <List>
                {p.strengths.map((s) => (
                  <List.Item key={s}>{s}</List.Item>
                ))}
              </List>
            </section>
          )}
        </Stack>
      )}
      <section aria-labelledby="suggest-h">
        <Title order={2} id="suggest-h" fz="lg">
          {t('portal.plan.suggestTitle')}
        </Title>
        <AskForm
          label={t('portal.plan.suggestLabel')}
          help={t('portal.plan.suggestHelp')}
          send={suggestPlanChange}
          sent={() => t('portal.plan.suggested')}
          onSent={() => void qc.invalidateQueries({ queryKey: portalKeys.plan })}
        />
        {plan.data.suggestions.length > 0 && (
          <Stack gap={4} mt="sm">
            <Text fw={600}>{t('portal.plan.yourSuggestions')}</Text>
            {plan.data.suggestions.map((s) => (
              <Text key={s.id} size="sm">
                {f.date(s.createdAt)}: {s.text} · {t(`portal.plan.suggestionStatus.${s.status}`)}
              </Text>
            ))}
          </Stack>
        )}
      </section>
    </Page>
  );
}
