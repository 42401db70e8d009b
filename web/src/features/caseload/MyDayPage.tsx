import { Alert, Anchor, Badge, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { CredentialReminderCard } from '../workforce/CredentialReminderCard';
import { useFormat } from '../../app/format';
import { displayNameOf, useCurrentUser } from '../../app/session';
import { Page } from '../../app/ui/Page';
import { LoadFailed, PageLoader } from '../../app/ui/StatusPages';
import { ReferralFollowUps } from '../referrals/ReferralFollowUps';
import { SafetyFollowups } from '../outcomes/SafetyFollowups';
import { DayCounts } from './DayCounts';
import './caseload.css';
import { caseloadKeys, getMyDay, type EncounterSummary, type MyDay } from './caseload.api';

/** A short line for a note in a list: who, what kind, when. */
function NoteLine(props: { note: EncounterSummary; returned?: boolean }) {
  const { t } = useTranslation();
  const f = useFormat();
  const { note } = props;
  const who = note.participants.map((p) => p.displayName).join(', ');
  return (
    <li>
      <Card withBorder padding="sm" component="article">
        <Stack gap={4}>
          <Anchor component={Link} to={`/caseload/encounters/${note.id}`} fw={600}>
            {props.returned ? t('caseload.day.fixNote', { who }) : t('caseload.day.finishNote', { who })}
          </Anchor>
          <Text size="sm">
            {t(`caseload.types.${note.type}`)} · {f.dateTime(note.startedAt)} ·{' '}
            {t('caseload.minutes', { count: note.durationMinutes })}
          </Text>
          {props.returned && note.returnComment && (
            <Text size="sm">
              <strong>{t('caseload.day.supervisorSaid')}</strong> {note.returnComment}
            </Text>
          )}
        </Stack>
      </Card>
    </li>
  );
}

function Section(props: { id: string; title: string; children: React.ReactNode }) {
  return (
    <section aria-labelledby={props.id}>
      <Stack gap="sm">
        <Title order={2} fz={20} id={props.id}>
          {props.title}
        </Title>
        {props.children}
      </Stack>
    </section>
  );
}

function Caseload(props: { day: MyDay }) {
  const { t } = useTranslation();
  const f = useFormat();
  if (props.day.caseload.length === 0) return <Text>{t('caseload.day.noCaseload')}</Text>;
  return (
    <ul className="plain-list" aria-labelledby="day-caseload">
      {props.day.caseload.map((c) => (
        <li key={c.participantId} data-participant={c.participantId}>
          <Card withBorder padding="sm" component="article" aria-labelledby={`cl-${c.participantId}`}>
            <Stack gap={6}>
              <Group gap="xs" wrap="wrap" justify="space-between">
                <Title order={3} fz={17} id={`cl-${c.participantId}`}>
                  {c.displayName}
                </Title>
                <Group gap={6}>
                  {c.followUpOverdue && (
                    <Badge color="red.9" variant="filled">
                      {t('caseload.day.overdue')}
                    </Badge>
                  )}
                  {c.planReviewDue && (
                    <Badge color="blue.9" variant="outline">
                      {t('caseload.day.planReviewDue')}
                    </Badge>
                  )}
                </Group>
              </Group>
              <dl className="inline-facts">
                <div>
                  <dt>{t('caseload.day.lastContact')}</dt>
                  <dd>{c.lastContactAt ? f.date(c.lastContactAt) : t('caseload.day.noContactYet')}</dd>
                </div>
                <div>
                  <dt>{t('caseload.day.nextFollowUp')}</dt>
                  <dd>{c.nextFollowUpOn ? f.date(c.nextFollowUpOn) : t('caseload.day.noneplanned')}</dd>
                </div>
              </dl>
              <Group gap="md" wrap="wrap">
                <Anchor component={Link} to={`/caseload/log?participantId=${c.participantId}`} aria-label={t('caseload.day.logWith', { name: c.displayName })}>
                  {t('caseload.day.logShort')}
                </Anchor>
                <Anchor component={Link} to={`/participants/${c.participantId}/plan`} aria-label={t('caseload.day.planOf', { name: c.displayName })}>
                  {t('caseload.day.plan')}
                </Anchor>
              </Group>
            </Stack>
          </Card>
        </li>
      ))}
    </ul>
  );
}

/**
 * The peer's day (issues 4 and 5): returned notes first, referral follow-ups (overdue first), then
 * today's contacts, drafts and the caseload.
 */
export default function MyDayPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const me = useCurrentUser();
  const day = useQuery({ queryKey: caseloadKeys.myDay, queryFn: getMyDay });

  return (
    <Page
      title={t('caseload.day.title')}
      actions={
        <Button component={Link} to="/caseload/log" size="lg" className="log-session-button">
          {t('caseload.day.logSession')}
        </Button>
      }
    >
      <SafetyFollowups showPeer={me.role !== 'peer'} />
      <Text>
        {t('caseload.day.welcome', { name: displayNameOf(me) })} {day.data ? t('caseload.day.today', { date: f.date(day.data.date) }) : ''}
      </Text>
      {me.role === 'peer' && <DayCounts />}
      {me.role === 'peer' && <CredentialReminderCard />}
      {(me.role === 'supervisor' || me.role === 'admin') && (
        <Anchor component={Link} to="/review-queue">
          {t('caseload.day.toReviewQueue')}
        </Anchor>
      )}
      {day.isPending ? (
        <PageLoader />
      ) : day.isError ? (
        <LoadFailed error={day.error} onRetry={() => void day.refetch()} />
      ) : (
        <>
          {!day.data.peer && (
            <Alert color="gray" variant="outline" title={t('caseload.day.noPeerTitle')}>
              {t('caseload.day.noPeer')}
            </Alert>
          )}
          {day.data.returned.length > 0 && (
            <Section id="day-returned" title={t('caseload.day.returned', { count: day.data.returned.length })}>
              <ul className="plain-list">
                {day.data.returned.map((n) => (
                  <NoteLine key={n.id} note={n} returned />
                ))}
              </ul>
            </Section>
          )}
          <ReferralFollowUps show="all" id="day-referrals" title={t('caseload.day.referralFollowUps')} />
          <Section id="day-planned" title={t('caseload.day.planned')}>
            {day.data.plannedToday.length === 0 ? (
              <Text>{t('caseload.day.nothingPlanned')}</Text>
            ) : (
              <ul className="plain-list">
                {day.data.plannedToday.map((p) => (
                  <li key={`${p.participantId}-${p.fromEncounterId}`}>
                    <Group gap="sm" wrap="wrap">
                      <Text fw={600}>{p.displayName}</Text>
                      <Anchor component={Link} to={`/caseload/log?participantId=${p.participantId}`} aria-label={t('caseload.day.logWith', { name: p.displayName })}>
                        {t('caseload.day.logShort')}
                      </Anchor>
                    </Group>
                  </li>
                ))}
              </ul>
            )}
          </Section>
          {day.data.drafts.length > 0 && (
            <Section id="day-drafts" title={t('caseload.day.drafts', { count: day.data.drafts.length })}>
              <ul className="plain-list">
                {day.data.drafts.map((n) => (
                  <NoteLine key={n.id} note={n} />
                ))}
              </ul>
            </Section>
          )}
          <Section id="day-caseload" title={t('caseload.day.caseload')}>
            <Caseload day={day.data} />
          </Section>
        </>
      )}
    </Page>
  );
}
