import { Button, Card, Fieldset, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../app/ui/ErrorAlert';
import { useServerFieldError } from '../../app/ui/errors';
import { focusFirstError } from '../../app/ui/forms';
import { LoadFailed, PageLoader } from '../../app/ui/StatusPages';
import { billingSettingsKey, getBillingSettings, putBillingSettings, type BillingSettings } from './billing.api';

type Field =
  | 'providerName'
  | 'npi'
  | 'taxId'
  | 'taxonomy'
  | 'line1'
  | 'line2'
  | 'city'
  | 'state'
  | 'postalCode'
  | 'submitterName'
  | 'submitterId'
  | 'contactName'
  | 'phone'
  | 'defaultDiagnosisCode';
type Values = Record<Field, string>;

const valuesOf = (s: BillingSettings): Values => ({
  providerName: s.billingProvider?.name ?? '',
  npi: s.billingProvider?.npi ?? '',
  taxId: s.billingProvider?.taxId ?? '',
  taxonomy: s.billingProvider?.taxonomy ?? '251S00000X',
  line1: s.billingProvider?.address.line1 ?? '',
  line2: s.billingProvider?.address.line2 ?? '',
  city: s.billingProvider?.address.city ?? '',
  state: s.billingProvider?.address.state ?? '',
  postalCode: s.billingProvider?.address.postalCode ?? '',
  submitterName: s.submitter?.name ?? '',
  submitterId: s.submitter?.id ?? '',
  contactName: s.submitter?.contactName ?? '',
  phone: s.submitter?.phone ?? '',
  defaultDiagnosisCode: s.defaultDiagnosisCode ?? '',
});

/** Where the server names a field of this form (`billingProvider.npi` → `npi`). */
const SERVER_FIELD: Record<Field, string> = {
  providerName: 'billingProvider.name',
  npi: 'billingProvider.npi',
  taxId: 'billingProvider.taxId',
  taxonomy: 'billingProvider.taxonomy',
  line1: 'billingProvider.address.line1',
  line2: 'billingProvider.address.line2',
  city: 'billingProvider.address.city',
  state: 'billingProvider.address.state',
  postalCode: 'billingProvider.address.postalCode',
  submitterName: 'submitter.name',
  submitterId: 'submitter.id',
  contactName: 'submitter.contactName',
  phone: 'submitter.phone',
  defaultDiagnosisCode: 'defaultDiagnosisCode',
};

/**
 * The organization's billing identity for 837P files: the billing provider (NPI, EIN, taxonomy,
 * a 9-digit ZIP as loop 2010AA requires) and the submitter the receiver knows.
 */
export function BillingIdentity() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const serverFieldError = useServerFieldError();
  const form = useRef<HTMLFormElement>(null);
  const settings = useQuery({ queryKey: billingSettingsKey, queryFn: getBillingSettings });
  const [v, setV] = useState<Values | null>(null);
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [status, setStatus] = useState('');
  useEffect(() => {
    if (settings.data) setV(valuesOf(settings.data));
  }, [settings.data]);
  const save = useMutation({
    mutationFn: putBillingSettings,
    onSuccess: (res) => {
      queryClient.setQueryData(billingSettingsKey, res);
      setStatus(t('billing.identity.saved'));
    },
  });

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (!v || !settings.data) return;
    const x = Object.fromEntries(Object.entries(v).map(([k, val]) => [k, val.trim()])) as Values;
    const found: Partial<Record<Field, string>> = {};
    const provider = ['providerName', 'npi', 'taxId', 'line1', 'city', 'state', 'postalCode'].some((k) => x[k as Field]);
    if (provider) {
      if (!x.providerName) found.providerName = t('billing.identity.required');
      if (!/^\d{10}$/.test(x.npi)) found.npi = t('billing.identity.npiInvalid');
      if (!/^\d{2}-?\d{7}$/.test(x.taxId)) found.taxId = t('billing.identity.einInvalid');
      if (!/^[0-9A-Z]{9}X$/.test(x.taxonomy)) found.taxonomy = t('billing.identity.taxonomyInvalid');
      if (!x.line1) found.line1 = t('billing.identity.required');
      if (!x.city) found.city = t('billing.identity.required');
      if (!/^[A-Z]{2}$/.test(x.state)) found.state = t('billing.identity.stateInvalid');
      if (!/^\d{5}-?\d{4}$/.test(x.postalCode)) found.postalCode = t('billing.identity.zipInvalid');
    }
    const submitter = ['submitterName', 'submitterId', 'contactName', 'phone'].some((k) => x[k as Field]);
    if (submitter) {
      if (!x.submitterName) found.submitterName = t('billing.identity.required');
      if (!x.submitterId || x.submitterId.length > 15) found.submitterId = t('billing.identity.submitterIdInvalid');
      if (!x.contactName) found.contactName = t('billing.identity.required');
      if (!/^\d{3}-?\d{3}-?\d{4}$/.test(x.phone)) found.phone = t('billing.identity.phoneInvalid');
    }
    setErrors(found);
    if (Object.keys(found).length > 0) {
      setTimeout(() => focusFirstError(form.current), 0);
      return;
    }
    setStatus('');
    save.mutate({
      fundingOrder: settings.data.fundingOrder,
      billingProvider: provider
        ? {
            name: x.providerName,
            npi: x.npi,
            taxId: x.taxId,
            taxonomy: x.taxonomy,
            address: { line1: x.line1, line2: x.line2 || null, city: x.city, state: x.state, postalCode: x.postalCode },
          }
        : null,
      submitter: submitter ? { name: x.submitterName, id: x.submitterId, contactName: x.contactName, phone: x.phone } : null,
      defaultDiagnosisCode: x.defaultDiagnosisCode || null,
    });
  };

  const input = (k: Field, extra: { description?: string; maw?: number } = {}) =>
    v && (
      <TextInput
        label={t(`billing.identity.fields.${k}`)}
        description={extra.description}
        value={v[k]}
        onChange={(e) => {
          const value = k === 'state' || k === 'taxonomy' ? e.currentTarget.value.toUpperCase() : e.currentTarget.value;
          setV((y) => (y ? { ...y, [k]: value } : y));
        }}
        error={errors[k] ?? serverFieldError(save.error, SERVER_FIELD[k])}
        miw={extra.maw ? undefined : 180}
        maw={extra.maw}
      />
    );

  return (
    <Card withBorder component="section" aria-labelledby="identity-title" padding="lg">
      <Stack gap="sm">
        <Title order={2} fz={20} id="identity-title">
          {t('billing.identity.title')}
        </Title>
        <Text size="sm">{t('billing.identity.intro')}</Text>
        {settings.isPending ? (
          <PageLoader />
        ) : settings.isError ? (
          <LoadFailed error={settings.error} onRetry={() => void settings.refetch()} />
        ) : v ? (
          <form ref={form} noValidate onSubmit={onSubmit} aria-labelledby="identity-title">
            <Stack gap="md" maw={680}>
              <ErrorAlert error={save.error} />
              <Fieldset legend={t('billing.identity.provider')}>
                <Stack gap="sm">
                  {input('providerName')}
                  <Group grow wrap="wrap" gap="sm" align="flex-start">
                    {input('npi')}
                    {input('taxId')}
                    {input('taxonomy', { description: t('billing.identity.taxonomyHint') })}
                  </Group>
                  {input('line1')}
                  {input('line2')}
                  <Group grow wrap="wrap" gap="sm" align="flex-start">
                    {input('city')}
                    {input('state')}
                    {input('postalCode', { description: t('billing.identity.zipHint') })}
                  </Group>
                </Stack>
              </Fieldset>
              <Fieldset legend={t('billing.identity.submitter')}>
                <Stack gap="sm">
                  <Group grow wrap="wrap" gap="sm" align="flex-start">
                    {input('submitterName')}
                    {input('submitterId', { description: t('billing.identity.submitterIdHint') })}
                  </Group>
                  <Group grow wrap="wrap" gap="sm" align="flex-start">
                    {input('contactName')}
                    {input('phone')}
                  </Group>
                </Stack>
              </Fieldset>
              {input('defaultDiagnosisCode', { description: t('billing.identity.diagnosisHint') })}
              <Group>
                <Button type="submit" variant="default" loading={save.isPending}>
                  {t('billing.identity.save')}
                </Button>
              </Group>
              <div role="status" aria-live="polite" className="status-ok">
                {status}
              </div>
            </Stack>
          </form>
        ) : null}
      </Stack>
    </Card>
  );
}
