import { Alert, Badge, Button, Card, Group, NativeSelect, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../app/api';
import { useCurrentUser } from '../../app/session';
import { Page } from '../../app/ui/Page';
import { LoadFailed, PageLoader } from '../../app/ui/StatusPages';
import { ApplicantDrawer } from './ApplicantDrawer';
import { PipelineSetup } from './PipelineSetup';
import { useMissingText, useWords } from './certification.hooks';
import { certKeys, createApplicant, getApplicants, getPipeline, getPipelines, type Pipeline, type PipelineStep } from './certification.api';
import './certification.css';

const CERTIFIED = 'certified';

function Column(props: { pipeline: Pipeline; step: PipelineStep | null; onOpen: (id: string) => void }) {
  const { t } = useTranslation();
  const words = useWords();
  const missingText = useMissingText(props.pipeline);
  const [limit, setLimit] = useState(5);
  const code = props.step?.code ?? CERTIFIED;
  const count = props.step ? props.step.count : props.pipeline.certified;
  const list = useQuery({ queryKey: [...certKeys.column(props.pipeline.id, code), limit], queryFn: () => getApplicants(props.pipeline.id, code, limit), enabled: count > 0 });
  const headingId = `col-${code}`;
  const title = props.step ? words(props.step.title) : t('certification.certified');
  return (
    <section className="cert-column" aria-labelledby={headingId} data-testid={`column-${code}`}>
      <Group justify="space-between" wrap="nowrap" gap="xs">
        <Title order={2} size="h4" id={headingId}>
          {title}
        </Title>
        <Badge size="lg" variant="filled" color={props.step ? 'blue.9' : 'teal.9'} data-testid="column-count">
          {count}
        </Badge>
      </Group>
      {props.step && (
        <Text size="sm" c="dimmed">
          {props.step.medianDays === null ? t('certification.noMedian') : t('certification.medianDays', { days: props.step.medianDays, count: props.step.completedCount })}
        </Text>
      )}
      {count === 0 ? (
        <Text size="sm">{t('certification.nobodyHere')}</Text>
      ) : list.isPending ? (
        <PageLoader />
      ) : list.isError ? (
        <LoadFailed error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <>
          <ul className="cert-cards">
            {list.data.items.map((a) => {
              const here = a.missing.find((m) => m.step === a.currentStep);
              return (
                <li key={a.id}>
                  <Card withBorder padding="xs">
                    <Button variant="subtle" px={0} w="fit-content" onClick={() => props.onOpen(a.id)} data-testid="open-applicant">
                      {a.name}
                    </Button>
                    <Text size="sm">{t('certification.daysInStep', { count: a.daysInStep })}</Text>
                    {here && <Text size="sm">{missingText(here.step, here.missing)}</Text>}
                    {a.held && (
                      <Badge color="yellow.3" variant="filled" autoContrast>
                        {t('certification.held')}
                      </Badge>
                    )}
                  </Card>
                </li>
              );
            })}
          </ul>
          {list.data.nextOffset !== null && (
            <Button variant="default" size="xs" onClick={() => setLimit((l) => l + 20)}>
              {t('certification.showMore')}
            </Button>
          )}
        </>
      )}
    </section>
  );
}

function AddApplicant({ pipelineId }: { pipelineId: string }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [lang, setLang] = useState<'en' | 'es'>('en');
  const add = useMutation({
    mutationFn: () => createApplicant({ pipelineId, name, lang, ...(email ? { email } : {}) }),
    onSuccess: () => {
      setName('');
      setEmail('');
      void qc.invalidateQueries({ queryKey: ['certification'] });
    },
  });
  const fieldError = (f: string) => (isApiError(add.error) ? add.error.fieldError(f) : undefined);
  return (
    <Card withBorder padding="md" component="section" aria-labelledby="add-applicant">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          add.mutate();
        }}
      >
        <Stack gap="xs">
          <Title order={2} size="h4" id="add-applicant">
            {t('certification.addApplicant')}
          </Title>
          <Group align="flex-end" gap="sm">
            <TextInput label={t('certification.name')} value={name} onChange={(e) => setName(e.currentTarget.value)} required error={fieldError('name')} />
            <TextInput label={t('certification.email')} type="email" value={email} onChange={(e) => setEmail(e.currentTarget.value)} error={fieldError('email')} />
            <NativeSelect
              label={t('certification.language')}
              value={lang}
              onChange={(e) => setLang(e.currentTarget.value as 'en' | 'es')}
              data={[
                { value: 'en', label: 'English' },
                { value: 'es', label: 'Español' },
              ]}
            />
            <Button type="submit" loading={add.isPending}>
              {t('certification.add')}
            </Button>
          </Group>
          {add.isSuccess && <Text size="sm" role="status">{t('certification.added', { name: add.data.name })}</Text>}
        </Stack>
      </form>
    </Card>
  );
}

function Board({ pipelineId }: { pipelineId: string }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState<string | null>(null);
  const p = useQuery({ queryKey: certKeys.pipeline(pipelineId), queryFn: () => getPipeline(pipelineId) });
  if (p.isPending) return <PageLoader />;
  if (p.isError) return <LoadFailed error={p.error} onRetry={() => void p.refetch()} />;
  return (
    <Stack gap="md">
      <Text>
        {t('certification.summary', { count: p.data.total, certified: p.data.certified, body: p.data.body })}
      </Text>
      <AddApplicant pipelineId={pipelineId} />
      <div className="cert-board">
        {p.data.steps.map((s) => (
          <Column key={s.code} pipeline={p.data} step={s} onOpen={setOpen} />
        ))}
        <Column pipeline={p.data} step={null} onOpen={setOpen} />
      </div>
      <ApplicantDrawer id={open} pipeline={p.data} onClose={() => setOpen(null)} />
    </Stack>
  );
}

/**
 * The certification body's pipeline board (issue 21): a column per step with the count of
 * applicants at it and the median days it took, each applicant's days at their step and what
 * they still miss. Columns stack on a phone.
 */
export default function PipelineBoardPage() {
  const { t } = useTranslation();
  const admin = useCurrentUser().role === 'admin';
  const list = useQuery({ queryKey: certKeys.pipelines, queryFn: getPipelines });
  const [chosen, setChosen] = useState<string | null>(null);
  const id = chosen ?? list.data?.items[0]?.id ?? null;
  const setup = admin && list.data && <PipelineSetup taken={list.data.items.map((p) => p.code)} onCreated={(p) => setChosen(p.id)} />;
  return (
    <Page title={t('certification.title')}>
      <Text>{t('certification.intro')}</Text>
      {list.isPending ? (
        <PageLoader />
      ) : list.isError ? (
        <LoadFailed error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.items.length === 0 || !id ? (
        <>
          <Alert>{t('certification.noPipelines')}</Alert>
          {setup}
        </>
      ) : (
        <>
          {list.data.items.length > 1 && (
            <NativeSelect label={t('certification.pipeline')} value={id} onChange={(e) => setChosen(e.currentTarget.value)} data={list.data.items.map((p) => ({ value: p.id, label: p.name }))} maw={420} />
          )}
          <Board key={id} pipelineId={id} />
          {setup}
        </>
      )}
    </Page>
  );
}
