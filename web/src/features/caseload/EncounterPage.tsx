import { Alert, Anchor, Badge, Button, Card, Chip, Fieldset, Group, NativeSelect, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { isApiError } from '../../app/api';
import { useFormat } from '../../app/format';
import { LANGUAGES, i18next, type Language } from '../../app/i18n';
import { useCurrentUser } from '../../app/session';
import { ErrorAlert, SuccessAlert } from '../../app/ui/ErrorAlert';
import { useServerFieldError } from '../../app/ui/errors';
import { Page } from '../../app/ui/Page';
import { PageLoader, RecordLoadFailed } from '../../app/ui/StatusPages';
import { BillingSummary } from './BillingSummary';
import './caseload.css';
import {
  ACTIVITIES,
  ENCOUNTER_TYPES,
  MODALITIES,
  PLACES_OF_SERVICE,
  addAddendum,
  caseloadKeys,
  createEncounter,
  deleteDraft,
  fromLocalInput,
  getDefaults,
  getEncounter,
  getMyDay,
  getPlan,
  patchEncounter,
  signEncounter,
  toLocalInput,
  type Encounter,
  type EncounterBilling,
  type EncounterInput,
} from './caseload.api';
import { changedFields, clearDraft, loadDraft, sameValues, saveDraft, type DraftValues } from './draftStore';
import { ReviewActions } from './ReviewActions';
import { VoidActions } from './VoidActions';

/** How long typing pauses before the draft goes to the server. */
const SAVE_DELAY_MS = 800;
/** How soon a save that failed for want of a connection is tried again. */
const RETRY_MS = 5_000;

const blankValues = (participantId: string): DraftValues => ({
  participantId,
  others: [],
  type: 'individual',
  modality: 'in-person',
  startedAt: toLocalInput(new Date().toISOString()),
  durationMinutes: '30',
  placeOfService: '11',
  activities: [],
  goalIds: [],
  narrative: '',
  nextSteps: '',
  followUpOn: '',
});

const valuesOf = (e: Encounter): DraftValues => ({
  participantId: e.participantId,
  others: e.participantIds.filter((id) => id !== e.participantId),
  type: e.type,
  modality: e.modality,
  startedAt: toLocalInput(e.startedAt),
  durationMinutes: String(e.durationMinutes),
  placeOfService: e.placeOfService,
  activities: [...e.activities],
  goalIds: [...e.goalIds],
  narrative: e.narrative,
  nextSteps: e.nextSteps,
  followUpOn: e.followUpOn ?? '',
});

type Problems = Partial<Record<'participantId' | 'durationMinutes' | 'startedAt' | 'narrative', string>>;

/** Checks that keep a draft from being sent at all (the narrative is only needed to sign). */
function draftProblems(v: DraftValues, t: (k: string) => string): Problems {
  const out: Problems = {};
  const minutes = Number(v.durationMinutes);
  if (!v.durationMinutes.trim() || !Number.isInteger(minutes) || minutes < 1 || minutes > 1440) out.durationMinutes = t('caseload.note.durationInvalid');
  if (!fromLocalInput(v.startedAt)) out.startedAt = t('caseload.note.startInvalid');
  return out;
}

/** A group note's others; none for any other type (the server refuses several otherwise). */
const othersOf = (v: DraftValues) => (v.type === 'group' ? v.others.filter((id) => id && id !== v.participantId) : []);

const toInput = (v: DraftValues): EncounterInput => ({
  participantId: v.participantId,
  ...(othersOf(v).length > 0 ? { participantIds: othersOf(v) } : {}),
  type: v.type as EncounterInput['type'],
  modality: v.modality as EncounterInput['modality'],
  startedAt: fromLocalInput(v.startedAt) ?? new Date().toISOString(),
  durationMinutes: Number(v.durationMinutes),
  placeOfService: v.placeOfService,
  activities: v.activities as EncounterInput['activities'],
  goalIds: v.goalIds,
  narrative: v.narrative,
  nextSteps: v.nextSteps,
  followUpOn: v.followUpOn || null,
});

const patchOf = (v: DraftValues, fields: Array<keyof DraftValues>): Partial<EncounterInput> => {
  const full = toInput(v);
  const patch = Object.fromEntries(fields.filter((f) => f !== 'others').map((f) => [f, full[f as keyof EncounterInput]])) as Partial<EncounterInput>;
  // Who took part is sent whole (the server replaces the list) when it or the type changed.
  if (fields.includes('others') || fields.includes('type')) Object.assign(patch, { participantId: v.participantId, participantIds: othersOf(v) });
  return patch;
};

type SaveState = 'idle' | 'pending' | 'saving' | 'saved' | 'offline' | 'error' | 'restored';

/** Chips over a list of values, with a legend (checkbox semantics: each chip is a labelled checkbox). */
function ChipSet(props: { legend: string; description?: string; options: Array<{ value: string; label: string }>; value: string[]; onChange: (v: string[]) => void }) {
  return (
    <Fieldset legend={props.legend} variant="unstyled" styles={{ legend: { fontWeight: 600, fontSize: 'var(--mantine-font-size-sm)', marginBottom: 4 } }}>
      {props.description && (
        <Text size="sm" c="dimmed" mb={6}>
          {props.description}
        </Text>
      )}
      <Chip.Group multiple value={props.value} onChange={props.onChange}>
        <Group gap="xs" wrap="wrap">
          {props.options.map((o) => (
            <Chip key={o.value} value={o.value} styles={{ label: { whiteSpace: 'normal', height: 'auto', minHeight: 32, paddingBlock: 6 } }}>
              {o.label}
            </Chip>
          ))}
        </Group>
      </Chip.Group>
    </Fieldset>
  );
}

/**
 * The note form. The common case (a 30-minute individual session, one goal, a narrative) is:
 * choose the person (often preset), tick the goal, type, sign. Everything else starts from the
 * server's defaults (now, the peer's last duration, type, modality and place, the plan's goals).
 * Every change is kept on this device at once and sent to the server after a short pause.
 */
function EncounterEditor(props: { initial: Encounter | null; presetParticipantId: string | null; onSigned: (e: Encounter) => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const me = useCurrentUser();
  const queryClient = useQueryClient();
  const serverFieldError = useServerFieldError();
  const navigate = useNavigate();
  const { initial } = props;

  const day = useQuery({ queryKey: caseloadKeys.myDay, queryFn: getMyDay });

  // Start from the server's copy, unless this device holds newer typing (a reload, a lost connection).
  const [start] = useState(() => {
    const local = loadDraft(me.id, initial?.id ?? null);
    if (initial) {
      const server = valuesOf(initial);
      if (local && !sameValues(local.values, server)) return { values: local.values, restored: true };
      return { values: server, restored: false };
    }
    if (local && (!props.presetParticipantId || local.values.participantId === props.presetParticipantId)) return { values: local.values, restored: true };
    return { values: blankValues(props.presetParticipantId ?? ''), restored: false };
  });
  const [values, setValues] = useState<DraftValues>(start.values);
  const [encounterId, setEncounterId] = useState<string | null>(initial?.id ?? null);
  const [billing, setBilling] = useState<EncounterBilling | null>(initial?.billing ?? null);
  const [saveState, setSaveState] = useState<SaveState>(start.restored ? 'restored' : 'idle');
  const [savedAt, setSavedAt] = useState<Date | null>(null);
  const [saveError, setSaveError] = useState<unknown>(null);
  const [problems, setProblems] = useState<Problems>({});
  const [signError, setSignError] = useState<unknown>(null);
  const [signing, setSigning] = useState(false);

  const valuesRef = useRef(values);
  valuesRef.current = values;
  const idRef = useRef<string | null>(initial?.id ?? null);
  const synced = useRef<DraftValues | null>(initial ? valuesOf(initial) : null);
  const inFlight = useRef<Promise<boolean> | null>(null);
  const dirty = useRef(start.restored);
  const touched = useRef(new Set<keyof DraftValues>(start.restored || initial ? Object.keys(start.values) as Array<keyof DraftValues> : []));
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const syncRef = useRef<() => Promise<boolean>>(async () => false);
  const narrativeRef = useRef<HTMLTextAreaElement>(null);
  const participantRef = useRef<HTMLSelectElement>(null);

  // Only one person in the caseload: nothing to choose.
  useEffect(() => {
    const list = day.data?.caseload ?? [];
    if (!valuesRef.current.participantId && list.length === 1 && list[0]) {
      setValues((v) => ({ ...v, participantId: list[0]!.participantId }));
    }
  }, [day.data]);

  const defaults = useQuery({
    queryKey: caseloadKeys.defaults(values.participantId),
    queryFn: () => getDefaults(values.participantId),
    staleTime: 60_000,
  });

  // The server's defaults fill what the peer has not touched, on a new note only.
  useEffect(() => {
    const d = defaults.data;
    if (!d || idRef.current) return;
    setValues((v) => {
      const next = { ...v };
      const fill = <K extends keyof DraftValues>(k: K, value: DraftValues[K]) => {
        if (!touched.current.has(k)) next[k] = value;
      };
      fill('type', d.type);
      fill('modality', d.modality);
      fill('startedAt', toLocalInput(d.startedAt) || v.startedAt);
      fill('durationMinutes', String(d.durationMinutes));
      fill('placeOfService', d.placeOfService);
      if (d.followUpOn) fill('followUpOn', d.followUpOn);
      if (d.activities.length) fill('activities', d.activities);
      return next;
    });
  }, [defaults.data]);

  /** Sends what changed; creates the draft on the server the first time. */
  const runSync = useCallback(async (): Promise<boolean> => {
    const v = valuesRef.current;
    if (!v.participantId) return false;
    const found = draftProblems(v, t);
    setProblems((p) => ({ ...found, narrative: p.narrative }));
    if (Object.keys(found).length > 0) return false;
    // A new note reaches the server once there is something in it.
    if (!idRef.current && !v.narrative.trim() && v.goalIds.length === 0 && !v.nextSteps.trim()) return true;
    setSaveState('saving');
    try {
      let res: Encounter;
      if (!idRef.current) {
        res = await createEncounter(toInput(v));
        idRef.current = res.id;
        setEncounterId(res.id);
        clearDraft(me.id, null);
        // The address now names the note, so a reload finds it; the form stays as it is.
        window.history.replaceState(window.history.state, '', `/caseload/encounters/${res.id}`);
      } else {
        const fields = changedFields(synced.current ?? v, v);
        if (fields.length === 0 && synced.current) {
          clearDraft(me.id, idRef.current);
          setSaveState('saved');
          return true;
        }
        res = await patchEncounter(idRef.current, patchOf(v, fields));
      }
      synced.current = v;
      setBilling(res.billing);
      queryClient.setQueryData(caseloadKeys.encounter(res.id), res);
      if (sameValues(v, valuesRef.current)) clearDraft(me.id, res.id);
      else saveDraft({ userId: me.id, encounterId: res.id, values: valuesRef.current, savedAt: Date.now() });
      setSaveError(null);
      setSavedAt(new Date());
      setSaveState('saved');
      return true;
    } catch (e) {
      setSaveError(e);
      if (isApiError(e) && e.status === 0) {
        setSaveState('offline');
        if (timer.current) clearTimeout(timer.current);
        timer.current = setTimeout(() => void syncRef.current(), RETRY_MS);
      } else {
        setSaveState('error');
      }
      return false;
    }
  }, [me.id, queryClient, t]);

  /** One save at a time; a change made meanwhile is sent right after. */
  const sync = useCallback(async (): Promise<boolean> => {
    while (inFlight.current) await inFlight.current;
    const p = runSync();
    inFlight.current = p;
    try {
      return await p;
    } finally {
      inFlight.current = null;
    }
  }, [runSync]);
  syncRef.current = sync;

  // Every change: a local copy at once, the server after a pause.
  useEffect(() => {
    if (!dirty.current) return;
    saveDraft({ userId: me.id, encounterId: idRef.current, values, savedAt: Date.now() });
    setSaveState((s) => (s === 'offline' ? s : 'pending'));
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => void sync(), SAVE_DELAY_MS);
    return () => {
      if (timer.current) clearTimeout(timer.current);
    };
  }, [values, me.id, sync]);

  // Back online: send what waited.
  useEffect(() => {
    const online = () => void sync();
    window.addEventListener('online', online);
    return () => window.removeEventListener('online', online);
  }, [sync]);

  const update = <K extends keyof DraftValues>(k: K, value: DraftValues[K]) => {
    dirty.current = true;
    touched.current.add(k);
    setValues((v) => ({ ...v, [k]: value }));
  };

  const onSign = async () => {
    setSignError(null);
    const v = valuesRef.current;
    const found: Problems = draftProblems(v, t);
    if (!v.participantId) found.participantId = t('caseload.note.participantRequired');
    if (!v.narrative.trim()) found.narrative = t('caseload.note.narrativeRequired');
    setProblems(found);
    if (found.participantId) return participantRef.current?.focus();
    if (found.narrative) return narrativeRef.current?.focus();
    if (Object.keys(found).length > 0) return;
    setSigning(true);
    try {
      if (timer.current) clearTimeout(timer.current);
      const ok = await sync();
      if (!ok || !idRef.current) {
        setSigning(false);
        return;
      }
      const res = await signEncounter(idRef.current, t('caseload.note.attestationText'));
      clearDraft(me.id, res.id);
      clearDraft(me.id, null);
      queryClient.setQueryData(caseloadKeys.encounter(res.id), res);
      void queryClient.invalidateQueries({ queryKey: caseloadKeys.myDay });
      props.onSigned(res);
    } catch (e) {
      setSignError(e);
      setSigning(false);
    }
  };

  const caseloadOptions = (day.data?.caseload ?? []).map((c) => ({ value: c.participantId, label: c.displayName }));
  for (const p of initial?.participants ?? []) if (!caseloadOptions.some((o) => o.value === p.id)) caseloadOptions.push({ value: p.id, label: p.displayName });
  const goals = defaults.data?.goals ?? [];
  const template = defaults.data?.templates[values.type];
  const fieldError = (field: string) => serverFieldError(saveError, field) ?? serverFieldError(signError, field);

  const statusText = (() => {
    switch (saveState) {
      case 'saved':
        return savedAt ? t('caseload.note.savedAt', { time: new Intl.DateTimeFormat(f.locale, { timeStyle: 'short' }).format(savedAt) }) : t('caseload.note.saved');
      case 'offline':
        return t('caseload.note.offline');
      case 'restored':
        return t('caseload.note.restored');
      case 'error':
        return t('caseload.note.saveFailed');
      default:
        return '';
    }
  })();

  return (
    <Page title={encounterId ? t('caseload.note.draftTitle') : t('caseload.note.newTitle')}>
      <form
        noValidate
        aria-label={t('caseload.note.formTitle')}
        onSubmit={(e) => {
          e.preventDefault();
          void onSign();
        }}
      >
        <Stack gap="md" maw={720}>
          <NativeSelect
            ref={participantRef}
            label={t('caseload.note.participant')}
            required
            value={values.participantId}
            disabled={Boolean(encounterId)}
            onChange={(e) => update('participantId', e.currentTarget.value)}
            data={[{ value: '', label: t('caseload.note.choosePerson') }, ...caseloadOptions]}
            error={problems.participantId ?? fieldError('participantId')}
          />
          <Group grow wrap="wrap" align="flex-start" gap="sm">
            <TextInput
              type="datetime-local"
              label={t('caseload.note.startedAt')}
              value={values.startedAt}
              onChange={(e) => update('startedAt', e.currentTarget.value)}
              error={problems.startedAt ?? fieldError('startedAt')}
              miw={240}
            />
            <TextInput
              type="number"
              inputMode="numeric"
              min={1}
              max={1440}
              label={t('caseload.note.duration')}
              value={values.durationMinutes}
              onChange={(e) => update('durationMinutes', e.currentTarget.value)}
              error={problems.durationMinutes ?? fieldError('durationMinutes')}
              miw={140}
            />
          </Group>
          <Group grow wrap="wrap" align="flex-start" gap="sm">
            <NativeSelect
              label={t('caseload.note.type')}
              value={values.type}
              onChange={(e) => update('type', e.currentTarget.value)}
              data={ENCOUNTER_TYPES.map((x) => ({ value: x, label: t(`caseload.types.${x}`) }))}
              miw={200}
            />
            <NativeSelect
              label={t('caseload.note.modality')}
              value={values.modality}
              onChange={(e) => update('modality', e.currentTarget.value)}
              data={MODALITIES.map((x) => ({ value: x, label: t(`caseload.modalities.${x}`) }))}
              miw={160}
            />
          </Group>
          {values.type === 'group' && (
            <ChipSet
              legend={t('caseload.note.groupOthers')}
              description={t('caseload.note.groupOthersHint')}
              options={caseloadOptions.filter((o) => o.value !== values.participantId)}
              value={values.others}
              onChange={(v) => update('others', v)}
            />
          )}
          {goals.length > 0 ? (
            <ChipSet
              legend={t('caseload.note.goals')}
              description={t('caseload.note.goalsHint')}
              options={goals.map((g) => ({ value: g.id, label: g.text }))}
              value={values.goalIds}
              onChange={(v) => update('goalIds', v)}
            />
          ) : (
            values.participantId &&
            defaults.isSuccess && (
              <Text size="sm">
                {t('caseload.note.noGoals')}{' '}
                <Anchor component={Link} to={`/participants/${values.participantId}/plan`}>
                  {t('caseload.note.openPlan')}
                </Anchor>
              </Text>
            )
          )}
          <Stack gap={6}>
            <Textarea
              ref={narrativeRef}
              label={t('caseload.note.narrative')}
              description={t('caseload.note.narrativeHint')}
              required
              autosize
              minRows={5}
              maxRows={16}
              value={values.narrative}
              onChange={(e) => update('narrative', e.currentTarget.value)}
              error={problems.narrative ?? fieldError('narrative')}
              data-testid="narrative"
            />
            {template && !values.narrative.trim() && (
              <Group>
                <Button variant="light" size="xs" onClick={() => update('narrative', template)}>
                  {t('caseload.note.useTemplate', { type: t(`caseload.types.${values.type}`) })}
                </Button>
              </Group>
            )}
          </Stack>
          <ChipSet
            legend={t('caseload.note.activities')}
            options={ACTIVITIES.map((a) => ({ value: a, label: t(`caseload.activities.${a}`) }))}
            value={values.activities}
            onChange={(v) => update('activities', v)}
          />
          <Textarea
            label={t('caseload.note.nextSteps')}
            autosize
            minRows={2}
            value={values.nextSteps}
            onChange={(e) => update('nextSteps', e.currentTarget.value)}
            error={fieldError('nextSteps')}
          />
          <Group grow wrap="wrap" align="flex-start" gap="sm">
            <TextInput
              type="date"
              label={t('caseload.note.followUpOn')}
              value={values.followUpOn}
              onChange={(e) => update('followUpOn', e.currentTarget.value)}
              error={fieldError('followUpOn')}
              miw={180}
            />
            <NativeSelect
              label={t('caseload.note.placeOfService')}
              value={values.placeOfService}
              onChange={(e) => update('placeOfService', e.currentTarget.value)}
              data={PLACES_OF_SERVICE.map((p) => ({ value: p, label: `${p} · ${t(`caseload.places.${p}`)}` }))}
              miw={200}
            />
          </Group>
          <section aria-labelledby="note-billing">
            <Title order={2} fz={17} id="note-billing" mb={4}>
              {t('caseload.billing.title')}
            </Title>
            <BillingSummary billing={billing} pending={saveState === 'pending' || saveState === 'saving'} />
          </section>
          <div role="status" aria-live="polite" className={saveState === 'error' || saveState === 'offline' ? 'status-error' : 'status-ok'} data-testid="save-status">
            {statusText}
          </div>
          {saveState === 'error' && <ErrorAlert error={saveError} />}
          <ErrorAlert error={signError} />
          <div className="sign-bar">
            <Stack gap={6}>
              {/* The statement shown is the one sent, and the server stores exactly it. */}
              <Text size="sm">
                {t('caseload.note.attestLead')} <q data-testid="attestation-text">{t('caseload.note.attestationText')}</q> {t('caseload.note.signedIsFinal')}
              </Text>
              <Group gap="sm" wrap="wrap">
                <Button type="submit" size="md" loading={signing}>
                  {t('caseload.note.sign')}
                </Button>
                {encounterId && (
                  <DeleteDraft
                    onDelete={async () => {
                      if (timer.current) clearTimeout(timer.current);
                      await deleteDraft(encounterId);
                      clearDraft(me.id, encounterId);
                      queryClient.removeQueries({ queryKey: caseloadKeys.encounter(encounterId) });
                      void queryClient.invalidateQueries({ queryKey: caseloadKeys.myDay });
                      void navigate('/caseload');
                    }}
                  />
                )}
                <Anchor component={Link} to="/caseload">
                  {t('caseload.note.backToDay')}
                </Anchor>
              </Group>
            </Stack>
          </div>
        </Stack>
      </form>
    </Page>
  );
}

/** Deleting a draft asks once more: it cannot be undone (signed notes are never deleted). */
function DeleteDraft(props: { onDelete: () => Promise<void> }) {
  const { t } = useTranslation();
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  if (!asking) {
    return (
      <Button variant="subtle" color="red" onClick={() => setAsking(true)}>
        {t('caseload.note.deleteDraft')}
      </Button>
    );
  }
  return (
    <Group gap="xs" role="group" aria-label={t('caseload.note.deleteDraftConfirm')}>
      <Text size="sm">{t('caseload.note.deleteDraftConfirm')}</Text>
      <Button
        color="red"
        size="xs"
        loading={busy}
        onClick={() => {
          setBusy(true);
          props.onDelete().catch((e: unknown) => {
            setError(e);
            setBusy(false);
          });
        }}
      >
        {t('caseload.note.deleteDraftYes')}
      </Button>
      <Button variant="default" size="xs" onClick={() => setAsking(false)}>
        {t('common.cancel')}
      </Button>
      <ErrorAlert error={error} />
    </Group>
  );
}

/**
 * The language of a stored attestation: the one whose statement it is word for word (a note keeps
 * what its signer read, so a note signed in Spanish reads in Spanish on an English page).
 */
const attestationLanguage = (text: string): Language | undefined =>
  LANGUAGES.find((l) => i18next.getFixedT(l.code)('caseload.note.attestationText') === text)?.code;

function Fact(props: { term: string; children: ReactNode }) {
  return (
    <div>
      <dt>{props.term}</dt>
      <dd>{props.children}</dd>
    </div>
  );
}

/** A signed note: read-only, with its billing, reviews and addenda (corrections keep the original). */
function SignedEncounter(props: { initial: Encounter; justSigned?: boolean }) {
  const { t } = useTranslation();
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
              {e.activities.length ? e.activities.map((a) => t(`caseload.activities.${a}`)).join(', ') : t('caseload.none')}
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
                <span data-testid="attestation" lang={attestationLanguage(e.attestation)}>
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
        <BillingSummary billing={e.billing} />
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
      {(me.role === 'supervisor' || me.role === 'admin') && awaitingCosign && !e.voided && (
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
      <Anchor component={Link} to={me.role === 'supervisor' ? '/review-queue' : '/caseload'}>
        {me.role === 'supervisor' ? t('caseload.review.backToQueue') : t('caseload.note.backToDay')}
      </Anchor>
    </Page>
  );
}

/** `/caseload/log` (a new note) and `/caseload/encounters/:id` (a draft to finish, or a signed note). */
export default function EncounterPage() {
  const { t } = useTranslation();
  const params = useParams();
  const [search] = useSearchParams();
  const id = params.id ?? null;
  const [signed, setSigned] = useState<Encounter | null>(null);
  const enc = useQuery({ queryKey: caseloadKeys.encounter(id ?? 'new'), queryFn: () => getEncounter(id!), enabled: Boolean(id) && !signed });

  if (signed) return <SignedEncounter initial={signed} justSigned />;
  if (!id) return <EncounterEditor initial={null} presetParticipantId={search.get('participantId')} onSigned={setSigned} />;
  if (enc.isPending) return <PageLoader />;
  if (enc.isError) return <RecordLoadFailed title={t('caseload.note.signedTitle')} error={enc.error} onRetry={() => void enc.refetch()} />;
  const e = enc.data;
  if (e.status === 'draft' && !e.voided) {
    return <EncounterEditor key={e.id} initial={e} presetParticipantId={null} onSigned={setSigned} />;
  }
  return <SignedEncounter initial={e} />;
}

