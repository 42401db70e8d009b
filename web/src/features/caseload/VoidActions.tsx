import { Button, Checkbox, Group, Stack, Textarea } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../app/ui/ErrorAlert';
import { useServerFieldError } from '../../app/ui/errors';
import { caseloadKeys, voidEncounter, type Encounter } from './caseload.api';

/**
 * A supervisor's or admin's void of a signed note, with the reason kept on the record. A note
 * already sent on a claim can instead be released to be sent again (a replacement claim); then
 * the note stays billable.
 */
export function VoidActions(props: { encounter: Encounter; onDone: (e: Encounter) => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const serverFieldError = useServerFieldError();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [resubmit, setResubmit] = useState(false);
  const [reasonError, setReasonError] = useState<string | undefined>();
  const reasonRef = useRef<HTMLTextAreaElement>(null);
  const exported = props.encounter.billing.exportId !== null;
  const send = useMutation({
    mutationFn: () => voidEncounter(props.encounter.id, reason.trim(), exported && resubmit),
    onSuccess: (e) => {
      queryClient.setQueryData(caseloadKeys.encounter(e.id), e);
      void queryClient.invalidateQueries({ queryKey: caseloadKeys.myDay });
      setOpen(false);
      props.onDone(e);
    },
  });

  if (!open) {
    return (
      <Group>
        <Button
          variant="default"
          color="red"
          onClick={() => {
            setOpen(true);
            setTimeout(() => reasonRef.current?.focus(), 0);
          }}
        >
          {t('caseload.void.start')}
        </Button>
      </Group>
    );
  }
  return (
    <form
      noValidate
      aria-label={t('caseload.void.title')}
      onSubmit={(ev) => {
        ev.preventDefault();
        if (!reason.trim()) {
          setReasonError(t('caseload.void.reasonRequired'));
          reasonRef.current?.focus();
          return;
        }
        setReasonError(undefined);
        send.mutate();
      }}
    >
      <Stack gap="sm" maw={560}>
        <ErrorAlert error={send.error} />
        <Textarea
          ref={reasonRef}
          label={t('caseload.void.reason')}
          description={t('caseload.void.reasonHint')}
          required
          autosize
          minRows={2}
          value={reason}
          onChange={(ev) => setReason(ev.currentTarget.value)}
          error={reasonError ?? serverFieldError(send.error, 'reason')}
        />
        {exported && (
          <Checkbox
            label={t('caseload.void.resubmit')}
            description={t('caseload.void.resubmitHint')}
            checked={resubmit}
            onChange={(ev) => setResubmit(ev.currentTarget.checked)}
          />
        )}
        <Group gap="sm">
          <Button type="submit" color="red" loading={send.isPending}>
            {exported && resubmit ? t('caseload.void.confirmResubmit') : t('caseload.void.confirm')}
          </Button>
          <Button variant="default" onClick={() => setOpen(false)}>
            {t('common.cancel')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
