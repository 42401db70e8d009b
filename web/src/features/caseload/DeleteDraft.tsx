import { Button, Group, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../app/ui/ErrorAlert';

/** Deleting a draft asks once more: it cannot be undone (signed notes are never deleted). */
export function DeleteDraft(props: { onDelete: () => Promise<void> }) {
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
