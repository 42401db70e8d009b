// The note form (EncounterPage.tsx): the draft kept on this device and saved to the server after
// a pause (draftStore.ts, issue 4), its billing, the attestation and signing; the fields live in
// EncounterFields.tsx.
import { Anchor, Button, Group, Stack, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { isApiError } from '../../app/api';
import { useFormat } from '../../app/format';
import { useCurrentUser } from '../../app/session';
import { ErrorAlert } from '../../app/ui/ErrorAlert';
import { useServerFieldError } from '../../app/ui/errors';
import { Page } from '../../app/ui/Page';
import { attestationOf, type AttestedFacts } from './attestation';
import { BillingSummary } from './BillingSummary';
import './caseload.css';
import {
  caseloadKeys,
  createEncounter,
  deleteDraft,
  getDefaults,
  getMyDay,
  patchEncounter,
  signEncounter,
  toLocalInput,
  type Encounter,
} from './caseload.api';
import { DeleteDraft } from './DeleteDraft';
import { changedFields, clearDraft, forgetServerCopy, keepServerCopy, loadDraft, sameValues, saveDraft, type DraftValues } from './draftStore';
import { EncounterFields } from './EncounterFields';
import { RETRY_MS, SAVE_DELAY_MS, blankValues, draftProblems, patchOf, toInput, valuesOf, type Problems, type SaveState } from './encounterForm';

/** The facts the attestation names, from the form (signing saves them first, so they are the note's). */
const factsOf = (v: DraftValues): AttestedFacts => ({ durationMinutes: Number(v.durationMinutes) || 0, placeOfService: v.placeOfService, activities: v.activities });

/**
 * The note form. The common case (a 30-minute individual session, one goal, a narrative) is:
 * choose the person (often preset), tick the goal, type, sign. Everything else starts from the
 * server's defaults (now, the peer's last duration, type, modality and place, the plan's goals).
 * Every change is kept on this device at once and sent to the server after a short pause.
 */
export function EncounterEditor(props: { initial: Encounter | null; presetParticipantId: string | null; onSigned: (e: Encounter) => void }) {
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
  // The note as the server last stored it: the billing box names its facts and its billing.
  const [saved, setSaved] = useState<Encounter | null>(initial);
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
    setProblems((p) => ({ ...found, narrative: p.narrative, activities: v.activities.length > 0 ? undefined : p.activities }));
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
      setSaved(res);
      queryClient.setQueryData(caseloadKeys.encounter(res.id), res);
      keepServerCopy(me.id, res);
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
    // A billed note names what happened: at least one activity (the server refuses it too).
    if (v.activities.length === 0) found.activities = t('notes.activitiesRequired');
    setProblems(found);
    if (found.participantId) return participantRef.current?.focus();
    if (found.narrative) return narrativeRef.current?.focus();
    if (found.activities) return document.querySelector<HTMLInputElement>('#note-activities input')?.focus();
    if (Object.keys(found).length > 0) return;
    setSigning(true);
    try {
      if (timer.current) clearTimeout(timer.current);
      const ok = await sync();
      if (!ok || !idRef.current) {
        setSigning(false);
        return;
      }
      // The statement shown is the one sent; the server stores it only if it names the note as saved.
      const res = await signEncounter(idRef.current, attestationOf(t, factsOf(valuesRef.current)));
      clearDraft(me.id, res.id);
      clearDraft(me.id, null);
      forgetServerCopy(me.id, res.id);
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
        className="note-form"
        aria-label={t('caseload.note.formTitle')}
        onSubmit={(e) => {
          e.preventDefault();
          void onSign();
        }}
      >
        <Stack gap="md" maw={720}>
          <EncounterFields
            values={values}
            update={update}
            problems={problems}
            fieldError={fieldError}
            encounterId={encounterId}
            caseloadOptions={caseloadOptions}
            goals={goals}
            template={template}
            defaultsLoaded={defaults.isSuccess}
            participantRef={participantRef}
            narrativeRef={narrativeRef}
          />
          <section aria-labelledby="note-billing">
            <Title order={2} fz={17} id="note-billing" mb={4}>
              {t('caseload.billing.title')}
            </Title>
            <BillingSummary billing={saved?.billing} facts={saved ?? undefined} pending={saveState === 'pending' || saveState === 'saving'} />
          </section>
          <div role="status" aria-live="polite" className={saveState === 'error' || saveState === 'offline' ? 'status-error' : 'status-ok'} data-testid="save-status">
            {statusText}
          </div>
          {saveState === 'error' && <ErrorAlert error={saveError} />}
          <ErrorAlert error={signError} />
          {/* The statement shown is the one sent, and the server stores exactly it. */}
          <Text size="sm">
            {t('caseload.note.attestLead')} <q data-testid="attestation-text">{attestationOf(t, factsOf(values))}</q> {t('caseload.note.signedIsFinal')}
          </Text>
          {/* Small and sticky on a phone, and not sticky at all while a text field has the focus
              (caseload.css), so it never covers what is being typed (issue 17). */}
          <div className="sign-bar" data-testid="sign-bar">
            <Button type="submit" size="md" loading={signing} className="sign-button">
              {t('caseload.note.sign')}
            </Button>
          </div>
          <Group gap="sm" wrap="wrap">
            {encounterId && (
              <DeleteDraft
                onDelete={async () => {
                  if (timer.current) clearTimeout(timer.current);
                  await deleteDraft(encounterId);
                  clearDraft(me.id, encounterId);
                  forgetServerCopy(me.id, encounterId);
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
      </form>
    </Page>
  );
}
