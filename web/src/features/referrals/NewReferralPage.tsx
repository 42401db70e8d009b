import { Alert, Button, Checkbox, Fieldset, Group, NativeSelect, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { ErrorAlert } from '../../app/ui/ErrorAlert';
import { useServerFieldError } from '../../app/ui/errors';
import { focusFirstError } from '../../app/ui/forms';
import { Page } from '../../app/ui/Page';
import { getPlan } from '../caseload/caseload.api';
import { getService } from '../directory/directory.api';
import { listParticipants } from '../participants/participants.api';
import { BASE_ITEMS, NEEDS, PART2_ITEM, URGENCIES, createReferral, needOfCategories, type Need, type Urgency } from './referrals.api';
import { useOrgToday } from '../../app/today';

// The server's rule (SUD_LIFE_AREA in src/modules/referrals/referrals.rules.ts), which decides:
// this copy only marks a goal "(Part 2)" and asks for the Part 2 consent before sending.
const SUD = /\b(substances?|sud|alcohol(?:ism|ics?)?|opioids?|drugs?|addictions?|sobriety|recovery from)\b/i;

const CONTACT_KEY = 'peerbridge.referrerContact';

/** A referral: participant, need, urgency, a note, and item by item what the participant agrees to share. */
export default function NewReferralPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const fieldError = useServerFieldError();
  const formRef = useRef<HTMLFormElement>(null);
  const [params] = useSearchParams();
  const serviceId = params.get('serviceId') ?? '';
  const [participantId, setParticipantId] = useState(params.get('participantId') ?? '');
  // Until the peer chooses, the need follows the service's categories (a pantry meets food).
  const [chosenNeed, setNeed] = useState<Need | null>(null);
  const [urgency, setUrgency] = useState<Urgency>('routine');
  const [note, setNote] = useState('');
  const [items, setItems] = useState<string[]>(['name', 'phone']);
  const [consentGiven, setConsentGiven] = useState(false);
  const [consentMethod, setConsentMethod] = useState<'verbal' | 'written' | 'electronic'>('verbal');
  const [sudTreatment, setSudTreatment] = useState('');
  const today = useOrgToday();
  const [p2, setP2] = useState({ recipient: '', purpose: '', expiresOn: '', method: 'written' as 'written' | 'electronic', signedOn: today });
  const [local, setLocal] = useState<Record<string, string>>({});
  // The contact the peer shares with receivers (their work phone, the agency's line): kept on
  // this device so it is chosen once, not typed on every referral. Staff contact, not the participant's.
  const [referrerContact, setReferrerContact] = useState(() => localStorage.getItem(CONTACT_KEY) ?? '');

  const service = useQuery({ queryKey: ['directory', 'service', serviceId], queryFn: () => getService(serviceId), enabled: !!serviceId });
  const need: Need = chosenNeed ?? needOfCategories(service.data?.categories ?? []) ?? 'other';
  const participants = useQuery({ queryKey: ['participants', 'list', { page: 1, pageSize: 200 }], queryFn: () => listParticipants({ page: 1, pageSize: 200 }) });
  const plan = useQuery({ queryKey: ['plan', participantId], queryFn: () => getPlan(participantId), enabled: !!participantId });
  const goals = plan.data?.goals ?? [];
  const isPart2 = (code: string) => code === PART2_ITEM || goals.some((g) => `goal:${g.id}` === code && SUD.test(g.lifeArea ?? ''));
  const needsPart2 = items.some(isPart2);

  const save = useMutation({
    mutationFn: () =>
      createReferral({
        participantId,
        serviceId,
        need,
        urgency,
        note: note.trim(),
        ...(referrerContact.trim() ? { referrerContact: referrerContact.trim() } : {}),
        shared: {
          items,
          consent: { given: consentGiven, method: consentMethod },
          ...(items.includes(PART2_ITEM) ? { sudTreatment: sudTreatment.trim() } : {}),
          ...(needsPart2 ? { part2Consent: { ...p2, recipient: p2.recipient.trim(), purpose: p2.purpose.trim() } } : {}),
        },
      }),
    onSuccess: (r) => {
      localStorage.setItem(CONTACT_KEY, referrerContact.trim());
      void navigate(`/referrals/${r.id}`);
    },
    onError: () => setTimeout(() => focusFirstError(formRef.current), 0),
  });

  const toggle = (code: string, on: boolean) => setItems((s) => (on ? [...s, code] : s.filter((c) => c !== code)));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const errs: Record<string, string> = {};
    if (!participantId) errs.participantId = t('referrals.new.chooseParticipant');
    if (items.length > 0 && !consentGiven) errs.consent = t('referrals.new.consentNeeded');
    if (needsPart2 && (!p2.recipient.trim() || !p2.purpose.trim() || !p2.expiresOn)) errs.part2 = t('referrals.new.part2Needed');
    if (items.includes(PART2_ITEM) && !sudTreatment.trim()) errs.sudTreatment = t('referrals.new.sudNeeded');
    setLocal(errs);
    if (Object.keys(errs).length > 0) {
      setTimeout(() => focusFirstError(formRef.current), 0);
      return;
    }
    save.mutate();
  };
  const err = (local: string | undefined, server: string) => local ?? fieldError(save.error, server);

  if (!serviceId) {
    return (
      <Page title={t('referrals.new.title')}>
        <Text>{t('referrals.new.pickService')}</Text>
        {/* From a participant, the search starts near their home area on file (issue 17). */}
        <Group gap="sm" wrap="wrap">
          {participantId && (
            <Button component={Link} to={`/directory?${new URLSearchParams({ near: 'participant', participantId })}`} w="fit-content">
              {t('share.findNearParticipant')}
            </Button>
          )}
          <Button component={Link} to="/directory" w="fit-content" variant={participantId ? 'default' : 'filled'}>
            {t('referrals.findService')}
          </Button>
        </Group>
      </Page>
    );
  }

  return (
    <Page title={t('referrals.new.title')}>
      <Text>
        {t('referrals.new.to')} <strong>{service.data?.name ?? '…'}</strong>
        {service.data?.organization.name ? ` · ${service.data.organization.name}` : ''}
      </Text>
      {save.isError && <ErrorAlert error={save.error} />}
      <form ref={formRef} onSubmit={submit} noValidate>
        <Stack gap="md" maw={640}>
          <NativeSelect
            label={t('referrals.participant')}
            required
            value={participantId}
            onChange={(e) => setParticipantId(e.currentTarget.value)}
            data={[{ value: '', label: t('referrals.new.chooseParticipant') }, ...(participants.data?.items ?? []).map((p) => ({ value: p.id, label: `${p.displayName} ${p.familyName}` }))]}
            error={err(local.participantId, 'participantId')}
            aria-invalid={!!err(local.participantId, 'participantId')}
          />
          <Group grow wrap="wrap">
            <NativeSelect label={t('referrals.needLabel')} value={need} onChange={(e) => setNeed(e.currentTarget.value as Need)} data={NEEDS.map((n) => ({ value: n, label: t(`referrals.need.${n}`) }))} />
            <NativeSelect label={t('referrals.urgencyLabel')} value={urgency} onChange={(e) => setUrgency(e.currentTarget.value as Urgency)} data={URGENCIES.map((n) => ({ value: n, label: t(`referrals.urgency.${n}`) }))} />
          </Group>
          <Textarea label={t('referrals.note')} description={t('referrals.new.noteHelp')} autosize minRows={3} maxLength={4000} value={note} onChange={(e) => setNote(e.currentTarget.value)} />
          <TextInput
            label={t('share.contactLabel')}
            description={t('share.contactHelp')}
            maxLength={200}
            value={referrerContact}
            onChange={(e) => setReferrerContact(e.currentTarget.value)}
            error={fieldError(save.error, 'referrerContact')}
          />
          <Fieldset legend={t('referrals.new.shareLegend')}>
            <Stack gap="xs">
              <Text size="sm">{t('referrals.new.shareHelp')}</Text>
              {BASE_ITEMS.map((code) => (
                <Checkbox key={code} label={t(`referrals.items.${code}`)} checked={items.includes(code)} onChange={(e) => toggle(code, e.currentTarget.checked)} />
              ))}
              {goals.map((g) => (
                <Checkbox
                  key={g.id}
                  label={`${t('referrals.items.goal')}: ${g.text}${isPart2(`goal:${g.id}`) ? ` (${t('referrals.part2Label')})` : ''}`}
                  checked={items.includes(`goal:${g.id}`)}
                  onChange={(e) => toggle(`goal:${g.id}`, e.currentTarget.checked)}
                />
              ))}
              <Checkbox label={`${t('referrals.items.sud-treatment')} (${t('referrals.part2Label')})`} checked={items.includes(PART2_ITEM)} onChange={(e) => toggle(PART2_ITEM, e.currentTarget.checked)} />
              {items.includes(PART2_ITEM) && (
                <Textarea
                  label={t('referrals.new.sudText')}
                  value={sudTreatment}
                  onChange={(e) => setSudTreatment(e.currentTarget.value)}
                  error={err(local.sudTreatment, 'shared.sudTreatment')}
                  aria-invalid={!!err(local.sudTreatment, 'shared.sudTreatment')}
                />
              )}
              <Checkbox
                label={t('referrals.new.consentGiven')}
                checked={consentGiven}
                onChange={(e) => setConsentGiven(e.currentTarget.checked)}
                error={err(local.consent, 'shared.consent.given')}
                aria-invalid={!!err(local.consent, 'shared.consent.given')}
              />
              <NativeSelect
                label={t('referrals.new.consentMethod')}
                value={consentMethod}
                onChange={(e) => setConsentMethod(e.currentTarget.value as typeof consentMethod)}
                data={(['verbal', 'written', 'electronic'] as const).map((m) => ({ value: m, label: t(`referrals.method.${m}`) }))}
                w={220}
              />
            </Stack>
          </Fieldset>
          {needsPart2 && (
            <Fieldset legend={t('referrals.new.part2Legend')}>
              <Stack gap="xs">
                <Alert color="orange" variant="outline">
                  {t('referrals.new.part2Help')}
                </Alert>
                {local.part2 && (
                  <Text c="red.9" size="sm" role="alert">
                    {local.part2}
                  </Text>
                )}
                <TextInput label={t('referrals.new.recipient')} required value={p2.recipient} onChange={(e) => setP2({ ...p2, recipient: e.currentTarget.value })} aria-invalid={!!local.part2 && !p2.recipient.trim()} />
                <TextInput label={t('referrals.new.purpose')} required value={p2.purpose} onChange={(e) => setP2({ ...p2, purpose: e.currentTarget.value })} aria-invalid={!!local.part2 && !p2.purpose.trim()} />
                <Group grow wrap="wrap">
                  <TextInput
                    type="date"
                    label={t('referrals.new.expiresOn')}
                    required
                    value={p2.expiresOn}
                    onChange={(e) => setP2({ ...p2, expiresOn: e.currentTarget.value })}
                    error={fieldError(save.error, 'shared.part2Consent.expiresOn')}
                    aria-invalid={(!!local.part2 && !p2.expiresOn) || !!fieldError(save.error, 'shared.part2Consent.expiresOn')}
                  />
                  <TextInput type="date" label={t('referrals.new.signedOn')} required value={p2.signedOn} onChange={(e) => setP2({ ...p2, signedOn: e.currentTarget.value })} />
                </Group>
                <NativeSelect
                  label={t('referrals.new.part2Method')}
                  value={p2.method}
                  onChange={(e) => setP2({ ...p2, method: e.currentTarget.value as 'written' | 'electronic' })}
                  data={(['written', 'electronic'] as const).map((m) => ({ value: m, label: t(`referrals.method.${m}`) }))}
                  w={220}
                />
              </Stack>
            </Fieldset>
          )}
          <Button type="submit" loading={save.isPending} w="fit-content">
            {t('referrals.new.save')}
          </Button>
        </Stack>
      </form>
    </Page>
  );
}
