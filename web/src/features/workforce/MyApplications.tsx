import { Alert, Badge, Group, List, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../app/format';
import { LoadFailed } from '../../app/ui/StatusPages';
import { certKeys, getMyApplications, type Applicant, type Pipeline } from './certification.api';
import { useMissingText, useWords } from './certification.hooks';
import { Section } from './parts';

/**
 * A peer who is an applicant reads their own application on My work (issue 21): each step done or
 * what is still missing, and any eligibility rule that holds them, with its source and the reason
 * the body recorded (never applied silently). Nothing shows for someone who is no applicant.
 */
export function MyApplications() {
  const q = useQuery({ queryKey: certKeys.mine, queryFn: getMyApplications });
  if (q.isPending) return null;
  if (q.isError) return <LoadFailed error={q.error} onRetry={() => void q.refetch()} />;
  return (
    <>
      {q.data.items.map((a) => (
        <Application key={a.id} applicant={a} />
      ))}
    </>
  );
}

function Application({ applicant: a }: { applicant: Applicant }) {
  const { t } = useTranslation();
  const f = useFormat();
  const words = useWords();
  // The applicant view carries no domain titles; the domain code stands in for them.
  const missingText = useMissingText({ steps: a.steps.map((s) => ({ ...s, required: null, domains: [], count: 0, medianDays: null, completedCount: 0 })) as Pipeline['steps'] });
  const holding = a.eligibility.filter((e) => e.outcome === 'does-not-meet');
  const recorded = a.eligibility.filter((e) => e.outcome !== null);
  const headingId = `wf-application-${a.id}`;
  const current = a.steps.find((s) => s.code === a.currentStep);
  return (
    <Section id={headingId} title={t('workforce.application.title', { name: a.pipelineName })}>
      <Text data-testid="my-application-place">{a.currentStep === 'certified' ? t('certification.isCertified') : t('certification.atStep', { step: current ? words(current.title) : '', count: a.daysInStep })}</Text>
      {holding.length > 0 && (
        <Alert color="yellow" variant="light" title={t('workforce.application.heldTitle')} styles={{ title: { color: 'var(--mantine-color-text)' } }} data-testid="my-application-held">
          <Stack gap="xs">
            {holding.map((e) => (
              <div key={e.code}>
                <Text fw={600}>{words(e.title)}</Text>
                <Text size="sm">{words(e.explanation)}</Text>
                {e.reason && <Text size="sm">{t('certification.why', { reason: e.reason })}</Text>}
                <Text size="xs">{t('certification.source', { source: e.source.source, checked: f.date(e.source.checked) })}</Text>
              </div>
            ))}
            <Text size="sm">{t('workforce.application.heldHelp')}</Text>
          </Stack>
        </Alert>
      )}
      <Title order={3} size="h5">
        {t('certification.steps')}
      </Title>
      <List listStyleType="none" spacing="xs" data-testid="my-application-steps">
        {a.steps.map((s) => (
          <List.Item key={s.code}>
            <Group gap="xs" wrap="wrap">
              <Text>{words(s.title)}</Text>
              <Badge color={s.complete ? 'teal.9' : s.code === a.currentStep ? 'blue.9' : 'gray.7'} variant="filled">
                {t(`certification.stepStatus.${s.complete ? (s.status === 'waived' ? 'waived' : 'done') : s.status}`)}
              </Badge>
            </Group>
            {!s.complete && <Text size="sm">{missingText(s.code, s.missing)}</Text>}
          </List.Item>
        ))}
      </List>
      {recorded.length > holding.length && (
        <>
          <Title order={3} size="h5">
            {t('certification.eligibility')}
          </Title>
          <List listStyleType="none" spacing="xs">
            {recorded
              .filter((e) => e.outcome !== 'does-not-meet')
              .map((e) => (
                <List.Item key={e.code}>
                  <Text size="sm">
                    {words(e.title)}: {t(`certification.outcome.${e.outcome ?? 'none'}`)}
                  </Text>
                </List.Item>
              ))}
          </List>
        </>
      )}
    </Section>
  );
}
