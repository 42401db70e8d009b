import { Anchor, Badge, Button, Group, Stack, Text, Title } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useFormat } from '../../app/format';
import { LoadFailed } from '../../app/ui/StatusPages';
import { getTimeline, recordKeys, type TimelineEntry } from './record.api';
import './record.css';

/** The month an entry belongs to, in the reader's time zone ("2026-11"). */
const monthOf = (at: string) => {
  const d = new Date(at);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
};

function StatusBadgeOf(props: { entry: TimelineEntry }) {
  const { t } = useTranslation();
  const e = props.entry;
  if (e.kind === 'session') {
    const key = e.voided ? 'voided' : e.status === 'signed' && e.cosignRequired ? 'awaitingCosign' : e.status;
    // Filled badges with dark shades (white text meets 4.5:1), outlined for a draft, as elsewhere.
    const color = key === 'returned' ? 'red.9' : key === 'voided' ? 'gray.7' : key === 'cosigned' || key === 'signed' ? 'teal.9' : 'blue.9';
    return (
      <Badge color={color} variant={key === 'draft' ? 'outline' : 'filled'} data-status={key}>
        {t(`caseload.status.${key}`, { defaultValue: key })}
      </Badge>
    );
  }
  if (e.kind === 'referral') {
    return (
      <Badge color={e.overdue ? 'red.9' : 'blue.9'} variant="outline" data-status={e.status}>
        {t(`referrals.status.${e.status}`, { defaultValue: e.status })}
      </Badge>
    );
  }
  return null;
}

function EntryBody(props: { entry: TimelineEntry; participantId: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const e = props.entry;
  let title: ReactNode;
  let lines: ReactNode[] = [];
  let link: ReactNode = null;
  switch (e.kind) {
    case 'session':
      title = t('record.timeline.session', { type: t(`caseload.types.${e.type}`, { defaultValue: e.type }), modality: t(`caseload.modalities.${e.modality}`, { defaultValue: e.modality }) });
      lines = [
        [t('record.timeline.minutes', { count: e.durationMinutes, n: f.number(e.durationMinutes) }), e.peer ? t('record.timeline.byPeer', { name: e.peer }) : null].filter(Boolean).join(' · '),
        e.activities.length
          ? e.activities.map((a) => t(`caseload.activities.${a}`, { defaultValue: a })).join(', ')
          : t('record.timeline.noActivities'),
      ];
      link = (
        <Anchor component={Link} to={`/caseload/encounters/${e.encounterId}`} size="sm">
          {t('record.timeline.openNote')}
        </Anchor>
      );
      break;
    case 'plan':
      title = e.version === 1 ? t('record.timeline.planFirst') : t('record.timeline.planVersion', { version: e.version });
      lines = [
        [
          t('record.timeline.goals', { count: e.goalCount, n: f.number(e.goalCount) }),
          e.version > 1 && e.changedFields.length
            ? t('caseload.plan.changed', { fields: e.changedFields.map((x) => t(`caseload.plan.fields.${x}`, { defaultValue: x })).join(', ') })
            : null,
          e.changedBy ? t('record.timeline.byPeer', { name: e.changedBy }) : null,
        ]
          .filter(Boolean)
          .join(' · '),
      ];
      link = (
        <Anchor component={Link} to={`/participants/${props.participantId}/plan`} size="sm">
          {t('record.timeline.openPlan')}
        </Anchor>
      );
      break;
    case 'referral':
      title = t('record.timeline.referral', { need: t(`referrals.need.${e.need}`, { defaultValue: e.need }), service: e.serviceName });
      lines = [
        e.organizationName,
        e.outcome
          ? t('record.timeline.outcome', { outcome: t(`referrals.outcome.${e.outcome}`, { defaultValue: e.outcome }) })
          : e.followUpOn && e.status !== 'cancelled'
            ? e.overdue
              ? t('record.timeline.followUpOverdue', { date: f.date(e.followUpOn) })
              : t('record.timeline.followUpOn', { date: f.date(e.followUpOn) })
            : null,
      ].filter(Boolean);
      link = (
        <Anchor component={Link} to={`/referrals/${e.referralId}`} size="sm">
          {t('record.timeline.openReferral')}
        </Anchor>
      );
      break;
    case 'match':
      title = e.event === 'assigned' ? t('record.timeline.matched', { name: e.peer.displayName }) : t('record.timeline.matchEnded', { name: e.peer.displayName });
      if (e.event === 'ended' && e.endedBy) lines = [t('participants.detail.endedBy', { who: t(`participants.end.by.${e.endedBy}`, { defaultValue: e.endedBy }) })];
      break;
    case 'coverage':
      title = t('record.timeline.coverage', { payer: e.payer ?? '—' });
      lines = [e.endDate ? t('record.timeline.coveragePeriod', { from: f.date(e.startDate), to: f.date(e.endDate) }) : t('record.timeline.coverageFrom', { from: f.date(e.startDate) })];
      link = (
        <Anchor component={Link} to={`/participants/${props.participantId}/coverage`} size="sm">
          {t('record.timeline.openCoverage')}
        </Anchor>
      );
      break;
  }
  return (
    <Stack gap={2}>
      <Group gap="xs" wrap="wrap" align="center">
        <Text fw={600} size="sm">
          {title}
        </Text>
        <StatusBadgeOf entry={e} />
      </Group>
      <Text size="xs" c="dimmed">
        <time dateTime={e.at}>{f.dateTime(e.at)}</time>
      </Text>
      {lines.map((l, i) => (
        <Text size="sm" key={i} c={e.kind === 'referral' && e.overdue && i === 1 ? 'red.9' : undefined}>
          {l}
        </Text>
      ))}
      {link}
    </Stack>
  );
}

/**
 * The person's history, newest first, grouped by month, twenty entries at a time (issue 17):
 * sessions with their notes, plan versions, referrals, matches and, for admins, coverage.
 */
export function RecordTimeline(props: { participantId: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const timeline = useInfiniteQuery({
    queryKey: recordKeys.timeline(props.participantId),
    queryFn: ({ pageParam }) => getTimeline(props.participantId, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next,
  });
  if (timeline.isPending) return <Text role="status">{t('common.loading')}</Text>;
  if (timeline.isError) return <LoadFailed error={timeline.error} onRetry={() => void timeline.refetch()} />;
  const items = timeline.data.pages.flatMap((p) => p.items);
  if (items.length === 0) return <Text>{t('record.timeline.empty')}</Text>;
  const months: Array<{ month: string; items: TimelineEntry[] }> = [];
  for (const e of items) {
    const m = monthOf(e.at);
    const last = months[months.length - 1];
    if (last && last.month === m) last.items.push(e);
    else months.push({ month: m, items: [e] });
  }
  // "noviembre de 2026" → "Noviembre de 2026": only the first letter (CSS capitalize would write "De").
  const monthLabel = (m: string) => {
    const text = new Intl.DateTimeFormat(f.locale, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${m}-15T12:00:00Z`));
    return text.charAt(0).toLocaleUpperCase(f.locale) + text.slice(1);
  };
  return (
    <Stack gap="md">
      {months.map((m) => (
        <section key={m.month} aria-labelledby={`timeline-${m.month}`}>
          <Title order={3} fz={16} id={`timeline-${m.month}`} mb="xs">
            {monthLabel(m.month)}
          </Title>
          <ol className="record-timeline">
            {m.items.map((e) => (
              <li key={e.id} data-kind={e.kind}>
                <EntryBody entry={e} participantId={props.participantId} />
              </li>
            ))}
          </ol>
        </section>
      ))}
      {timeline.hasNextPage && (
        <Group>
          <Button variant="default" onClick={() => void timeline.fetchNextPage()} loading={timeline.isFetchingNextPage}>
            {t('record.timeline.older')}
          </Button>
        </Group>
      )}
    </Stack>
  );
}
