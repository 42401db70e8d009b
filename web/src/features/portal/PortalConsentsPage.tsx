import { Badge, Button, Group, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../app/format';
import { ConfirmDialog } from '../../app/ui/ConfirmDialog';
import { SuccessAlert } from '../../app/ui/ErrorAlert';
import { Page } from '../../app/ui/Page';
import { LoadFailed, PageLoader } from '../../app/ui/StatusPages';
import { getConsents, portalKeys, revokeConsent, type Consent } from './portal.api';

/** Every consent I gave; taking one back says first what it will do, and after, what it did. */
export default function PortalConsentsPage() {
  const { t, i18n } = useTranslation();
  const f = useFormat();
  const qc = useQueryClient();
  const lang = i18n.language.startsWith('es') ? 'es' : 'en';
  const consents = useQuery({ queryKey: portalKeys.consents(lang), queryFn: () => getConsents(lang) });
  const [asking, setAsking] = useState<Consent | null>(null);
  const revoke = useMutation({
    mutationFn: (c: Consent) => revokeConsent(c.kind as 'referral-sharing' | 'part2', c.referralId!, lang),
    onSuccess: () => {
      setAsking(null);
      void qc.invalidateQueries({ queryKey: ['portal', 'consents'] });
    },
  });
  if (consents.isPending) return <PageLoader />;
  if (consents.isError) return <LoadFailed error={consents.error} onRetry={() => void consents.refetch()} />;
  return (
    <Page title={t('portal.consents.title')}>
      <Text>{t('portal.consents.intro')}</Text>
      {revoke.isSuccess && <SuccessAlert>{revoke.data.effect}</SuccessAlert>}
      {consents.data.items.length === 0 ? (
        <Text>{t('portal.consents.none')}</Text>
      ) : (
        <Stack gap="sm">
          {consents.data.items.map((c) => (
            <section key={`${c.kind}-${c.referralId ?? ''}`} className="portal-card" aria-label={t(`portal.consents.kinds.${c.kind}`)} data-testid={`consent-${c.kind}`}>
              <Group justify="space-between" wrap="wrap" gap="xs">
                <Title order={2} fz="md">
                  {t(`portal.consents.kinds.${c.kind}`)}
                </Title>
                <Badge variant="filled" color={c.state === 'in-force' ? '#1e6b30' : 'gray.8'}>
                  {t(`portal.consents.states.${c.state}`)}
                </Badge>
              </Group>
              <Text>{c.about}</Text>
              <Text size="sm">
                {t('portal.consents.given', { date: f.date(c.givenOn), method: t(`portal.consents.methods.${c.method}`, { defaultValue: c.method }) })}
                {c.revokedOn ? ` · ${t('portal.consents.revokedOn', { date: f.date(c.revokedOn) })}` : ''}
              </Text>
              {c.state === 'in-force' && <Text size="sm" mt={4}>{c.effectOfRevoking}</Text>}
              {c.canRevoke && (
                <Button mt="xs" size="sm" variant="outline" color="red.9" onClick={() => setAsking(c)}>
                  {t('portal.consents.revoke')}
                </Button>
              )}
            </section>
          ))}
        </Stack>
      )}
      <ConfirmDialog
        opened={asking !== null}
        title={t('portal.consents.confirmTitle')}
        keepLabel={t('common.cancel')}
        confirmLabel={t('portal.consents.confirm')}
        onKeep={() => setAsking(null)}
        onConfirm={() => asking && revoke.mutate(asking)}
        pending={revoke.isPending}
        error={revoke.error}
      >
        {asking && (
          <>
            <Text>{asking.about}</Text>
            <Text>{asking.effectOfRevoking}</Text>
          </>
        )}
      </ConfirmDialog>
    </Page>
  );
}
