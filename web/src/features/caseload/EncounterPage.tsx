import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams, useSearchParams } from 'react-router';
import { PageLoader, RecordLoadFailed } from '../../app/ui/StatusPages';
import { caseloadKeys, getEncounter, type Encounter } from './caseload.api';
import { EncounterEditor } from './EncounterEditor';
import { SignedEncounter } from './SignedEncounter';

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


