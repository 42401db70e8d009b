import { Button, Card, Group, NumberInput, Stack, Switch, Text, TextInput, Title } from '@mantine/core';
import { useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../app/format';
import { ErrorAlert, SuccessAlert } from '../../app/ui/ErrorAlert';
import { useServerFieldError } from '../../app/ui/errors';
import { focusAfterRemoval, focusFirstError } from '../../app/ui/forms';
import { kmToSave, milesFromKm } from '../../app/distance';
import { AvailabilityEditor, CheckboxSet, FieldGroup, LanguagesField } from '../matching/fields';
import { MODALITIES, SPECIALTIES, browserTimeZone, splitList, windowProblem, type AvailabilityWindow } from '../matching/vocab';
import { DisclosureControls } from './DisclosureControls';
import type { Certification, Disclosure, Peer, PeerInput } from './peers.api';

export function Section(props: { id: string; title: string; description?: string; list?: string; children: ReactNode }) {
  return (
    <Card withBorder component="section" aria-labelledby={props.id} padding="lg" data-list={props.list}>
      <Stack gap="md">
        <Title order={2} fz={20} id={props.id}>
          {props.title}
        </Title>
        {props.description && <Text size="sm">{props.description}</Text>}
        {props.children}
      </Stack>
    </Card>
  );
}

interface Values {
  displayName: string;
  pronouns: string;
  languages: string[];
  specialties: string[];
  modalities: string[];
  availability: AvailabilityWindow[];
  timeZone: string;
  postalCode: string;
  /** Miles, as typed (the API keeps km: distance.ts). */
  serviceRadiusMiles: number | string;
  maxCaseload: number | string;
  acceptingNew: boolean;
  certifications: Certification[];
  genderIdentity: string;
  raceEthnicity: string;
  birthYear: number | string;
  livedExperience: Disclosure[];
}

const fromPeer = (p: Peer | null, fallbackName: string): Values => ({
  displayName: p?.displayName ?? fallbackName,
  pronouns: p?.pronouns ?? '',
  languages: p?.languages ?? ['en'],
  specialties: p?.specialties ?? [],
  modalities: p?.modalities ?? ['in-person', 'phone'],
  availability: p?.availability ?? [],
  timeZone: p?.timeZone ?? browserTimeZone(),
  postalCode: p?.location.postalCode ?? '',
  serviceRadiusMiles: p?.serviceRadiusKm === null || p?.serviceRadiusKm === undefined ? '' : milesFromKm(p.serviceRadiusKm),
  maxCaseload: p?.maxCaseload ?? 15,
  acceptingNew: p?.acceptingNew ?? true,
  certifications: p?.certifications ?? [],
  genderIdentity: p?.genderIdentity ?? '',
  raceEthnicity: (p?.raceEthnicity ?? []).join(', '),
  birthYear: p?.birthYear ?? '',
  livedExperience: p?.livedExperience ?? [],
});

const orNull = (s: string) => (s.trim() ? s.trim() : null);
const numOrNull = (v: number | string) => (v === '' || v === null ? null : Number(v));

type ErrorField = 'displayName' | 'languages' | 'maxCaseload' | 'serviceRadiusKm' | 'birthYear' | 'availability' | 'certifications';

/**
 * The peer profile form. `own`: the peer edits everything, including what they disclose.
 * `staff`: a supervisor or admin edits the working details; disclosures belong to the peer and are
 * not sent (the server refuses a supervisor's change to them anyway).
 */
export function PeerProfileForm(props: {
  peer: Peer | null;
  mode: 'own' | 'staff';
  fallbackName?: string;
  saving: boolean;
  error: unknown;
  saved: string | null;
  onSave: (input: PeerInput) => void;
  submitLabel: string;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const serverFieldError = useServerFieldError();
  const form = useRef<HTMLFormElement>(null);
  const [values, setValues] = useState<Values>(() => fromPeer(props.peer, props.fallbackName ?? ''));
  const [errors, setErrors] = useState<Partial<Record<ErrorField, string>>>({});
  const [checked, setChecked] = useState(false);
  const set = <K extends keyof Values>(key: K) => (value: Values[K]) => setValues((v) => ({ ...v, [key]: value }));
  const text = (key: 'displayName' | 'pronouns' | 'postalCode' | 'genderIdentity' | 'raceEthnicity') => ({
    value: values[key],
    onChange: (e: { currentTarget: { value: string } }) => set(key)(e.currentTarget.value),
  });
  const sfe = (field: string) => serverFieldError(props.error, field);

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    setChecked(true);
    const found: Partial<Record<ErrorField, string>> = {};
    if (!values.displayName.trim()) found.displayName = t('peers.form.displayNameRequired');
    if (values.languages.length === 0) found.languages = t('matching.form.languageRequired');
    const cap = Number(values.maxCaseload);
    if (values.maxCaseload === '' || !Number.isInteger(cap) || cap < 0 || cap > 500) found.maxCaseload = t('peers.form.capacityInvalid');
    const radius = numOrNull(values.serviceRadiusMiles);
    if (radius !== null && (radius < 0 || radius > 600)) found.serviceRadiusKm = t('peers.form.radiusInvalid');
    const year = numOrNull(values.birthYear);
    if (year !== null && (!Number.isInteger(year) || year < 1900 || year > new Date().getFullYear())) found.birthYear = t('peers.form.birthYearInvalid');
    if (values.availability.some((w) => windowProblem(w))) found.availability = t('matching.form.windowsInvalid');
    if (values.certifications.some((c) => !c.type.trim() || !c.issuer.trim() || !c.expiresOn)) found.certifications = t('peers.form.certificationIncomplete');
    setErrors(found);
    if (Object.keys(found).length > 0) {
      setTimeout(() => focusFirstError(form.current), 0);
      return;
    }
    const input: PeerInput = {
      displayName: values.displayName.trim(),
      pronouns: orNull(values.pronouns),
      languages: values.languages,
      specialties: values.specialties,
      modalities: values.modalities,
      availability: values.availability,
      timeZone: values.timeZone,
      // Coordinates are not typed here (no geocoding yet): keep the stored ones while the postal
      // code stays the same, and drop them when it changes, so distance is never computed from
      // an old place.
      location:
        props.peer && orNull(values.postalCode) === props.peer.location.postalCode
          ? props.peer.location
          : { postalCode: orNull(values.postalCode), lat: null, lon: null },
      serviceRadiusKm: radius === null ? null : kmToSave(radius, props.peer?.serviceRadiusKm),
      maxCaseload: cap,
      acceptingNew: values.acceptingNew,
      certifications: values.certifications.map((c) => ({ ...c, type: c.type.trim(), issuer: c.issuer.trim(), number: c.number.trim() })),
      // Self-identified details and disclosures are the peer's to give; staff forms leave them alone.
      ...(props.mode === 'own'
        ? {
            genderIdentity: orNull(values.genderIdentity),
            raceEthnicity: splitList(values.raceEthnicity),
            birthYear: year,
            livedExperience: values.livedExperience,
          }
        : {}),
    };
    props.onSave(input);
  };

  const setCert = (i: number, patch: Partial<Certification>) =>
    set('certifications')(values.certifications.map((c, j) => (j === i ? { ...c, ...patch } : c)));

  return (
    <form ref={form} onSubmit={onSubmit} noValidate aria-label={props.submitLabel}>
      <Stack gap="lg">
        <Section id="peer-about" title={props.mode === 'own' ? t('peers.form.about') : t('peers.form.aboutStaff')}>
          <TextInput label={t('peers.form.displayName')} required {...text('displayName')} error={errors.displayName ?? sfe('displayName')} maw={420} autoComplete="name" />
          <TextInput label={t('peers.form.pronouns')} description={t('fields.optional')} {...text('pronouns')} maw={240} />
          <LanguagesField legend={t('peers.form.languages')} value={values.languages} onChange={set('languages')} error={errors.languages ?? sfe('languages')} />
          <CheckboxSet
            legend={t('peers.form.specialties')}
            options={SPECIALTIES.map((s) => ({ value: s, label: t(`matching.vocab.specialties.${s}`) }))}
            value={values.specialties}
            onChange={set('specialties')}
          />
        </Section>

        {props.mode === 'own' && (
          <Section id="peer-experience" title={t('peers.disclosure.title')}>
            <DisclosureControls value={values.livedExperience} onChange={set('livedExperience')} />
          </Section>
        )}

        <Section id="peer-meeting" title={props.mode === 'own' ? t('peers.form.meeting') : t('peers.form.meetingStaff')}>
          <CheckboxSet
            legend={t('peers.form.modalities')}
            options={MODALITIES.map((m) => ({ value: m, label: t(`matching.vocab.modalities.${m}`) }))}
            value={values.modalities}
            onChange={set('modalities')}
            error={sfe('modalities')}
          />
          <AvailabilityEditor
            legend={t('peers.form.availability')}
            description={props.mode === 'own' ? t('peers.form.availabilityHint') : t('peers.form.availabilityHintStaff')}
            windows={values.availability}
            onChange={set('availability')}
            showErrors={checked}
            timeZone={{ value: values.timeZone, onChange: set('timeZone') }}
          />
          {errors.availability && (
            <Text size="sm" c="red.9" role="alert">
              {errors.availability}
            </Text>
          )}
          <FieldGroup legend={t('peers.form.serviceArea')} description={props.mode === 'own' ? t('peers.form.serviceAreaHint') : t('peers.form.serviceAreaHintStaff')}>
            <Group gap="sm" align="flex-start" wrap="wrap">
              <TextInput label={t('peers.form.postalCode')} {...text('postalCode')} autoComplete="postal-code" w={160} error={sfe('location.postalCode')} />
              <NumberInput
                label={t('peers.form.radius')}
                value={values.serviceRadiusMiles}
                onChange={set('serviceRadiusMiles')}
                min={0}
                max={600}
                decimalScale={1}
                w={200}
                error={errors.serviceRadiusKm ?? sfe('serviceRadiusKm')}
              />
            </Group>
          </FieldGroup>
        </Section>

        <Section id="peer-capacity" title={t('peers.form.capacity')}>
          <NumberInput
            label={t('peers.form.maxCaseload')}
            description={
              props.peer ? t(props.mode === 'own' ? 'peers.form.currentCaseload' : 'peers.form.currentCaseloadStaff', { count: props.peer.activeCaseload, n: f.number(props.peer.activeCaseload) }) : t('peers.form.maxCaseloadHint')
            }
            value={values.maxCaseload}
            onChange={set('maxCaseload')}
            min={0}
            max={500}
            allowDecimal={false}
            required
            w={260}
            error={errors.maxCaseload ?? sfe('maxCaseload')}
          />
          <Switch
            label={t('peers.form.acceptingNew')}
            description={t('peers.form.acceptingNewHint')}
            checked={values.acceptingNew}
            onChange={(e) => set('acceptingNew')(e.currentTarget.checked)}
          />
        </Section>

        <Section id="peer-certifications" title={t('peers.form.certifications')} list="certifications">
          {values.certifications.length === 0 && <Text size="sm">{t('peers.form.noCertifications')}</Text>}
          {values.certifications.map((c, i) => (
            <FieldGroup key={i} legend={t('peers.form.certificationN', { n: i + 1 })}>
              <Group gap="sm" align="flex-start" wrap="wrap">
                <TextInput label={t('peers.form.certType')} value={c.type} onChange={(e) => setCert(i, { type: e.currentTarget.value })} required w={220} error={checked && !c.type.trim() ? t('peers.form.required') : undefined} />
                <TextInput label={t('peers.form.certIssuer')} value={c.issuer} onChange={(e) => setCert(i, { issuer: e.currentTarget.value })} required w={220} error={checked && !c.issuer.trim() ? t('peers.form.required') : undefined} />
                <TextInput label={t('peers.form.certNumber')} value={c.number} onChange={(e) => setCert(i, { number: e.currentTarget.value })} w={160} />
                <TextInput type="date" label={t('peers.form.certExpires')} value={c.expiresOn} onChange={(e) => setCert(i, { expiresOn: e.currentTarget.value })} required w={170} error={checked && !c.expiresOn ? t('peers.form.required') : undefined} />
                <Button variant="default" mt={25} onClick={(e) => {
                    focusAfterRemoval(e.currentTarget, 'certifications');
                    set('certifications')(values.certifications.filter((_, j) => j !== i));
                  }} aria-label={t('peers.form.removeCertification', { n: i + 1 })}>
                  {t('matching.form.remove')}
                </Button>
              </Group>
            </FieldGroup>
          ))}
          <Group>
            <Button variant="default" data-list-add="certifications" onClick={() => set('certifications')([...values.certifications, { type: '', issuer: '', number: '', expiresOn: '' }])}>
              {t('peers.form.addCertification')}
            </Button>
          </Group>
          {errors.certifications && (
            <Text size="sm" c="red.9" role="alert">
              {errors.certifications}
            </Text>
          )}
        </Section>

        {props.mode === 'own' && (
        <Section id="peer-identity" title={t('peers.form.identity')} description={t('peers.form.identityHint')}>
          <TextInput label={t('peers.form.genderIdentity')} description={t('fields.optional')} {...text('genderIdentity')} maw={320} />
          <TextInput label={t('peers.form.raceEthnicity')} description={t('peers.form.raceEthnicityHint')} {...text('raceEthnicity')} maw={420} />
          <NumberInput
            label={t('peers.form.birthYear')}
            description={t('fields.optional')}
            value={values.birthYear}
            onChange={set('birthYear')}
            min={1900}
            max={2100}
            allowDecimal={false}
            thousandSeparator={false}
            w={180}
            error={errors.birthYear ?? sfe('birthYear')}
          />
        </Section>
        )}

        <ErrorAlert error={props.error} />
        <SuccessAlert>{props.saved}</SuccessAlert>
        <Group>
          <Button type="submit" loading={props.saving}>
            {props.submitLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
