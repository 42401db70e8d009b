import { Alert, Button, Group, NativeSelect, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { useFormat } from '../../app/format';
import { ErrorAlert } from '../../app/ui/ErrorAlert';
import { Page } from '../../app/ui/Page';
import { PageLoader, RecordLoadFailed } from '../../app/ui/StatusPages';
import '../directory/directory.css';
import { StatusBadge } from './ReferralsPage';
import { SendLink } from './SendLink';
import { CLOSED, OUTCOMES, REASON_REQUIRED, TRANSITIONS, getReferral, moveReferral, newLink, recordOutcome, referralKeys, revokeLink, revokePart2Consent, type Outcome, type Referral, type ReferralStatus, type SharedItem } from './referrals.api';

export function SharedList(props: { items: SharedItem[] }) {
  const { t } = useTranslation();
  if (props.items.length === 0) return <Text>{t('referrals.nothingShared')}</Text>;
  return (
    <dl className="result-facts" style={{ display: 'grid', gap: '0.4rem' }}>
      {props.items.map((i) => (
        <div key={i.code}>
          <dt>
            {i.code.startsWith('goal:') ? t('referrals.items.goal') : t(`referrals.items.${i.code}`)}
            {i.part2 ? ` (${t('referrals.part2Label')})` : ''}
          </dt>
          {/* A value missing from the record is "not on file"; only Part 2 withholding says Part 2 (issue 17). */}
          <dd data-withheld={i.withheld ?? undefined}>
            {i.value ?? (i.withheld === 'part2-revoked' ? t('referrals.withheld') : i.withheld === 'part2-expired' ? t('share.withheldExpired') : t('share.notOnFile'))}
          </dd>
        </div>
      ))}
    </dl>
  );
}

export function Timeline(props: { events: Array<{ toStatus: string; reason: string | null; at: string; actor?: Referral['events'][number]['actor'] }> }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <ol className="timeline">
      {props.events.map((e, i) => (
        <li key={i}>
          <Text fw={600}>{t(`referrals.status.${e.toStatus}`)}</Text>
          <Text size="sm">
            {f.dateTime(e.at)}
            {e.actor ? ` · ${e.actor.kind === 'link' ? t('referrals.byLink') : e.actor.name ?? (e.actor.receiving ? t('referrals.byReceiver') : t('referrals.bySystem'))}` : ''}
          </Text>
          {e.reason && <Text size="sm">{t('referrals.reason')}: {e.reason}</Text>}
        </li>
      ))}
    </ol>
  );
}

/** One referral: what was shared, its timeline, the moves, the receiver's link and the outcome. */
export default function ReferralDetailPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const { id = '' } = useParams();
  const qc = useQueryClient();
  const [link, setLink] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [outcome, setOutcome] = useState<Outcome>('need-met');
  const [outcomeNote, setOutcomeNote] = useState('');
  const r = useQuery({ queryKey: referralKeys.one(id), queryFn: () => getReferral(id) });
  const done = (v: Referral) => {
    qc.setQueryData(referralKeys.one(id), v);
    void qc.invalidateQueries({ queryKey: ['referrals', 'list'] });
    void qc.invalidateQueries({ queryKey: ['referrals', 'follow-ups'] });
    if (v.receiverLink) setLink(v.receiverLink);
    setReason('');
  };
  const move = useMutation({ mutationFn: (to: ReferralStatus) => moveReferral(id, to, reason.trim() || undefined), onSuccess: done });
  const revoke = useMutation({ mutationFn: () => revokeLink(id), onSuccess: (v) => { setLink(null); done(v); } });
  const reissue = useMutation({ mutationFn: () => newLink(id), onSuccess: done });
  const saveOutcome = useMutation({ mutationFn: () => recordOutcome(id, outcome, outcomeNote.trim()), onSuccess: done });
  const [confirmWithdrawal, setConfirmWithdrawal] = useState(false);
  const withdrawPart2 = useMutation({ mutationFn: () => revokePart2Consent(id), onSuccess: (v) => { setConfirmWithdrawal(false); done(v); } });

  if (r.isPending) return <PageLoader />;
  if (r.isError) return <RecordLoadFailed title={t('referrals.detail.fallbackTitle')} error={r.error} onRetry={() => void r.refetch()} />;
  const v = r.data;
  const sender = v.direction === 'sent';
  const moves = TRANSITIONS[v.status].filter((s) => sender || !['sent', 'cancelled'].includes(s));
  const needsReason = moves.some((m) => REASON_REQUIRED.includes(m));
  const error = move.error ?? revoke.error ?? reissue.error ?? saveOutcome.error ?? withdrawPart2.error;

  return (
    <Page title={t('referrals.detail.title', { service: v.service.name })}>
      <Group gap="sm" wrap="wrap">
        <Text>
          <span id="referral-status-label">{t('referrals.statusLabel')}:</span>{' '}
          <span data-testid="referral-status" aria-labelledby="referral-status-label">
            <StatusBadge status={v.status} />
          </span>
        </Text>
        {v.overdue && <Text c="red.9" fw={700}>{t('referrals.overdue')}</Text>}
      </Group>
      <dl className="result-facts">
        <div>
          <dt>{t('referrals.participant')}</dt>
          <dd>{v.participant.displayName || t('referrals.notShared')}</dd>
        </div>
        <div>
          <dt>{t('referrals.service')}</dt>
          <dd>
            {v.service.name}
            {v.service.organizationName ? ` · ${v.service.organizationName}` : ''}
          </dd>
        </div>
        <div>
          <dt>{t('referrals.needLabel')}</dt>
          <dd>{t(`referrals.need.${v.need}`)}</dd>
        </div>
        <div>
          <dt>{t('referrals.urgencyLabel')}</dt>
          <dd>{t(`referrals.urgency.${v.urgency}`)}</dd>
        </div>
        {v.followUpOn && (
          <div>
            <dt>{t('referrals.followUpOn')}</dt>
            <dd>{f.date(v.followUpOn)}</dd>
          </div>
        )}
        {sender && (
          <div>
            <dt>{t('share.contactShared')}</dt>
            <dd>{v.referrerContact ?? t('share.noContact')}</dd>
          </div>
        )}
        {v.receivingOrganization && (
          <div>
            <dt>{t('referrals.receivingOrganization')}</dt>
            <dd>{v.receivingOrganization}</dd>
          </div>
        )}
      </dl>
      {v.statusReason && <Text>{t('referrals.reason')}: {v.statusReason}</Text>}
      {v.note && <Text>{t('referrals.note')}: {v.note}</Text>}
      {error && <ErrorAlert error={error} />}

      <section aria-labelledby="shared-title">
        <Title order={2} fz="lg" id="shared-title">
          {t('referrals.detail.shared')}
        </Title>
        {v.part2Notice && <p className="part2-notice">{v.part2Notice}</p>}
        <SharedList items={v.shared.items} />
        <Text size="sm" c="dimmed">
          {t('referrals.detail.consent', { method: t(`referrals.method.${v.shared.consent.method}`), date: f.dateTime(v.shared.consent.recordedAt) })}
        </Text>
        {v.shared.part2Consent && (
          <Text size="sm">
            {t('referrals.detail.part2Consent', { recipient: v.shared.part2Consent.recipient, purpose: v.shared.part2Consent.purpose, date: f.date(v.shared.part2Consent.expiresOn) })}
            {v.shared.part2Consent.revokedAt && ` · ${t('referrals.detail.part2Withdrawn', { date: f.dateTime(v.shared.part2Consent.revokedAt) })}`}
          </Text>
        )}
        {sender && v.shared.part2Consent && !v.shared.part2Consent.revokedAt && (
          <Group gap="sm">
            {confirmWithdrawal ? (
              <>
                <Text size="sm">{t('referrals.detail.part2WithdrawConfirm')}</Text>
                <Button color="red" onClick={() => withdrawPart2.mutate()} loading={withdrawPart2.isPending}>
                  {t('referrals.detail.part2WithdrawYes')}
                </Button>
                <Button variant="default" onClick={() => setConfirmWithdrawal(false)}>
                  {t('common.cancel')}
                </Button>
              </>
            ) : (
              <Button variant="default" color="red" onClick={() => setConfirmWithdrawal(true)}>
                {t('referrals.detail.part2Withdraw')}
              </Button>
            )}
          </Group>
        )}
      </section>

      {moves.length > 0 && (
        <section aria-labelledby="moves-title">
          <Stack gap="xs">
            <Title order={2} fz="lg" id="moves-title">
              {t('referrals.detail.moves')}
            </Title>
            {needsReason && <TextInput label={t('referrals.reasonLabel')} description={t('referrals.reasonHelp')} value={reason} onChange={(e) => setReason(e.currentTarget.value)} maw={480} />}
            <Group gap="sm" wrap="wrap">
              {moves.map((m) => (
                <Button key={m} variant={m === 'sent' || m === 'accepted' ? 'filled' : 'default'} loading={move.isPending && move.variables === m} onClick={() => move.mutate(m)}>
                  {t(`referrals.move.${m}`)}
                </Button>
              ))}
            </Group>
          </Stack>
        </section>
      )}

      {sender && v.status !== 'draft' && (
        <section aria-labelledby="link-title">
          <Stack gap="xs">
            <Title order={2} fz="lg" id="link-title">
              {t('referrals.detail.link')}
            </Title>
            {link && (
              <Alert color="green" variant="outline">
                <SendLink link={link} service={v.service.name} />
              </Alert>
            )}
            {v.link && (
              <Text size="sm">
                {t(`referrals.linkState.${v.link.state}`)} · {t('referrals.detail.expires', { date: f.dateTime(v.link.expiresAt) })} · {t('referrals.detail.uses', { count: v.link.uses })}
              </Text>
            )}
            <Group gap="sm">
              {v.link?.state === 'active' && (
                <Button variant="default" color="red" onClick={() => revoke.mutate()} loading={revoke.isPending}>
                  {t('referrals.detail.revoke')}
                </Button>
              )}
              {v.status !== 'cancelled' && (
                <Button variant="default" onClick={() => reissue.mutate()} loading={reissue.isPending}>
                  {t('referrals.detail.newLink')}
                </Button>
              )}
            </Group>
          </Stack>
        </section>
      )}

      {sender && CLOSED.includes(v.status) && (
        <section aria-labelledby="outcome-title">
          <Stack gap="xs" maw={520}>
            <Title order={2} fz="lg" id="outcome-title">
              {t('referrals.detail.outcome')}
            </Title>
            {v.outcome && <Text>{t('referrals.detail.outcomeRecorded', { outcome: t(`referrals.outcome.${v.outcome}`), date: f.dateTime(v.outcomeRecordedAt) })}</Text>}
            <Text size="sm">{t('referrals.detail.outcomeHelp')}</Text>
            <NativeSelect label={t('referrals.detail.outcomeLabel')} value={outcome} onChange={(e) => setOutcome(e.currentTarget.value as Outcome)} data={OUTCOMES.map((o) => ({ value: o, label: t(`referrals.outcome.${o}`) }))} />
            <Textarea label={t('referrals.detail.outcomeNote')} value={outcomeNote} onChange={(e) => setOutcomeNote(e.currentTarget.value)} />
            <Button onClick={() => saveOutcome.mutate()} loading={saveOutcome.isPending} w="fit-content">
              {t('referrals.detail.saveOutcome')}
            </Button>
          </Stack>
        </section>
      )}

      <section aria-labelledby="timeline-title">
        <Title order={2} fz="lg" id="timeline-title">
          {t('referrals.detail.timeline')}
        </Title>
        <Timeline events={v.events} />
      </section>
    </Page>
  );
}
