import { Alert, Button, Checkbox, NumberInput, Radio, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../app/api';
import { OneTimeLinkPage } from '../../app/ui/OneTimeLinkPage';
import { getReferenceForm, sendReference, type ReferenceForm } from './certification.api';

function Form(props: { token: string; form: ReferenceForm }) {
  const { t } = useTranslation();
  const { form } = props;
  const [knownYears, setKnownYears] = useState<number | ''>('');
  const [capacity, setCapacity] = useState('');
  const [recommend, setRecommend] = useState('');
  const [comments, setComments] = useState('');
  const [confirm, setConfirm] = useState(false);
  const [tried, setTried] = useState(false);
  const send = useMutation({ mutationFn: () => sendReference(props.token, { knownYears: Number(knownYears), capacity, recommend, comments, confirm: true }) });
  const serverError = (field: string) => (isApiError(send.error) ? send.error.fieldError(field) : undefined);

  if (send.isSuccess) {
    return (
      <Stack gap="md">
        <Title order={1} fz={24}>
          {t('reference.thanksTitle')}
        </Title>
        <Text>{t('reference.thanks', { name: form.applicantName })}</Text>
      </Stack>
    );
  }
  const missing = {
    knownYears: knownYears === '' ? t('reference.required') : undefined,
    capacity: capacity.trim() === '' ? t('reference.required') : undefined,
    recommend: recommend === '' ? t('reference.required') : undefined,
    confirm: !confirm ? t('reference.confirmRequired') : undefined,
  };
  const err = (k: keyof typeof missing) => (tried ? missing[k] : undefined) ?? serverError(k);
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        setTried(true);
        if (Object.values(missing).some(Boolean)) return;
        send.mutate();
      }}
    >
      <Stack gap="md">
        <Title order={1} fz={24}>
          {t('reference.title', { name: form.applicantName })}
        </Title>
        <Text>{t('reference.intro', { referee: form.refereeName, organization: form.organization, pipeline: form.pipelineName, name: form.applicantName })}</Text>
        <Text size="sm">{t('reference.private')}</Text>
        <NumberInput label={t('reference.knownYears')} min={0} max={80} value={knownYears} onChange={(v) => setKnownYears(typeof v === 'number' ? v : '')} error={err('knownYears')} required size="md" />
        <TextInput label={t('reference.capacity')} description={t('reference.capacityHelp')} value={capacity} onChange={(e) => setCapacity(e.currentTarget.value)} error={err('capacity')} required size="md" maxLength={200} />
        <Radio.Group label={t('reference.recommend')} value={recommend} onChange={setRecommend} error={err('recommend')} required size="md">
          <Stack gap="xs" mt="xs">
            <Radio value="yes" label={t('reference.recommendYes')} data-testid="recommend-yes" />
            <Radio value="with-reservations" label={t('reference.recommendReservations')} />
            <Radio value="no" label={t('reference.recommendNo')} />
          </Stack>
        </Radio.Group>
        <Textarea label={t('reference.comments')} value={comments} onChange={(e) => setComments(e.currentTarget.value)} autosize minRows={4} maxLength={4000} size="md" />
        <Checkbox label={t('reference.confirm')} checked={confirm} onChange={(e) => setConfirm(e.currentTarget.checked)} error={err('confirm')} size="md" />
        {send.isError && <Alert color="red">{t('reference.sendFailed')}</Alert>}
        <Button type="submit" size="lg" fullWidth loading={send.isPending}>
          {t('reference.send')}
        </Button>
      </Stack>
    </form>
  );
}

/**
 * The referee's page for a reference link (issue 21): no account, phone first, in the language
 * the body chose for the referee (the switch in the frame changes it). It shows who asks about
 * whom and nothing else of the applicant; it stores only the answers, once.
 */
export default function ReferencePage() {
  return (
    <OneTimeLinkPage queryKey="reference-form" load={getReferenceForm} texts="reference" titleKey="pageTitle">
      {(token, form) => <Form token={token} form={form} />}
    </OneTimeLinkPage>
  );
}
