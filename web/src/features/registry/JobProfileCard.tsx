import { Button, Card, Checkbox, Group, NumberInput, Select, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../app/ui/ErrorAlert';
import { getJobProfile, setJobProfile, type JobProfile } from './registry.api';

const ROLES = ['peer-specialist', 'recovery-coach', 'family-peer', 'youth-peer', 'supervisor', 'other'];
const BANDS = ['under-15', '15-18', '18-21', '21-25', '25-plus'];
const orNull = (v: string) => (v.trim() === '' ? null : v.trim());

/**
 * The job facts an admin enters for the registry snapshot (issue 22): role, hours, wage band,
 * benefits, start and end, county of work. No free text; the peer's own registry consent is shown,
 * never changed, here.
 */
export function JobProfileCard(props: { peerId: string }) {
  const queryClient = useQueryClient();
  const key = ['job-profile', props.peerId];
  const profile = useQuery({ queryKey: key, queryFn: () => getJobProfile(props.peerId) });
  const save = useMutation({ mutationFn: (p: JobProfile) => setJobProfile(props.peerId, p), onSuccess: (p) => queryClient.setQueryData(key, p) });
  if (profile.isError) return <ErrorAlert error={profile.error} />;
  if (!profile.data) return null;
  return <JobProfileForm key={JSON.stringify(profile.data)} initial={profile.data} saving={save.isPending} saved={save.isSuccess} error={save.error} onSave={(p) => save.mutate(p)} />;
}

function JobProfileForm(props: { initial: JobProfile & { registryConsent: boolean }; saving: boolean; saved: boolean; error: unknown; onSave: (p: JobProfile) => void }) {
  const { t } = useTranslation();
  const i = props.initial;
  const [role, setRole] = useState(i.role ?? 'peer-specialist');
  const [hours, setHours] = useState<number | string>(i.hoursPerWeek ?? 40);
  const [band, setBand] = useState<string | null>(i.wageBand ?? null);
  const [benefits, setBenefits] = useState(i.benefits ?? false);
  const [jobStart, setJobStart] = useState(i.jobStart ?? '');
  const [jobEnd, setJobEnd] = useState(i.jobEnd ?? '');
  const [workFips, setWorkFips] = useState(i.workFips ?? '');
  const [certifiedOn, setCertifiedOn] = useState(i.certifiedOn ?? '');
  const [credentialState, setCredentialState] = useState(i.credentialState ?? '');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    props.onSave({
      role,
      hoursPerWeek: Number(hours),
      wageBand: band,
      benefits,
      jobStart: orNull(jobStart),
      jobEnd: orNull(jobEnd),
      workFips: orNull(workFips),
      certifiedOn: orNull(certifiedOn),
      credentialState: orNull(credentialState)?.toUpperCase() ?? null,
    });
  };
  return (
    <Card withBorder component="section" aria-labelledby="job-profile-title">
      <form onSubmit={submit}>
        <Stack gap="sm">
          <Title order={2} size="h4" id="job-profile-title">
            {t('registry.jobProfile.title')}
          </Title>
          <Text size="sm">{t('registry.jobProfile.intro')}</Text>
          <Text size="sm" fw={600} data-testid="job-profile-consent">
            {i.registryConsent ? t('registry.jobProfile.consentOn') : t('registry.jobProfile.consentOff')}
          </Text>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Select label={t('registry.jobProfile.role')} data={ROLES.map((r) => ({ value: r, label: t(`registry.values.${r}`) }))} value={role} onChange={(v) => setRole(v ?? 'peer-specialist')} allowDeselect={false} />
            <NumberInput label={t('registry.jobProfile.hours')} min={0} max={80} value={hours} onChange={setHours} />
            <Select label={t('registry.jobProfile.wageBand')} data={BANDS.map((b) => ({ value: b, label: t(`registry.bands.${b}`) }))} value={band} onChange={setBand} clearable />
            <TextInput label={t('registry.jobProfile.workFips')} description={t('registry.jobProfile.workFipsHelp')} value={workFips} onChange={(e) => setWorkFips(e.currentTarget.value)} inputMode="numeric" maxLength={5} />
            <TextInput type="date" label={t('registry.jobProfile.jobStart')} value={jobStart} onChange={(e) => setJobStart(e.currentTarget.value)} />
            <TextInput type="date" label={t('registry.jobProfile.jobEnd')} value={jobEnd} onChange={(e) => setJobEnd(e.currentTarget.value)} />
            <TextInput type="date" label={t('registry.jobProfile.certifiedOn')} value={certifiedOn} onChange={(e) => setCertifiedOn(e.currentTarget.value)} />
            <TextInput label={t('registry.jobProfile.credentialState')} description={t('registry.jobProfile.credentialStateHelp')} value={credentialState} onChange={(e) => setCredentialState(e.currentTarget.value)} maxLength={2} />
          </SimpleGrid>
          <Checkbox label={t('registry.jobProfile.benefits')} checked={benefits} onChange={(e) => setBenefits(e.currentTarget.checked)} />
          {props.error ? <ErrorAlert error={props.error} /> : null}
          <Group>
            <Button type="submit" loading={props.saving}>
              {t('registry.jobProfile.save')}
            </Button>
            {props.saved && (
              <Text size="sm" role="status">
                {t('registry.jobProfile.saved')}
              </Text>
            )}
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
