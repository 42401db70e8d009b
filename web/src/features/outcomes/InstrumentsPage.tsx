import { Alert, Badge, Button, Card, Checkbox, Group, NativeSelect, SimpleGrid, Stack, Table, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../app/api';
import { ErrorAlert } from '../../app/ui/ErrorAlert';
import { Page } from '../../app/ui/Page';
import { LoadFailed, PageLoader } from '../../app/ui/StatusPages';
import { EMPTY_DRAFT, draftFrom, toInstrumentInput, type DraftError, type InstrumentDraft } from './instrument-form';
import { createInstrument, getInstrument, listInstruments, outcomesKeys, textIn } from './outcomes.api';

/**
 * The organization's own instruments (issue 20): a state's functional assessment scale, say.
 * Admins publish a version (items, one answer set, sum or mean, reverse-scored items, bands);
 * a published version never changes, so "new version" starts from it under the next number
 * and old answers keep theirs.
 */
export default function InstrumentsPage() {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const list = useQuery({ queryKey: outcomesKeys.instruments, queryFn: listInstruments });
  const [draft, setDraft] = useState<InstrumentDraft | null>(null);
  const [errors, setErrors] = useState<DraftError[]>([]);
  const [published, setPublished] = useState<string | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const save = useMutation({
    mutationFn: createInstrument,
    onSuccess: (i) => {
      setPublished(t('outcomesWeb.instruments.published', { title: textIn(i.title, i18n.language), version: i.version }));
      setDraft(null);
      void qc.invalidateQueries({ queryKey: outcomesKeys.instruments });
    },
  });
  const startFrom = useMutation({ mutationFn: (code: string) => getInstrument(code), onSuccess: (i) => open(draftFrom(i)) });
  const open = (d: InstrumentDraft) => {
    setPublished(null);
    setErrors([]);
    save.reset();
    setDraft(d);
    requestAnimationFrame(() => formRef.current?.querySelector<HTMLInputElement>('input')?.focus());
  };
  const set = <K extends keyof InstrumentDraft>(k: K, v: InstrumentDraft[K]) => setDraft((d) => (d ? { ...d, [k]: v } : d));
  const errorOf = (field: keyof InstrumentDraft) => {
    const e = errors.find((x) => x.field === field);
    const server = isApiError(save.error) ? save.error.errors.find((x) => x.field.startsWith(field.replace(/En$|Es$/, '').replace('answers', 'answerSets').replace('bands', 'bands')))?.message : undefined;
    return e ? t(`outcomesWeb.instruments.error.${e.key}`, { line: e.line }) : server;
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!draft) return;
    const r = toInstrumentInput(draft);
    setErrors(r.errors);
    if (r.input) save.mutate(r.input);
    else requestAnimationFrame(() => formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
  };
  if (list.isPending) return <PageLoader />;
  if (list.isError) return <LoadFailed error={list.error} onRetry={() => void list.refetch()} />;
  return (
    <Page title={t('nav.instruments')} actions={!draft && <Button onClick={() => open(EMPTY_DRAFT)}>{t('outcomesWeb.instruments.add')}</Button>}>
      <Text>{t('outcomesWeb.instruments.intro')}</Text>
      {published && (
        <Alert color="green" role="status">
          {published}
        </Alert>
      )}
      <Table.ScrollContainer type="native" minWidth={620} tabIndex={0} role="group" aria-label={t('outcomesWeb.instruments.listTitle')}>
        <Table striped data-testid="instrument-list" className="stack-on-phone">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('outcomesWeb.instruments.name')}</Table.Th>
              <Table.Th scope="col">{t('outcomesWeb.instruments.versions')}</Table.Th>
              <Table.Th scope="col">{t('outcomesWeb.instruments.items')}</Table.Th>
              <Table.Th scope="col">{t('outcomesWeb.instruments.spanish')}</Table.Th>
              <Table.Th scope="col">{t('outcomesWeb.instruments.actions')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.data.items.map((i) => (
              <Table.Tr key={i.code}>
                <Table.Th scope="row" fw={500} className="stack-full">
                  {textIn(i.title, i18n.language)}{' '}
                  <Badge variant="outline" color={i.builtIn ? 'gray.7' : 'blue.8'}>
                    {t(i.builtIn ? 'outcomesWeb.instruments.builtIn' : 'outcomesWeb.instruments.own')}
                  </Badge>
                </Table.Th>
                <Table.Td data-label={t('outcomesWeb.instruments.versions')}>{i.versions.join(', ')}</Table.Td>
                <Table.Td data-label={t('outcomesWeb.instruments.items')}>{i.items}</Table.Td>
                <Table.Td data-label={t('outcomesWeb.instruments.spanish')}>{t(`outcomesWeb.instruments.spanishStatus.${i.spanish}`)}</Table.Td>
                <Table.Td>
                  {!i.builtIn && (
                    <Button size="xs" variant="default" onClick={() => startFrom.mutate(i.code)} aria-label={t('outcomesWeb.instruments.newVersionOf', { title: textIn(i.title, i18n.language) })}>
                      {t('outcomesWeb.instruments.newVersion')}
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {draft && (
        <Card withBorder padding="md">
          <form onSubmit={submit} noValidate ref={formRef} aria-labelledby="instrument-form-title">
            <Stack gap="sm">
              <Title order={2} fz={20} id="instrument-form-title">
                {t('outcomesWeb.instruments.formTitle')}
              </Title>
              <Text size="sm">{t('outcomesWeb.instruments.immutable')}</Text>
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <TextInput label={t('outcomesWeb.instruments.code')} description={t('outcomesWeb.instruments.codeHelp')} value={draft.code} onChange={(e) => set('code', e.currentTarget.value)} required error={isApiError(save.error) ? save.error.fieldError('code') : undefined} />
                <TextInput label={t('outcomesWeb.instruments.version')} value={draft.version} onChange={(e) => set('version', e.currentTarget.value)} required error={isApiError(save.error) ? save.error.fieldError('version') : undefined} />
                <TextInput label={t('outcomesWeb.instruments.titleEn')} value={draft.titleEn} onChange={(e) => set('titleEn', e.currentTarget.value)} required error={errorOf('titleEn')} />
                <TextInput label={t('outcomesWeb.instruments.titleEs')} value={draft.titleEs} onChange={(e) => set('titleEs', e.currentTarget.value)} />
                <Textarea label={t('outcomesWeb.instruments.instructionsEn')} value={draft.instructionsEn} onChange={(e) => set('instructionsEn', e.currentTarget.value)} required autosize minRows={2} error={errorOf('instructionsEn')} />
                <Textarea label={t('outcomesWeb.instruments.instructionsEs')} value={draft.instructionsEs} onChange={(e) => set('instructionsEs', e.currentTarget.value)} autosize minRows={2} />
                <Textarea label={t('outcomesWeb.instruments.itemsEn')} description={t('outcomesWeb.instruments.itemsHelp')} value={draft.itemsEn} onChange={(e) => set('itemsEn', e.currentTarget.value)} required autosize minRows={4} error={errorOf('itemsEn')} />
                <Textarea label={t('outcomesWeb.instruments.itemsEs')} description={t('outcomesWeb.instruments.sameOrder')} value={draft.itemsEs} onChange={(e) => set('itemsEs', e.currentTarget.value)} autosize minRows={4} />
                <Textarea label={t('outcomesWeb.instruments.answersEn')} description={t('outcomesWeb.instruments.answersHelp')} value={draft.answersEn} onChange={(e) => set('answersEn', e.currentTarget.value)} required autosize minRows={3} error={errorOf('answersEn')} />
                <Textarea label={t('outcomesWeb.instruments.answersEs')} description={t('outcomesWeb.instruments.sameOrder')} value={draft.answersEs} onChange={(e) => set('answersEs', e.currentTarget.value)} autosize minRows={3} />
                <Textarea label={t('outcomesWeb.instruments.bandsEn')} description={t('outcomesWeb.instruments.bandsHelp')} value={draft.bandsEn} onChange={(e) => set('bandsEn', e.currentTarget.value)} autosize minRows={2} error={errorOf('bandsEn')} />
                <Textarea label={t('outcomesWeb.instruments.bandsEs')} description={t('outcomesWeb.instruments.sameOrder')} value={draft.bandsEs} onChange={(e) => set('bandsEs', e.currentTarget.value)} autosize minRows={2} />
                <NativeSelect
                  label={t('outcomesWeb.instruments.method')}
                  value={draft.method}
                  onChange={(e) => set('method', e.currentTarget.value as 'sum' | 'mean')}
                  data={[
                    { value: 'sum', label: t('outcomesWeb.instruments.sum') },
                    { value: 'mean', label: t('outcomesWeb.instruments.mean') },
                  ]}
                />
                <TextInput label={t('outcomesWeb.instruments.reverse')} description={t('outcomesWeb.instruments.reverseHelp')} value={draft.reverse} onChange={(e) => set('reverse', e.currentTarget.value)} error={errorOf('reverse')} />
                <NativeSelect
                  label={t('outcomesWeb.instruments.spanishTranslation')}
                  value={draft.spanishStatus}
                  onChange={(e) => set('spanishStatus', e.currentTarget.value as 'validated' | 'not-validated')}
                  data={[
                    { value: 'not-validated', label: t('outcomesWeb.instruments.spanishStatus.not-validated') },
                    { value: 'validated', label: t('outcomesWeb.instruments.spanishStatus.validated') },
                  ]}
                />
                <Checkbox mt="lg" label={t('outcomesWeb.instruments.higherIsBetter')} checked={draft.higherIsBetter} onChange={(e) => set('higherIsBetter', e.currentTarget.checked)} />
                <Textarea label={t('outcomesWeb.instruments.licence')} value={draft.licence} onChange={(e) => set('licence', e.currentTarget.value)} required autosize error={errorOf('licence')} />
                <Textarea label={t('outcomesWeb.instruments.citation')} value={draft.citation} onChange={(e) => set('citation', e.currentTarget.value)} required autosize error={errorOf('citation')} />
              </SimpleGrid>
              {save.isError && <ErrorAlert error={save.error} />}
              <Group gap="sm">
                <Button type="submit" loading={save.isPending}>
                  {t('outcomesWeb.instruments.publish')}
                </Button>
                <Button variant="default" onClick={() => setDraft(null)}>
                  {t('outcomesWeb.instruments.cancel')}
                </Button>
              </Group>
            </Stack>
          </form>
        </Card>
      )}
    </Page>
  );
}
