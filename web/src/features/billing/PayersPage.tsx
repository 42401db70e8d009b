import { Anchor, Badge, Button, Card, Checkbox, Group, NativeSelect, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useFormat } from '../../app/format';
import { ErrorAlert } from '../../app/ui/ErrorAlert';
import { useServerFieldError } from '../../app/ui/errors';
import { focusFirstError } from '../../app/ui/forms';
import { Page } from '../../app/ui/Page';
import { LoadFailed, PageLoader } from '../../app/ui/StatusPages';
import { caseloadKeys, getCaseloadSettings, putCaseloadSettings, type CaseloadSettings } from '../caseload/caseload.api';
import '../caseload/caseload.css';
import { listParticipants } from '../participants/participants.api';
import { BillingIdentity } from './BillingIdentity';
import {
  PAYER_MODALITIES,
  PAYER_TYPES,
  ROUNDING_BASES,
  ROUNDING_RULES,
  billingKeys,
  centsOf,
  createPayer,
  dollarsOf,
  listPayers,
  updatePayer,
  type Payer,
  type PayerInput,
} from './billing.api';

interface FormValues {
  name: string;
  type: string;
  serviceCode: string;
  unitMinutes: string;
  rounding: string;
  roundingBasis: string;
  dailyMaxUnits: string;
  rate: string;
  placesOfService: string;
  modalities: string[];
  requiresCosign: boolean;
  requiresRenderingNpi: boolean;
  x12PayerId: string;
  active: boolean;
}

const formOf = (p: Payer | null): FormValues => ({
  name: p?.name ?? '',
  type: p?.type ?? 'medicaid',
  serviceCode: p?.serviceCode ?? 'H0038',
  unitMinutes: String(p?.unitMinutes ?? 15),
  rounding: p?.rounding ?? 'cms-8-minute',
  roundingBasis: p?.roundingBasis ?? 'encounter',
  dailyMaxUnits: p?.dailyMaxUnits == null ? '' : String(p.dailyMaxUnits),
  rate: p ? dollarsOf(p.ratePerUnit) : '',
  placesOfService: (p?.placesOfService ?? ['02', '04', '10', '11', '12', '15', '53', '57', '99']).join(', '),
  modalities: p?.modalities ?? [...PAYER_MODALITIES],
  requiresCosign: p?.requiresCosign ?? false,
  requiresRenderingNpi: p?.requiresRenderingNpi ?? false,
  x12PayerId: p?.x12PayerId ?? '',
  active: p?.active ?? true,
});

type Field = 'name' | 'serviceCode' | 'unitMinutes' | 'dailyMaxUnits' | 'rate' | 'placesOfService' | 'modalities';

function PayerForm(props: { payer: Payer | null; onDone: (p: Payer) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const serverFieldError = useServerFieldError();
  const form = useRef<HTMLFormElement>(null);
  const [v, setV] = useState<FormValues>(() => formOf(props.payer));
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const save = useMutation({
    mutationFn: (input: PayerInput) => (props.payer ? updatePayer(props.payer.id, input) : createPayer(input)),
    onSuccess: props.onDone,
  });
  useEffect(() => {
    form.current?.querySelector<HTMLInputElement>('input')?.focus();
  }, []);
  const set = (k: keyof FormValues) => (e: { currentTarget: { value: string } }) => {
    const value = e.currentTarget.value;
    setV((x) => ({ ...x, [k]: value }));
  };

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const found: Partial<Record<Field, string>> = {};
    if (!v.name.trim()) found.name = t('billing.payers.nameRequired');
    if (!/^[A-Z0-9]{5}$/.test(v.serviceCode.trim())) found.serviceCode = t('billing.payers.codeInvalid');
    const unit = Number(v.unitMinutes);
    if (!Number.isInteger(unit) || unit < 1 || unit > 240) found.unitMinutes = t('billing.payers.unitInvalid');
    const cap = v.dailyMaxUnits.trim() === '' ? null : Number(v.dailyMaxUnits);
    if (cap !== null && (!Number.isInteger(cap) || cap < 1 || cap > 1000)) found.dailyMaxUnits = t('billing.payers.capInvalid');
    const cents = centsOf(v.rate);
    if (cents === null) found.rate = t('billing.payers.rateInvalid');
    const places = v.placesOfService.split(/[\s,]+/).filter(Boolean);
    if (places.length === 0 || places.some((p) => !/^\d{2}$/.test(p))) found.placesOfService = t('billing.payers.placesInvalid');
    if (v.modalities.length === 0) found.modalities = t('billing.payers.modalitiesRequired');
    setErrors(found);
    if (Object.keys(found).length > 0) {
      setTimeout(() => focusFirstError(form.current), 0);
      return;
    }
    save.mutate({
      name: v.name.trim(),
      type: v.type as PayerInput['type'],
      serviceCode: v.serviceCode.trim(),
      unitMinutes: unit,
      rounding: v.rounding as PayerInput['rounding'],
      roundingBasis: v.roundingBasis as PayerInput['roundingBasis'],
      dailyMaxUnits: cap,
      ratePerUnit: cents!,
      placesOfService: places,
      modalities: v.modalities,
      requiresCosign: v.requiresCosign,
      requiresRenderingNpi: v.requiresRenderingNpi,
      x12PayerId: v.x12PayerId.trim() || null,
      active: v.active,
    });
  };

  const titleId = 'payer-form-title';
  return (
    <Card withBorder component="section" aria-labelledby={titleId} padding="lg">
      <Stack gap="md">
        <Title order={2} fz={20} id={titleId}>
          {props.payer ? t('billing.payers.editTitle', { name: props.payer.name }) : t('billing.payers.addTitle')}
        </Title>
        <ErrorAlert error={save.error} />
        <form ref={form} noValidate onSubmit={onSubmit} aria-labelledby={titleId}>
          <Stack gap="md" maw={640}>
            <TextInput label={t('billing.payers.name')} required value={v.name} onChange={set('name')} error={errors.name ?? serverFieldError(save.error, 'name')} />
            <Group grow wrap="wrap" gap="sm" align="flex-start">
              <NativeSelect label={t('billing.payers.type')} value={v.type} onChange={set('type')} data={PAYER_TYPES.map((x) => ({ value: x, label: t(`billing.payerTypes.${x}`) }))} miw={160} />
              <TextInput
                label={t('billing.payers.serviceCode')}
                description={t('billing.payers.serviceCodeHint')}
                value={v.serviceCode}
                onChange={(e) => {
                  const value = e.currentTarget.value.toUpperCase();
                  setV((x) => ({ ...x, serviceCode: value }));
                }}
                error={errors.serviceCode ?? serverFieldError(save.error, 'serviceCode')}
                miw={160}
              />
            </Group>
            <Group grow wrap="wrap" gap="sm" align="flex-start">
              <TextInput type="number" min={1} max={240} label={t('billing.payers.unitMinutes')} value={v.unitMinutes} onChange={set('unitMinutes')} error={errors.unitMinutes} miw={140} />
              <NativeSelect
                label={t('billing.payers.rounding')}
                value={v.rounding}
                onChange={set('rounding')}
                data={ROUNDING_RULES.map((x) => ({ value: x, label: t(`billing.rounding.${x}`) }))}
                miw={200}
              />
              <NativeSelect
                label={t('billing.payers.roundingBasis')}
                value={v.roundingBasis}
                onChange={set('roundingBasis')}
                data={ROUNDING_BASES.map((x) => ({ value: x, label: t(`billing.basis.${x}`) }))}
                miw={160}
              />
            </Group>
            <Group grow wrap="wrap" gap="sm" align="flex-start">
              <TextInput
                type="number"
                min={1}
                label={t('billing.payers.dailyMax')}
                description={t('billing.payers.dailyMaxHint')}
                value={v.dailyMaxUnits}
                onChange={set('dailyMaxUnits')}
                error={errors.dailyMaxUnits}
                miw={160}
              />
              <TextInput
                inputMode="decimal"
                label={t('billing.payers.rate')}
                description={t('billing.payers.rateHint')}
                required
                value={v.rate}
                onChange={set('rate')}
                error={errors.rate ?? serverFieldError(save.error, 'ratePerUnit')}
                miw={160}
              />
            </Group>
            <TextInput
              label={t('billing.payers.places')}
              description={t('billing.payers.placesHint')}
              value={v.placesOfService}
              onChange={set('placesOfService')}
              error={errors.placesOfService ?? serverFieldError(save.error, 'placesOfService')}
            />
            <Checkbox.Group
              label={t('billing.payers.modalities')}
              value={v.modalities}
              onChange={(m) => setV((x) => ({ ...x, modalities: m }))}
              error={errors.modalities}
            >
              <Group gap="md" mt={4}>
                {PAYER_MODALITIES.map((m) => (
                  <Checkbox key={m} value={m} label={t(`caseload.modalities.${m}`)} />
                ))}
              </Group>
            </Checkbox.Group>
            <TextInput label={t('billing.payers.x12PayerId')} description={t('billing.payers.x12PayerIdHint')} value={v.x12PayerId} onChange={set('x12PayerId')} error={serverFieldError(save.error, 'x12PayerId')} />
            <Checkbox label={t('billing.payers.requiresCosign')} checked={v.requiresCosign} onChange={(e) => setV({ ...v, requiresCosign: e.currentTarget.checked })} />
            <Checkbox
              label={t('billing.payers.requiresRenderingNpi')}
              checked={v.requiresRenderingNpi}
              onChange={(e) => setV({ ...v, requiresRenderingNpi: e.currentTarget.checked })}
            />
            {props.payer && <Checkbox label={t('billing.payers.active')} checked={v.active} onChange={(e) => setV({ ...v, active: e.currentTarget.checked })} />}
            <Group gap="sm">
              <Button type="submit" loading={save.isPending}>
                {props.payer ? t('billing.payers.saveChanges') : t('billing.payers.create')}
              </Button>
              <Button variant="default" onClick={props.onCancel}>
                {t('common.cancel')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Stack>
    </Card>
  );
}

/** Organization-wide co-signature rules (issue 4): all notes, new peers' notes, or notes that bill. */
function CosignSettings() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const settings = useQuery({ queryKey: caseloadKeys.settings, queryFn: getCaseloadSettings });
  const [s, setS] = useState<CaseloadSettings | null>(null);
  const [months, setMonths] = useState('');
  const [status, setStatus] = useState('');
  useEffect(() => {
    if (settings.data) {
      setS(settings.data);
      setMonths(settings.data.cosign.newPeerMonths == null ? '' : String(settings.data.cosign.newPeerMonths));
    }
  }, [settings.data]);
  const save = useMutation({
    mutationFn: putCaseloadSettings,
    onSuccess: (res) => {
      queryClient.setQueryData(caseloadKeys.settings, res);
      setStatus(t('billing.cosign.saved'));
    },
  });
  const monthsNumber = months.trim() === '' ? null : Number(months);
  const monthsError = monthsNumber !== null && (!Number.isInteger(monthsNumber) || monthsNumber < 1 || monthsNumber > 120) ? t('billing.cosign.monthsInvalid') : undefined;
  return (
    <Card withBorder component="section" aria-labelledby="cosign-title" padding="lg">
      <Stack gap="sm">
        <Title order={2} fz={20} id="cosign-title">
          {t('billing.cosign.title')}
        </Title>
        <Text size="sm">{t('billing.cosign.intro')}</Text>
        {settings.isPending ? (
          <PageLoader />
        ) : settings.isError ? (
          <LoadFailed error={settings.error} onRetry={() => void settings.refetch()} />
        ) : s ? (
          <form
            noValidate
            aria-labelledby="cosign-title"
            onSubmit={(e) => {
              e.preventDefault();
              if (monthsError) return;
              setStatus('');
              save.mutate({ ...s, cosign: { ...s.cosign, newPeerMonths: monthsNumber } });
            }}
          >
            <Stack gap="sm" maw={560}>
              <ErrorAlert error={save.error} />
              <Checkbox label={t('billing.cosign.all')} checked={s.cosign.all} onChange={(e) => setS({ ...s, cosign: { ...s.cosign, all: e.currentTarget.checked } })} />
              <Checkbox label={t('billing.cosign.billing')} checked={s.cosign.billing} onChange={(e) => setS({ ...s, cosign: { ...s.cosign, billing: e.currentTarget.checked } })} />
              <TextInput
                type="number"
                min={1}
                max={120}
                label={t('billing.cosign.months')}
                description={t('billing.cosign.monthsHint')}
                value={months}
                onChange={(e) => setMonths(e.currentTarget.value)}
                error={monthsError}
                maw={260}
              />
              {/* Off by default: a new note starts with no activity ticked (issue 17). */}
              <Checkbox
                label={t('notes.startWithLastActivities')}
                checked={s.startWithLastActivities}
                onChange={(e) => setS({ ...s, startWithLastActivities: e.currentTarget.checked })}
              />
              <Group>
                <Button type="submit" variant="default" loading={save.isPending}>
                  {t('billing.cosign.save')}
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

/** Picks a participant to record coverage for (the coverage form lives on its own page). */
function CoverageChooser() {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const [search, setSearch] = useState('');
  const people = useQuery({ queryKey: ['participants', 'coverage-chooser', search], queryFn: () => listParticipants({ page: 1, pageSize: 20, q: search || undefined }) });
  return (
    <Card withBorder component="section" aria-labelledby="coverage-chooser" padding="lg">
      <Stack gap="sm">
        <Title order={2} fz={20} id="coverage-chooser">
          {t('billing.coverage.chooseTitle')}
        </Title>
        <form
          role="search"
          aria-label={t('billing.coverage.searchLabel')}
          onSubmit={(e) => {
            e.preventDefault();
            setSearch(q.trim());
          }}
        >
          <Group align="flex-end" gap="sm">
            <TextInput type="search" label={t('billing.coverage.search')} value={q} onChange={(e) => setQ(e.currentTarget.value)} style={{ flex: '1 1 12rem', maxWidth: '22rem' }} />
            <Button type="submit" variant="default">
              {t('common.search')}
            </Button>
          </Group>
        </form>
        {people.isPending ? (
          <PageLoader />
        ) : people.isError ? (
          <LoadFailed error={people.error} onRetry={() => void people.refetch()} />
        ) : people.data.items.length === 0 ? (
          <Text size="sm">{t('billing.coverage.noPeople')}</Text>
        ) : (
          <ul className="plain-list" style={{ gap: '0.25rem' }}>
            {people.data.items.map((p) => (
              <li key={p.id}>
                <Anchor component={Link} to={`/participants/${p.id}/coverage`}>
                  {t('billing.coverage.linkFor', { name: p.displayName })}
                </Anchor>
              </li>
            ))}
          </ul>
        )}
      </Stack>
    </Card>
  );
}

/** Billing administration: payers and their unit rules, co-signature rules, coverages. */
export default function PayersPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const queryClient = useQueryClient();
  const payers = useQuery({ queryKey: billingKeys.payers, queryFn: listPayers });
  const [editing, setEditing] = useState<Payer | 'new' | null>(null);
  const [status, setStatus] = useState('');
  const addButton = useRef<HTMLButtonElement>(null);

  return (
    <Page
      title={t('billing.payers.title')}
      actions={
        editing === null && (
          <Button ref={addButton} onClick={() => setEditing('new')}>
            {t('billing.payers.add')}
          </Button>
        )
      }
    >
      <Text>{t('billing.payers.intro')}</Text>
      <Anchor component={Link} to="/admin/claims">
        {t('billing.payers.toClaims')}
      </Anchor>
      {editing !== null && (
        <PayerForm
          key={editing === 'new' ? 'new' : editing.id}
          payer={editing === 'new' ? null : editing}
          onCancel={() => {
            setEditing(null);
            setTimeout(() => addButton.current?.focus(), 0);
          }}
          onDone={(p) => {
            setStatus(editing === 'new' ? t('billing.payers.created', { name: p.name }) : t('billing.payers.updated', { name: p.name }));
            setEditing(null);
            void queryClient.invalidateQueries({ queryKey: billingKeys.payers });
          }}
        />
      )}
      <div role="status" aria-live="polite" className="status-ok">
        {status}
      </div>
      {payers.isPending ? (
        <PageLoader />
      ) : payers.isError ? (
        <LoadFailed error={payers.error} onRetry={() => void payers.refetch()} />
      ) : payers.data.items.length === 0 ? (
        <Text>{t('billing.payers.none')}</Text>
      ) : (
        <div className="table-scroll" role="region" aria-labelledby="payers-caption" tabIndex={0}>
          <Table striped verticalSpacing="sm" miw={760}>
            <caption id="payers-caption" className="table-caption">
              {t('billing.payers.caption')}
            </caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('billing.payers.name')}</Table.Th>
                <Table.Th scope="col">{t('billing.payers.type')}</Table.Th>
                <Table.Th scope="col">{t('billing.payers.serviceCode')}</Table.Th>
                <Table.Th scope="col">{t('billing.payers.unitRule')}</Table.Th>
                <Table.Th scope="col">{t('billing.payers.dailyMax')}</Table.Th>
                <Table.Th scope="col">{t('billing.payers.rate')}</Table.Th>
                <Table.Th scope="col">{t('billing.payers.status')}</Table.Th>
                <Table.Th scope="col">{t('billing.payers.actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {payers.data.items.map((p) => (
                <Table.Tr key={p.id} data-payer={p.name}>
                  <Table.Td fw={600}>{p.name}</Table.Td>
                  <Table.Td>{t(`billing.payerTypes.${p.type}`)}</Table.Td>
                  <Table.Td>{p.serviceCode}</Table.Td>
                  <Table.Td>
                    {t('billing.payers.unitRuleText', { minutes: p.unitMinutes, rule: t(`billing.rounding.${p.rounding}`), basis: t(`billing.basis.${p.roundingBasis}`) })}
                  </Table.Td>
                  <Table.Td>{p.dailyMaxUnits ?? t('billing.payers.noCap')}</Table.Td>
                  <Table.Td>{new Intl.NumberFormat(f.locale, { style: 'currency', currency: 'USD' }).format(p.ratePerUnit / 100)}</Table.Td>
                  <Table.Td>
                    <Group gap={4}>
                      <Badge color={p.active ? 'teal.9' : 'gray.7'} variant="filled">
                        {p.active ? t('billing.payers.activeBadge') : t('billing.payers.inactiveBadge')}
                      </Badge>
                      {p.requiresCosign && (
                        <Badge color="blue.9" variant="outline">
                          {t('billing.payers.cosignBadge')}
                        </Badge>
                      )}
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <Button size="xs" variant="default" onClick={() => setEditing(p)} aria-label={t('billing.payers.editNamed', { name: p.name })}>
                      {t('billing.payers.edit')}
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </div>
      )}
      <CoverageChooser />
      <BillingIdentity />
      <CosignSettings />
    </Page>
  );
}
