import { Anchor, Badge, Card, Group, NativeSelect, SegmentedControl, Stack, Text, TextInput, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useFormat } from '../../app/format';
import { useCurrentUser } from '../../app/session';
import { Page } from '../../app/ui/Page';
import { Pager } from '../../app/ui/Pager';
import { LoadFailed, PageLoader } from '../../app/ui/StatusPages';
import { listPeers, peerKeys } from '../peers/peers.api';
import './caseload.css';
import { PEER_VIEWS, TEAM_VIEWS, listNotes, notesKeys, type NoteListItem, type NoteView } from './notes.api';

const PAGE_SIZE = 20;
const DEFAULT_DAYS = 2;

function NoteItem(props: { note: NoteListItem; showPeer: boolean }) {
  const { t } = useTranslation();
  const f = useFormat();
  const n = props.note;
  const who = n.participants.map((p) => p.displayName).join(', ');
  const status = n.voided ? 'voided' : n.status;
  return (
    <li data-note={n.id}>
      <Card withBorder padding="sm">
        <Stack gap={6}>
          <Anchor component={Link} to={`/caseload/encounters/${n.id}`} fw={600}>
            {t('notes.itemLink', { who, date: f.date(n.serviceDate) })}
          </Anchor>
          <Group gap="xs" wrap="wrap">
            <Badge color={status === 'returned' ? 'red.9' : status === 'cosigned' ? 'teal.9' : status === 'voided' ? 'gray.7' : 'blue.9'} variant={status === 'draft' ? 'outline' : 'filled'}>
              {t(`caseload.status.${status}`)}
            </Badge>
            <Text size="sm" data-testid="note-billable" fw={n.billable ? 600 : undefined}>
              {n.billable ? t('notes.billable') : t('notes.notBillable', { reason: t(`caseload.billing.reasons.${n.billingReason ?? 'unknown'}`) })}
            </Text>
          </Group>
          {/* Who wrote it (for supervisors), the kind of session and its length, on one line. */}
          <Text size="sm">
            {[props.showPeer ? n.peer.displayName : null, t(`caseload.types.${n.type}`), t('caseload.minutes', { count: n.durationMinutes })].filter(Boolean).join(' · ')}
          </Text>
          {n.status === 'returned' && n.returnComment && (
            <Text size="sm" className="narrative-text">
              <strong>{t('caseload.day.supervisorSaid')}</strong> {n.returnComment}
            </Text>
          )}
        </Stack>
      </Card>
    </li>
  );
}

/**
 * `/notes`: the list of session notes (issue 17). A peer sees their own: all of them, drafts to
 * finish, notes returned to them. Supervisors and admins see the team's (or one peer's), the drafts
 * still unsigned more than N days after the session, and the notes returned to peers. The view,
 * peer, days and page live in the address, so a list can be bookmarked and the back button works.
 */
export default function NotesPage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const reviewer = me.role === 'supervisor' || me.role === 'admin';
  const views: readonly NoteView[] = reviewer ? TEAM_VIEWS : PEER_VIEWS;
  const [params, setParams] = useSearchParams();
  const asked = params.get('view') as NoteView | null;
  const view: NoteView = asked && views.includes(asked) ? asked : views[0]!;
  const peerId = reviewer ? (params.get('peer') ?? '') : '';
  const askedDays = Number.parseInt(params.get('days') ?? '', 10);
  // 0 is a valid answer ("every unsigned draft"), so only a missing or bad value falls back.
  const days = Number.isInteger(askedDays) ? Math.min(365, Math.max(0, askedDays)) : DEFAULT_DAYS;
  const page = Math.max(1, Number.parseInt(params.get('page') ?? '1', 10) || 1);
  const [daysText, setDaysText] = useState(String(days));
  useEffect(() => setDaysText(String(days)), [days]);

  const go = (next: Partial<{ view: string; peer: string; days: string; page: string }>) => {
    const p = new URLSearchParams(params);
    for (const [k, v] of Object.entries(next)) {
      if (v) p.set(k, v);
      else p.delete(k);
    }
    if (!('page' in next)) p.delete('page');
    setParams(p, { replace: false });
  };

  const q = { view, peerId: peerId || undefined, days, page, pageSize: PAGE_SIZE };
  const notes = useQuery({ queryKey: notesKeys.list(q), queryFn: () => listNotes(q), placeholderData: keepPreviousData });
  const peers = useQuery({ queryKey: [...peerKeys.all, 'for-notes'], queryFn: () => listPeers({ page: 1, pageSize: 200 }), enabled: reviewer });

  return (
    <Page title={t('notes.title')}>
      <Text>{reviewer ? t('notes.introTeam') : t('notes.introPeer')}</Text>
      <Stack gap="sm">
        <SegmentedControl
          aria-label={t('notes.viewLabel')}
          value={view}
          onChange={(v) => go({ view: v })}
          data={views.map((v) => ({ value: v, label: t(`notes.views.${v}`) }))}
          fullWidth
          maw={520}
        />
        {reviewer && (
          <Group gap="sm" align="flex-end" wrap="wrap">
            <NativeSelect
              label={t('notes.byPeer')}
              value={peerId}
              onChange={(e) => go({ peer: e.currentTarget.value })}
              data={[{ value: '', label: t('notes.allPeers') }, ...(peers.data?.items ?? []).map((p) => ({ value: p.id, label: p.displayName }))]}
              w={{ base: '100%', xs: 240 }}
            />
            {view === 'unsigned' && (
              <TextInput
                type="number"
                inputMode="numeric"
                min={0}
                max={365}
                label={t('notes.days')}
                value={daysText}
                onChange={(e) => {
                  setDaysText(e.currentTarget.value);
                  const n = Number.parseInt(e.currentTarget.value, 10);
                  if (Number.isInteger(n) && n >= 0 && n <= 365) go({ days: String(n) });
                }}
                w={{ base: '100%', xs: 280 }}
              />
            )}
          </Group>
        )}
      </Stack>
      {notes.isPending ? (
        <PageLoader />
      ) : notes.isError ? (
        <LoadFailed error={notes.error} onRetry={() => void notes.refetch()} />
      ) : (
        <section aria-labelledby="notes-list-title">
          <Stack gap="sm">
            <Title order={2} fz={18} id="notes-list-title">
              {view === 'unsigned' ? t('notes.listTitleUnsigned', { count: notes.data.total, days }) : t(`notes.listTitle.${view}`, { count: notes.data.total })}
            </Title>
            {notes.data.items.length === 0 ? (
              <Text>{t(`notes.empty.${view}`)}</Text>
            ) : (
              <ul className="plain-list" aria-labelledby="notes-list-title">
                {notes.data.items.map((n) => (
                  <NoteItem key={n.id} note={n} showPeer={reviewer} />
                ))}
              </ul>
            )}
            {notes.data.total > notes.data.pageSize && (
              <Pager page={notes.data.page} pageSize={notes.data.pageSize} total={notes.data.total} onPage={(p) => go({ page: String(p) })} label={t('notes.paging')} />
            )}
          </Stack>
        </section>
      )}
    </Page>
  );
}
