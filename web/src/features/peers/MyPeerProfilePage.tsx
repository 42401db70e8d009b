import { Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { displayNameOf, useCurrentUser } from '../../app/session';
import { Page } from '../../app/ui/Page';
import { LoadFailed, PageLoader } from '../../app/ui/StatusPages';
import { PeerProfileForm } from './PeerProfileForm';
import { createPeer, getMyPeerProfile, peerKeys, updatePeer, type PeerInput } from './peers.api';
import { PublicBioCard } from '../portal/PublicBioCard';
import { RegistryConsentCard } from '../registry/RegistryConsentCard';

/** The signed-in peer's own profile: they create it the first time, then edit it, disclosures included. */
export default function MyPeerProfilePage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const queryClient = useQueryClient();
  const [saved, setSaved] = useState<string | null>(null);
  const profile = useQuery({ queryKey: peerKeys.mine, queryFn: getMyPeerProfile });
  const save = useMutation({
    mutationFn: (input: PeerInput) => (profile.data ? updatePeer(profile.data.id, input) : createPeer({ ...input, userId: me.id })),
    onMutate: () => setSaved(null),
    onSuccess: (peer) => {
      queryClient.setQueryData(peerKeys.mine, peer);
      void queryClient.invalidateQueries({ queryKey: peerKeys.all });
      setSaved(t('peers.mine.saved'));
    },
  });

  return (
    <Page title={t('peers.mine.title')}>
      <Text>{t('peers.mine.intro')}</Text>
      {profile.isPending ? (
        <PageLoader />
      ) : profile.isError ? (
        <LoadFailed error={profile.error} onRetry={() => void profile.refetch()} />
      ) : (
        <>
          {!profile.data && <Text fw={600}>{t('peers.mine.none')}</Text>}
          <PeerProfileForm
            key={profile.data?.id ?? 'new'}
            peer={profile.data}
            mode="own"
            fallbackName={displayNameOf(me)}
            saving={save.isPending}
            error={save.error}
            saved={saved}
            onSave={(input) => save.mutate(input)}
            submitLabel={profile.data ? t('peers.mine.save') : t('peers.mine.create')}
          />
          {profile.data && <RegistryConsentCard />}
          {profile.data && <PublicBioCard />}
        </>
      )}
    </Page>
  );
}
