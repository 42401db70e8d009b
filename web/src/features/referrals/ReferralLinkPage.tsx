import { Button, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { isApiError } from '../../app/api';
import { useFormat } from '../../app/format';
import { ErrorAlert } from '../../app/ui/ErrorAlert';
import { useDocumentTitle } from '../../app/ui/Page';
import { PageLoader } from '../../app/ui/StatusPages';
import { fetchMe } from '../../app/session';
import '../directory/directory.css';
import { SharedList, Timeline } from './ReferralDetailPage';
import { REASON_REQUIRED, getLinkReferral, moveLinkReferral, type LinkReferral, type ReferralStatus } from './referrals.api';

/**
 * The receiving organization's page, opened from the link without signing in: only what was
 * shared, the Part 2 notice when it applies, and its answer. 988 and 211 are in the frame's footer.
 */
export default function ReferralLinkPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const { token = '' } = useParams();
  const qc = useQueryClient();
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | null>(null);
  useDocumentTitle(t('referrals.link.title'));
  // A browser that is also signed in must send its CSRF token on the answer.
  useEffect(() => {
    void fetchMe().catch(() => undefined);
  }, []);
  const key = ['referral-link', token];
  const r = useQuery({ queryKey: key, queryFn: () => getLinkReferral(token), retry: false });
  const move = useMutation({
    mutationFn: (to: ReferralStatus) => moveLinkReferral(token, to, reason.trim() || undefined),
    onSuccess: (v: LinkReferral) => {
      qc.setQueryData(key, v);
      setReason('');
    },
  });
  const act = (to: ReferralStatus) => {
    if (REASON_REQUIRED.includes(to) && !reason.trim()) {
      setReasonError(t('referrals.link.reasonNeeded'));
      document.getElementById('receiver-reason')?.focus();
      return;
    }
    setReasonError(null);
    move.mutate(to);
  };

  if (r.isPending) return <PageLoader />;
  if (r.isError) {
    const code = isApiError(r.error) ? r.error.code : '';
    return (
      <Stack gap="sm">
        <Title order={1} fz={24}>
          {t('referrals.link.title')}
        </Title>
        <Text role="alert">{code === 'link-expired' ? t('referrals.link.expired') : code === 'link-revoked' ? t('referrals.link.revoked') : t('referrals.link.invalid')}</Text>
      </Stack>
    );
  }
  const v = r.data;
  const needsReason = v.allowedMoves.some((m) => REASON_REQUIRED.includes(m));
  return (
    <Stack gap="md">
      <Title order={1} fz={24}>
        {t('referrals.link.title')}
      </Title>
      <Text>
        {t('referrals.link.from', { org: v.referredBy.organizationName ?? '—', name: v.referredBy.name ?? '—' })}
      </Text>
      <dl className="result-facts">
        <div>
          <dt>{t('referrals.service')}</dt>
          <dd>{v.service.name}</dd>
        </div>
        <div>
          <dt>{t('referrals.needLabel')}</dt>
          <dd>{t(`referrals.need.${v.need}`)}</dd>
        </div>
        <div>
          <dt>{t('referrals.urgencyLabel')}</dt>
          <dd>{t(`referrals.urgency.${v.urgency}`)}</dd>
        </div>
        <div>
          <dt>{t('referrals.statusLabel')}</dt>
          <dd data-testid="link-status">{t(`referrals.status.${v.status}`)}</dd>
        </div>
      </dl>
      {v.part2Notice && <p className="part2-notice">{v.part2Notice}</p>}
      <section aria-labelledby="link-shared-title">
        <Title order={2} fz="lg" id="link-shared-title">
          {t('referrals.detail.shared')}
        </Title>
        <SharedList items={v.shared} />
      </section>
      {move.isError && <ErrorAlert error={move.error} />}
      {v.allowedMoves.length > 0 ? (
        <section aria-labelledby="link-answer-title">
          <Stack gap="xs">
            <Title order={2} fz="lg" id="link-answer-title">
              {t('referrals.link.answer')}
            </Title>
            {needsReason && (
              <TextInput
                id="receiver-reason"
                label={t('referrals.reasonLabel')}
                description={t('referrals.reasonHelp')}
                value={reason}
                onChange={(e) => setReason(e.currentTarget.value)}
                error={reasonError}
                aria-invalid={!!reasonError}
              />
            )}
            <Group gap="sm" wrap="wrap">
              {v.allowedMoves.map((m) => (
                <Button key={m} variant={m === 'accepted' || m === 'completed' ? 'filled' : 'default'} loading={move.isPending && move.variables === m} onClick={() => act(m)}>
                  {t(`referrals.move.${m}`)}
                </Button>
              ))}
            </Group>
          </Stack>
        </section>
      ) : (
        <Text>{t('referrals.link.closed')}</Text>
      )}
      <section aria-labelledby="link-timeline-title">
        <Title order={2} fz="lg" id="link-timeline-title">
          {t('referrals.detail.timeline')}
        </Title>
        <Timeline events={v.events} />
      </section>
      <Text size="sm" c="dimmed">
        {t('referrals.link.expires', { date: f.dateTime(v.expiresAt) })}
      </Text>
    </Stack>
  );
}
