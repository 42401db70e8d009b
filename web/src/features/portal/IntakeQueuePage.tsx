import { Anchor, Badge, Button, Group, SegmentedControl, Stack, Tabs, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useFormat } from '../../app/format';
import { ErrorAlert } from '../../app/ui/ErrorAlert';
import { Page } from '../../app/ui/Page';
import { PhoneLink } from '../../app/ui/PhoneLink';
import { LoadFailed, PageLoader } from '../../app/ui/StatusPages';
import { closeRequest, intakeRequest, listParticipantAsks, listPeerRequests, markAskDone, type IntakeResult, type PeerRequest } from './portal.api';
import './portal.css';

/**
 * The intake queue (issue 23): requests from the public find-a-peer page, each turned into a
 * participant in one step with the top matches shown at once; and what participants asked for
 * in their portal (corrections, plan changes) as tasks.
 */
export default function IntakeQueuePage() {
  const { t } = useTranslation();
  return (
    <Page title={t('nav.intakeQueue')}>
      <Tabs defaultValue="requests" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="requests">{t('portal.queue.requestsTab')}</Tabs.Tab>
          <Tabs.Tab value="asks">{t('portal.queue.asksTab')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="requests" pt="md">
          <Requests />
        </Tabs.Panel>
        <Tabs.Panel value="asks" pt="md">
          <Asks />
        </Tabs.Panel>
      </Tabs>
    </Page>
  );
}

function Requests() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language.startsWith('es') ? 'es' : 'en';
  const [status, setStatus] = useState('new');
  const list = useQuery({ queryKey: ['peer-requests', status, lang], queryFn: () => listPeerRequests(status, lang) });
  if (list.isPending) return <PageLoader />;
  if (list.isError) return <LoadFailed error={list.error} onRetry={() => void list.refetch()} />;
  return (
    <Stack gap="sm">
      <SegmentedControl
        value={status}
        onChange={setStatus}
        aria-label={t('portal.queue.show')}
        data={['new', 'intake', 'closed'].map((s) => ({ value: s, label: t(`portal.queue.status.${s}`) }))}
        style={{ alignSelf: 'flex-start' }}
      />
      {list.data.items.length === 0 ? <Text role="status">{t('portal.queue.empty')}</Text> : list.data.items.map((r) => <RequestCard key={r.id} r={r} />)}
    </Stack>
  );
}

function RequestCard({ r }: { r: PeerRequest }) {
  const { t, i18n } = useTranslation();
  const f = useFormat();
  const qc = useQueryClient();
  const lang = i18n.language.startsWith('es') ? 'es' : 'en';
  const [result, setResult] = useState<IntakeResult | null>(null);
  const intake = useMutation({ mutationFn: () => intakeRequest(r.id, lang), onSuccess: (d) => setResult(d) });
  const close = useMutation({ mutationFn: () => closeRequest(r.id), onSuccess: () => void qc.invalidateQueries({ queryKey: ['peer-requests'] }) });
  const title = r.name ?? t('portal.queue.noName');
  return (
    <article className="portal-card" aria-labelledby={`req-${r.id}`} data-testid="peer-request">
      <Group justify="space-between" wrap="wrap" gap="xs">
        <Title order={2} fz="md" id={`req-${r.id}`}>
          {title} · <span style={{ fontFamily: 'monospace' }}>{r.reference}</span>
        </Title>
        <Text size="sm">{f.dateTime(r.createdAt)}</Text>
      </Group>
      <Stack gap={2} mt={4}>
        {r.contact.phone && (
          <Text>
            {t('portal.queue.phone')}: <PhoneLink number={r.contact.phone} />
            {r.contact.byText ? ` · ${t('portal.queue.textOk')}` : ''}
          </Text>
        )}
        {r.contact.email && <Text>{t('portal.queue.email')}: {r.contact.email}</Text>}
        <Text size="sm">{r.contact.okToLeaveMessage ? t('portal.queue.messageOk') : t('portal.queue.noMessage')}</Text>
        {r.contact.safeTimes && <Text size="sm">{t('portal.queue.safeTimes')}: {r.contact.safeTimes}</Text>}
        <Group gap={6} wrap="wrap">
          {r.language && <Badge variant="light">{t(`portal.queue.languages.${r.language}`)}</Badge>}
          {r.modality && <Badge variant="light">{t(`portal.queue.modality.${r.modality}`)}</Badge>}
          {r.gender && <Badge variant="light">{t(`portal.queue.gender.${r.gender}`, { defaultValue: r.gender })}</Badge>}
          {r.place && <Badge variant="light">{r.place}</Badge>}
        </Group>
        {r.experiences.length > 0 && <Text size="sm">{t('portal.queue.beenThrough')}: {r.experiences.map((e) => e.label).join(', ')}</Text>}
      </Stack>
      {r.status === 'new' && !result && (
        <Group mt="sm" gap="sm">
          <Button onClick={() => intake.mutate()} loading={intake.isPending}>
            {t('portal.queue.intake')}
          </Button>
          <Button variant="default" onClick={() => close.mutate()} loading={close.isPending}>
            {t('portal.queue.close')}
          </Button>
        </Group>
      )}
      {(intake.isError || close.isError) && <ErrorAlert error={intake.error ?? close.error} />}
      {(result || r.participantId) && (
        <Stack gap={4} mt="sm" role="status">
          <Anchor component={Link} to={`/participants/${result?.participantId ?? r.participantId}`}>
            {t('portal.queue.openParticipant')}
          </Anchor>
          {result && (
            <>
              <Text fw={600}>{result.matches.length ? t('portal.queue.topMatches') : t('portal.queue.noMatches')}</Text>
              <ol style={{ margin: 0, paddingLeft: 20 }} data-testid="intake-matches">
                {result.matches.map((m) => (
                  <li key={m.peer.id}>
                    <strong>{m.peer.displayName}</strong> ({t('matching.matches.score', { percent: f.number(Math.round(Math.max(0, Math.min(1, m.score)) * 100)) })}) {m.reasons.slice(0, 3).map((x) => x.label).join(' · ')}
                  </li>
                ))}
              </ol>
              <Anchor component={Link} to={`/participants/${result.participantId}/matches`}>
                {t('portal.queue.assign')}
              </Anchor>
            </>
          )}
        </Stack>
      )}
    </article>
  );
}

function Asks() {
  const { t } = useTranslation();
  const f = useFormat();
  const qc = useQueryClient();
  const asks = useQuery({ queryKey: ['portal-requests', 'open'], queryFn: () => listParticipantAsks('open') });
  const done = useMutation({ mutationFn: markAskDone, onSuccess: () => void qc.invalidateQueries({ queryKey: ['portal-requests'] }) });
  if (asks.isPending) return <PageLoader />;
  if (asks.isError) return <LoadFailed error={asks.error} onRetry={() => void asks.refetch()} />;
  if (asks.data.items.length === 0) return <Text role="status">{t('portal.queue.noAsks')}</Text>;
  return (
    <Stack gap="sm">
      {asks.data.items.map((a) => (
        <article key={a.id} className="portal-card" aria-labelledby={`ask-${a.id}`}>
          <Group justify="space-between" wrap="wrap" gap="xs">
            <Title order={2} fz="md" id={`ask-${a.id}`}>
              {t(`portal.queue.askKinds.${a.kind}`)}: <Anchor component={Link} to={`/participants/${a.participantId}`}>{a.participantName}</Anchor>
            </Title>
            <Text size="sm">{t('portal.queue.due', { date: f.date(a.dueOn) })}</Text>
          </Group>
          <Text style={{ whiteSpace: 'pre-line' }}>{a.text}</Text>
          <Button mt="xs" size="sm" variant="default" onClick={() => done.mutate(a.id)} loading={done.isPending && done.variables === a.id}>
            {t('portal.queue.markDone')}
          </Button>
        </article>
      ))}
    </Stack>
  );
}
