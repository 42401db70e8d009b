import { Anchor, Badge, Button, Card, Group, NativeSelect, Stack, Text, Textarea, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorAlert } from '../../app/ui/ErrorAlert';
import './safety.css';
import { FOLLOW_UP_ACTIONS, closeFollowup, listOpenFollowups, safetyKeys, type FollowUpAction, type SafetyFollowup } from './safety.api';

/** One open follow-up: who, why, who must act by when, 988, and closing it with what was done. */
function FollowupCard(props: { f: SafetyFollowup; showPeer: boolean }) {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const { f } = props;
  // The deadline is the end of the organization's day: shown in its time zone, named.
  // dateStyle/timeStyle cannot be combined with timeZoneName (a RangeError that took the page down): the fields one by one.
  const due = formatDue(i18n.language, f.dueBy, f.timeZone, (date) => t('safetyFollowups.endOfDay', { date }));
  const [action, setAction] = useState<FollowUpAction | ''>('');
  const [note, setNote] = useState('');
  const [actionError, setActionError] = useState<string | undefined>();
  const close = useMutation({
    mutationFn: () => closeFollowup(f.id, action as FollowUpAction, note),
    onSuccess: () => void qc.invalidateQueries({ queryKey: safetyKeys.open }),
  });
  const titleId = `safety-${f.id}`;
  return (
    <li>
      <Card withBorder padding="md" component="article" aria-labelledby={titleId} className="safety-card" data-testid="safety-card">
        <Stack gap="xs">
          <Group justify="space-between" wrap="wrap" gap="xs">
            <Title order={3} fz={18} id={titleId}>
              <Anchor component={Link} to={`/participants/${f.participantId}`}>
                {t('safetyFollowups.cardTitle', { name: f.participantName })}
              </Anchor>
            </Title>
            {f.overdue ? (
              <Badge color="red.9" variant="filled">
                {f.escalatedAt ? t('safetyFollowups.escalated') : t('safetyFollowups.overdue')}
              </Badge>
            ) : (
              <Badge color="red.9" variant="outline">
                {t('safetyFollowups.today')}
              </Badge>
            )}
          </Group>
          <Text>{t(`safetyFollowups.reasons.${f.reason.endsWith('self-harm-thoughts') ? 'item9' : 'flag'}`)}</Text>
          <Text fw={700} data-testid="safety-due">
            {props.showPeer
              ? f.peerName
                ? t('safetyFollowups.whoBy', { name: f.peerName, time: due })
                : t('safetyFollowups.noPeerBy', { time: due })
              : t('safetyFollowups.youBy', { time: due })}
          </Text>
          <Text size="sm">
            {t('safetyFollowups.crisisLine')}{' '}
            <Anchor href="tel:988" fw={700}>
              {t('safetyFollowups.call988')}
            </Anchor>{' '}
            ·{' '}
            <Anchor href="sms:988" fw={700}>
              {t('safetyFollowups.text988')}
            </Anchor>
          </Text>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              if (!action) {
                setActionError(t('safetyFollowups.actionNeeded'));
                return;
              }
              setActionError(undefined);
              close.mutate();
            }}
          >
            <Stack gap="xs">
              <NativeSelect
                label={t('safetyFollowups.action')}
                value={action}
                error={actionError}
                onChange={(e) => setAction(e.currentTarget.value as FollowUpAction | '')}
                data={[{ value: '', label: t('safetyFollowups.chooseAction') }, ...FOLLOW_UP_ACTIONS.map((a) => ({ value: a, label: t(`safetyFollowups.actions.${a}`) }))]}
              />
              <Textarea label={t('safetyFollowups.note')} value={note} onChange={(e) => setNote(e.currentTarget.value)} autosize minRows={2} maxLength={4000} />
              {close.isError && <ErrorAlert error={close.error} />}
              <Group>
                <Button type="submit" loading={close.isPending}>
                  {t('safetyFollowups.close')}
                </Button>
              </Group>
            </Stack>
          </form>
        </Stack>
      </Card>
    </li>
  );
}

/**
 * Open same-day safety follow-ups at the top of the day (issue 20): a peer's own on My day, the
 * whole team's on a supervisor's or admin's home, with who must act by when and 988 at hand.
 * Nothing shows when none is open.
 */
export function SafetyFollowups(props: { showPeer?: boolean }) {
  const { t } = useTranslation();
  const q = useQuery({ queryKey: safetyKeys.open, queryFn: listOpenFollowups, refetchInterval: 60_000 });
  if (!q.data || q.data.items.length === 0) return null;
  return (
    <section aria-labelledby="safety-title" className="safety-followups">
      <Stack gap="sm">
        <Title order={2} fz={20} id="safety-title" c="red.9">
          {t('safetyFollowups.title', { count: q.data.items.length })}
        </Title>
        <ul className="safety-list">
          {q.data.items.map((f) => (
            <FollowupCard key={f.id} f={f} showPeer={props.showPeer ?? false} />
          ))}
        </ul>
      </Stack>
    </section>
  );
}

/**
 * A deadline in the organization's time zone, naming the zone; the browser's zone if that one is
 * unknown. A same-day deadline is the organization's midnight: "end of day, Dec 6" says what it
 * means where "Dec 7, 12:00 AM" reads as tomorrow.
 */
function formatDue(language: string, dueBy: string, timeZone: string, endOfDay: (date: string) => string): string {
  const at = new Date(dueBy);
  const zone = (() => {
    try {
      new Intl.DateTimeFormat('en', { timeZone });
      return timeZone;
    } catch {
      return undefined;
    }
  })();
  const inZone = (o: Intl.DateTimeFormatOptions) => (zone ? { ...o, timeZone: zone } : o);
  const clock = new Intl.DateTimeFormat('en-US', inZone({ hour: 'numeric', minute: 'numeric', hourCycle: 'h23' })).formatToParts(at);
  const part = (type: string) => Number(clock.find((p) => p.type === type)?.value);
  // The zone as people say it: "CST" in English, but Spanish has no such letters and 'short' gives
  // "GMT-6"; its generic name reads "hora central".
  const zoneName: Intl.DateTimeFormatOptions['timeZoneName'] = language.startsWith('en') ? 'short' : 'longGeneric';
  const date: Intl.DateTimeFormatOptions = { year: 'numeric', month: 'short', day: 'numeric', timeZoneName: zoneName };
  if (part('hour') === 0 && part('minute') === 0) return endOfDay(new Intl.DateTimeFormat(language, inZone(date)).format(new Date(at.getTime() - 1)));
  return new Intl.DateTimeFormat(language, inZone({ ...date, hour: 'numeric', minute: '2-digit' })).format(at);
}
