import { Button, CopyButton, Group, Modal, Stack, Text } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { QRCodeSVG } from 'qrcode.react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../app/format';
import { ErrorAlert } from '../../app/ui/ErrorAlert';
import { mailtoHref, smsHref } from '../referrals/share';
import { invitePortal } from './portal.api';

/**
 * The peer invites the person to their own portal: a one-time link sent by the peer's own text or
 * email app, or a QR code scanned from the peer's phone (as referral links are, issue 17).
 */
export function PortalInvite(props: { participantId: string; name: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const [open, setOpen] = useState(false);
  const invite = useMutation({ mutationFn: () => invitePortal(props.participantId) });
  const body = invite.data ? t('portal.invite.message', { name: props.name, link: invite.data.url }) : '';
  return (
    <>
      <Button
        variant="default"
        onClick={() => {
          setOpen(true);
          invite.mutate();
        }}
      >
        {t('portal.invite.button')}
      </Button>
      <Modal opened={open} onClose={() => setOpen(false)} title={t('portal.invite.title', { name: props.name })} centered closeButtonProps={{ 'aria-label': t('portal.close') }}>
        {invite.isError && <ErrorAlert error={invite.error} />}
        {invite.data && (
          <Stack gap="sm">
            <Text size="sm">{t('portal.invite.help', { date: f.dateTime(invite.data.expiresAt) })}</Text>
            <div style={{ background: '#fff', padding: 12, lineHeight: 0, alignSelf: 'center' }}>
              <QRCodeSVG value={invite.data.url} size={200} level="M" role="img" aria-label={t('portal.invite.qr', { name: props.name })} />
            </div>
            <Text size="sm" style={{ overflowWrap: 'anywhere' }} data-testid="portal-link">
              {invite.data.url}
            </Text>
            <Group gap="sm" wrap="wrap">
              <CopyButton value={invite.data.url}>
                {({ copied, copy }) => (
                  <Button size="sm" variant="default" onClick={copy}>
                    {copied ? t('referrals.detail.copied') : t('referrals.detail.copyLink')}
                  </Button>
                )}
              </CopyButton>
              <Button size="sm" variant="default" component="a" href={smsHref(body)}>
                {t('share.byText')}
              </Button>
              <Button size="sm" variant="default" component="a" href={mailtoHref(t('portal.invite.subject'), body)}>
                {t('share.byEmail')}
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </>
  );
}
