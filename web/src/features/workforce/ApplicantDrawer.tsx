import { Badge, Button, Drawer, Group, List, NativeSelect, NumberInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../app/api';
import { useFormat } from '../../app/format';
import { LoadFailed, PageLoader } from '../../app/ui/StatusPages';
import { EligibilityForm, RevokeReference } from './ApplicantActions';
import { certKeys, getApplicant, requestReference, updateStep, type Applicant, type Pipeline } from './certification.api';
import { useMissingText, useWords } from './certification.hooks';

function HoursForm({ applicant, step, pipeline }: { applicant: Applicant; step: Applicant['steps'][number]; pipeline: Pipeline }) {
  const { t } = useTranslation();
  const words = useWords();
  const domains = pipeline.steps.find((s) => s.code === step.code)?.domains ?? [];
  const qc = useQueryClient();
  const keys = Object.keys(step.required).filter((k) => k !== 'total' || Object.keys(step.required).length === 1);
  const [values, setValues] = useState<Record<string, number | ''>>(Object.fromEntries(keys.map((k) => [k, step.done[k] ?? 0])));
  const save = useMutation({
    mutationFn: () => updateStep(applicant.id, step.code, { hours: Object.fromEntries(Object.entries(values).map(([k, v]) => [k, Number(v || 0)])) }),
    onSuccess: (data) => {
      qc.setQueryData(certKeys.applicant(applicant.id), data);
      void qc.invalidateQueries({ queryKey: ['certification'] });
    },
  });
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <Group align="flex-end" gap="xs">
        {keys.map((k) => (
          <NumberInput
            key={k}
            w={130}
            label={k === 'total' ? t('certification.hours') : t('certification.domainHours', { domain: words(domains.find((d) => d.domain === k)?.title ?? { en: k, es: k }) })}
            min={0}
            max={10000}
            value={values[k] ?? ''}
            onChange={(v) => setValues((prev) => ({ ...prev, [k]: typeof v === 'number' ? v : '' }))}
            error={isApiError(save.error) ? save.error.fieldError(`hours.${k}`) : undefined}
          />
        ))}
        <Button type="submit" size="sm" loading={save.isPending}>
          {t('certification.saveHours')}
        </Button>
      </Group>
    </form>
  );
}

function ReferenceRequest({ applicant }: { applicant: Applicant }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [name, setName] = useState('');
  const [lang, setLang] = useState<'en' | 'es'>(applicant.lang);
  const ask = useMutation({
    mutationFn: () => requestReference(applicant.id, { refereeName: name, lang }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: certKeys.applicant(applicant.id) }),
  });
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        ask.mutate();
      }}
    >
      <Stack gap="xs">
        <Group align="flex-end" gap="xs">
          <TextInput label={t('certification.refereeName')} value={name} onChange={(e) => setName(e.currentTarget.value)} required error={isApiError(ask.error) ? ask.error.fieldError('refereeName') : undefined} />
          <NativeSelect
            label={t('certification.language')}
            value={lang}
            onChange={(e) => setLang(e.currentTarget.value as 'en' | 'es')}
            data={[
              { value: 'en', label: 'English' },
              { value: 'es', label: 'Español' },
            ]}
          />
          <Button type="submit" size="sm" loading={ask.isPending}>
            {t('certification.requestReference')}
          </Button>
        </Group>
        {ask.isSuccess && <TextInput readOnly label={t('certification.linkCreated')} description={t('certification.linkOnce')} value={ask.data.url} onFocus={(e) => e.currentTarget.select()} data-testid="reference-url" />}
      </Stack>
    </form>
  );
}

function Detail({ applicant, pipeline }: { applicant: Applicant; pipeline: Pipeline }) {
  const { t } = useTranslation();
  const f = useFormat();
  const words = useWords();
  const qc = useQueryClient();
  const missingText = useMissingText(pipeline);
  const mark = useMutation({
    mutationFn: (step: string) => updateStep(applicant.id, step, { status: 'done' }),
    onSuccess: (data) => {
      qc.setQueryData(certKeys.applicant(applicant.id), data);
      void qc.invalidateQueries({ queryKey: ['certification'] });
    },
  });
  return (
    <Stack gap="md">
      <Text data-testid="applicant-place">{applicant.currentStep === 'certified' ? t('certification.isCertified') : t('certification.atStep', { step: words(applicant.steps.find((s) => s.code === applicant.currentStep)?.title ?? { en: '', es: '' }), count: applicant.daysInStep })}</Text>
      <section aria-labelledby="appl-steps">
        <Title order={3} size="h5" id="appl-steps">
          {t('certification.steps')}
        </Title>
        <List listStyleType="none" spacing="sm" mt="xs">
          {applicant.steps.map((s) => (
            <List.Item key={s.code}>
              <Stack gap={4}>
                <Group gap="xs">
                  <Text fw={600}>{words(s.title)}</Text>
                  <Badge color={s.complete ? 'teal.9' : s.code === applicant.currentStep ? 'blue.9' : 'gray.7'} variant="filled">
                    {t(`certification.stepStatus.${s.complete ? (s.status === 'waived' ? 'waived' : 'done') : s.status}`)}
                  </Badge>
                </Group>
                {s.days !== null && <Text size="sm">{s.completedAt ? t('certification.tookDays', { count: s.days }) : t('certification.sinceDays', { count: s.days })}</Text>}
                {!s.complete && <Text size="sm">{missingText(s.code, s.missing)}</Text>}
                <Text size="xs" c="dimmed">
                  {t('certification.source', { source: s.source.source, checked: f.date(s.source.checked) })}
                </Text>
                {!s.complete && s.kind === 'check' && (
                  <Button size="xs" variant="light" w="fit-content" onClick={() => mark.mutate(s.code)} loading={mark.isPending && mark.variables === s.code}>
                    {t('certification.markDone')}
                  </Button>
                )}
                {s.kind === 'hours' && <HoursForm applicant={applicant} step={s} pipeline={pipeline} />}
                {s.kind === 'references' && (
                  <>
                    {applicant.references.length > 0 && (
                      <List size="sm">
                        {applicant.references.map((r) => (
                          <List.Item key={r.id}>
                            {r.refereeName}: {t(`certification.referenceState.${r.state}`)}
                            {r.answer && ` · ${t(`certification.recommend.${r.answer.recommend}`)}`}
                            <RevokeReference applicant={applicant} reference={r} />
                          </List.Item>
                        ))}
                      </List>
                    )}
                    {!s.complete && <ReferenceRequest applicant={applicant} />}
                  </>
                )}
              </Stack>
            </List.Item>
          ))}
        </List>
      </section>
      <section aria-labelledby="appl-elig">
        <Title order={3} size="h5" id="appl-elig">
          {t('certification.eligibility')}
        </Title>
        {applicant.eligibility.length === 0 ? (
          <Text size="sm">{t('certification.noEligibilityRules')}</Text>
        ) : (
          <List listStyleType="none" spacing="sm" mt="xs">
            {applicant.eligibility.map((e) => (
              <List.Item key={e.code}>
                <Stack gap={2}>
                  <Group gap="xs">
                    <Text fw={600}>{words(e.title)}</Text>
                    <Badge color={e.outcome === 'does-not-meet' ? 'yellow.3' : e.outcome === 'meets' ? 'teal.9' : 'gray.7'} variant="filled" autoContrast>
                      {t(`certification.outcome.${e.outcome ?? 'none'}`)}
                    </Badge>
                  </Group>
                  <Text size="sm">{words(e.explanation)}</Text>
                  {e.reason && <Text size="sm">{t('certification.why', { reason: e.reason })}</Text>}
                  <Text size="xs" c="dimmed">
                    {t('certification.source', { source: e.source.source, checked: f.date(e.source.checked) })}
                  </Text>
                </Stack>
              </List.Item>
            ))}
          </List>
        )}
        <EligibilityForm applicant={applicant} />
      </section>
    </Stack>
  );
}

/** One applicant: every step with what is missing and how long it took, eligibility with the rule, its source and why. */
export function ApplicantDrawer(props: { id: string | null; pipeline: Pipeline; onClose: () => void }) {
  const { t } = useTranslation();
  const q = useQuery({ queryKey: certKeys.applicant(props.id ?? ''), queryFn: () => getApplicant(props.id!), enabled: props.id !== null });
  return (
    <Drawer opened={props.id !== null} onClose={props.onClose} position="right" size="lg" title={q.data?.name ?? ''} closeButtonProps={{ 'aria-label': t('certification.close') }}>
      {q.isPending ? <PageLoader /> : q.isError ? <LoadFailed error={q.error} onRetry={() => void q.refetch()} /> : <Detail applicant={q.data} pipeline={props.pipeline} />}
    </Drawer>
  );
}
