import { Alert, Anchor, Button, Card, Group, NativeSelect, Radio, SegmentedControl, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { useFormat } from '../../app/format';
import { ErrorAlert } from '../../app/ui/ErrorAlert';
import { Page } from '../../app/ui/Page';
import { LoadFailed, PageLoader } from '../../app/ui/StatusPages';
import { getParticipant, participantKeys } from '../participants/participants.api';
import { bandOf, getInstrument, listInstruments, outcomesKeys, recordAssessment, textIn, type Assessment, type Instrument, type Mode } from './outcomes.api';
import './outcomes.css';

/** The safety flags an answer raises now (PHQ-9 item 9 at 1 or more), before anything is saved. */
const safetyRaised = (d: Instrument, answers: Record<string, number | null>) =>
  d.flags.filter((f) => f.safety && 'item' in f.when && (answers[f.when.item] ?? -1) >= f.when.atLeast);

function CrisisNow(props: { saved: boolean }) {
  const { t } = useTranslation();
  return (
    <Alert color="red" variant="filled" title={t('outcomesWeb.entry.crisisTitle')} role="alert" data-testid="crisis-988">
      <Stack gap={6}>
        <Text>{t('outcomesWeb.entry.crisisText')}</Text>
        <Group gap="sm">
          <Button component="a" href="tel:988" color="white" c="red.9" variant="white">
            {t('outcomesWeb.entry.call988')}
          </Button>
          <Button component="a" href="sms:988" color="white" c="red.9" variant="white">
            {t('outcomesWeb.entry.text988')}
          </Button>
        </Group>
        <Text fw={700}>{props.saved ? t('outcomesWeb.entry.followupCreated') : t('outcomesWeb.entry.followupOnSave')}</Text>
      </Stack>
    </Alert>
  );
}

function Result(props: { result: Assessment; instrument: Instrument; participantId: string; onAgain: () => void }) {
  const { t, i18n } = useTranslation();
  const f = useFormat();
  const r = props.result;
  const d = props.instrument;
  const band = bandOf(d, r.total);
  const flags = d.flags.filter((x) => r.flags.includes(x.code));
  return (
    <Card withBorder padding="md" component="section" aria-labelledby="assessment-result" data-testid="assessment-result">
      <Stack gap="xs">
        <Title order={2} fz={20} id="assessment-result" tabIndex={-1}>
          {t('outcomesWeb.entry.saved')}
        </Title>
        {r.complete && r.total !== null ? (
          <Text fz={22} fw={700} data-testid="assessment-score">
            {t('outcomesWeb.entry.score', { score: f.number(r.total) })}
            {band ? ` · ${textIn(band.label, i18n.language)}` : ''}
          </Text>
        ) : (
          <Text data-testid="assessment-score">{t('outcomesWeb.entry.incomplete', { count: r.missing.length })}</Text>
        )}
        {r.subscales
          .filter((s) => s.code !== (d.total ?? '') && s.score !== null)
          .map((s) => {
            const scale = d.scales.find((x) => x.code === s.code);
            return (
              <Text key={s.code} size="sm">
                {scale ? textIn(scale.label, i18n.language) : s.code}: {f.number(s.score!)}
              </Text>
            );
          })}
        {flags.length > 0 && (
          <ul className="figure-notes" data-testid="assessment-flags">
            {flags.map((x) => (
              <li key={x.code}>
                <Text fw={700} c={x.safety ? 'red.9' : undefined}>
                  {textIn(x.label, i18n.language)}
                </Text>
              </li>
            ))}
          </ul>
        )}
        <Group gap="sm" mt="xs">
          <Button component={Link} to={`/participants/${props.participantId}`}>
            {t('outcomesWeb.entry.backToRecord')}
          </Button>
          <Button variant="default" onClick={props.onAgain}>
            {t('outcomesWeb.entry.another')}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

/**
 * Giving an instrument to a participant on a phone (issue 20): one tap per item on large
 * targets, the items in the app's language from the instrument's data (marked when the
 * translation is not validated), the mode, then the score, band and flags. A safety flag
 * (PHQ-9 item 9 at 1 or more) shows 988 at once; saving opens a same-day safety follow-up.
 */
export default function AssessmentEntryPage() {
  const { t, i18n } = useTranslation();
  const { id = '' } = useParams();
  const [params] = useSearchParams();
  const qc = useQueryClient();
  const [code, setCode] = useState(params.get('instrument') ?? 'phq-9');
  const [mode, setMode] = useState<Mode>('peer-administered');
  const [answers, setAnswers] = useState<Record<string, number | null>>({});
  const [confirmIncomplete, setConfirmIncomplete] = useState(false);
  const resultRef = useRef<HTMLDivElement>(null);
  const participant = useQuery({ queryKey: participantKeys.one(id), queryFn: () => getParticipant(id) });
  const catalog = useQuery({ queryKey: outcomesKeys.instruments, queryFn: listInstruments });
  const instrument = useQuery({ queryKey: outcomesKeys.instrument(code), queryFn: () => getInstrument(code) });
  const save = useMutation({
    mutationFn: (d: Instrument) => recordAssessment(id, { instrument: d.code, version: d.version, answers: Object.fromEntries(d.items.map((i) => [i.id, answers[i.id] ?? null])), administeredAt: new Date().toISOString(), mode }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: outcomesKeys.assessments(id) });
    },
  });
  useEffect(() => {
    // The result starts at the top of the page (988 first when it applies); focus moves to it.
    if (save.data) {
      window.scrollTo(0, 0);
      resultRef.current?.querySelector<HTMLElement>('#assessment-result')?.focus({ preventScroll: true });
    }
  }, [save.data]);
  const name = participant.data?.displayName ?? '';
  const title = name ? t('outcomesWeb.entry.titleFor', { name }) : t('outcomesWeb.entry.title');
  if (instrument.isError) return <LoadFailed error={instrument.error} onRetry={() => void instrument.refetch()} />;
  if (!instrument.data || participant.isPending) return <PageLoader />;
  const d = instrument.data;
  const spanish = i18n.language.startsWith('es');
  const notValidated = spanish && d.translations.es?.status !== 'validated';
  const missing = d.items.filter((i) => answers[i.id] === undefined || answers[i.id] === null);
  const raised = safetyRaised(d, answers);
  const reset = () => {
    setAnswers({});
    setConfirmIncomplete(false);
    save.reset();
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (missing.length > 0 && !confirmIncomplete) {
      setConfirmIncomplete(true);
      return;
    }
    save.mutate(d);
  };
  return (
    <Page title={title}>
      {save.data ? (
        <Stack gap="md" ref={resultRef}>
          {(save.data.safetyFollowupId || safetyRaised(d, save.data.answers).length > 0) && <CrisisNow saved />}
          <Result result={save.data} instrument={d} participantId={id} onAgain={reset} />
        </Stack>
      ) : (
        <form onSubmit={submit} noValidate aria-label={title}>
          <Stack gap="md">
            <Group gap="sm" align="end" wrap="wrap">
              <NativeSelect
                label={t('outcomesWeb.entry.instrument')}
                value={code}
                onChange={(e) => {
                  setCode(e.currentTarget.value);
                  setAnswers({});
                }}
                data={(catalog.data?.items ?? [{ code, title: d.title, version: d.version }]).map((i) => ({ value: i.code, label: textIn(i.title, i18n.language) }))}
              />
              <Stack gap={4}>
                <Text size="sm" fw={500} id="mode-label">
                  {t('outcomesWeb.entry.mode')}
                </Text>
                <SegmentedControl
                  aria-labelledby="mode-label"
                  value={mode}
                  onChange={(v) => setMode(v as Mode)}
                  data={[
                    { value: 'peer-administered', label: t('outcomesWeb.mode.peer-administered') },
                    { value: 'phone', label: t('outcomesWeb.mode.phone') },
                  ]}
                />
              </Stack>
            </Group>
            {notValidated && (
              <Alert color="orange" variant="outline" p="xs" data-testid="not-validated">
                <Text size="sm" fw={600}>
                  {t('outcomesWeb.entry.notValidated')}
                </Text>
              </Alert>
            )}
            <Text fw={600}>{textIn(d.instructions, i18n.language)}</Text>
            {d.items.map((item, n) => {
              const set = d.answerSets[item.answerSet] ?? [];
              return (
                <div key={item.id} data-item={item.id}>
                <Radio.Group
                  name={item.id}
                  label={`${n + 1}. ${textIn(item.text, i18n.language)}`}
                  value={answers[item.id] === undefined || answers[item.id] === null ? null : String(answers[item.id])}
                  onChange={(v) => setAnswers((a) => ({ ...a, [item.id]: Number(v) }))}
                  error={confirmIncomplete && missing.includes(item) ? t('outcomesWeb.entry.noAnswer') : undefined}
                  styles={{ label: { fontSize: 'var(--mantine-font-size-md)', marginBottom: 6 } }}
                >
                  <SimpleGrid cols={{ base: set.length > 4 ? 1 : 2, sm: Math.min(set.length, 4) }} spacing={6}>
                    {set.map((a) => (
                      <Radio.Card key={a.value} value={String(a.value)} p="xs" radius="md" className="answer-choice" aria-label={textIn(a.label, i18n.language)}>
                        <Group wrap="nowrap" gap="xs" align="center">
                          <Radio.Indicator />
                          <Text size="sm">{textIn(a.label, i18n.language)}</Text>
                        </Group>
                      </Radio.Card>
                    ))}
                  </SimpleGrid>
                </Radio.Group>
                </div>
              );
            })}
            {raised.length > 0 && <CrisisNow saved={false} />}
            {save.isError && <ErrorAlert error={save.error} />}
            {confirmIncomplete && missing.length > 0 && (
              <Alert color="yellow" role="alert">
                {t('outcomesWeb.entry.confirmIncomplete', { count: missing.length })}
              </Alert>
            )}
            <Group gap="sm">
              <Button type="submit" size="md" loading={save.isPending}>
                {confirmIncomplete && missing.length > 0 ? t('outcomesWeb.entry.saveIncomplete') : t('outcomesWeb.entry.save')}
              </Button>
              <Anchor component={Link} to={`/participants/${id}`}>
                {t('outcomesWeb.entry.cancel')}
              </Anchor>
            </Group>
            <Text size="xs">{d.licence}</Text>
          </Stack>
        </form>
      )}
    </Page>
  );
}
