import { Button, Checkbox, Stack, Text, Textarea, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert, SuccessAlert } from '../../app/ui/ErrorAlert';
import { getMyBio, putMyBio } from './portal.api';
import './portal.css';

/** The peer's own words for the public "our peers" page; shown only once they approve this text. */
export function PublicBioCard() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const bio = useQuery({ queryKey: ['peer-public-bio'], queryFn: getMyBio, retry: false });
  const [text, setText] = useState('');
  const [approved, setApproved] = useState(false);
  useEffect(() => {
    if (bio.data) {
      setText(bio.data.bio);
      setApproved(bio.data.approved);
    }
  }, [bio.data]);
  const save = useMutation({ mutationFn: () => putMyBio(text.trim(), approved), onSuccess: (d) => qc.setQueryData(['peer-public-bio'], d) });
  if (!bio.data) return null;
  return (
    <section aria-labelledby="bio-h" className="portal-card">
      <Stack gap="xs">
        <Title order={2} fz="lg" id="bio-h">
          {t('portal.bio.title')}
        </Title>
        <Text size="sm">{t('portal.bio.intro')}</Text>
        <Textarea label={t('portal.bio.label')} value={text} onChange={(e) => { setText(e.currentTarget.value); setApproved(false); }} minRows={4} autosize maxLength={1200} />
        <Checkbox label={t('portal.bio.approve')} checked={approved} onChange={(e) => setApproved(e.currentTarget.checked)} disabled={text.trim() === ''} />
        {save.isError && <ErrorAlert error={save.error} />}
        {save.isSuccess && <SuccessAlert>{save.data.approved ? t('portal.bio.shown') : t('portal.bio.hidden')}</SuccessAlert>}
        <Button onClick={() => save.mutate()} loading={save.isPending} style={{ alignSelf: 'flex-start' }}>
          {t('portal.bio.save')}
        </Button>
      </Stack>
    </section>
  );
}
