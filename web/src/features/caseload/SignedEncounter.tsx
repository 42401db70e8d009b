import { Alert, Anchor, Badge, Button, Card, Group, Stack, Text, Textarea, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useFormat } from '../../app/format';
import { useCurrentUser } from '../../app/session';
import { ErrorAlert, SuccessAlert } from '../../app/ui/ErrorAlert';
import { Page } from '../../app/ui/Page';
import { useLanguageTexts } from '../../app/i18n';
import { activityList, attestationLanguage } from './attestation';
import { BillingSummary } from './BillingSummary';
import './caseload.css';
import { addAddendum, caseloadKeys, getEncounter, getPlan, type Encounter } from './caseload.api';
import { ReviewActions } from './ReviewActions';
import { MandatedReports } from '../outcomes/MandatedReports';
import { VoidActions } from './VoidActions';

function Fact(props: { term: string; children: ReactNode }) {
  return (
    <div>
      <dt>{props.term}</dt>
      <dd>{props.children}</dd>
    </div>
  );
}

/** A signed note: read-only, with its billing, reviews and addenda (corrections keep the original). */
export function SignedEncounter(props: { initial: Encounter; justSigned?: boolean }) {
  const { t } = useTranslation();
  // A note keeps the statement its signer read, in either language: both languages' texts are
  // needed to tell which (only the app's own is loaded up front).
  useLanguageTexts('en');
  useLanguageTexts('es');
  const f = useFormat();
  const me = useCurrentUser();
  const queryClient = useQueryClient();
  const enc = useQuery({ queryKey: caseloadKeys.encounter(props.initial.id), queryFn: () => getEncounter(props.initial.id), initialData: props.initial });
  const e = enc.data;
  const plan = useQuery({ queryKey: caseloadKeys.plan(e.participantId), queryFn: () => getPlan(e.participantId), retry: false });
  const [addendum, setAddendum] = useState('');
  const [addendumError, setAddendumError] = useState<string | undefined>();
  const [message, setMessage] = useState<string | null>(props.justSigned ? t('caseload.note.signedNow') : null);
  const add = useMutation({
    mutationFn: () => addAddendum(e.id, addendum.trim()),
    onSuccess: (res) => {
      queryClient.setQueryData(caseloadKeys.encounter(res.id), res);
      setAddendum('');
      setMessage(res.status === 'signed' && e.status === 'returned' ? t('caseload.note.resubmitted') : t('caseload.note.addendumAdded'));
      void queryClient.invalidateQueries({ queryKey: caseloadKeys.myDay });
    },
  });
  const who = e.participants.map((p) => p.displayName).join(', ');
  const goalText = (id: string) => plan.data?.goals.find((g) => g.id === id)?.text ?? t('caseload.note.goalUnknown');
  const awaitingCosign = e.status === 'signed' && e.cosignRequired && !e.cosignedAt;
  const isAuthorView = me.role === 'peer';
  const answering = e.status === 'returned' && isAuthorView;

  return (
    <Page title={t('caseload.note.signedTitle')}>
      <SuccessAlert>{message}</SuccessAlert>
      {e.status === 'returned' && (
        <Alert color="red" variant="outline" title={t('caseload.note.returnedTitle')}>
          <Text size="sm" className="narrative-text">
            {e.returnComment}
          </Text>
          {isAuthorView && <Text size="sm" mt="xs">{t('caseload.note.returnedHow')}</Text>}
        </Alert>
      )}
      <Group gap="sm" wrap="wrap">
        <Badge color={e.voided ? 'gray.7' : e.status === 'cosigned' ? 'teal.9' : 'blue.9'} variant="filled">
          {e.voided ? t('caseload.status.voided') : t(`caseload.status.${e.status}`)}
        </Badge>
        {awaitingCosign && (
          <Badge color="blue.9" variant="outline">
            {t('caseload.status.awaitingCosign')}
          </Badge>
        )}
      </Group>
      <Card withBorder padding="md" component="section" aria-labelledby="note-facts">
        <Stack gap="sm">
          <Title order={2} fz={20} id="note-facts">
            {who}
          </Title>
          <dl className="detail-list">
            <Fact term={t('caseload.note.peer')}>{e.peer.displayName}</Fact>
            <Fact term={t('caseload.note.type')}>{t(`caseload.types.${e.type}`)}</Fact>
            <Fact term={t('caseload.note.modality')}>{t(`caseload.modalities.${e.modality}`)}</Fact>
            <Fact term={t('caseload.note.startedAt')}>{f.dateTime(e.startedAt)}</Fact>
            <Fact term={t('caseload.note.duration')}>{t('caseload.minutes', { count: e.durationMinutes })}</Fact>
            <Fact term={t('caseload.note.placeOfService')}>{`${e.placeOfService} · ${t(`caseload.places.${e.placeOfService}`, { defaultValue: e.placeOfService })}`}</Fact>
            <Fact term={t('caseload.note.activities')}>
              {e.activities.length ? activityList(t, e.activities) : t('caseload.none')}
            </Fact>
            <Fact term={t('caseload.note.goals')}>{e.goalIds.length ? e.goalIds.map(goalText).join('; ') : t('caseload.none')}</Fact>
            <Fact term={t('caseload.note.narrative')}>
              <span className="narrative-text">{e.narrative}</span>
            </Fact>
            <Fact term={t('caseload.note.nextSteps')}>
              <span className="narrative-text">{e.nextSteps || t('caseload.none')}</span>
            </Fact>
            <Fact term={t('caseload.note.followUpOn')}>{e.followUpOn ? f.date(e.followUpOn) : t('caseload.none')}</Fact>
            {e.signedAt && <Fact term={t('caseload.note.signedAt')}>{f.dateTime(e.signedAt)}</Fact>}
            {e.attestation && (
              <Fact term={t('caseload.note.attestation')}>
                <span data-testid="attestation" lang={attestationLanguage(e.attestation, e)}>
                  {e.attestation}
                </span>
              </Fact>
            )}
            {e.cosignedAt && <Fact term={t('caseload.note.cosignedAt')}>{f.dateTime(e.cosignedAt)}</Fact>}
            {e.void && (
              <Fact term={e.void.resubmit ? t('caseload.void.releasedOn') : t('caseload.void.voidedOn')}>
                {`${f.dateTime(e.void.at)} · ${e.void.reason}`}
              </Fact>
            )}
          </dl>
        </Stack>
      </Card>
      <section aria-labelledby="note-billing">
        <Title order={2} fz={20} id="note-billing" mb="xs">
          {t('caseload.billing.title')}
        </Title>
        <BillingSummary billing={e.billing} facts={e} />
      </section>
      {e.reviews.length > 0 && (
        <section aria-labelledby="note-reviews">
          <Title order={2} fz={20} id="note-reviews" mb="xs">
            {t('caseload.note.reviews')}
          </Title>
          <ul className="plain-list">
            {e.reviews.map((r, i) => (
              <li key={`${r.at}-${i}`}>
                <Text size="sm">
                  <strong>{t(`caseload.review.events.${r.action}`)}</strong> · {f.dateTime(r.at)}
                  {r.comment ? ` · ${r.comment}` : ''}
                </Text>
              </li>
            ))}
          </ul>
        </section>
      )}
      {/* A supervisor may also return a signed note that needed no co-signature (not yet on a claim);
          once corrected it comes back to the review queue (issue 17). */}
      {(me.role === 'supervisor' || me.role === 'admin') && (awaitingCosign || (e.status === 'signed' && !e.billing.exportId)) && !e.voided && (
        <section aria-labelledby="note-review">
          <Title order={2} fz={20} id="note-review" mb="xs">
            {t('caseload.review.title')}
          </Title>
          <ReviewActions
            encounter={e}
            who={who}
            onDone={(_, action) => setMessage(action === 'cosigned' ? t('caseload.review.cosigned', { who }) : t('caseload.review.returned', { who }))}
          />
        </section>
      )}
      {(me.role === 'supervisor' || me.role === 'admin') && !e.voided && (
        <section aria-labelledby="note-void">
          <Title order={2} fz={20} id="note-void" mb="xs">
            {t('caseload.void.title')}
          </Title>
          <VoidActions encounter={e} onDone={(v) => setMessage(v.voided ? t('caseload.void.done') : t('caseload.void.released'))} />
        </section>
      )}
      <section aria-labelledby="note-addenda">
        <Stack gap="sm">
          <Title order={2} fz={20} id="note-addenda">
            {t('caseload.note.addenda')}
          </Title>
          {e.addenda.length === 0 ? (
            <Text size="sm">{t('caseload.note.noAddenda')}</Text>
          ) : (
            <ul className="plain-list">
              {e.addenda.map((a) => (
                <li key={a.id}>
                  <Card withBorder padding="sm">
                    <Text size="xs" c="dimmed">
                      {f.dateTime(a.createdAt)}
                    </Text>
                    <Text size="sm" className="narrative-text">
                      {a.text}
                    </Text>
                  </Card>
                </li>
              ))}
            </ul>
          )}
          {!e.voided && me.role !== 'analyst' && (
            <form
              noValidate
              aria-labelledby="note-addenda"
              onSubmit={(ev) => {
                ev.preventDefault();
                if (!addendum.trim()) {
                  setAddendumError(t('caseload.note.addendumRequired'));
                  return;
                }
                setAddendumError(undefined);
                add.mutate();
              }}
            >
              <Stack gap="sm" maw={640}>
                <ErrorAlert error={add.error} />
                <Textarea
                  label={answering ? t('caseload.note.answer') : t('caseload.note.addendum')}
                  description={answering ? t('caseload.note.answerHint') : t('caseload.note.addendumHint')}
                  autosize
                  minRows={3}
                  value={addendum}
                  onChange={(ev) => setAddendum(ev.currentTarget.value)}
                  error={addendumError}
                />
                <Group>
                  <Button type="submit" variant="default" loading={add.isPending}>
                    {answering ? t('caseload.note.sendAnswer') : t('caseload.note.addAddendum')}
                  </Button>
                </Group>
              </Stack>
            </form>
          )}
        </Stack>
      </section>
      {me.role !== 'analyst' && <MandatedReports encounterId={e.id} />}
      <Anchor component={Link} to={me.role === 'supervisor' ? '/review-queue' : '/caseload'}>
        {me.role === 'supervisor' ? t('caseload.review.backToQueue') : t('caseload.note.backToDay')}
      </Anchor>
    </Page>
  );
}
