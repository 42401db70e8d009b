import { Button } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { apiUrl } from '../../app/api';
import { useCurrentUser } from '../../app/session';

/** What a peer does from a person's record: log a session, refer, update the plan (issue 17). */
export function RecordActions(props: { participantId: string }) {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const id = encodeURIComponent(props.participantId);
  return (
    <nav className="record-actions" aria-label={t('record.actions.label')}>
      <Button component={Link} to={`/caseload/log?participantId=${id}`}>
        {t('record.actions.logSession')}
      </Button>
      <Button component={Link} to={`/referrals/new?participantId=${id}`} variant="default">
        {t('record.actions.refer')}
      </Button>
      <Button component={Link} to={`/participants/${id}/plan`} variant="default">
        {t('record.actions.plan')}
      </Button>
      {/* The whole record as FHIR R4 (issue 23): a download, audited like opening the record. */}
      <Button component="a" href={apiUrl(`/participants/${id}/$everything`)} download={`record-${props.participantId}.fhir.json`} variant="subtle">
        {t('fhir.downloadRecord')}
      </Button>
      {/* The same record as a printable PDF in the person's language (what they would take home). */}
      <Button component="a" href={apiUrl(`/participants/${id}/record.pdf`)} download={`record-${props.participantId}.pdf`} variant="subtle">
        {t('fhir.printRecord')}
      </Button>
      {me.role === 'admin' && (
        <Button component={Link} to={`/participants/${id}/access`} variant="subtle">
          {t('record.actions.whoOpened')}
        </Button>
      )}
    </nav>
  );
}
