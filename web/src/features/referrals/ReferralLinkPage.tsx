import { Anchor, Button, Group, NumberInput, Stack, Text, TextInput, Title } from '@mantine/core';
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
import { contactHref } from './share';
import { REASON_REQUIRED, getLinkReferral, moveLinkReferral, putLinkBeds, type Beds, type LinkReferral, type ReferralStatus } from './referrals.api';

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
      {/* How to reach the referring peer: the contact they chose to share, nothing of the participant (issue 17). */}
      <section aria-labelledby="link-contact-title" data-testid="referrer-contact">
        <Title order={2} fz="lg" id="link-contact-title">
          {t('share.reachTitle')}
        </Title>
        <Text>
          {v.referredBy.contact
            ? t('share.reachWith', { name: v.referredBy.name ?? t('share.thePeer'), org: v.referredBy.organizationName ?? '—' })
            : t('share.reachOrg', { name: v.referredBy.name ?? t('share.thePeer'), org: v.referredBy.organizationName ?? '—' })}
        </Text>
        {v.referredBy.contact && (
          <Text fw={600}>
            {contactHref(v.referredBy.contact) ? <Anchor href={contactHref(v.referredBy.contact)!}>{v.referredBy.contact}</Anchor> : v.referredBy.contact}
          </Text>
        )}
      </section>
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
      {v.beds && <BedsForm token={token} current={v.beds.current} onSaved={(nv) => qc.setQueryData(key, nv)} />}
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

/** A receiving peer respite, shelter or detox publishes its beds available now. */
function BedsForm(props: { token: string; current: Beds | null; onSaved: (v: LinkReferral) => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const [available, setAvailable] = useState<number | string>(props.current?.available ?? '');
  const [total, setTotal] = useState<number | string>(props.current?.total ?? '');
  const [note, setNote] = useState(props.current?.note ?? '');
  const [saved, setSaved] = useState(false);
  const save = useMutation({
    mutationFn: () =>
      putLinkBeds(props.token, {
        available: Number(available),
        ...(total !== '' ? { total: Number(total) } : {}),
        ...(note.trim() ? { note: note.trim() } : {}),
      }),
    onSuccess: (v) => {
      setSaved(true);
      props.onSaved(v);
    },
  });
  const c = props.current;
  return (
    <section aria-labelledby="link-beds-title">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          setSaved(false);
          save.mutate();
        }}
      >
        <Stack gap="xs">
          <Title order={2} fz="lg" id="link-beds-title">
            {t('referrals.link.beds')}
          </Title>
          <Text size="sm">{t('referrals.link.bedsHelp')}</Text>
          <Text data-testid="link-beds-current">
            {c
              ? c.total !== null
                ? t('referrals.link.bedsCurrent', { available: c.available, total: c.total, time: f.dateTime(c.updatedAt) })
                : t('referrals.link.bedsCurrentNoTotal', { available: c.available, time: f.dateTime(c.updatedAt) })
              : t('referrals.link.bedsNone')}
          </Text>
          {save.isError && <ErrorAlert error={save.error} />}
          <Group gap="sm" align="end" wrap="wrap">
            <NumberInput label={t('referrals.link.bedsAvailable')} min={0} max={10000} allowDecimal={false} value={available} onChange={setAvailable} required w={160} />
            <NumberInput label={t('referrals.link.bedsTotal')} min={0} max={10000} allowDecimal={false} value={total} onChange={setTotal} w={160} />
          </Group>
          <TextInput label={t('referrals.link.bedsNote')} maxLength={500} value={note} onChange={(e) => setNote(e.currentTarget.value)} />
          <Group gap="sm">
            <Button type="submit" loading={save.isPending}>
              {t('referrals.link.bedsSave')}
            </Button>
            {saved && (
              <Text role="status" c="#1b5e20">
                {t('referrals.link.bedsSaved')}
              </Text>
            )}
          </Group>
        </Stack>
      </form>
    </section>
  );
}
