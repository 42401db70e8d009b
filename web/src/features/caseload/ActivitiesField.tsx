import { useTranslation } from 'react-i18next';
import { ACTIVITIES } from './caseload.api';
import { ChipSet } from './ChipSet';

/**
 * What happened in the session. It starts with nothing ticked (issue 17: every activity used to
 * start ticked, so a peer who typed and signed attested to crisis support or transport that never
 * happened, on a billed note); the peer ticks each one that did, and signing needs at least one.
 */
export function ActivitiesField(props: { value: string[]; onChange: (v: string[]) => void; error?: string | undefined }) {
  const { t } = useTranslation();
  return (
    <ChipSet
      id="note-activities"
      legend={t('caseload.note.activities')}
      description={t('notes.activitiesHint')}
      required
      options={ACTIVITIES.map((a) => ({ value: a, label: t(`caseload.activities.${a}`) }))}
      value={props.value}
      onChange={props.onChange}
      error={props.error}
    />
  );
}
