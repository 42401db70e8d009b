import { Alert, Anchor, Button, Card, Group, List, NativeSelect, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useFormat } from '../../app/format';
import { ErrorAlert } from '../../app/ui/ErrorAlert';
import { useServerFieldError } from '../../app/ui/errors';
import { focusFirstError } from '../../app/ui/forms';
import { Page } from '../../app/ui/Page';
import { LoadFailed, PageLoader } from '../../app/ui/StatusPages';
import { getParticipant, participantKeys } from '../participants/participants.api';
import { addCoverage, billingKeys, listCoverages, listPayers, updateCoverage, type ClaimToCorrect, type Coverage } from './billing.api';
import { useOrgToday } from '../../app/today';

type Field = 'payerId' | 'memberId' | 'startDate' | 'endDate' | 'diagnosisCodes';

/** A participant's coverages and a form to add one (payer, member id, dates, diagnoses). */
export default function CoveragePage() {
  const { t } = useTranslation();
  const f = useFormat();
  const queryClient = useQueryClient();
  const serverFieldError = useServerFieldError();
  const participantId = useParams().id ?? '';
  const form = useRef<HTMLFormElement>(null);
  const participant = useQuery({ queryKey: participantKeys.one(participantId), queryFn: () => getParticipant(participantId) });
  const coverages = useQuery({ queryKey: billingKeys.coverages(participantId), queryFn: () => listCoverages(participantId) });
  const payers = useQuery({ queryKey: billingKeys.payers, queryFn: listPayers });
  const today = useOrgToday();
  const [v, setV] = useState({ payerId: '', memberId: '', startDate: today, endDate: '', diagnosisCodes: '' });
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [status, setStatus] = useState('');
  // Notes already on a claim that the coverages, as just changed, bill elsewhere (or not at all).
  const [toCorrect, setToCorrect] = useState<ClaimToCorrect[]>([]);
  const add = useMutation({
    mutationFn: () =>
      addCoverage(participantId, {
        payerId: v.payerId,
        memberId: v.memberId.trim(),
        startDate: v.startDate,
        endDate: v.endDate || null,
        diagnosisCodes: v.diagnosisCodes.split(/[\s,]+/).filter(Boolean).map((c) => c.toUpperCase()),
      }),
    onSuccess: (c) => {
      void queryClient.invalidateQueries({ queryKey: billingKeys.coverages(participantId) });
      setStatus(t('billing.coverage.added', { payer: c.payerName }));
      setToCorrect(c.claimsToCorrect);
      setV((x) => ({ ...x, memberId: '', endDate: '', diagnosisCodes: '' }));
    },
  });
  const set = (k: keyof typeof v) => (e: { currentTarget: { value: string } }) => {
    const value = e.currentTarget.value;
    setV((x) => ({ ...x, [k]: value }));
  };
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const found: Partial<Record<Field, string>> = {};
    if (!v.payerId) found.payerId = t('billing.coverage.payerRequired');
    if (!v.memberId.trim()) found.memberId = t('billing.coverage.memberRequired');
    else if (/[*:~^]/.test(v.memberId)) found.memberId = t('billing.coverage.memberInvalid');
    if (!v.startDate) found.startDate = t('billing.coverage.startRequired');
    if (v.endDate && v.startDate && v.endDate < v.startDate) found.endDate = t('billing.coverage.endBeforeStart');
    setErrors(found);
    if (Object.keys(found).length > 0) {
      setTimeout(() => focusFirstError(form.current), 0);
      return;
    }
    setStatus('');
    add.mutate();
  };
  const name = participant.data?.displayName ?? '';
  const activePayers = (payers.data?.items ?? []).filter((p) => p.active);

  return (
    <Page title={name ? t('billing.coverage.titleOf', { name }) : t('billing.coverage.title')}>
      <Group gap="md">
        <Anchor component={Link} to="/admin/payers">
          {t('billing.coverage.backToPayers')}
        </Anchor>
        <Anchor component={Link} to={`/participants/${participantId}/plan`}>
          {t('billing.coverage.toPlan')}
        </Anchor>
      </Group>
      <div role="status" aria-live="polite" className="status-ok">
        {status}
      </div>
      <ClaimsToCorrect items={toCorrect} />
      {coverages.isPending ? (
        <PageLoader />
      ) : coverages.isError ? (
        <LoadFailed error={coverages.error} onRetry={() => void coverages.refetch()} />
      ) : coverages.data.length === 0 ? (
        <Text>{t('billing.coverage.none')}</Text>
      ) : (
        <div className="table-scroll" role="region" aria-labelledby="coverage-caption" tabIndex={0}>
          <Table striped verticalSpacing="sm" miw={560}>
            <caption id="coverage-caption" className="table-caption">
              {t('billing.coverage.caption')}
            </caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('billing.coverage.payer')}</Table.Th>
                <Table.Th scope="col">{t('billing.coverage.memberId')}</Table.Th>
                <Table.Th scope="col">{t('billing.coverage.startDate')}</Table.Th>
                <Table.Th scope="col">{t('billing.coverage.endDate')}</Table.Th>
                <Table.Th scope="col">{t('billing.coverage.diagnoses')}</Table.Th>
                <Table.Th scope="col">{t('billing.coverage.endTitle')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {coverages.data.map((c) => (
                <Table.Tr key={c.id}>
                  <Table.Td>{c.payerName}</Table.Td>
                  <Table.Td>{c.memberId}</Table.Td>
                  <Table.Td>{f.date(c.startDate)}</Table.Td>
                  <Table.Td>{c.endDate ? f.date(c.endDate) : t('billing.coverage.openEnded')}</Table.Td>
                  <Table.Td>{c.diagnosisCodes.join(', ') || '—'}</Table.Td>
                  <Table.Td>
                    <EndCoverage
                      coverage={c}
                      onDone={(msg, claims) => {
                        setStatus(msg);
                        setToCorrect(claims);
                      }}
                    />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </div>
      )}
      <Card withBorder component="section" aria-labelledby="coverage-add" padding="lg">
        <Stack gap="md">
          <Title order={2} fz={20} id="coverage-add">
            {t('billing.coverage.addTitle')}
          </Title>
          <ErrorAlert error={add.error} />
          {payers.isSuccess && activePayers.length === 0 ? (
            <Text>
              {t('billing.coverage.noPayers')}{' '}
              <Anchor component={Link} to="/admin/payers">
                {t('billing.coverage.addPayer')}
              </Anchor>
            </Text>
          ) : (
            <form ref={form} noValidate onSubmit={onSubmit} aria-labelledby="coverage-add">
              <Stack gap="md" maw={560}>
                <NativeSelect
                  label={t('billing.coverage.payer')}
                  required
                  value={v.payerId}
                  onChange={set('payerId')}
                  data={[{ value: '', label: t('billing.coverage.choosePayer') }, ...activePayers.map((p) => ({ value: p.id, label: p.name }))]}
                  error={errors.payerId ?? serverFieldError(add.error, 'payerId')}
                />
                <TextInput label={t('billing.coverage.memberId')} required value={v.memberId} onChange={set('memberId')} error={errors.memberId ?? serverFieldError(add.error, 'memberId')} />
                <Group grow wrap="wrap" gap="sm" align="flex-start">
                  <TextInput type="date" label={t('billing.coverage.startDate')} required value={v.startDate} onChange={set('startDate')} error={errors.startDate ?? serverFieldError(add.error, 'startDate')} miw={160} />
                  <TextInput
                    type="date"
                    label={t('billing.coverage.endDate')}
                    description={t('billing.coverage.endHint')}
                    value={v.endDate}
                    onChange={set('endDate')}
                    error={errors.endDate ?? serverFieldError(add.error, 'endDate')}
                    miw={160}
                  />
                </Group>
                <TextInput
                  label={t('billing.coverage.diagnoses')}
                  description={t('billing.coverage.diagnosesHint')}
                  value={v.diagnosisCodes}
                  onChange={set('diagnosisCodes')}
                  error={serverFieldError(add.error, 'diagnosisCodes') ?? serverFieldError(add.error, 'diagnosisCodes.0')}
                />
                <Group>
                  <Button type="submit" loading={add.isPending}>
                    {t('billing.coverage.add')}
                  </Button>
                </Group>
              </Stack>
            </form>
          )}
        </Stack>
      </Card>
    </Page>
  );
}

/** Ends a coverage on a date (or changes its end): later sessions are then billed elsewhere or not at all. */
/** The notes a coverage change leaves on another payer's claim, each with a way to its note. */
function ClaimsToCorrect(props: { items: readonly ClaimToCorrect[] }) {
  const { t } = useTranslation();
  const f = useFormat();
  if (props.items.length === 0) return null;
  return (
    <Alert color="orange" variant="outline" role="alert" styles={{ title: { color: 'var(--mantine-color-dark-9)' } }} title={t('billing.coverage.toCorrect.title', { count: props.items.length })} data-testid="claims-to-correct">
      <Text size="sm">{t('billing.coverage.toCorrect.how')}</Text>
      <List size="sm" mt="xs">
        {props.items.map((c) => (
          <List.Item key={c.encounterId}>
            <Anchor component={Link} to={`/caseload/encounters/${c.encounterId}`}>
              {f.date(c.serviceDate)}
            </Anchor>
            {': '}
            {c.nowPayerName === null
              ? t('billing.coverage.toCorrect.itemUncovered', { sentTo: c.sentToPayerName, claim: c.claimId ?? '—' })
              : t('billing.coverage.toCorrect.item', { sentTo: c.sentToPayerName, claim: c.claimId ?? '—', now: c.nowPayerName })}
          </List.Item>
        ))}
      </List>
    </Alert>
  );
}

function EndCoverage(props: { coverage: Coverage; onDone: (message: string, claimsToCorrect: ClaimToCorrect[]) => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const serverFieldError = useServerFieldError();
  const c = props.coverage;
  const [endDate, setEndDate] = useState(c.endDate ?? '');
  const [error, setError] = useState<string | undefined>();
  const save = useMutation({
    mutationFn: () => updateCoverage(c.participantId, c.id, { endDate: endDate || null }),
    onSuccess: (after) => {
      void queryClient.invalidateQueries({ queryKey: billingKeys.coverages(c.participantId) });
      props.onDone(
        after.endDate ? t('billing.coverage.endedOn', { payer: after.payerName, date: after.endDate }) : t('billing.coverage.reopened', { payer: after.payerName }),
        after.claimsToCorrect,
      );
    },
  });
  return (
    <form
      noValidate
      aria-label={t('billing.coverage.endFormLabel', { payer: c.payerName, memberId: c.memberId })}
      onSubmit={(ev) => {
        ev.preventDefault();
        if (endDate && endDate < c.startDate) {
          setError(t('billing.coverage.endBeforeStart'));
          return;
        }
        setError(undefined);
        save.mutate();
      }}
    >
      <Group gap="xs" wrap="nowrap" align="flex-start">
        <TextInput
          type="date"
          size="xs"
          aria-label={t('billing.coverage.endLabel', { payer: c.payerName, memberId: c.memberId })}
          value={endDate}
          onChange={(ev) => setEndDate(ev.currentTarget.value)}
          error={error ?? serverFieldError(save.error, 'endDate')}
        />
        <Button type="submit" size="xs" variant="default" loading={save.isPending}>
          {t('billing.coverage.saveEnd')}
        </Button>
      </Group>
      {save.error && !serverFieldError(save.error, 'endDate') ? <ErrorAlert error={save.error} /> : null}
    </form>
  );
}
