// The payers page's coverage chooser (PayersPage.tsx): finds a participant and links to their
// coverage page (CoveragePage.tsx), where coverage is recorded.
import { Anchor, Button, Card, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { LoadFailed, PageLoader } from '../../app/ui/StatusPages';
import { listParticipants } from '../participants/participants.api';

/** Picks a participant to record coverage for (the coverage form lives on its own page). */
export function CoverageChooser() {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const [search, setSearch] = useState('');
  const people = useQuery({ queryKey: ['participants', 'coverage-chooser', search], queryFn: () => listParticipants({ page: 1, pageSize: 20, q: search || undefined }) });
  return (
    <Card withBorder component="section" aria-labelledby="coverage-chooser" padding="lg">
      <Stack gap="sm">
        <Title order={2} fz={20} id="coverage-chooser">
          {t('billing.coverage.chooseTitle')}
        </Title>
        <form
          role="search"
          aria-label={t('billing.coverage.searchLabel')}
          onSubmit={(e) => {
            e.preventDefault();
            setSearch(q.trim());
          }}
        >
          <Group align="flex-end" gap="sm">
            <TextInput type="search" label={t('billing.coverage.search')} value={q} onChange={(e) => setQ(e.currentTarget.value)} style={{ flex: '1 1 12rem', maxWidth: '22rem' }} />
            <Button type="submit" variant="default">
              {t('common.search')}
            </Button>
          </Group>
        </form>
        {people.isPending ? (
          <PageLoader />
        ) : people.isError ? (
          <LoadFailed error={people.error} onRetry={() => void people.refetch()} />
        ) : people.data.items.length === 0 ? (
          <Text size="sm">{t('billing.coverage.noPeople')}</Text>
        ) : (
          <ul className="plain-list" style={{ gap: '0.25rem' }}>
            {people.data.items.map((p) => (
              <li key={p.id}>
                <Anchor component={Link} to={`/participants/${p.id}/coverage`}>
                  {t('billing.coverage.linkFor', { name: p.displayName })}
                </Anchor>
              </li>
            ))}
          </ul>
        )}
      </Stack>
    </Card>
  );
}
