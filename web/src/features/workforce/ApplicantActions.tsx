import { Button, Group, NativeSelect, Radio, Stack, Text, Textarea } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../app/api';
import { certKeys, recordEligibility, revokeReference, type Applicant } from './certification.api';
import { useWords } from './certification.hooks';

type Outcome = 'meets' | 'does-not-meet' | 'not-assessed';
const OUTCOMES: Outcome[] = ['meets', 'does-not-meet', 'not-assessed'];

/**
 * Records whether one of the body's eligibility rules applies to the applicant, and why: the
 * applicant reads the rule, its source and this reason, so the reason is required (never silent).
 */
export function EligibilityForm({ applicant }: { applicant: Applicant }) {
  const { t } = useTranslation();
  const words = useWords();
  const qc = useQueryClient();
  const [rule, setRule] = useState(applicant.eligibility[0]?.code ?? '');
  const [outcome, setOutcome] = useState<Outcome | ''>('');
  const [reason, setReason] = useState('');
  const [outcomeMissing, setOutcomeMissing] = useState(false);
  const save = useMutation({
    mutationFn: () => recordEligibility(applicant.id, { rule, outcome: outcome as Outcome, reason }),
    onSuccess: (data) => {
      qc.setQueryData(certKeys.applicant(applicant.id), data);
      void qc.invalidateQueries({ queryKey: ['certification'] });
      setOutcome('');
      setReason('');
    },
  });
  const fieldError = (f: string) => (isApiError(save.error) ? save.error.fieldError(f) : undefined);
  if (applicant.eligibility.length === 0) return null;
  return (
    <form
      aria-labelledby="elig-form-title"
      onSubmit={(e) => {
        e.preventDefault();
        if (!outcome) {
          setOutcomeMissing(true);
          return;
        }
        setOutcomeMissing(false);
        save.mutate();
      }}
    >
      <Stack gap="xs" mt="sm">
        <Text fw={600} id="elig-form-title">
          {t('certification.recordFinding')}
        </Text>
        <NativeSelect label={t('certification.rule')} value={rule} onChange={(e) => setRule(e.currentTarget.value)} data={applicant.eligibility.map((r) => ({ value: r.code, label: words(r.title) }))} error={fieldError('rule')} />
        <Radio.Group label={t('certification.finding')} value={outcome} onChange={(v) => setOutcome(v as Outcome)} withAsterisk error={outcomeMissing ? t('certification.chooseFinding') : fieldError('outcome')}>
          <Group gap="md" mt={4}>
            {OUTCOMES.map((o) => (
              <Radio key={o} value={o} label={t(`certification.outcome.${o}`)} />
            ))}
          </Group>
        </Radio.Group>
        <Textarea label={t('certification.reason')} description={t('certification.reasonHelp')} value={reason} onChange={(e) => setReason(e.currentTarget.value)} required autosize minRows={2} maxLength={2000} error={fieldError('reason')} />
        <Button type="submit" size="sm" w="fit-content" loading={save.isPending}>
          {t('certification.saveFinding')}
        </Button>
        {save.isSuccess && (
          <Text size="sm" role="status">
            {t('certification.findingSaved')}
          </Text>
        )}
      </Stack>
    </form>
  );
}

/** Withdraws a reference link nobody has answered yet; the referee's link then says it was withdrawn. */
export function RevokeReference({ applicant, reference }: { applicant: Applicant; reference: Applicant['references'][number] }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const revoke = useMutation({
    mutationFn: () => revokeReference(applicant.id, reference.id),
    onSuccess: () => void qc.invalidateQueries({ queryKey: certKeys.applicant(applicant.id) }),
  });
  if (reference.state !== 'active') return null;
  return (
    <>
      {' '}
      <Button size="compact-xs" variant="default" onClick={() => revoke.mutate()} loading={revoke.isPending} aria-label={t('certification.withdrawLinkOf', { name: reference.refereeName })}>
        {t('certification.withdrawLink')}
      </Button>
      {revoke.isError && (
        <Text size="sm" c="red.9" role="alert">
          {isApiError(revoke.error) ? revoke.error.detail : t('certification.withdrawFailed')}
        </Text>
      )}
    </>
  );
}
