import { Button, CopyButton, Group, NativeSelect, Stack, Text } from '@mantine/core';
import { QRCodeSVG } from 'qrcode.react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLanguageTexts } from '../../app/i18n';
import { MESSAGE_LANGUAGES, mailtoHref, receiverMessage, smsHref, type MessageLanguage } from './share';

/**
 * The receiver's link, shown once: copied, sent by text or email through the phone's own apps
 * (prefilled, in the language chosen for the receiver), or shown as a QR code to scan across a
 * desk (issue 17). Nothing leaves through Peerbridge: the peer's own apps send it.
 */
export function SendLink(props: { link: string; service: string }) {
  const { t, i18n } = useTranslation();
  const [lng, setLng] = useState<MessageLanguage>(i18n.language.startsWith('es') ? 'es' : 'en');
  const [qr, setQr] = useState(false);
  // Only the app's own language is loaded (one language per phone): the other one's texts first.
  useLanguageTexts(lng);
  const msg = receiverMessage(t, lng, { service: props.service, link: props.link });
  return (
    <Stack gap="xs">
      <Text size="sm">{t('referrals.detail.linkOnce')}</Text>
      <Text size="sm" style={{ overflowWrap: 'anywhere' }} data-testid="receiver-link">
        {props.link}
      </Text>
      <NativeSelect
        label={t('share.messageLanguage')}
        value={lng}
        onChange={(e) => setLng(e.currentTarget.value as MessageLanguage)}
        data={MESSAGE_LANGUAGES.map((l) => ({ value: l, label: t(`share.languages.${l}`) }))}
        w={200}
      />
      <Group gap="sm" wrap="wrap">
        <CopyButton value={props.link}>
          {({ copied, copy }) => (
            <Button size="sm" variant="default" onClick={copy}>
              {copied ? t('referrals.detail.copied') : t('referrals.detail.copyLink')}
            </Button>
          )}
        </CopyButton>
        <Button size="sm" variant="default" component="a" href={smsHref(msg.body)} data-testid="send-sms">
          {t('share.byText')}
        </Button>
        <Button size="sm" variant="default" component="a" href={mailtoHref(msg.subject, msg.body)} data-testid="send-email">
          {t('share.byEmail')}
        </Button>
        <Button size="sm" variant="default" onClick={() => setQr((v) => !v)} aria-expanded={qr} aria-controls="receiver-qr">
          {qr ? t('share.hideQr') : t('share.showQr')}
        </Button>
      </Group>
      {qr && (
        <Stack gap={4} id="receiver-qr" align="flex-start">
          {/* A white quiet zone around dark modules: phones read it on any theme. */}
          <div style={{ background: '#fff', padding: 12, lineHeight: 0 }}>
            <QRCodeSVG value={props.link} size={208} level="M" role="img" aria-label={t('share.qrLabel', { service: props.service })} data-testid="receiver-qr" />
          </div>
          <Text size="sm">{t('share.qrHelp')}</Text>
        </Stack>
      )}
      <Text size="xs" c="dimmed">
        {t('share.sendHelp')}
      </Text>
    </Stack>
  );
}
