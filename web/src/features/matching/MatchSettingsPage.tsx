import { Button, Card, Group, NumberInput, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { kmToSave, milesFromKm } from '../../app/distance';
import { useFormat } from '../../app/format';
import { ErrorAlert } from '../../app/ui/ErrorAlert';
import { useServerFieldError } from '../../app/ui/errors';
import { focusFirstError } from '../../app/ui/forms';
import { Page } from '../../app/ui/Page';
import { LoadFailed, PageLoader } from '../../app/ui/StatusPages';
import { FieldGroup } from './fields';
import {
  CRITERION_WEIGHTS,
  TUNING_WEIGHTS,
  fetchMatchSettings,
  matchSettingsKey,
  saveMatchWeights,
  type MatchSettings,
  type WeightKey,
} from './matching.api';

type Values = Record<WeightKey, number | string>;
const ALL: readonly WeightKey[] = [...CRITERION_WEIGHTS, ...TUNING_WEIGHTS];

// The distance worth half is shown and typed in miles; the weights keep km (distance.ts).
const toValues = (s: MatchSettings): Values =>
  Object.fromEntries(ALL.map((k) => [k, k === 'distanceHalfKm' && typeof s.weights[k] === 'number' ? milesFromKm(s.weights[k]) : (s.weights[k] ?? '')])) as Values;
const num = (v: number | string) => (typeof v === 'number' ? v : v.trim() === '' ? Number.NaN : Number(v));

/** The same rules the server applies (validateWeights in matching.weights.rules.ts), in the reader's language. */
function check(values: Values, t: (key: string) => string): Partial<Record<WeightKey, string>> {
  const errors: Partial<Record<WeightKey, string>> = {};
  for (const key of ALL) {
    const v = num(values[key]);
    if (!Number.isFinite(v) || v < 0) errors[key] = t('matching.settings.errors.nonNegative');
    else if (key === 'relatedExperienceCredit' && v > 1) errors[key] = t('matching.settings.errors.atMostOne');
    else if ((key === 'distanceHalfKm' || key === 'availabilityTargetMinutes') && v === 0) errors[key] = t('matching.settings.errors.positive');
  }
  return errors;
}

function SettingsForm(props: { settings: MatchSettings }) {
  const { t } = useTranslation();
  const f = useFormat();
  const queryClient = useQueryClient();
  const serverFieldError = useServerFieldError();
  const form = useRef<HTMLFormElement>(null);
  const [values, setValues] = useState<Values>(() => toValues(props.settings));
  const [errors, setErrors] = useState<Partial<Record<WeightKey, string>>>({});
  const [status, setStatus] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: (weights: Record<WeightKey, number> | Record<string, never>) => saveMatchWeights(weights as Record<WeightKey, number>),
    onSuccess: (next, weights) => {
      queryClient.setQueryData(matchSettingsKey, next);
      setValues(toValues(next));
      setStatus(Object.keys(weights).length === 0 ? t('matching.settings.restored') : t('matching.settings.saved'));
      // Matches and proposals are ranked with the new weights from now on.
      void queryClient.invalidateQueries({ queryKey: ['matches'] });
    },
    onError: () => setStatus(null),
  });
  const sfe = (key: WeightKey) => serverFieldError(save.error, `weights.${key}`);

  const total = CRITERION_WEIGHTS.reduce((sum, k) => sum + (Number.isFinite(num(values[k])) && num(values[k]) > 0 ? num(values[k]) : 0), 0);
  const share = (k: WeightKey) => {
    const v = num(values[k]);
    if (!(total > 0) || !Number.isFinite(v) || v < 0) return t('matching.settings.shareNone');
    return t('matching.settings.share', { percent: f.percent(v / total) });
  };

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    setStatus(null);
    const found = check(values, t);
    setErrors(found);
    if (Object.keys(found).length > 0) {
      setTimeout(() => focusFirstError(form.current), 0);
      return;
    }
    const weights = Object.fromEntries(ALL.map((k) => [k, num(values[k])])) as Record<WeightKey, number>;
    weights.distanceHalfKm = kmToSave(weights.distanceHalfKm, props.settings.weights.distanceHalfKm);
    save.mutate(weights);
  };

  const input = (key: WeightKey, extra: { max?: number; step?: number; suffix?: string; description: string }) => (
    <NumberInput
      key={key}
      label={t(`matching.settings.weights.${key}`)}
      description={extra.description}
      value={values[key]}
      onChange={(v) => setValues((old) => ({ ...old, [key]: v }))}
      min={0}
      {...(extra.max !== undefined ? { max: extra.max } : {})}
      step={extra.step ?? 0.05}
      decimalScale={3}
      {...(extra.suffix ? { suffix: extra.suffix } : {})}
      error={errors[key] ?? sfe(key)}
      required
      data-weight={key}
    />
  );

  return (
    <form ref={form} onSubmit={onSubmit} noValidate aria-labelledby="settings-weights-title">
      <Stack gap="lg">
        <Card withBorder component="section" aria-labelledby="settings-weights-title" padding="lg">
          <Stack gap="md">
            <Title order={2} fz={20} id="settings-weights-title">
              {t('matching.settings.criteriaTitle')}
            </Title>
            <FieldGroup legend={t('matching.settings.criteriaLegend')} description={t('matching.settings.criteriaHelp')}>
              <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
                {CRITERION_WEIGHTS.map((k) => input(k, { description: share(k) }))}
              </SimpleGrid>
            </FieldGroup>
          </Stack>
        </Card>
        <Card withBorder component="section" aria-labelledby="settings-tuning-title" padding="lg">
          <Stack gap="md">
            <Title order={2} fz={20} id="settings-tuning-title">
              {t('matching.settings.tuningTitle')}
            </Title>
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
              {input('relatedExperienceCredit', { max: 1, description: t('matching.settings.help.relatedExperienceCredit') })}
              {input('requiredExperienceImportance', { step: 0.5, description: t('matching.settings.help.requiredExperienceImportance') })}
              {input('distanceHalfKm', { step: 1, suffix: ' mi', description: t('matching.settings.help.distanceHalfKm') })}
              {input('availabilityTargetMinutes', { step: 15, description: t('matching.settings.help.availabilityTargetMinutes') })}
            </SimpleGrid>
          </Stack>
        </Card>
        <ErrorAlert error={save.error} />
        <div role="status" aria-live="polite" className="status-ok">
          {status}
        </div>
        <Group gap="sm" wrap="wrap">
          <Button type="submit" loading={save.isPending && save.variables !== undefined && Object.keys(save.variables).length > 0}>
            {t('matching.settings.save')}
          </Button>
          <Button
            variant="default"
            onClick={() => {
              setErrors({});
              setStatus(null);
              save.mutate({});
            }}
            loading={save.isPending && save.variables !== undefined && Object.keys(save.variables).length === 0}
          >
            {t('matching.settings.restore')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** The organization's match weights (issue 3: "weights are per-organization settings with sane defaults"); admins. */
export default function MatchSettingsPage() {
  const { t } = useTranslation();
  const settings = useQuery({ queryKey: matchSettingsKey, queryFn: fetchMatchSettings });
  return (
    <Page title={t('nav.matchSettings')}>
      <Text>{t('matching.settings.intro')}</Text>
      {settings.isPending ? (
        <PageLoader />
      ) : settings.isError ? (
        <LoadFailed error={settings.error} onRetry={() => void settings.refetch()} />
      ) : (
        <SettingsForm settings={settings.data} />
      )}
    </Page>
  );
}
