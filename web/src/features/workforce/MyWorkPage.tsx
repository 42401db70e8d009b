import { Alert, Anchor, Button, Group, Radio, Stack, Switch, Table, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../app/format';
import { Page } from '../../app/ui/Page';
import { LoadFailed, PageLoader } from '../../app/ui/StatusPages';
import { MyApplications } from './MyApplications';
import { HoursBar, IntensityTrend, Section, StatusBadge } from './parts';
import { getCheckIns, getCredentials, getIntensity, getMyPeer, getProgress, getReminders, getSessions, postPulse, putSharing, rotateFeed, wfKeys, type Band } from './workforce.api';
import { WARNING_TEXT } from '../../app/theme';

/**
 * The peer's "My work" (issue 21): credentials and their status by the rule set, CE progress per
 * cycle, next deadlines, supervision, and wellbeing that only the peer sees, with support links.
 */
export default function MyWorkPage() {
  const { t } = useTranslation();
  const peer = useQuery({ queryKey: [...wfKeys.mine, 'peer'], queryFn: getMyPeer });
  if (peer.isPending) return <PageLoader />;
  if (peer.isError) return <LoadFailed error={peer.error} onRetry={() => void peer.refetch()} />;
  return (
    <Page title={t('workforce.my.title')}>
      <Text>{t('workforce.my.intro')}</Text>
      {peer.data ? <PeerWork peerId={peer.data.id} /> : <Alert color="gray">{t('workforce.my.noProfile')}</Alert>}
      <MyApplications />
      <Wellbeing />
    </Page>
  );
}

function PeerWork({ peerId }: { peerId: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const creds = useQuery({ queryKey: [...wfKeys.mine, 'credentials', peerId], queryFn: () => getCredentials(peerId) });
  const progress = useQuery({ queryKey: [...wfKeys.mine, 'progress', peerId], queryFn: () => getProgress(peerId) });
  const reminders = useQuery({ queryKey: wfKeys.reminders, queryFn: getReminders });
  const sessions = useQuery({ queryKey: [...wfKeys.mine, 'sessions'], queryFn: () => getSessions() });
  const intensity = useQuery({ queryKey: [...wfKeys.mine, 'intensity', peerId], queryFn: () => getIntensity(peerId) });
  const feed = useMutation({ mutationFn: rotateFeed });
  if (creds.isPending || progress.isPending) return <PageLoader />;
  if (creds.isError) return <LoadFailed error={creds.error} onRetry={() => void creds.refetch()} />;
  const names = new Map(creds.data.items.map((c) => [c.id, c.typeName]));
  return (
    <>
      <Section id="wf-deadlines" title={t('workforce.my.deadlines')}>
        {(reminders.data?.items ?? []).length === 0 ? (
          <Text>{t('workforce.my.noDeadlines')}</Text>
        ) : (
          <ul className="plain-list" style={{ listStyle: 'none', padding: 0, margin: 0, display: 'grid', gap: 8 }}>
            {reminders.data!.items.map((r) => (
              <li key={`${r.credentialId}-${r.kind}`}>
                <Text>{t(`workforce.reminder.${r.kind === 'grace-ends' ? 'graceEnds' : 'expires'}`, { name: r.credentialName, date: f.date(r.about), count: r.daysLeft })}</Text>
              </li>
            ))}
          </ul>
        )}
        <Group gap="sm">
          <Button variant="default" onClick={() => feed.mutate()} loading={feed.isPending}>
            {t('workforce.my.subscribe')}
          </Button>
        </Group>
        {feed.data && (
          <Text size="sm" style={{ wordBreak: 'break-all' }}>
            {t('workforce.my.feedHelp')} <code>{feed.data.url}</code>
          </Text>
        )}
      </Section>
      <Section id="wf-credentials" title={t('workforce.my.credentials')}>
        {creds.data.items.length === 0 ? (
          <Text>{t('workforce.my.noCredentials')}</Text>
        ) : (
          <ul className="plain-list" style={{ listStyle: 'none', padding: 0, margin: 0, display: 'grid', gap: 8 }}>
            {creds.data.items.map((c) => (
              <li key={c.id}>
                <Group gap="xs" wrap="wrap">
                  <Text fw={600}>{c.typeName}</Text>
                  <StatusBadge status={c.status} />
                </Group>
                <Text size="sm">{t('workforce.my.credentialLine', { number: c.number, body: c.issuingBody, date: f.date(c.expiresOn) })}</Text>
                {c.status === 'grace' && <Text size="sm" c={WARNING_TEXT}>{t(c.lateFee ? 'workforce.my.graceLate' : 'workforce.my.grace', { date: f.date(c.graceEndsOn ?? c.expiresOn) })}</Text>}
                {(c.status === 'lapsed' || c.status === 'inactive') && <Text size="sm" c="red.9">{t('workforce.my.notBilling')}</Text>}
                {c.retrainRequired && <Text size="sm">{t('workforce.my.retrain')}</Text>}
                <Text size="sm" c="dimmed">
                  {c.verification.at ? t('workforce.my.verified', { date: f.date(c.verification.at), how: c.verification.how }) : t('workforce.my.unverified')}
                </Text>
              </li>
            ))}
          </ul>
        )}
      </Section>
      <Section id="wf-ce" title={t('workforce.my.ce')}>
        {(progress.data?.cycles ?? []).map((p) => (
          <Stack key={p.credentialId} gap={4}>
            <Text fw={600}>{names.get(p.credentialId) ?? p.credentialType}</Text>
            <Text size="sm">{t('workforce.my.cycle', { start: f.date(p.start), end: f.date(p.end), count: p.daysLeft })}</Text>
            {p.hoursRequired === null ? (
              <Text size="sm">{t('workforce.my.hoursUnknown', { done: p.hoursDone })}</Text>
            ) : (
              <HoursBar done={p.hoursDone} required={p.hoursRequired} label={t('workforce.my.hours', { done: p.hoursDone, required: p.hoursRequired })} />
            )}
            {p.topics.map((tp) => (
              <HoursBar key={tp.topic} done={tp.done} required={tp.required} label={t('workforce.my.topicHours', { topic: t(`workforce.topic.${tp.topic}`, { defaultValue: tp.topic }), done: tp.done, required: tp.required })} />
            ))}
            <Text size="sm" c="dimmed">
              {t(`workforce.ceStatus.${p.status}`, { defaultValue: p.status })}
            </Text>
          </Stack>
        ))}
      </Section>
      <Section id="wf-supervision" title={t('workforce.my.supervision')}>
        {(sessions.data?.items ?? []).length === 0 ? (
          <Text>{t('workforce.my.noSupervision')}</Text>
        ) : (
          <Table.ScrollContainer minWidth={300}>
            <Table>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('workforce.my.date')}</Table.Th>
                  <Table.Th>{t('workforce.my.minutes')}</Table.Th>
                  <Table.Th>{t('workforce.my.topics')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {sessions.data!.items.slice(0, 6).map((s) => (
                  <Table.Tr key={s.id}>
                    <Table.Td>{f.date(s.heldOn)}</Table.Td>
                    <Table.Td>{s.minutes}</Table.Td>
                    <Table.Td>{s.topics.map((x) => t(`workforce.supTopic.${x}`, { defaultValue: x })).join(', ')}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Section>
      {intensity.data && (
        <Section id="wf-intensity" title={t('workforce.my.intensity')}>
          <IntensityTrend weeks={intensity.data.weeks} label={t('workforce.my.intensity')} />
        </Section>
      )}
    </>
  );
}

// Text colours at 4.5:1 or more on white (axe; theme.ts).
const BAND_COLOR: Record<Band, string> = { low: 'teal.9', moderate: WARNING_TEXT, high: 'red.9' };

function Wellbeing() {
  const { t } = useTranslation();
  const f = useFormat();
  const qc = useQueryClient();
  const data = useQuery({ queryKey: wfKeys.wellbeing, queryFn: getCheckIns });
  const [pulse, setPulse] = useState('3');
  const save = useMutation({ mutationFn: () => postPulse(Number(pulse)), onSuccess: () => void qc.invalidateQueries({ queryKey: wfKeys.wellbeing }) });
  const share = useMutation({ mutationFn: putSharing, onSuccess: () => void qc.invalidateQueries({ queryKey: wfKeys.wellbeing }) });
  const sharing = data.data?.sharing ?? { shareBand: false, askCheckin: false };
  return (
    <Section id="wf-wellbeing" title={t('workforce.my.wellbeing')}>
      <Text size="sm">{t('workforce.wellbeing.private')}</Text>
      {data.data?.band && (
        <Text c={BAND_COLOR[data.data.band]} fw={600}>
          {t(`workforce.wellbeing.band.${data.data.band}`)}
        </Text>
      )}
      <Stack gap={4}>
        <Text fw={600} id="wf-pulse-label">
          {t('workforce.wellbeing.pulseQuestion')}
        </Text>
        <Radio.Group aria-labelledby="wf-pulse-label" value={pulse} onChange={setPulse}>
          <Group gap="sm" wrap="wrap">
            {['1', '2', '3', '4', '5'].map((v) => (
              <Radio key={v} value={v} label={t(`workforce.wellbeing.pulse.${v}`)} />
            ))}
          </Group>
        </Radio.Group>
        <Group>
          <Button onClick={() => save.mutate()} loading={save.isPending}>
            {t('workforce.wellbeing.save')}
          </Button>
        </Group>
      </Stack>
      {(data.data?.items ?? []).slice(0, 5).map((c) => (
        <Text key={c.id} size="sm">
          {/* The day she checked in, in her zone (an evening check-in is not tomorrow's); the pulse as she answered it. */}
          {f.date(c.createdAt)}: {t(`workforce.wellbeing.instrument.${c.instrument}`)} ·{' '}
          {c.scores
            .map((s) =>
              c.instrument === 'pulse'
                ? t('workforce.wellbeing.pulseAnswer', { answer: t(`workforce.wellbeing.pulse.${s.score}`), score: s.score, band: t(`workforce.wellbeing.bandShort.${s.band}`) })
                : `${t(`workforce.wellbeing.scale.${s.code}`)} ${s.score} (${t(`workforce.wellbeing.bandShort.${s.band}`)})`,
            )
            .join(', ')}
        </Text>
      ))}
      <Switch label={t('workforce.wellbeing.shareBand')} checked={sharing.shareBand} onChange={(e) => share.mutate({ ...sharing, shareBand: e.currentTarget.checked })} />
      <Switch label={t('workforce.wellbeing.askCheckin')} checked={sharing.askCheckin} onChange={(e) => share.mutate({ ...sharing, askCheckin: e.currentTarget.checked })} />
      <Alert color="blue" variant="light" title={t('workforce.wellbeing.supportTitle')}>
        <Stack gap={4}>
          <Text size="sm">{t('workforce.wellbeing.eap')}</Text>
          <Anchor href="https://warmline.org" target="_blank" rel="noreferrer" size="sm">
            {t('workforce.wellbeing.warmline')}
          </Anchor>
          <Anchor href="tel:988" size="sm">
            {t('workforce.wellbeing.lifeline')}
          </Anchor>
        </Stack>
      </Alert>
      <Text size="xs" c="dimmed">
        {t('workforce.wellbeing.credit')}{' '}
        <Anchor href="https://proqol.org" target="_blank" rel="noreferrer" size="xs">
          proqol.org
        </Anchor>
      </Text>
    </Section>
  );
}
