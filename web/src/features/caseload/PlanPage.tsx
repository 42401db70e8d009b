// A participant's recovery plan page: the plan (PlanView.tsx), its editor (PlanEditor.tsx) and its
// history (PlanHistory.tsx).
import { Anchor, Button, Text } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useCurrentUser } from '../../app/session';
import { SuccessAlert } from '../../app/ui/ErrorAlert';
import { Page } from '../../app/ui/Page';
import { LoadFailed, PageLoader } from '../../app/ui/StatusPages';
import { getParticipant, participantKeys } from '../participants/participants.api';
import './caseload.css';
import { caseloadKeys, getPlan } from './caseload.api';
import { PlanEditor } from './PlanEditor';
import { PlanHistory } from './PlanHistory';
import { PlanView } from './PlanView';

/** A participant's recovery plan: person-centered goals in their own words, reviewed on a schedule. */
export default function PlanPage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const queryClient = useQueryClient();
  const participantId = useParams().id ?? '';
  const participant = useQuery({ queryKey: participantKeys.one(participantId), queryFn: () => getParticipant(participantId) });
  const plan = useQuery({ queryKey: caseloadKeys.plan(participantId), queryFn: () => getPlan(participantId) });
  const [editing, setEditing] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const name = participant.data?.displayName ?? '';
  const canEdit = me.role === 'peer' || me.role === 'supervisor' || me.role === 'admin';

  return (
    <Page
      title={name ? t('caseload.plan.titleOf', { name }) : t('caseload.plan.title')}
      actions={
        canEdit && plan.data && !editing ? (
          <Button onClick={() => setEditing(true)}>{plan.data.version === 0 ? t('caseload.plan.create') : t('caseload.plan.edit')}</Button>
        ) : undefined
      }
    >
      <SuccessAlert>{message}</SuccessAlert>
      {plan.isPending ? (
        <PageLoader />
      ) : plan.isError ? (
        <LoadFailed error={plan.error} onRetry={() => void plan.refetch()} />
      ) : editing ? (
        <PlanEditor
          participantId={participantId}
          plan={plan.data}
          onCancel={() => setEditing(false)}
          onSaved={(p) => {
            queryClient.setQueryData(caseloadKeys.plan(participantId), p);
            void queryClient.invalidateQueries({ queryKey: caseloadKeys.planHistory(participantId) });
            void queryClient.invalidateQueries({ queryKey: caseloadKeys.myDay });
            setEditing(false);
            setMessage(t('caseload.plan.saved', { version: p.version }));
          }}
        />
      ) : plan.data.version === 0 ? (
        <Text>{t('caseload.plan.none')}</Text>
      ) : (
        <>
          <PlanView plan={plan.data} />
          <PlanHistory participantId={participantId} />
        </>
      )}
      {me.role === 'admin' && (
        <Anchor component={Link} to={`/participants/${participantId}/coverage`}>
          {t('caseload.plan.coverageLink')}
        </Anchor>
      )}
      {me.role !== 'admin' && (
        <Anchor component={Link} to="/caseload">
          {t('caseload.note.backToDay')}
        </Anchor>
      )}
    </Page>
  );
}
