import { Anchor, Stack, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useFormat } from '../../app/format';
import { Page } from '../../app/ui/Page';
import { LoadFailed, PageLoader, RecordLoadFailed } from '../../app/ui/StatusPages';
import { useCurrentUser } from '../../app/session';
import { languageName } from '../matching/vocab';
import { JobProfileCard } from '../registry/JobProfileCard';
import { IntensityTrend } from '../workforce/parts';
import { getIntensity, wfKeys } from '../workforce/workforce.api';
import { SharedExperienceList } from './DisclosureControls';
import { PeerProfileForm, Section } from './PeerProfileForm';
import { getPeer, peerKeys, updatePeer, type PeerInput } from './peers.api';

/**
 * A peer's profile for supervisors and admins: what the peer chose to share (never their private
 * experience) and the working details staff may change (capacity, availability, certifications).
 */
export default function PeerDetailPage() {
  const { t, i18n } = useTranslation();
  const f = useFormat();
  const { id = '' } = useParams();
  const queryClient = useQueryClient();
  const me = useCurrentUser();
  const [saved, setSaved] = useState<string | null>(null);
  const peer = useQuery({ queryKey: peerKeys.one(id), queryFn: () => getPeer(id) });
  const save = useMutation({
    mutationFn: (input: PeerInput) => updatePeer(id, input),
    onMutate: () => setSaved(null),
    onSuccess: (p) => {
      queryClient.setQueryData(peerKeys.one(id), p);
      void queryClient.invalidateQueries({ queryKey: ['peers', 'list'] });
      setSaved(t('peers.detail.saved', { name: p.displayName }));
    },
  });

  if (peer.isPending) return <PageLoader />;
  if (peer.isError) return <RecordLoadFailed title={t('peers.detail.title')} error={peer.error} onRetry={() => void peer.refetch()} />;
  const p = peer.data;
  const rows: Array<[string, string]> = [
    [t('peers.form.pronouns'), p.pronouns ?? '—'],
    [t('peers.form.languages'), p.languages.map((l) => languageName(l, i18n.language)).join(', ') || '—'],
    [t('peers.form.specialties'), p.specialties.map((s) => t(`matching.vocab.specialties.${s}`)).join(', ') || '—'],
    [t('peers.form.modalities'), p.modalities.map((m) => t(`matching.vocab.modalities.${m}`)).join(', ') || '—'],
    [t('peers.list.caseload'), t('peers.list.caseloadOf', { n: f.number(p.activeCaseload), max: f.number(p.maxCaseload) })],
    [t('peers.form.acceptingNew'), p.acceptingNew ? t('common.yes') : t('common.no')],
    [t('peers.form.postalCode'), p.location.postalCode ?? '—'],
    [t('peers.form.radius'), p.serviceRadiusKm === null ? '—' : f.miles(p.serviceRadiusKm)],
  ];
  return (
    <Page title={p.displayName}>
      <Anchor component={Link} to="/peers">
        {t('peers.detail.back')}
      </Anchor>
      <Stack gap="lg">
        <Section id="peer-summary" title={t('peers.detail.summary')}>
          <dl className="detail-list">
            {rows.map(([label, value]) => (
              <div key={label}>
                <dt>{label}</dt>
                <dd>{value}</dd>
              </div>
            ))}
          </dl>
        </Section>
        <Section id="peer-shared" title={t('peers.detail.shared')} description={t('peers.detail.sharedHint')}>
          <SharedExperienceList value={p.livedExperience} />
        </Section>
        <PeerIntensity peerId={p.id} name={p.displayName} />
        <Text fw={600}>{t('peers.detail.editIntro')}</Text>
        <PeerProfileForm
          key={p.id}
          peer={p}
          mode="staff"
          saving={save.isPending}
          error={save.error}
          saved={saved}
          onSave={(input) => save.mutate(input)}
          submitLabel={t('peers.detail.save')}
        />
        {me.role === 'admin' && <JobProfileCard peerId={p.id} />}
      </Stack>
    </Page>
  );
}

/** The peer's last eight weeks of caseload intensity, week by week (the team page links here). */
function PeerIntensity({ peerId, name }: { peerId: string; name: string }) {
  const { t } = useTranslation();
  const intensity = useQuery({ queryKey: [...wfKeys.team, 'intensity', peerId], queryFn: () => getIntensity(peerId) });
  return (
    <Section id="peer-intensity" title={t('peers.detail.intensity')}>
      {intensity.isError ? (
        <LoadFailed error={intensity.error} onRetry={() => void intensity.refetch()} />
      ) : intensity.data ? (
        <IntensityTrend weeks={intensity.data.weeks} label={t('peers.detail.intensityOf', { name })} />
      ) : (
        <PageLoader />
      )}
    </Section>
  );
}
