import { Anchor, Button, Card, Checkbox, Divider, Group, NativeSelect, Stack, Text, Textarea, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'react-router';
import { clockTime, useFormat } from '../../app/format';
import { useCurrentUser } from '../../app/session';
import { ErrorAlert, SuccessAlert } from '../../app/ui/ErrorAlert';
import { Page } from '../../app/ui/Page';
import { PhoneLink } from '../../app/ui/PhoneLink';
import { LoadFailed, PageLoader, RecordLoadFailed } from '../../app/ui/StatusPages';
import { useTaxonomy } from '../matching/matching.api';
import { QualityForm } from '../matching/QualityForm';
import { languageName, type AvailabilityWindow } from '../matching/vocab';
import { Section } from '../peers/PeerProfileForm';
import {
  ENDED_BY,
  endAssignment,
  getParticipant,
  listAssignments,
  participantKeys,
  type Assignment,
  type EndedBy,
  type Participant,
} from './participants.api';
import { RecordActions } from './RecordActions';
import { RecordPlan } from './RecordPlan';
import { SendAssessmentLink } from '../outcomes/SendAssessmentLink';
import { RecordTimeline } from './RecordTimeline';
import { StatusBadge } from './StatusBadge';
import { PortalInvite } from '../portal/PortalInvite';

// Scores over time draw charts (recharts): their own chunk, loaded after the record shows.
const ParticipantOutcomes = lazy(() => import('../outcomes/ParticipantOutcomes'));

/** Ending a match is nobody's fault (issue 3): who ended it and a neutral reason, nothing more. */
function EndAssignmentForm(props: { assignment: Assignment; participantId: string; onEnded: (a: Assignment) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const [endedBy, setEndedBy] = useState<EndedBy>('participant');
  const [reason, setReason] = useState('');
  const [returnToWaitlist, setReturnToWaitlist] = useState(true);
  const [error, setError] = useState<string | undefined>();
  const reasonRef = useRef<HTMLTextAreaElement>(null);
  const end = useMutation({
    mutationFn: () => endAssignment(props.assignment.id, { endedBy, reason: reason.trim(), returnToWaitlist }),
    onSuccess: props.onEnded,
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (!reason.trim()) {
      setError(t('participants.end.reasonRequired'));
      reasonRef.current?.focus();
      return;
    }
    setError(undefined);
    end.mutate();
  };
  return (
    <form onSubmit={onSubmit} noValidate aria-labelledby="end-assignment-title">
      <Stack gap="sm">
        <Title order={3} fz={17} id="end-assignment-title">
          {t('participants.end.title', { name: props.assignment.peer.displayName })}
        </Title>
        <Text size="sm">{t('participants.end.intro')}</Text>
        <NativeSelect
          label={t('participants.end.endedBy')}
          value={endedBy}
          onChange={(e) => setEndedBy(e.currentTarget.value as EndedBy)}
          data={ENDED_BY.map((x) => ({ value: x, label: t(`participants.end.by.${x}`) }))}
          w={260}
        />
        <Textarea
          ref={reasonRef}
          label={t('participants.end.reason')}
          description={t('participants.end.reasonHint')}
          required
          autosize
          minRows={2}
          maxLength={1000}
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          error={error}
          maw={560}
        />
        <Checkbox
          label={t('participants.end.returnToWaitlist')}
          description={t('participants.end.returnToWaitlistHint')}
          checked={returnToWaitlist}
          onChange={(e) => setReturnToWaitlist(e.currentTarget.checked)}
        />
        <ErrorAlert error={end.error} />
        <Group>
          <Button type="submit" color="red.9" loading={end.isPending}>
            {t('participants.end.submit')}
          </Button>
          <Button variant="default" onClick={props.onCancel}>
            {t('common.cancel')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function Windows(props: { windows: AvailabilityWindow[] | undefined; timeZone?: string | undefined }) {
  const { t } = useTranslation();
  const { locale } = useFormat();
  if (!props.windows?.length) return <>{t('participants.detail.anyTime')}</>;
  // "Tuesday 5:00 PM–7:00 PM" in English, "martes 17:00–19:00" in Spanish.
  const clock = (hhmm: string) => clockTime(hhmm, locale) ?? hhmm;
  return (
    <>
      {props.windows.map((w) => `${t(`matching.vocab.days.${w.day}`)} ${clock(w.start)}–${clock(w.end)}`).join('; ')}
      {props.timeZone ? ` (${props.timeZone})` : ''}
    </>
  );
}

function ParticipantSummary(props: { p: Participant }) {
  const { t, i18n } = useTranslation();
  const f = useFormat();
  const { label } = useTaxonomy();
  const { p } = props;
  const prefs = p.preferences;
  const contact = p.contact;
  const contactNotes = contact
    ? [contact.email, contact.okToText ? t('participants.fields.okToText') : null, contact.okToLeaveVoicemail ? t('participants.fields.okToLeaveVoicemail') : null]
        .filter(Boolean)
        .join(' · ')
    : '';
  const rows: Array<[string, ReactNode]> = [
    [t('participants.fields.preferredName'), p.preferredName ?? '—'],
    [t('participants.fields.pronouns'), p.pronouns ?? '—'],
    [t('participants.fields.birthDate'), p.birthDate ? f.date(p.birthDate) : '—'],
    [t('participants.fields.languages'), p.languages.map((l) => languageName(l, i18n.language)).join(', ')],
    [t('participants.fields.postalCode'), p.location.postalCode ?? '—'],
    [
      t('participants.detail.contact'),
      contact && (contact.phone || contactNotes) ? (
        <>
          {/* The phone is a link: a peer on a phone calls from the record. */}
          {contact.phone && <PhoneLink number={contact.phone} />}
          {contact.phone && contactNotes ? ' · ' : ''}
          {contactNotes}
        </>
      ) : (
        '—'
      ),
    ],
    [
      t('participants.detail.experienceWishes'),
      prefs.livedExperience?.length
        ? prefs.livedExperience.map((w) => `${label(w.code)} (${t(`matching.vocab.importance.${w.importance}`)})`).join(', ')
        : '—',
    ],
    [
      t('participants.detail.language'),
      t(`matching.vocab.importance.${prefs.language?.importance ?? (p.languages.some((l) => l.startsWith('en')) ? 'preferred' : 'required')}`),
    ],
    [
      t('participants.intake.peerGender'),
      prefs.peerGender ? `${prefs.peerGender.value} (${t(`matching.vocab.importance.${prefs.peerGender.importance}`)})` : '—',
    ],
    [t('participants.detail.sameRaceEthnicity'), prefs.sameRaceEthnicity === 'preferred' ? t('matching.vocab.importance.preferred') : '—'],
    [t('participants.intake.youthPeer'), prefs.youthPeer ? t(`matching.vocab.importance.${prefs.youthPeer}`) : t('participants.intake.youthAuto')],
    [
      t('participants.intake.modalities'),
      (prefs.modalities ?? []).map((m) => t(`matching.vocab.modalities.${m}`)).join(', ') || t('participants.detail.anyWay'),
    ],
    [t('participants.intake.availability'), <Windows key="w" windows={prefs.availability} timeZone={prefs.timeZone} />],
  ];
  return (
    <dl className="detail-list">
      {rows.map(([k, value]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

export default function ParticipantDetailPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const me = useCurrentUser();
  const { id = '' } = useParams();
  const location = useLocation();
  const queryClient = useQueryClient();
  const [ending, setEnding] = useState(false);
  const [status, setStatus] = useState<string | null>(() => {
    const state = (location.state ?? {}) as { created?: boolean; assignedTo?: string };
    if (state.assignedTo) return t('participants.detail.assigned', { name: state.assignedTo });
    if (state.created) return t('participants.detail.created');
    return null;
  });
  const participant = useQuery({ queryKey: participantKeys.one(id), queryFn: () => getParticipant(id) });
  const assignments = useQuery({ queryKey: participantKeys.assignments(id), queryFn: () => listAssignments(id) });
  const mayAssign = me.role === 'supervisor' || me.role === 'admin';

  if (participant.isPending) return <PageLoader />;
  if (participant.isError) return <RecordLoadFailed title={t('participants.detail.title')} error={participant.error} onRetry={() => void participant.refetch()} />;
  const p = participant.data;
  const current = assignments.data?.find((a) => a.status === 'active');
  const history = assignments.data?.filter((a) => a.status === 'ended') ?? [];

  return (
    <Page
      title={`${p.displayName} ${p.familyName}`}
      actions={
        mayAssign &&
        !p.currentAssignment && (
          <Button component={Link} to={`/participants/${p.id}/matches`}>
            {t('participants.detail.findPeer')}
          </Button>
        )
      }
    >
      <Anchor component={Link} to="/participants">
        {t('participants.detail.back')}
      </Anchor>
      <SuccessAlert>{status}</SuccessAlert>
      <Group gap="xs">
        <Text fw={600}>{t('participants.list.status')}:</Text>
        <StatusBadge status={p.status} />
      </Group>
      <RecordActions participantId={p.id} />
      <SendAssessmentLink participantId={p.id} />
      <PortalInvite participantId={p.id} name={p.displayName} />

      <Section id="participant-assignment" title={t('participants.detail.currentPeer')}>
        {assignments.isError ? (
          <LoadFailed error={assignments.error} onRetry={() => void assignments.refetch()} />
        ) : !current ? (
          <Text>{p.status === 'waitlisted' ? t('participants.detail.waiting') : t('participants.detail.noPeer')}</Text>
        ) : (
          <Stack gap="md" data-assignment-id={current.id}>
            <Text>
              {t('participants.detail.withPeer', {
                name: current.peer.displayName,
                date: f.date(current.assignedAt),
              })}
            </Text>
            <Text size="sm">
              {t('participants.detail.consent', {
                method: t(`matching.consent.methods.${current.consent.method}`, { defaultValue: current.consent.method }),
                date: f.dateTime(current.consent.recordedAt),
              })}
            </Text>
            {me.role !== 'analyst' && (
              <>
                <Divider />
                <QualityForm assignmentId={current.id} participantId={p.id} rating={current.rating} keptMeeting={current.keptMeeting} />
                <Divider />
                {ending ? (
                  <EndAssignmentForm
                    assignment={current}
                    participantId={p.id}
                    onCancel={() => setEnding(false)}
                    onEnded={() => {
                      setEnding(false);
                      setStatus(t('participants.end.done', { name: current.peer.displayName }));
                      void queryClient.invalidateQueries({ queryKey: participantKeys.all });
                      void queryClient.invalidateQueries({ queryKey: ['peers'] });
                      void queryClient.invalidateQueries({ queryKey: ['waitlist'] });
                    }}
                  />
                ) : (
                  <Group>
                    <Button variant="default" onClick={() => setEnding(true)}>
                      {t('participants.end.open')}
                    </Button>
                  </Group>
                )}
              </>
            )}
          </Stack>
        )}
      </Section>

      <Section id="participant-plan" title={t('record.plan.title')}>
        <RecordPlan participantId={p.id} />
      </Section>

      <Suspense fallback={<Text role="status">{t('common.loading')}</Text>}>
        <ParticipantOutcomes participantId={p.id} />
      </Suspense>

      <Section id="participant-timeline" title={t('record.timeline.title')}>
        <RecordTimeline participantId={p.id} />
      </Section>

      <Section id="participant-details" title={t('participants.detail.details')}>
        <ParticipantSummary p={p} />
      </Section>

      <Section id="participant-history" title={t('participants.detail.history')}>
        {history.length === 0 ? (
          <Text>{t('participants.detail.noHistory')}</Text>
        ) : (
          <Stack gap="sm">
            {history.map((a) => (
              <Card key={a.id} withBorder padding="sm" component="article" aria-label={a.peer.displayName}>
                <Text fw={600}>{a.peer.displayName}</Text>
                <Text size="sm">
                  {t('participants.detail.period', { from: f.date(a.assignedAt), to: a.endedAt ? f.date(a.endedAt) : '—' })}
                </Text>
                {a.endedBy && (
                  <Text size="sm">
                    {t('participants.detail.endedBy', { who: t(`participants.end.by.${a.endedBy}`) })}
                    {a.endReason ? ` · ${a.endReason}` : ''}
                  </Text>
                )}
                {a.rating !== null && (
                  <Text size="sm">
                    {t('participants.detail.quality', {
                      rating: f.number(a.rating),
                      kept: a.keptMeeting ? t('common.yes') : t('common.no'),
                    })}
                  </Text>
                )}
              </Card>
            ))}
          </Stack>
        )}
      </Section>
    </Page>
  );
}
