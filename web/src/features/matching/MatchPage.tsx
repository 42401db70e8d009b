import { Alert, Anchor, Button, Card, Checkbox, Group, List, NativeSelect, Progress, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { isApiError } from '../../app/api';
import { useFormat } from '../../app/format';
import { useErrorMessage } from '../../app/ui/errors';
import { Page } from '../../app/ui/Page';
import { LoadFailed, PageLoader, RecordLoadFailed } from '../../app/ui/StatusPages';
import {
  CONSENT_METHODS,
  assignPeer,
  getParticipant,
  participantKeys,
  type ConsentMethod,
} from '../participants/participants.api';
import { fetchMatches, matchesKey, type Match } from './matching.api';

/** Turns the assignment problems the server names (people.assignments.ts, assign) into plain sentences. */
export function useAssignProblem() {
  const { t } = useTranslation();
  const message = useErrorMessage();
  return (error: unknown, peerName: string): string => {
    if (isApiError(error)) {
      if (error.code === 'peer-full') return t('matching.assign.peerFull', { name: peerName });
      if (error.code === 'peer-inactive') return t('matching.assign.peerInactive', { name: peerName });
      if (error.code === 'already-assigned') return t('matching.assign.alreadyAssigned');
      if (error.fieldError('consent.given')) return t('matching.assign.consentRequired');
    }
    return message(error);
  };
}

function MatchCard(props: { match: Match; rank: number; participantId: string; onAssigned: () => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const problem = useAssignProblem();
  const { match } = props;
  const [agreed, setAgreed] = useState(false);
  const [method, setMethod] = useState<ConsentMethod>('verbal');
  const [consentError, setConsentError] = useState<string | undefined>();
  const assign = useMutation({
    mutationFn: () => assignPeer(props.participantId, { peerId: match.peer.id, consent: { given: true, method }, matchScore: match.score }),
    onSuccess: () => {
      // Leave first, so this page does not redraw as "already has a peer" on the way out.
      props.onAssigned();
      void navigate(`/participants/${props.participantId}`, { state: { assignedTo: match.peer.displayName } });
      void queryClient.invalidateQueries({ queryKey: participantKeys.all });
      void queryClient.invalidateQueries({ queryKey: ['peers'] });
      void queryClient.invalidateQueries({ queryKey: ['waitlist'] });
      void queryClient.invalidateQueries({ queryKey: ['matches', props.participantId] });
    },
  });
  const percent = Math.round(Math.max(0, Math.min(1, match.score)) * 100);
  const headingId = `match-${match.peer.id}`;
  const onAssign = () => {
    if (!agreed) {
      setConsentError(t('matching.assign.consentRequired'));
      return;
    }
    setConsentError(undefined);
    assign.mutate();
  };
  return (
    <Card withBorder component="article" aria-labelledby={headingId} padding="md" data-peer-id={match.peer.id}>
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Title order={2} fz={19} id={headingId}>
            <Text span c="dimmed" fz="sm" mr={6}>
              {t('matching.matches.rank', { n: props.rank })}
            </Text>
            {match.peer.displayName}
          </Title>
          <Text fw={700}>{t('matching.matches.score', { percent: f.number(percent) })}</Text>
        </Group>
        <Progress value={percent} size="lg" aria-label={t('matching.matches.scoreBar', { name: match.peer.displayName })} />
        {match.reasons.length > 0 && (
          <div>
            <Text size="sm" fw={600} id={`${headingId}-why`}>
              {t('matching.matches.why')}
            </Text>
            <List size="sm" spacing={2} aria-labelledby={`${headingId}-why`}>
              {match.reasons.map((r, i) => (
                <List.Item key={`${r.code}-${i}`}>{r.label}</List.Item>
              ))}
            </List>
          </div>
        )}
        {/* What the peer does not meet of the person's wishes, not only what they meet (issue 17). */}
        {match.unmet.length > 0 && (
          <div data-testid="match-unmet">
            <Text size="sm" fw={600} id={`${headingId}-unmet`}>
              {t('share.unmetTitle')}
            </Text>
            <List size="sm" spacing={2} aria-labelledby={`${headingId}-unmet`} className="unmet-list">
              {match.unmet.map((r, i) => (
                <List.Item key={`${r.code}-${i}`} icon={<span aria-hidden="true">✕</span>}>
                  {r.label}
                </List.Item>
              ))}
            </List>
          </div>
        )}
        <Group gap="sm" align="flex-end" wrap="wrap">
          <Checkbox
            label={t('matching.assign.consent')}
            checked={agreed}
            onChange={(e) => {
              setAgreed(e.currentTarget.checked);
              if (e.currentTarget.checked) setConsentError(undefined);
            }}
            error={consentError}
            required
          />
          <NativeSelect
            label={t('matching.assign.method')}
            value={method}
            onChange={(e) => setMethod(e.currentTarget.value as ConsentMethod)}
            data={CONSENT_METHODS.map((m) => ({ value: m, label: t(`matching.consent.methods.${m}`) }))}
            w={180}
          />
          <Button onClick={onAssign} loading={assign.isPending} aria-label={t('matching.assign.buttonFor', { name: match.peer.displayName })}>
            {t('matching.assign.button')}
          </Button>
        </Group>
        {assign.isError && (
          <Alert color="red" variant="outline" role="alert" title={t('matching.assign.failed')}>
            {problem(assign.error, match.peer.displayName)}
          </Alert>
        )}
      </Stack>
    </Card>
  );
}

/** Ranked peers for one participant, each with its reasons and a one-step assignment with consent. */
export default function MatchPage() {
  const { t, i18n } = useTranslation();
  const { id = '' } = useParams();
  const participant = useQuery({ queryKey: participantKeys.one(id), queryFn: () => getParticipant(id) });
  const matches = useQuery({ queryKey: matchesKey(id, i18n.language), queryFn: () => fetchMatches(id, i18n.language, 10) });
  const [assigned, setAssigned] = useState(false);

  if (participant.isPending || assigned) return <PageLoader />;
  if (participant.isError) return <RecordLoadFailed title={t('matching.matches.titleFallback')} error={participant.error} onRetry={() => void participant.refetch()} />;
  const p = participant.data;
  const name = `${p.displayName} ${p.familyName}`;
  return (
    <Page title={t('matching.matches.title', { name })}>
      <Anchor component={Link} to={`/participants/${p.id}`}>
        {t('matching.matches.back', { name: p.displayName })}
      </Anchor>
      {p.currentAssignment ? (
        <Alert color="blue" variant="outline" role="status">
          {t('matching.matches.alreadyHasPeer', { name: p.displayName, peer: p.currentAssignment.peerDisplayName })}
        </Alert>
      ) : (
        <Text>{t('matching.matches.intro')}</Text>
      )}
      {matches.isPending ? (
        <PageLoader />
      ) : matches.isError ? (
        <LoadFailed error={matches.error} onRetry={() => void matches.refetch()} />
      ) : matches.data.length === 0 ? (
        <Stack gap="xs">
          <Text fw={600}>{t('matching.matches.none', { name: p.displayName })}</Text>
          <Anchor component={Link} to="/matching">
            {t('matching.matches.toWaitlist')}
          </Anchor>
        </Stack>
      ) : (
        <Stack gap="md" component="section" aria-label={t('matching.matches.listLabel')}>
          {matches.data.map((m, i) =>
            p.currentAssignment ? (
              <Card key={m.peer.id} withBorder component="article" padding="md">
                <Text fw={600}>{m.peer.displayName}</Text>
              </Card>
            ) : (
              <MatchCard key={m.peer.id} match={m} rank={i + 1} participantId={p.id} onAssigned={() => setAssigned(true)} />
            ),
          )}
        </Stack>
      )}
    </Page>
  );
}
