import { Alert, Anchor, Button, Card, Group, List, NativeSelect, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { isApiError } from '../../app/api';
import { useFormat } from '../../app/format';
import { ErrorAlert } from '../../app/ui/ErrorAlert';
import { useServerFieldError } from '../../app/ui/errors';
import { focusFirstError } from '../../app/ui/forms';
import { Page } from '../../app/ui/Page';
import { LoadFailed, PageLoader } from '../../app/ui/StatusPages';
import '../caseload/caseload.css';
import { billingKeys, createExport, getExport, listExports, listPayers, previewClaims, type ClaimExport, type ClaimPreview, type Exclusion } from './billing.api';

const firstOfLastMonth = () => {
  const d = new Date();
  return new Date(d.getFullYear(), d.getMonth() - 1, 1);
};
const lastOfLastMonth = () => {
  const d = new Date();
  return new Date(d.getFullYear(), d.getMonth(), 0);
};
const iso = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;

function ExportResult(props: { exp: ClaimExport; headingId: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const e = props.exp;
  const usd = (cents: number) => new Intl.NumberFormat(f.locale, { style: 'currency', currency: 'USD' }).format(cents / 100);
  const money = usd(e.totals.chargeCents);
  const count = (key: string, n: number) => t(`billing.claims.${key}`, { count: n, n: f.number(n) });
  return (
    <Card withBorder component="section" aria-labelledby={props.headingId} padding="lg">
      <Stack gap="sm">
        <Title order={2} fz={20} id={props.headingId}>
          {t('billing.claims.resultTitle', { payer: e.payerName, from: f.date(e.from), to: f.date(e.to) })}
        </Title>
        <Text data-testid="claims-totals">
          {t('billing.claims.totals', { claims: count('claimCount', e.totals.claims), lines: count('lineCount', e.totals.lines), units: count('unitCount', e.totals.units), money, excluded: f.number(e.totals.excluded) })}
        </Text>
        {e.totals.voids.claims > 0 && (
          <Text data-testid="claims-voids">
            {t('billing.claims.voids', {
              claims: e.totals.voids.claims,
              money: usd(e.totals.voids.chargeCents),
            })}
          </Text>
        )}
        <Group>
          <Button component="a" href={e.downloadUrl} download={e.fileName}>
            {t('billing.claims.download', { file: e.fileName })}
          </Button>
        </Group>
        <ExcludedTable excluded={e.excluded} headingId={props.headingId} />
      </Stack>
    </Card>
  );
}

/** Reason words: a held claim's own (billing.claims.heldReasons), else the billing reasons of a note. */
function useReasonLabel() {
  const { t } = useTranslation();
  return (reason: string) => t(`billing.claims.heldReasons.${reason}`, { defaultValue: t(`caseload.billing.reasons.${reason}`, { defaultValue: reason }) });
}

/** The lines an export leaves (or would leave) out, each with its reason and what to do. */
function ExcludedTable(props: { excluded: Exclusion[]; headingId: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const reasonLabel = useReasonLabel();
  if (props.excluded.length === 0) return null;
  return (
    <div className="table-scroll" role="region" aria-labelledby={`${props.headingId}-excluded`} tabIndex={0}>
      <Table striped verticalSpacing="xs" miw={560}>
        <caption id={`${props.headingId}-excluded`} className="table-caption">
          {t('billing.claims.excludedCaption', { count: props.excluded.length })}
        </caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('billing.claims.serviceDate')}</Table.Th>
            <Table.Th scope="col">{t('billing.claims.note')}</Table.Th>
            <Table.Th scope="col">{t('billing.claims.reason')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {props.excluded.map((x) => (
            <Table.Tr key={`${x.encounterId}-${x.participantId}`} data-reason={x.reason}>
              <Table.Td>{f.date(x.serviceDate)}</Table.Td>
              <Table.Td>
                <Anchor component={Link} to={`/caseload/encounters/${x.encounterId}`}>
                  {t('billing.claims.openNote')}
                </Anchor>
              </Table.Td>
              <Table.Td>
                <strong>{reasonLabel(x.reason)}</strong>
                {x.explanation ? ` · ${x.explanation}` : ''}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </div>
  );
}

type SumRow = { key: string; name: string; lines: number; units: number; chargeCents: number };

/** Totals by participant or by peer, largest amount first (the server's order). */
function SumTable(props: { rows: SumRow[]; caption: string; id: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const usd = (cents: number) => new Intl.NumberFormat(f.locale, { style: 'currency', currency: 'USD' }).format(cents / 100);
  return (
    <div className="table-scroll" role="region" aria-labelledby={props.id} tabIndex={0}>
      <Table striped verticalSpacing="xs" horizontalSpacing="xs" fz="sm">
        <caption id={props.id} className="table-caption">
          {props.caption}
        </caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('billing.claims.name')}</Table.Th>
            <Table.Th scope="col" ta="right">
              {t('billing.claims.lines')}
            </Table.Th>
            <Table.Th scope="col" ta="right">
              {t('billing.claims.units')}
            </Table.Th>
            <Table.Th scope="col" ta="right">
              {t('billing.claims.amount')}
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {props.rows.map((r) => (
            <Table.Tr key={r.key}>
              <Table.Th scope="row" fw={500}>
                {r.name}
              </Table.Th>
              <Table.Td ta="right">{f.number(r.lines)}</Table.Td>
              <Table.Td ta="right">{f.number(r.units)}</Table.Td>
              <Table.Td ta="right">{usd(r.chargeCents)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </div>
  );
}

/** What the export would bill now, by participant and peer; nothing is exported. */
function PreviewResult(props: { preview: ClaimPreview }) {
  const { t } = useTranslation();
  const f = useFormat();
  const p = props.preview;
  const usd = (cents: number) => new Intl.NumberFormat(f.locale, { style: 'currency', currency: 'USD' }).format(cents / 100);
  const count = (key: string, n: number) => t(`billing.claims.${key}`, { count: n, n: f.number(n) });
  return (
    <Card withBorder component="section" aria-labelledby="claims-preview" padding="lg" data-testid="claims-preview">
      <Stack gap="sm">
        <Title order={2} fz={20} id="claims-preview" tabIndex={-1} style={{ scrollMarginTop: 72 }}>
          {t('billing.claims.previewTitle', { payer: p.payerName, from: f.date(p.from), to: f.date(p.to) })}
        </Title>
        <Text size="sm" c="dimmed">
          {t('billing.claims.previewNote')}
        </Text>
        {p.missingSettings.length > 0 && (
          <Alert color="yellow" variant="outline" title={t('billing.claims.incompleteTitle')}>
            <Text size="sm">{t('billing.claims.previewIncomplete')}</Text>
            <List size="sm">
              {p.missingSettings.map((x) => (
                <List.Item key={x.field}>{MISSING[x.field] ? t(`billing.claims.missing.${MISSING[x.field]}`) : x.message}</List.Item>
              ))}
            </List>
          </Alert>
        )}
        <Text data-testid="preview-totals">
          {t('billing.claims.previewTotals', {
            claims: count('claimCount', p.totals.claims),
            lines: count('lineCount', p.totals.lines),
            units: count('unitCount', p.totals.units),
            money: usd(p.totals.chargeCents),
            excluded: f.number(p.totals.excluded),
          })}
        </Text>
        {p.byParticipant.length === 0 ? (
          <Text>{t('billing.claims.nothingBilled')}</Text>
        ) : (
          <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
            <SumTable id="preview-participants" caption={t('billing.claims.byParticipant')} rows={p.byParticipant.map((r) => ({ key: r.participantId, ...r }))} />
            <SumTable id="preview-peers" caption={t('billing.claims.byPeer')} rows={p.byPeer.map((r) => ({ key: r.peerId, ...r }))} />
          </SimpleGrid>
        )}
        <ExcludedTable excluded={p.excluded} headingId="claims-preview" />
      </Stack>
    </Card>
  );
}

function PastExport(props: { exp: ClaimExport }) {
  const { t } = useTranslation();
  const f = useFormat();
  const [open, setOpen] = useState(false);
  const one = useQuery({ queryKey: billingKeys.export(props.exp.id), queryFn: () => getExport(props.exp.id), enabled: open });
  const e = props.exp;
  const count = (key: string, n: number) => t(`billing.claims.${key}`, { count: n, n: f.number(n) });
  return (
    <li>
      <Card withBorder padding="sm">
        <Stack gap={6}>
          <Text size="sm" fw={600}>
            {t('billing.claims.pastLine', { payer: e.payerName, from: f.date(e.from), to: f.date(e.to), format: e.format.toUpperCase(), when: f.dateTime(e.createdAt) })}
          </Text>
          <Text size="sm">{t('billing.claims.pastTotals', { lines: count('lineCount', e.totals.lines), units: count('unitCount', e.totals.units), excluded: f.number(e.totals.excluded) })}</Text>
          {e.totals.voids.claims > 0 && <Text size="sm">{t('billing.claims.pastVoids', { claims: e.totals.voids.claims })}</Text>}
          <Group gap="md">
            <Anchor href={e.downloadUrl} download={e.fileName}>
              {t('billing.claims.download', { file: e.fileName })}
            </Anchor>
            {e.totals.excluded > 0 && (
              <Button variant="subtle" size="xs" onClick={() => setOpen((o) => !o)} aria-expanded={open}>
                {open ? t('billing.claims.hideExcluded') : t('billing.claims.showExcluded')}
              </Button>
            )}
          </Group>
          {open && (one.isPending ? <PageLoader /> : one.isError ? <LoadFailed error={one.error} onRetry={() => void one.refetch()} /> : <ExportResult exp={one.data} headingId={`past-${e.id}`} />)}
        </Stack>
      </Card>
    </li>
  );
}

const MISSING: Record<string, string> = { 'settings.billingProvider': 'provider', 'settings.submitter': 'submitter', 'payer.x12PayerId': 'payerId' };

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
