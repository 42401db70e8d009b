// The recovery plan's editor (PlanPage.tsx): goals and steps, strengths, supports, review and
// agreement, saved as a new version of the whole plan; a version saved meanwhile is a conflict
// (409, caseload.plans.ts). Removing a row moves the focus to its list's Add control.
import { Alert, Button, Card, Fieldset, Group, NativeSelect, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../app/api';
import { ErrorAlert } from '../../app/ui/ErrorAlert';
import { useServerFieldError } from '../../app/ui/errors';
import { focusAfterRemoval, focusFirstError } from '../../app/ui/forms';
import {
  AGREEMENT_METHODS,
  GOAL_STATUSES,
  STEP_STATUSES,
  SUPPORT_KINDS,
  putPlan,
  type Plan,
  type PlanGoal,
  type PlanInput,
  type PlanSupport,
} from './caseload.api';
import { useOrgToday } from '../../app/today';

interface EditState {
  goals: PlanGoal[];
  strengths: string[];
  supports: PlanSupport[];
  reviewEveryDays: string;
  nextReviewOn: string;
  agreed: boolean;
  agreedBy: string;
  method: string;
  agreedOn: string;
}

const editStateOf = (p: Plan, today: string): EditState => ({
  goals: p.goals.map((g) => ({ ...g, steps: g.steps.map((s) => ({ ...s })) })),
  strengths: [...p.strengths],
  supports: p.supports.map((s) => ({ ...s })),
  reviewEveryDays: String(p.reviewEveryDays || 90),
  nextReviewOn: p.nextReviewOn ?? '',
  agreed: false,
  agreedBy: p.agreement?.agreedBy ?? 'participant',
  method: p.agreement?.method ?? 'verbal',
  agreedOn: today,
});

export function PlanEditor(props: { participantId: string; plan: Plan; onSaved: (p: Plan) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const form = useRef<HTMLFormElement>(null);
  const serverFieldError = useServerFieldError();
  const today = useOrgToday();
  const [s, setS] = useState<EditState>(() => editStateOf(props.plan, today));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const save = useMutation({ mutationFn: (input: PlanInput) => putPlan(props.participantId, input), onSuccess: props.onSaved });

  const setGoal = (i: number, patch: Partial<PlanGoal>) => setS((x) => ({ ...x, goals: x.goals.map((g, j) => (j === i ? { ...g, ...patch } : g)) }));

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const found: Record<string, string> = {};
    s.goals.forEach((g, i) => {
      if (!g.text.trim()) found[`goal-${i}`] = t('caseload.plan.goalRequired');
      g.steps.forEach((st, k) => {
        if (!st.text.trim()) found[`step-${i}-${k}`] = t('caseload.plan.stepRequired');
      });
    });
    const every = Number(s.reviewEveryDays);
    if (!Number.isInteger(every) || every < 1 || every > 366) found.reviewEveryDays = t('caseload.plan.reviewEveryInvalid');
    if (s.agreed && !s.agreedOn) found.agreedOn = t('caseload.plan.agreedOnRequired');
    setErrors(found);
    if (Object.keys(found).length > 0) {
      setTimeout(() => focusFirstError(form.current), 0);
      return;
    }
    save.mutate({
      goals: s.goals.map((g) => ({
        ...(g.id ? { id: g.id } : {}),
        text: g.text.trim(),
        lifeArea: g.lifeArea?.trim() || null,
        status: g.status,
        steps: g.steps.map((st) => ({ ...(st.id ? { id: st.id } : {}), text: st.text.trim(), targetDate: st.targetDate || null, status: st.status })),
      })),
      strengths: s.strengths.map((x) => x.trim()).filter(Boolean),
      supports: s.supports.filter((x) => x.name.trim()).map((x) => ({ name: x.name.trim(), kind: x.kind, notes: x.notes?.trim() || null })),
      reviewEveryDays: every,
      nextReviewOn: s.nextReviewOn || null,
      agreement: s.agreed ? { agreedBy: s.agreedBy, method: s.method, agreedOn: s.agreedOn } : null,
      expectedVersion: props.plan.version,
    });
  };

  const conflict = isApiError(save.error) && save.error.status === 409;

  return (
    <form ref={form} noValidate onSubmit={onSubmit} aria-label={t('caseload.plan.editTitle')}>
      <Stack gap="lg" maw={760}>
        {conflict ? <Alert color="red" variant="outline" role="alert" title={t('errors.title')}>{t('caseload.plan.conflict')}</Alert> : <ErrorAlert error={save.error} />}
        <Fieldset legend={t('caseload.plan.goals')}>
          <Stack gap="md" data-list="goals">
            <Text size="sm">{t('caseload.plan.goalsHint')}</Text>
            {s.goals.map((g, i) => (
              <Card key={g.id ?? `new-${i}`} withBorder padding="sm">
                <Stack gap="sm" data-list="steps">
                  <Textarea
                    label={t('caseload.plan.goalText', { n: i + 1 })}
                    autosize
                    minRows={2}
                    value={g.text}
                    onChange={(e) => setGoal(i, { text: e.currentTarget.value })}
                    error={errors[`goal-${i}`] ?? serverFieldError(save.error, `goals.${i}.text`)}
                    required
                  />
                  <Group grow wrap="wrap" gap="sm">
                    <TextInput label={t('caseload.plan.lifeArea')} value={g.lifeArea ?? ''} onChange={(e) => setGoal(i, { lifeArea: e.currentTarget.value })} miw={180} />
                    <NativeSelect
                      label={t('caseload.plan.goalStatus')}
                      value={g.status}
                      onChange={(e) => setGoal(i, { status: e.currentTarget.value as PlanGoal['status'] })}
                      data={GOAL_STATUSES.map((x) => ({ value: x, label: t(`caseload.plan.goalStatuses.${x}`) }))}
                      miw={160}
                    />
                  </Group>
                  {g.steps.map((st, k) => (
                    <Fieldset key={st.id ?? `ns-${k}`} legend={t('caseload.plan.stepN', { n: k + 1, goal: i + 1 })} variant="unstyled">
                      <Group grow wrap="wrap" align="flex-start" gap="sm">
                        <TextInput
                          label={t('caseload.plan.stepText')}
                          value={st.text}
                          required
                          onChange={(e) => setGoal(i, { steps: g.steps.map((x, j) => (j === k ? { ...x, text: e.currentTarget.value } : x)) })}
                          error={errors[`step-${i}-${k}`]}
                          miw={200}
                        />
                        <TextInput
                          type="date"
                          label={t('caseload.plan.targetDate')}
                          value={st.targetDate ?? ''}
                          onChange={(e) => setGoal(i, { steps: g.steps.map((x, j) => (j === k ? { ...x, targetDate: e.currentTarget.value || null } : x)) })}
                          miw={160}
                        />
                        <NativeSelect
                          label={t('caseload.plan.stepStatus')}
                          value={st.status}
                          onChange={(e) =>
                            setGoal(i, { steps: g.steps.map((x, j) => (j === k ? { ...x, status: e.currentTarget.value as typeof x.status } : x)) })
                          }
                          data={STEP_STATUSES.map((x) => ({ value: x, label: t(`caseload.plan.stepStatuses.${x}`) }))}
                          miw={150}
                        />
                      </Group>
                      <Button
                        variant="subtle"
                        size="xs"
                        mt={4}
                        onClick={(e) => {
                          focusAfterRemoval(e.currentTarget, 'steps');
                          setGoal(i, { steps: g.steps.filter((_, j) => j !== k) });
                        }}
                        aria-label={t('caseload.plan.removeStepN', { n: k + 1, goal: i + 1 })}
                      >
                        {t('caseload.plan.removeStep')}
                      </Button>
                    </Fieldset>
                  ))}
                  <Group gap="sm">
                    <Button
                      variant="default"
                      size="xs"
                      data-list-add="steps"
                      onClick={() => setGoal(i, { steps: [...g.steps, { text: '', targetDate: null, status: 'not-started' }] })}
                      aria-label={t('caseload.plan.addStepTo', { n: i + 1 })}
                    >
                      {t('caseload.plan.addStep')}
                    </Button>
                    {!g.id && (
                      <Button
                        variant="subtle"
                        size="xs"
                        onClick={(e) => {
                          focusAfterRemoval(e.currentTarget, 'goals');
                          setS((x) => ({ ...x, goals: x.goals.filter((_, j) => j !== i) }));
                        }}
                        aria-label={t('caseload.plan.removeGoalN', { n: i + 1 })}>
                        {t('caseload.plan.removeGoal')}
                      </Button>
                    )}
                  </Group>
                </Stack>
              </Card>
            ))}
            <Group>
              <Button variant="default" data-list-add="goals" onClick={() => setS((x) => ({ ...x, goals: [...x.goals, { text: '', lifeArea: null, status: 'active', steps: [] }] }))}>
                {t('caseload.plan.addGoal')}
              </Button>
            </Group>
          </Stack>
        </Fieldset>
        <Fieldset legend={t('caseload.plan.strengths')}>
          <Stack gap="sm" data-list="strengths">
            {s.strengths.map((x, i) => (
              <Group key={i} gap="xs" align="flex-end" wrap="nowrap">
                <TextInput
                  style={{ flex: 1 }}
                  label={t('caseload.plan.strengthN', { n: i + 1 })}
                  value={x}
                  onChange={(e) => {
                    const v = e.currentTarget.value;
                    setS((y) => ({ ...y, strengths: y.strengths.map((z, j) => (j === i ? v : z)) }));
                  }}
                />
                <Button
                  variant="subtle"
                  size="sm"
                  onClick={(e) => {
                    focusAfterRemoval(e.currentTarget, 'strengths');
                    setS((y) => ({ ...y, strengths: y.strengths.filter((_, j) => j !== i) }));
                  }}
                  aria-label={t('caseload.plan.removeStrengthN', { n: i + 1 })}>
                  {t('caseload.plan.remove')}
                </Button>
              </Group>
            ))}
            <Group>
              <Button variant="default" size="xs" data-list-add="strengths" onClick={() => setS((y) => ({ ...y, strengths: [...y.strengths, ''] }))}>
                {t('caseload.plan.addStrength')}
              </Button>
            </Group>
          </Stack>
        </Fieldset>
        <Fieldset legend={t('caseload.plan.supports')}>
          <Stack gap="sm" data-list="supports">
            {s.supports.map((x, i) => (
              <Card key={i} withBorder padding="xs">
                <Group grow wrap="wrap" align="flex-end" gap="sm">
                  <TextInput
                    label={t('caseload.plan.supportName', { n: i + 1 })}
                    value={x.name}
                    onChange={(e) => {
                      const v = e.currentTarget.value;
                      setS((y) => ({ ...y, supports: y.supports.map((z, j) => (j === i ? { ...z, name: v } : z)) }));
                    }}
                    miw={180}
                  />
                  <NativeSelect
                    label={t('caseload.plan.supportKind')}
                    value={x.kind}
                    onChange={(e) => {
                      const v = e.currentTarget.value;
                      setS((y) => ({ ...y, supports: y.supports.map((z, j) => (j === i ? { ...z, kind: v } : z)) }));
                    }}
                    data={SUPPORT_KINDS.map((k) => ({ value: k, label: t(`caseload.plan.supportKinds.${k}`) }))}
                    miw={140}
                  />
                  <TextInput
                    label={t('caseload.plan.supportNotes')}
                    value={x.notes ?? ''}
                    onChange={(e) => {
                      const v = e.currentTarget.value;
                      setS((y) => ({ ...y, supports: y.supports.map((z, j) => (j === i ? { ...z, notes: v } : z)) }));
                    }}
                    miw={180}
                  />
                </Group>
                <Button
                  variant="subtle"
                  size="xs"
                  mt={4}
                  onClick={(e) => {
                    focusAfterRemoval(e.currentTarget, 'supports');
                    setS((y) => ({ ...y, supports: y.supports.filter((_, j) => j !== i) }));
                  }}
                  aria-label={t('caseload.plan.removeSupportN', { n: i + 1 })}>
                  {t('caseload.plan.remove')}
                </Button>
              </Card>
            ))}
            <Group>
              <Button variant="default" size="xs" data-list-add="supports" onClick={() => setS((y) => ({ ...y, supports: [...y.supports, { name: '', kind: 'person', notes: null }] }))}>
                {t('caseload.plan.addSupport')}
              </Button>
            </Group>
          </Stack>
        </Fieldset>
        <Fieldset legend={t('caseload.plan.reviewAndAgreement')}>
          <Stack gap="sm">
            <Group grow wrap="wrap" gap="sm" align="flex-start">
              <TextInput
                type="number"
                min={1}
                max={366}
                label={t('caseload.plan.reviewEveryDays')}
                value={s.reviewEveryDays}
                onChange={(e) => setS({ ...s, reviewEveryDays: e.currentTarget.value })}
                error={errors.reviewEveryDays ?? serverFieldError(save.error, 'reviewEveryDays')}
                miw={160}
              />
              <TextInput type="date" label={t('caseload.plan.nextReview')} value={s.nextReviewOn} onChange={(e) => setS({ ...s, nextReviewOn: e.currentTarget.value })} miw={160} />
            </Group>
            <NativeSelect
              label={t('caseload.plan.agreementNow')}
              value={s.agreed ? 'yes' : 'no'}
              onChange={(e) => setS({ ...s, agreed: e.currentTarget.value === 'yes' })}
              data={[
                { value: 'no', label: t('caseload.plan.agreementNotNow') },
                { value: 'yes', label: t('caseload.plan.agreementYes') },
              ]}
            />
            {s.agreed && (
              <Group grow wrap="wrap" gap="sm" align="flex-start">
                <NativeSelect
                  label={t('caseload.plan.agreedByLabel')}
                  value={s.agreedBy}
                  onChange={(e) => setS({ ...s, agreedBy: e.currentTarget.value })}
                  data={['participant', 'guardian'].map((x) => ({ value: x, label: t(`caseload.plan.agreedBy.${x}`) }))}
                  miw={160}
                />
                <NativeSelect
                  label={t('caseload.plan.method')}
                  value={s.method}
                  onChange={(e) => setS({ ...s, method: e.currentTarget.value })}
                  data={AGREEMENT_METHODS.map((x) => ({ value: x, label: t(`caseload.plan.methods.${x}`) }))}
                  miw={160}
                />
                <TextInput type="date" label={t('caseload.plan.agreedOn')} value={s.agreedOn} onChange={(e) => setS({ ...s, agreedOn: e.currentTarget.value })} error={errors.agreedOn} miw={160} />
              </Group>
            )}
          </Stack>
        </Fieldset>
        <Group gap="sm">
          <Button type="submit" loading={save.isPending}>
            {t('caseload.plan.save')}
          </Button>
          <Button variant="default" onClick={props.onCancel}>
            {t('common.cancel')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
