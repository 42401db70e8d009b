import { Button, Stack, Textarea } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert, SuccessAlert } from '../../app/ui/ErrorAlert';

/** One text box and a send button: a suggested plan change or a correction request. */
export function AskForm(props: { label: string; help: string; send: (text: string) => Promise<{ dueOn: string }>; sent: (dueOn: string) => string; onSent?: () => void }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const m = useMutation({
    mutationFn: () => props.send(text),
    onSuccess: () => {
      setText('');
      props.onSent?.();
    },
  });
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        m.mutate();
      }}
    >
      <Stack gap="xs">
        <Textarea label={props.label} description={props.help} value={text} onChange={(e) => setText(e.currentTarget.value)} minRows={4} autosize maxLength={4000} required />
        {m.isError && <ErrorAlert error={m.error} />}
        {m.isSuccess && <SuccessAlert>{props.sent(m.data.dueOn)}</SuccessAlert>}
        <Button type="submit" loading={m.isPending} disabled={text.trim() === ''} style={{ alignSelf: 'flex-start' }}>
          {t('portal.ask.send')}
        </Button>
      </Stack>
    </form>
  );
}
