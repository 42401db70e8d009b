// The claims page: the export form and its refusals; the preview (PreviewResult.tsx), the export
// built (ExportResult.tsx), the lines left out (ExcludedTable.tsx) and each past export
// (PastExport.tsx) live in files of their own.
import { Alert, Anchor, Button, Card, Group, List, NativeSelect, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { isApiError } from '../../app/api';
import { ErrorAlert } from '../../app/ui/ErrorAlert';
import { useServerFieldError } from '../../app/ui/errors';
import { focusFirstError } from '../../app/ui/forms';
import { Page } from '../../app/ui/Page';
import { LoadFailed, PageLoader } from '../../app/ui/StatusPages';
import '../caseload/caseload.css';
import { billingKeys, createExport, listExports, listPayers, previewClaims } from './billing.api';
import { ExportResult } from './ExportResult';
import { MISSING } from './missingSettings';
import { PastExport } from './PastExport';
import { PreviewResult } from './PreviewResult';

const firstOfLastMonth = () => {
  const d = new Date();
  return new Date(d.getFullYear(), d.getMonth() - 1, 1);
};
const lastOfLastMonth = () => {
  const d = new Date();
  return new Date(d.getFullYear(), d.getMonth(), 0);
};
const iso = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;

/** The two refusals an admin can act on get their own words; anything else the shared alert. */
function ExportError(props: { error: unknown }) {
  const { t } = useTranslation();
  const e = props.error;
  if (isApiError(e) && e.code === 'nothing-to-export') {
    return (
      <Alert color="red" variant="outline" role="alert" title={t('errors.title')}>
        {t('billing.claims.nothingToExport')}
      </Alert>
    );
  }
  if (isApiError(e) && e.code === 'billing-settings-incomplete') {
    return (
      <Alert color="red" variant="outline" role="alert" title={t('billing.claims.incompleteTitle')}>
        <List size="sm">
          {e.errors.map((x) => (
            <List.Item key={x.field}>{MISSING[x.field] ? t(`billing.claims.missing.${MISSING[x.field]}`) : x.message}</List.Item>
          ))}
        </List>
        <Anchor component={Link} to="/admin/payers">
          {t('billing.claims.fixSettings')}
        </Anchor>
      </Alert>
    );
  }
  return <ErrorAlert error={e} />;
}

/** Claims: choose a payer and dates, build the billable lines, download 837P or CSV, see what was left out and why. */
export default function ClaimsPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const serverFieldError = useServerFieldError();
  const form = useRef<HTMLFormElement>(null);
  const payers = useQuery({ queryKey: billingKeys.payers, queryFn: listPayers });
  const past = useQuery({ queryKey: billingKeys.exports, queryFn: listExports });
  const [v, setV] = useState({ payerId: '', from: iso(firstOfLastMonth()), to: iso(lastOfLastMonth()), format: '837p' as '837p' | 'csv' });
  const [errors, setErrors] = useState<Partial<Record<'payerId' | 'from' | 'to', string>>>({});
  // Most agencies bill one payer: then it is already chosen.
  useEffect(() => {
    const items = payers.data?.items;
    if (items?.length === 1) setV((x) => (x.payerId ? x : { ...x, payerId: items[0]!.id }));
  }, [payers.data]);
  const run = useMutation({
    mutationFn: () => createExport(v),
    onSuccess: () => {
      preview.reset();
      void queryClient.invalidateQueries({ queryKey: billingKeys.exports });
    },
  });
  // A preview reads what the export would bill; it changes nothing, so it is a query-like mutation
  // run on demand (the form's values at the time of the click).
  const preview = useMutation({ mutationFn: () => previewClaims(v) });
  // On a phone the answer is below the form: once shown, its heading comes into view with focus.
  useEffect(() => {
    if (!preview.data) return;
    const heading = document.getElementById('claims-preview');
    heading?.scrollIntoView({ block: 'start' });
    heading?.focus({ preventScroll: true });
  }, [preview.data]);
  const valid = () => {
    const found: typeof errors = {};
    if (!v.payerId) found.payerId = t('billing.claims.payerRequired');
    if (!v.from) found.from = t('billing.claims.fromRequired');
    if (!v.to) found.to = t('billing.claims.toRequired');
    else if (v.from && v.to < v.from) found.to = t('billing.claims.toBeforeFrom');
    setErrors(found);
    if (Object.keys(found).length > 0) {
      setTimeout(() => focusFirstError(form.current), 0);
      return false;
    }
    return true;
  };
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (valid()) run.mutate();
  };
  const onPreview = () => {
    if (valid()) {
      run.reset();
      preview.mutate();
    }
  };

  return (
    <Page title={t('billing.claims.title')}>
      <Text>{t('billing.claims.intro')}</Text>
      <Card withBorder component="section" aria-labelledby="claims-form" padding="lg">
        <Stack gap="md">
          <Title order={2} fz={20} id="claims-form">
            {t('billing.claims.formTitle')}
          </Title>
          <ExportError error={run.error} />
          {preview.error && <ErrorAlert error={preview.error} />}
          {payers.isSuccess && payers.data.items.length === 0 ? (
            <Text>
              {t('billing.claims.noPayers')}{' '}
              <Anchor component={Link} to="/admin/payers">
                {t('billing.coverage.addPayer')}
              </Anchor>
            </Text>
          ) : (
            <form ref={form} noValidate onSubmit={onSubmit} aria-labelledby="claims-form">
              <Stack gap="md" maw={560}>
                <NativeSelect
                  label={t('billing.coverage.payer')}
                  required
                  value={v.payerId}
                  onChange={(e) => {
                    const value = e.currentTarget.value;
                    setV((x) => ({ ...x, payerId: value }));
                  }}
                  data={[{ value: '', label: t('billing.coverage.choosePayer') }, ...(payers.data?.items ?? []).map((p) => ({ value: p.id, label: p.name }))]}
                  error={errors.payerId ?? serverFieldError(run.error, 'payerId')}
                />
                <Group grow wrap="wrap" gap="sm" align="flex-start">
                  <TextInput
                    type="date"
                    label={t('billing.claims.from')}
                    required
                    value={v.from}
                    onChange={(e) => {
                      const value = e.currentTarget.value;
                      setV((x) => ({ ...x, from: value }));
                    }}
                    error={errors.from ?? serverFieldError(run.error, 'from')}
                    miw={160}
                  />
                  <TextInput
                    type="date"
                    label={t('billing.claims.to')}
                    required
                    value={v.to}
                    onChange={(e) => {
                      const value = e.currentTarget.value;
                      setV((x) => ({ ...x, to: value }));
                    }}
                    error={errors.to ?? serverFieldError(run.error, 'to')}
                    miw={160}
                  />
                </Group>
                <NativeSelect
                  label={t('billing.claims.format')}
                  value={v.format}
                  onChange={(e) => {
                    const value = e.currentTarget.value as '837p' | 'csv';
                    setV((x) => ({ ...x, format: value }));
                  }}
                  data={[
                    { value: '837p', label: t('billing.claims.format837p') },
                    { value: 'csv', label: t('billing.claims.formatCsv') },
                  ]}
                />
                <Group>
                  <Button type="button" variant="light" onClick={onPreview} loading={preview.isPending}>
                    {t('billing.claims.previewButton')}
                  </Button>
                  <Button type="submit" loading={run.isPending}>
                    {t('billing.claims.build')}
                  </Button>
                </Group>
              </Stack>
            </form>
          )}
        </Stack>
      </Card>
      {preview.data && !run.data && <PreviewResult preview={preview.data} />}
      {run.data && <ExportResult exp={run.data} headingId="claims-result" />}
      <section aria-labelledby="claims-past">
        <Stack gap="sm">
          <Title order={2} fz={20} id="claims-past">
            {t('billing.claims.pastTitle')}
          </Title>
          {past.isPending ? (
            <PageLoader />
          ) : past.isError ? (
            <LoadFailed error={past.error} onRetry={() => void past.refetch()} />
          ) : past.data.items.length === 0 ? (
            <Text>{t('billing.claims.noPast')}</Text>
          ) : (
            <ul className="plain-list">
              {past.data.items.map((e) => (
                <PastExport key={e.id} exp={e} />
              ))}
            </ul>
          )}
        </Stack>
      </section>
    </Page>
  );
}
