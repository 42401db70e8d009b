import { Alert, Anchor, Button, Card, Checkbox, Group, List, NativeSelect, Progress, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useFormat } from '../../app/format';
import { ErrorAlert } from '../../app/ui/ErrorAlert';
import { useErrorMessage } from '../../app/ui/errors';
import { Page } from '../../app/ui/Page';
import { LoadFailed, PageLoader } from '../../app/ui/StatusPages';
import { CONSENT_METHODS, type ConsentMethod } from '../participants/participants.api';
import { acceptBatch, fetchWaitlist, proposeBatch, useTaxonomy, waitlistKey, type MatchBatch, type Proposal } from './matching.api';

function ProposalReview(props: { initial: MatchBatch }) {
  const { t } = useTranslation();
  const f = useFormat();
  const errorMessage = useErrorMessage();
  const queryClient = useQueryClient();
  const [batch, setBatch] = useState(props.initial);
  // Consent is per person (issue 17): each participant's agreement to the peer proposed to them
  // is recorded on their own row; accepting takes only those rows.
  const [agreed, setAgreed] = useState<ReadonlySet<string>>(new Set());
  const [method, setMethod] = useState<ConsentMethod>('verbal');
  const [rowError, setRowError] = useState<string | null>(null);
  const [status, setStatus] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const pending = batch.proposals.filter((p) => p.decision === null);
  const ready = pending.filter((p) => agreed.has(p.participant.id));

  const accept = useMutation({
    mutationFn: (chosen: Proposal[]) =>
      acceptBatch(batch.id ?? '', {
        participantIds: chosen.map((p) => p.participant.id),
        consents: chosen.map((p) => ({ participantId: p.participant.id, given: true as const, method })),
      }),
    onSuccess: (next, chosen) => {
      const asked = new Set(chosen.map((p) => p.participant.id));
      const mine = next.proposals.filter((p) => asked.has(p.participant.id));
      const ok = mine.filter((p) => p.decision === 'accepted');
      const failed = mine.filter((p) => p.decision === 'failed').length;
      setBatch(next);
      const one = ok.length === 1 && failed === 0 ? ok[0] : undefined;
      setStatus({
        kind: failed > 0 ? 'error' : 'ok',
        text: one
          ? t('matching.batch.acceptedOne', { participant: one.participant.displayName, peer: one.peer.displayName })
          : t('matching.batch.acceptedMany', { n: ok.length }) + (failed > 0 ? ` ${t('matching.batch.someFailed', { n: failed })}` : ''),
      });
      void queryClient.invalidateQueries({ queryKey: waitlistKey });
      void queryClient.invalidateQueries({ queryKey: ['participants'] });
      void queryClient.invalidateQueries({ queryKey: ['peers'] });
    },
    onError: (e) => setStatus({ kind: 'error', text: errorMessage(e) }),
  });

  const acceptOne = (p: Proposal) => {
    if (!agreed.has(p.participant.id)) {
      setRowError(p.participant.id);
      document.getElementById(`consent-${p.participant.id}`)?.focus();
      return;
    }
    setRowError(null);
    accept.mutate([p]);
  };
  const toggle = (id: string, on: boolean) => {
    setAgreed((s) => {
      const next = new Set(s);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
    if (on && rowError === id) setRowError(null);
  };

  return (
    <Card withBorder component="section" aria-labelledby="batch-title" padding="lg">
      <Stack gap="md">
        <Title order={2} fz={20} id="batch-title">
          {t('matching.batch.proposals')}
        </Title>
        <Text>
          {batch.proposals.length === 0
            ? t('matching.batch.noProposals')
            : t('matching.batch.summary', { n: batch.proposals.length, unmatched: batch.unassigned.length })}
        </Text>
        <div role="status" aria-live="polite" className={status?.kind === 'error' ? 'status-error' : 'status-ok'}>
          {status?.text}
        </div>
        {batch.proposals.length > 0 && batch.id && (
          <>
            <Text size="sm">{t('share.consentHelp')}</Text>
            <Group gap="sm" align="flex-end" wrap="wrap">
              <NativeSelect
                label={t('matching.assign.method')}
                value={method}
                onChange={(e) => setMethod(e.currentTarget.value as ConsentMethod)}
                data={CONSENT_METHODS.map((m) => ({ value: m, label: t(`matching.consent.methods.${m}`) }))}
                w={180}
              />
              <Button onClick={() => accept.mutate(ready)} loading={accept.isPending && accept.variables?.length !== 1} disabled={ready.length === 0}>
                {t('share.acceptAgreed', { count: ready.length })}
              </Button>
            </Group>
            {pending.length > ready.length && <Text size="sm" c="dimmed">{t('share.waitingConsent', { count: pending.length - ready.length })}</Text>}
            <div className="table-scroll" role="region" aria-labelledby="proposals-caption" tabIndex={0}>
              {/* On a phone each proposal is a block (app.css .stack-on-phone): scrolled sideways, the
                  consent to record and the button to accept were off the screen. */}
              <Table verticalSpacing="sm" miw={760} striped className="stack-on-phone">
                <caption id="proposals-caption" className="table-caption">
                  {t('matching.batch.caption')}
                </caption>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">{t('matching.batch.participant')}</Table.Th>
                    <Table.Th scope="col">{t('matching.batch.peer')}</Table.Th>
                    <Table.Th scope="col">{t('matching.batch.score')}</Table.Th>
                    <Table.Th scope="col">{t('matching.matches.why')}</Table.Th>
                    <Table.Th scope="col">{t('share.consentColumn')}</Table.Th>
                    <Table.Th scope="col">{t('matching.batch.action')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {batch.proposals.map((p) => {
                    const percent = Math.round(Math.max(0, Math.min(1, p.score)) * 100);
                    const id = p.participant.id;
                    return (
                      <Table.Tr key={id} data-participant-id={id} data-decision={p.decision ?? 'proposed'}>
                        <Table.Th scope="row" fw={600} className="stack-full">
                          <Anchor component={Link} to={`/participants/${id}`}>
                            {p.participant.displayName}
                          </Anchor>
                        </Table.Th>
                        <Table.Td data-label={t('matching.batch.peer')}>{p.peer.displayName}</Table.Td>
                        <Table.Td miw={120}>
                          <Text size="sm">{t('matching.matches.score', { percent: f.number(percent) })}</Text>
                          <Progress value={percent} size="sm" aria-label={t('matching.batch.scoreBar', { participant: p.participant.displayName, peer: p.peer.displayName })} />
                        </Table.Td>
                        <Table.Td className="stack-full">
                          <List size="sm" spacing={2}>
                            {p.reasons.map((r, i) => (
                              <List.Item key={`${r.code}-${i}`}>{r.label}</List.Item>
                            ))}
                          </List>
                        </Table.Td>
                        <Table.Td miw={150} className="stack-full">
                          {p.decision === null ? (
                            <Checkbox
                              id={`consent-${id}`}
                              size="sm"
                              label={t('share.agreedRow', { participant: p.participant.displayName, peer: p.peer.displayName })}
                              checked={agreed.has(id)}
                              onChange={(e) => toggle(id, e.currentTarget.checked)}
                              error={rowError === id ? t('share.consentFirst') : undefined}
                            />
                          ) : (
                            <Text size="sm">{p.decision === 'accepted' ? t('share.consentRecorded') : '—'}</Text>
                          )}
                        </Table.Td>
                        <Table.Td>
                          {p.decision === 'accepted' ? (
                            <Text size="sm" fw={600} c="teal.9">
                              {t('matching.batch.accepted')}
                            </Text>
                          ) : p.decision === 'failed' ? (
                            <Text size="sm" fw={600} c="red.9">
                              {t('matching.batch.failedRow')}
                            </Text>
                          ) : (
                            <Button
                              size="xs"
                              variant="default"
                              onClick={() => acceptOne(p)}
                              loading={accept.isPending && accept.variables?.length === 1 && accept.variables[0] === p}
                              aria-label={t('matching.batch.acceptOneFor', { participant: p.participant.displayName, peer: p.peer.displayName })}
                            >
                              {t('matching.batch.acceptOne')}
                            </Button>
                          )}
                        </Table.Td>
                      </Table.Tr>
                    );
                  })}
                </Table.Tbody>
              </Table>
            </div>
          </>
        )}
        {batch.unassigned.length > 0 && (
          <Stack gap={4}>
            <Text fw={600}>{t('matching.batch.unmatched')}</Text>
            <List size="sm">
              {batch.unassigned.map((u) => (
                <List.Item key={u.id}>
                  <Anchor component={Link} to={`/participants/${u.id}/matches`}>
                    {u.displayName}
                  </Anchor>
                </List.Item>
              ))}
            </List>
          </Stack>
        )}
      </Stack>
    </Card>
  );
}

/** The waitlist and the batch proposal: the best total assignment within every peer's capacity. */
export default function WaitlistPage() {
  const { t, i18n } = useTranslation();
  const f = useFormat();
  const waitlist = useQuery({ queryKey: waitlistKey, queryFn: fetchWaitlist });
  const { label } = useTaxonomy();
  const [batch, setBatch] = useState<MatchBatch | null>(null);
  const propose = useMutation({ mutationFn: () => proposeBatch(i18n.language), onSuccess: setBatch });

  return (
    <Page title={t('nav.matching')}>
      <Text>{t('matching.waitlist.intro')}</Text>
      <Group>
        <Button onClick={() => propose.mutate()} loading={propose.isPending}>
          {t('matching.batch.run')}
        </Button>
      </Group>
      <ErrorAlert error={propose.error} />
      {batch && <ProposalReview key={batch.id ?? 'dry-run'} initial={batch} />}
      <Card withBorder component="section" aria-labelledby="waitlist-title" padding="lg">
        <Stack gap="md">
          <Title order={2} fz={20} id="waitlist-title">
            {t('matching.waitlist.listTitle')}
          </Title>
          {waitlist.isPending ? (
            <PageLoader />
          ) : waitlist.isError ? (
            <LoadFailed error={waitlist.error} onRetry={() => void waitlist.refetch()} />
          ) : waitlist.data.items.length === 0 ? (
            <Alert color="teal" variant="outline">
              {t('matching.waitlist.empty')}
            </Alert>
          ) : (
            <div className="table-scroll" role="region" aria-labelledby="waitlist-caption" tabIndex={0}>
              {/* On a phone each person is a block: scrolled sideways, how long they have waited and
                  the way to their candidates were off the screen. */}
              <Table verticalSpacing="sm" miw={480} striped className="stack-on-phone">
                <caption id="waitlist-caption" className="table-caption">
                  {t('matching.waitlist.caption', { n: waitlist.data.total })}
                </caption>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">{t('matching.batch.participant')}</Table.Th>
                    <Table.Th scope="col">{t('matching.waitlist.since')}</Table.Th>
                    <Table.Th scope="col">{t('matching.batch.action')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {waitlist.data.items.map((w) => (
                    <Table.Tr key={w.participant.id} data-participant-id={w.participant.id}>
                      <Table.Th scope="row" fw={600} className="stack-full">
                        <Anchor component={Link} to={`/participants/${w.participant.id}`}>
                          {w.participant.displayName}
                        </Anchor>
                        {w.requiredExperience.length > 0 && (
                          <Text size="xs" c="dimmed" fw={400}>
                            {t('matching.waitlist.requires', { list: w.requiredExperience.map(label).join(', ') })}
                          </Text>
                        )}
                      </Table.Th>
                      <Table.Td data-label={t('matching.waitlist.since')}>{w.waitingSince ? f.date(w.waitingSince) : '—'}</Table.Td>
                      <Table.Td>
                        <Anchor component={Link} to={`/participants/${w.participant.id}/matches`} aria-label={t('matching.waitlist.findFor', { name: w.participant.displayName })}>
                          {t('matching.waitlist.find')}
                        </Anchor>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </div>
          )}
        </Stack>
      </Card>
    </Page>
  );
}
