import { Anchor, Badge, Card, Group, Select, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../app/format';
import { LoadFailed, PageLoader } from '../../app/ui/StatusPages';
import { getJobs } from './registry.api';

/** The public board of peer support openings member agencies posted (issue 22): no account needed. */
export default function JobsPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const [state, setState] = useState<string | null>(null);
  const q = useQuery({ queryKey: ['jobs', state], queryFn: () => getJobs(state ?? undefined) });
  const money = (v: number) => new Intl.NumberFormat(f.locale, { style: 'currency', currency: 'USD' }).format(v);
  return (
    <Stack gap="md">
      <Title order={1}>{t('jobs.title')}</Title>
      <Text>{t('jobs.intro')}</Text>
      {q.isPending ? (
        <PageLoader />
      ) : q.isError ? (
        <LoadFailed error={q.error} onRetry={() => void q.refetch()} />
      ) : (
        <>
          <Select
            label={t('jobs.state')}
            clearable
            placeholder={t('jobs.allStates')}
            data={[...new Map(q.data.items.map((j) => [j.countyFips.slice(0, 2), j.state ?? j.countyFips.slice(0, 2)]))].map(([value, label]) => ({ value, label }))}
            value={state}
            onChange={setState}
          />
          {q.data.items.length === 0 ? (
            <Text data-testid="jobs-empty">{t('jobs.none')}</Text>
          ) : (
            <ul className="job-list" aria-label={t('jobs.title')}>
              {q.data.items.map((j) => (
                <li key={j.id}>
                  <Card withBorder padding="md">
                    <Title order={2} fz="lg">
                      {j.title}
                    </Title>
                    <Text>{j.organization}</Text>
                    <Text size="sm" c="dimmed">
                      {t('jobs.where', { county: j.countyName ?? j.countyFips, state: j.state ?? '' })}
                    </Text>
                    <Group gap="xs" mt="xs">
                      <Badge variant="light">{t('jobs.hours', { hours: j.hoursPerWeek })}</Badge>
                      {j.partTime && <Badge variant="light" color="gray">{t('jobs.partTime')}</Badge>}
                      {j.benefits && <Badge variant="filled" color="teal.9">{t('jobs.benefits')}</Badge>}
                    </Group>
                    <Text mt="xs">{t('jobs.wage', { min: money(j.wageMin), max: money(j.wageMax) })}</Text>
                    <Text size="sm">{j.certificationRequired ? t('jobs.certification', { what: j.certificationRequired }) : t('jobs.noCertification')}</Text>
                    {j.applyUrl && (
                      <Anchor href={j.applyUrl} rel="noopener noreferrer">
                        {t('jobs.apply')}
                      </Anchor>
                    )}
                    <Text size="xs" c="dimmed" mt="xs">
                      {t('jobs.posted', { date: f.date(j.postedAt) })}
                    </Text>
                  </Card>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </Stack>
  );
}
