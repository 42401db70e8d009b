import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams, useSearchParams } from 'react-router';
import { isApiError } from '../../app/api';
import { useCurrentUser } from '../../app/session';
import { PageLoader, RecordLoadFailed } from '../../app/ui/StatusPages';
import { caseloadKeys, getEncounter, type Encounter } from './caseload.api';
import { forgetServerCopy, keepServerCopy, loadServerCopy } from './draftStore';
import { EncounterEditor } from './EncounterEditor';
import { SignedEncounter } from './SignedEncounter';

/** `/caseload/log` (a new note) and `/caseload/encounters/:id` (a draft to finish, or a signed note). */
export default function EncounterPage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const params = useParams();
  const [search] = useSearchParams();
  const id = params.id ?? null;
  const [signed, setSigned] = useState<Encounter | null>(null);
  const enc = useQuery({ queryKey: caseloadKeys.encounter(id ?? 'new'), queryFn: () => getEncounter(id!), enabled: Boolean(id) && !signed });

  // A draft this device opened is kept as the server last sent it, so a reload without signal
  // still opens it (issue 17); a note that is no longer a draft is not kept.
  useEffect(() => {
    const e = enc.data;
    if (!e) return;
    if (e.status === 'draft' && !e.voided) keepServerCopy(me.id, e);
    else forgetServerCopy(me.id, e.id);
  }, [enc.data, me.id]);

  if (signed) return <SignedEncounter initial={signed} justSigned />;
  if (!id) return <EncounterEditor initial={null} presetParticipantId={search.get('participantId')} onSigned={setSigned} />;
  if (enc.isPending) return <PageLoader />;
  if (enc.isError) {
    // No signal: the draft as this device last had it; its typing (if any) is restored over it
    // and sent when the connection is back.
    const kept = isApiError(enc.error) && enc.error.status === 0 ? loadServerCopy<Encounter>(me.id, id) : null;
    if (kept) return <EncounterEditor key={kept.id} initial={kept} presetParticipantId={null} onSigned={setSigned} />;
    return <RecordLoadFailed title={t('caseload.note.signedTitle')} error={enc.error} onRetry={() => void enc.refetch()} />;
  }
  const e = enc.data;
  if (e.status === 'draft' && !e.voided) {
    return <EncounterEditor key={e.id} initial={e} presetParticipantId={null} onSigned={setSigned} />;
  }
  return <SignedEncounter initial={e} />;
}
