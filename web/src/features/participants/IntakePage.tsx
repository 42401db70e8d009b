import { Anchor, Button, Checkbox, Group, NativeSelect, Text, TextInput, Stack } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { ErrorAlert } from '../../app/ui/ErrorAlert';
import { useServerFieldError } from '../../app/ui/errors';
import { focusFirstError, isEmail } from '../../app/ui/forms';
import { Page } from '../../app/ui/Page';
import { AvailabilityEditor, CheckboxSet, ExperienceWishes, FieldGroup, LanguagesField } from '../matching/fields';
import { MODALITIES, browserTimeZone, splitList, windowProblem, type AvailabilityWindow, type Importance } from '../matching/vocab';
import { Section } from '../peers/PeerProfileForm';
import { createParticipant, participantKeys, type ParticipantInput } from './participants.api';

type ErrorField = 'givenName' | 'familyName' | 'birthDate' | 'email' | 'languages' | 'availability' | 'peerGender';

const speaksEnglish = (languages: string[]) => languages.some((l) => l === 'en' || l.toLowerCase().startsWith('en-'));

const today = () => {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

/**
 * Intake in under two minutes for the common case: only the two names are required; languages,
 * place and what the person wants in a peer follow, each with a sensible default. The language of
 * the peer is required by default when the person does not speak English (issue 3).
 */
export default function IntakePage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const serverFieldError = useServerFieldError();
  const form = useRef<HTMLFormElement>(null);
  const [v, setV] = useState({
    givenName: '',
    familyName: '',
    preferredName: '',
    pronouns: '',
    birthDate: '',
    phone: '',
    email: '',
    okToText: false,
    okToLeaveVoicemail: false,
    postalCode: '',
    genderIdentity: '',
    raceEthnicity: '',
    peerGender: '',
    peerGenderImportance: 'preferred' as Importance,
    sameRaceEthnicity: false,
    youthPeer: 'auto' as 'auto' | Importance,
  });
  const [languages, setLanguages] = useState<string[]>(['en']);
  // `null`: follow the default (required without English); a choice made by hand sticks.
  const [languageChoice, setLanguageChoice] = useState<Importance | null>(null);
  const [wishes, setWishes] = useState<Array<{ code: string; importance: Importance }>>([]);
  const [modalities, setModalities] = useState<string[]>([...MODALITIES]);
  const [availability, setAvailability] = useState<AvailabilityWindow[]>([]);
  const [timeZone, setTimeZone] = useState(browserTimeZone());
  const [errors, setErrors] = useState<Partial<Record<ErrorField, string>>>({});
  const [checked, setChecked] = useState(false);

  const languageImportance: Importance = languageChoice ?? (speaksEnglish(languages) ? 'preferred' : 'required');

  const create = useMutation({
    mutationFn: createParticipant,
    onSuccess: (p) => {
      void queryClient.invalidateQueries({ queryKey: participantKeys.all });
      void queryClient.invalidateQueries({ queryKey: ['waitlist'] });
      void navigate(`/participants/${p.id}`, { state: { created: true } });
    },
  });

  const text = (key: keyof typeof v) => ({
    value: v[key] as string,
    onChange: (e: { currentTarget: { value: string } }) => {
      const value = e.currentTarget.value;
      setV((old) => ({ ...old, [key]: value }));
    },
  });
  const sfe = (field: string) => serverFieldError(create.error, field);

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    setChecked(true);
    const found: Partial<Record<ErrorField, string>> = {};
    if (!v.givenName.trim()) found.givenName = t('participants.intake.givenNameRequired');
    if (!v.familyName.trim()) found.familyName = t('participants.intake.familyNameRequired');
    if (v.birthDate && v.birthDate > today()) found.birthDate = t('participants.intake.birthDateFuture');
    if (v.email.trim() && !isEmail(v.email)) found.email = t('validation.emailInvalid');
    if (languages.length === 0) found.languages = t('matching.form.languageRequired');
    if (availability.some((w) => windowProblem(w))) found.availability = t('matching.form.windowsInvalid');
    setErrors(found);
    if (Object.keys(found).length > 0) {
      setTimeout(() => focusFirstError(form.current), 0);
      return;
    }
    const orNull = (s: string) => (s.trim() ? s.trim() : null);
    const contact = {
      phone: orNull(v.phone),
      email: orNull(v.email),
      okToText: v.okToText,
      okToLeaveVoicemail: v.okToLeaveVoicemail,
    };
    const input: ParticipantInput = {
      givenName: v.givenName.trim(),
      familyName: v.familyName.trim(),
      preferredName: orNull(v.preferredName),
      pronouns: orNull(v.pronouns),
      birthDate: v.birthDate || null,
      contact: contact.phone || contact.email || contact.okToText || contact.okToLeaveVoicemail ? contact : null,
      languages,
      location: v.postalCode.trim() ? { postalCode: v.postalCode.trim() } : null,
      genderIdentity: orNull(v.genderIdentity),
      raceEthnicity: splitList(v.raceEthnicity),
      preferences: {
        livedExperience: wishes,
        language: { importance: languageImportance },
        peerGender: v.peerGender.trim() ? { value: v.peerGender.trim(), importance: v.peerGenderImportance } : null,
        sameRaceEthnicity: v.sameRaceEthnicity ? 'preferred' : null,
        ...(v.youthPeer === 'auto' ? {} : { youthPeer: v.youthPeer }),
        modalities,
        availability,
        timeZone,
      },
    };
    create.mutate(input);
  };

  return (
    <Page title={t('participants.intake.title')}>
      <Text>{t('participants.intake.intro')}</Text>
      <form ref={form} onSubmit={onSubmit} noValidate aria-label={t('participants.intake.title')}>
        <Stack gap="lg">
          <Section id="intake-person" title={t('participants.intake.person')}>
            <Group gap="sm" align="flex-start" wrap="wrap">
              <TextInput label={t('participants.fields.givenName')} required autoComplete="off" {...text('givenName')} error={errors.givenName ?? sfe('givenName')} w={240} />
              <TextInput label={t('participants.fields.familyName')} required autoComplete="off" {...text('familyName')} error={errors.familyName ?? sfe('familyName')} w={240} />
            </Group>
            <Group gap="sm" align="flex-start" wrap="wrap">
              <TextInput label={t('participants.fields.preferredName')} description={t('participants.intake.preferredNameHint')} autoComplete="off" {...text('preferredName')} w={240} />
              <TextInput label={t('participants.fields.pronouns')} description={t('fields.optional')} autoComplete="off" {...text('pronouns')} w={160} />
              <TextInput
                type="date"
                label={t('participants.fields.birthDate')}
                description={t('participants.intake.birthDateHint')}
                {...text('birthDate')}
                max={today()}
                error={errors.birthDate ?? sfe('birthDate')}
                w={200}
              />
            </Group>
          </Section>

          <Section id="intake-contact" title={t('participants.intake.contact')}>
            <Group gap="sm" align="flex-start" wrap="wrap">
              <TextInput type="tel" label={t('participants.fields.phone')} description={t('fields.optional')} autoComplete="off" {...text('phone')} error={sfe('contact.phone')} w={220} />
              <TextInput type="email" label={t('participants.fields.email')} description={t('fields.optional')} autoComplete="off" {...text('email')} error={errors.email ?? sfe('contact.email')} w={280} />
            </Group>
            <Group gap="md" wrap="wrap">
              <Checkbox label={t('participants.fields.okToText')} checked={v.okToText} onChange={(e) => setV((o) => ({ ...o, okToText: e.currentTarget.checked }))} />
              <Checkbox
                label={t('participants.fields.okToLeaveVoicemail')}
                checked={v.okToLeaveVoicemail}
                onChange={(e) => setV((o) => ({ ...o, okToLeaveVoicemail: e.currentTarget.checked }))}
              />
            </Group>
          </Section>

          <Section id="intake-language" title={t('participants.intake.languagePlace')}>
            <LanguagesField legend={t('participants.fields.languages')} value={languages} onChange={setLanguages} error={errors.languages ?? sfe('languages')} />
            <NativeSelect
              label={t('participants.intake.languageImportance')}
              description={t('participants.intake.languageImportanceHint')}
              value={languageImportance}
              onChange={(e) => setLanguageChoice(e.currentTarget.value as Importance)}
              data={(['required', 'preferred'] as const).map((x) => ({ value: x, label: t(`matching.vocab.importance.${x}`) }))}
              w={260}
            />
            <TextInput label={t('participants.fields.postalCode')} description={t('participants.intake.postalCodeHint')} autoComplete="off" {...text('postalCode')} error={sfe('location.postalCode')} w={200} />
          </Section>

          <Section id="intake-preferences" title={t('participants.intake.preferences')} description={t('participants.intake.preferencesHint')}>
            <ExperienceWishes value={wishes} onChange={setWishes} />
            <FieldGroup legend={t('participants.intake.peerGender')} error={sfe('preferences.peerGender.value')}>
              <Group gap="sm" align="flex-end" wrap="wrap">
                <TextInput label={t('participants.intake.peerGenderValue')} description={t('participants.intake.peerGenderHint')} {...text('peerGender')} w={240} />
                <NativeSelect
                  label={t('matching.form.importance')}
                  value={v.peerGenderImportance}
                  onChange={(e) => setV((o) => ({ ...o, peerGenderImportance: e.currentTarget.value as Importance }))}
                  data={(['preferred', 'required'] as const).map((x) => ({ value: x, label: t(`matching.vocab.importance.${x}`) }))}
                  w={160}
                />
              </Group>
            </FieldGroup>
            <Checkbox
              label={t('participants.intake.sameRaceEthnicity')}
              description={t('participants.intake.sameRaceEthnicityHint')}
              checked={v.sameRaceEthnicity}
              onChange={(e) => setV((o) => ({ ...o, sameRaceEthnicity: e.currentTarget.checked }))}
            />
            <NativeSelect
              label={t('participants.intake.youthPeer')}
              description={t('participants.intake.youthPeerHint')}
              value={v.youthPeer}
              onChange={(e) => setV((o) => ({ ...o, youthPeer: e.currentTarget.value as 'auto' | Importance }))}
              data={[
                { value: 'auto', label: t('participants.intake.youthAuto') },
                { value: 'preferred', label: t('matching.vocab.importance.preferred') },
                { value: 'required', label: t('matching.vocab.importance.required') },
              ]}
              w={300}
            />
            <CheckboxSet
              legend={t('participants.intake.modalities')}
              options={MODALITIES.map((m) => ({ value: m, label: t(`matching.vocab.modalities.${m}`) }))}
              value={modalities}
              onChange={setModalities}
            />
            <AvailabilityEditor
              legend={t('participants.intake.availability')}
              description={t('participants.intake.availabilityHint')}
              windows={availability}
              onChange={setAvailability}
              showErrors={checked}
              timeZone={{ value: timeZone, onChange: setTimeZone }}
            />
            {errors.availability && (
              <Text size="sm" c="red.9" role="alert">
                {errors.availability}
              </Text>
            )}
          </Section>

          <Section id="intake-about" title={t('participants.intake.about')} description={t('participants.intake.aboutHint')}>
            <Group gap="sm" align="flex-start" wrap="wrap">
              <TextInput label={t('participants.fields.genderIdentity')} description={t('fields.optional')} autoComplete="off" {...text('genderIdentity')} w={240} />
              <TextInput label={t('participants.fields.raceEthnicity')} description={t('participants.intake.raceEthnicityHint')} autoComplete="off" {...text('raceEthnicity')} w={320} />
            </Group>
          </Section>

          <ErrorAlert error={create.error} />
          <Group>
            <Button type="submit" loading={create.isPending}>
              {t('participants.intake.submit')}
            </Button>
            <Anchor component={Link} to="/participants">
              {t('common.cancel')}
            </Anchor>
          </Group>
        </Stack>
      </form>
    </Page>
  );
}
