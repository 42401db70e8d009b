// A recovery plan as read on its page (PlanPage.tsx): goals with their steps, strengths, supports,
// the review schedule and the participant's agreement with this version (caseload.plans.ts).
import { Badge, Card, Group, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../app/format';
import type { Plan } from './caseload.api';

export function PlanView(props: { plan: Plan }) {
  const { t } = useTranslation();
  const f = useFormat();
  const p = props.plan;
  return (
    <Stack gap="lg">
      <section aria-labelledby="plan-goals">
        <Stack gap="sm">
          <Title order={2} fz={20} id="plan-goals">
            {t('caseload.plan.goals')}
          </Title>
          {p.goals.length === 0 ? (
            <Text>{t('caseload.plan.noGoals')}</Text>
          ) : (
            <ul className="plain-list">
              {p.goals.map((g) => (
                <li key={g.id}>
                  <Card withBorder padding="sm" component="article" aria-labelledby={`goal-${g.id}`}>
                    <Stack gap={6}>
                      <Group gap="xs" justify="space-between" wrap="wrap">
                        <Title order={3} fz={17} id={`goal-${g.id}`}>
                          “{g.text}”
                        </Title>
                        <Badge variant="outline" color={g.status === 'achieved' ? 'teal.9' : 'blue.9'}>
                          {t(`caseload.plan.goalStatuses.${g.status}`)}
                        </Badge>
                      </Group>
                      {g.lifeArea && <Text size="sm">{t('caseload.plan.lifeAreaIs', { area: g.lifeArea })}</Text>}
                      {g.steps.length > 0 && (
                        <ol style={{ margin: 0, paddingInlineStart: '1.25rem' }}>
                          {g.steps.map((s) => (
                            <li key={s.id}>
                              <Text size="sm">
                                {s.text} · {t(`caseload.plan.stepStatuses.${s.status}`)}
                                {s.targetDate ? ` · ${t('caseload.plan.by', { date: f.date(s.targetDate) })}` : ''}
                              </Text>
                            </li>
                          ))}
                        </ol>
                      )}
                    </Stack>
                  </Card>
                </li>
              ))}
            </ul>
          )}
        </Stack>
      </section>
      <section aria-labelledby="plan-strengths">
        <Title order={2} fz={20} id="plan-strengths" mb="xs">
          {t('caseload.plan.strengths')}
        </Title>
        {p.strengths.length === 0 ? <Text>{t('caseload.none')}</Text> : <ul>{p.strengths.map((s, i) => <li key={i}>{s}</li>)}</ul>}
      </section>
      <section aria-labelledby="plan-supports">
        <Title order={2} fz={20} id="plan-supports" mb="xs">
          {t('caseload.plan.supports')}
        </Title>
        {p.supports.length === 0 ? (
          <Text>{t('caseload.none')}</Text>
        ) : (
          <ul>
            {p.supports.map((s, i) => (
              <li key={i}>
                {s.name} ({t(`caseload.plan.supportKinds.${s.kind}`, { defaultValue: s.kind })}){s.notes ? `: ${s.notes}` : ''}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="plan-review">
        <Title order={2} fz={20} id="plan-review" mb="xs">
          {t('caseload.plan.reviewAndAgreement')}
        </Title>
        <dl className="detail-list">
          <div>
            <dt>{t('caseload.plan.reviewEvery')}</dt>
            <dd>{t('caseload.plan.days', { count: p.reviewEveryDays })}</dd>
          </div>
          <div>
            <dt>{t('caseload.plan.nextReview')}</dt>
            <dd>
              {p.nextReviewOn ? f.date(p.nextReviewOn) : t('caseload.none')}
              {p.reviewDue ? ` · ${t('caseload.plan.reviewDue')}` : ''}
            </dd>
          </div>
          <div>
            <dt>{t('caseload.plan.agreement')}</dt>
            <dd>
              {p.agreement
                ? t('caseload.plan.agreedText', {
                    who: t(`caseload.plan.agreedBy.${p.agreement.agreedBy}`, { defaultValue: p.agreement.agreedBy }),
                    method: t(`caseload.plan.methods.${p.agreement.method}`, { defaultValue: p.agreement.method }),
                    date: f.date(p.agreement.agreedOn),
                    version: p.agreement.version ?? p.version,
                  })
                : t('caseload.plan.notAgreed')}
              {p.agreement && p.agreement.version !== undefined && p.agreement.version !== p.version ? ` · ${t('caseload.plan.changedSinceAgreement')}` : ''}
            </dd>
          </div>
        </dl>
      </section>
    </Stack>
  );
}
