import { Alert, Button, Stack, Text, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { OneTimeLinkPage } from '../../app/ui/OneTimeLinkPage';
import { getSelfForm, sendSelfAnswers, type SelfForm } from './safety.api';
import './safety.css';

/** 988 and 211, large and first, for someone who may be in danger now (DOMAIN.md, Crisis). */
function CrisisNow() {
  const { t } = useTranslation();
  return (
    <section className="crisis-now" role="alert" aria-labelledby="crisis-now-title" data-testid="crisis-now">
      <Stack gap="xs">
        <Title order={2} fz={20} id="crisis-now-title">
          {t('selfCompletion.crisisTitle')}
        </Title>
        <Text>{t('selfCompletion.crisisText')}</Text>
        <Button component="a" href="tel:988" color="red.9" size="lg" fullWidth>
          {t('selfCompletion.call988')}
        </Button>
        <Button component="a" href="sms:988" variant="outline" color="red.9" size="lg" fullWidth>
          {t('selfCompletion.text988')}
        </Button>
        <Button component="a" href="tel:211" variant="default" size="lg" fullWidth>
          {t('selfCompletion.call211')}
        </Button>
        <Text size="sm">{t('selfCompletion.call211Help')}</Text>
        <Text size="sm">{t('selfCompletion.emergency')}</Text>
      </Stack>
    </section>
  );
}

function Form(props: { token: string; form: SelfForm }) {
  const { t } = useTranslation();
  const { form } = props;
  const [answers, setAnswers] = useState<Record<string, number>>({});
  const [missing, setMissing] = useState<string[]>([]);
  const send = useMutation({ mutationFn: () => sendSelfAnswers(props.token, answers) });
  const atRisk = form.instrument.safety.some((s) => (answers[s.item] ?? -Infinity) >= s.atLeast);
  const crisisRef = useRef<HTMLDivElement>(null);
  // A safety answer brings 988 and 211 into view at once, before anything is sent.
  useEffect(() => {
    if (atRisk) crisisRef.current?.scrollIntoView({ block: 'nearest' });
  }, [atRisk]);

  if (send.isSuccess) {
    return (
      <Stack gap="md">
        {(send.data.safety || atRisk) && <CrisisNow />}
        <Title order={1} fz={24}>
          {t('selfCompletion.thanksTitle')}
        </Title>
        <Text>{send.data.safety ? t('selfCompletion.thanksSafety') : t('selfCompletion.thanks')}</Text>
      </Stack>
    );
  }
  const total = form.instrument.items.length;
  return (
    <form
      lang={form.lang}
      onSubmit={(e) => {
        e.preventDefault();
        const left = form.instrument.items.filter((i) => i.required && answers[i.id] === undefined).map((i) => i.id);
        setMissing(left);
        if (left.length > 0) {
          document.getElementById(`q-${left[0]}`)?.focus();
          return;
        }
        send.mutate();
      }}
    >
      <Stack gap="md">
        <Title order={1} fz={24}>
          {form.instrument.title}
        </Title>
        <Text size="sm">{t('selfCompletion.sentBy', { organization: form.organization })}</Text>
        <Text size="sm">{t('selfCompletion.private')}</Text>
        {form.instrument.translation === 'not-validated' && (
          <Text size="sm" c="dimmed">
            {t('selfCompletion.notValidated')}
          </Text>
        )}
        <Text>{form.instrument.instructions}</Text>
        <div ref={crisisRef}>{atRisk && <CrisisNow />}</div>
        {form.instrument.items.map((item, n) => {
          const err = missing.includes(item.id) && answers[item.id] === undefined;
          return (
            <fieldset key={item.id} className="self-item" id={`q-${item.id}`} tabIndex={-1} aria-describedby={err ? `err-${item.id}` : undefined} style={{ border: 0, padding: 0, margin: 0 }}>
              <legend>
                <Text span size="sm" c="dimmed" display="block">
                  {t('selfCompletion.question', { n: n + 1, total })}
                </Text>
                {item.text}
              </legend>
              {item.answers.map((a) => (
                <label key={a.value} className="self-answer">
                  <input
                    type="radio"
                    name={item.id}
                    value={a.value}
                    checked={answers[item.id] === a.value}
                    onChange={() => setAnswers((prev) => ({ ...prev, [item.id]: a.value }))}
                    data-testid={`answer-${item.id}-${a.value}`}
                  />
                  <span>{a.label}</span>
                </label>
              ))}
              {err && (
                <Text size="sm" c="red.9" id={`err-${item.id}`}>
                  {t('selfCompletion.answerThis')}
                </Text>
              )}
            </fieldset>
          );
        })}
        {missing.length > 0 && <Alert color="red">{t('selfCompletion.missing', { count: missing.filter((m) => answers[m] === undefined).length })}</Alert>}
        {send.isError && <Alert color="red">{t('selfCompletion.sendFailed')}</Alert>}
        <Button type="submit" size="lg" fullWidth loading={send.isPending}>
          {t('selfCompletion.send')}
        </Button>
      </Stack>
    </form>
  );
}

/**
 * The participant's self-completion page, opened from a link without an account (issue 20):
 * phone first, in the language the peer chose (the switch in the frame changes it), with 988 and
 * 211 in the frame's footer, and at once, large, when an answer raises a safety flag. It saves
 * nothing but the answers.
 */
export default function SelfCompletionPage() {
  return (
    <OneTimeLinkPage queryKey="self-form" load={getSelfForm} texts="selfCompletion" titleKey="title">
      {(token, form) => <Form token={token} form={form} />}
    </OneTimeLinkPage>
  );
}
