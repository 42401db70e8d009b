// The payer form (PayersPage.tsx): a payer's name, type, service code, unit rule, daily cap, rate,
// places of service, modalities, 837P payer ID and co-signature and NPI requirements
// (billing.payer.rules.ts), for a new payer or one being edited.
import { Button, Card, Checkbox, Group, NativeSelect, Stack, TextInput, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../app/ui/ErrorAlert';
import { useServerFieldError } from '../../app/ui/errors';
import { focusFirstError } from '../../app/ui/forms';
import {
  PAYER_MODALITIES,
  PAYER_TYPES,
  ROUNDING_BASES,
  ROUNDING_RULES,
  centsOf,
  createPayer,
  dollarsOf,
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

export function PayerForm(props: { payer: Payer | null; onDone: (p: Payer) => void; onCancel: () => void }) {
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
