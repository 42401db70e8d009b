import { Button, Card, CopyButton, Group, NativeSelect, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { QRCodeSVG } from 'qrcode.react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../app/format';
import { useLanguageTexts } from '../../app/i18n';
import { ErrorAlert } from '../../app/ui/ErrorAlert';
import { mailtoHref, smsHref } from '../referrals/share';
import { createAssessmentLink, listInstrumentSummaries } from './safety.api';

/**
 * A peer sends a participant a one-time link to answer an instrument by themselves (issue 20):
 * chosen instrument and language, then the link is shown once, to copy, send by text or email
 * through the phone's own apps (the message names no one), or show as a QR code across a desk.
 */
export function SendAssessmentLink(props: { participantId: string }) {
  const { t, i18n } = useTranslation();
  const f = useFormat();
  const [instrument, setInstrument] = useState('phq-9');
  const [lang, setLang] = useState<'en' | 'es'>(i18n.language.startsWith('es') ? 'es' : 'en');
  const [qr, setQr] = useState(false);
  useLanguageTexts(lang);
  const instruments = useQuery({ queryKey: ['instruments'], queryFn: listInstrumentSummaries, staleTime: 300_000 });
  const create = useMutation({ mutationFn: () => createAssessmentLink(props.participantId, instrument, lang) });
  const link = create.data;
  const body = link ? t('selfCompletion.message', { lng: lang, link: link.url }) : '';
  const subject = t('selfCompletion.messageSubject', { lng: lang });
  return (
    <Card withBorder padding="md" component="section" aria-labelledby="self-link-title">
      <Stack gap="sm">
        <Title order={2} fz={18} id="self-link-title">
          {t('selfCompletion.sendTitle')}
        </Title>
        <Text size="sm">{t('selfCompletion.sendHelp')}</Text>
        <Group gap="sm" wrap="wrap" align="flex-end">
          <NativeSelect
            label={t('selfCompletion.instrument')}
            value={instrument}
            onChange={(e) => {
              setInstrument(e.currentTarget.value);
              create.reset();
            }}
            data={(instruments.data?.items ?? [{ code: 'phq-9', version: '1', title: { en: 'PHQ-9' } }]).map((i) => ({
              value: i.code,
              label: i18n.language.startsWith('es') ? (i.title.es ?? i.title.en) : i.title.en,
            }))}
            w={240}
          />
          <NativeSelect
            label={t('selfCompletion.language')}
            value={lang}
            onChange={(e) => {
              setLang(e.currentTarget.value as 'en' | 'es');
              create.reset();
            }}
            data={[
              { value: 'en', label: t('share.languages.en') },
              { value: 'es', label: t('share.languages.es') },
            ]}
            w={160}
          />
          <Button onClick={() => create.mutate()} loading={create.isPending} data-testid="create-self-link">
            {t('selfCompletion.create')}
          </Button>
        </Group>
        {create.isError && <ErrorAlert error={create.error} />}
        {link && (
          <Stack gap="xs">
            <Text size="sm">{t('selfCompletion.linkOnce', { date: f.dateTime(link.expiresAt) })}</Text>
            <Text size="sm" style={{ overflowWrap: 'anywhere' }} data-testid="self-link">
              {link.url}
            </Text>
            <Group gap="sm" wrap="wrap">
              <CopyButton value={link.url}>
                {({ copied, copy }) => (
                  <Button size="sm" variant="default" onClick={copy}>
                    {copied ? t('referrals.detail.copied') : t('referrals.detail.copyLink')}
                  </Button>
                )}
              </CopyButton>
              <Button size="sm" variant="default" component="a" href={smsHref(body)}>
                {t('share.byText')}
              </Button>
              <Button size="sm" variant="default" component="a" href={mailtoHref(subject, body)}>
                {t('share.byEmail')}
              </Button>
              <Button size="sm" variant="default" onClick={() => setQr((v) => !v)} aria-expanded={qr} aria-controls="self-link-qr">
                {qr ? t('share.hideQr') : t('share.showQr')}
              </Button>
            </Group>
            {qr && (
              <div id="self-link-qr" style={{ background: '#fff', padding: 12, lineHeight: 0, alignSelf: 'flex-start' }}>
                <QRCodeSVG value={link.url} size={208} level="M" role="img" aria-label={t('selfCompletion.qrLabel')} />
              </div>
            )}
          </Stack>
        )}
      </Stack>
    </Card>
  );
}
