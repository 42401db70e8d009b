import { Alert, Button, Card, Group, Select, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../app/ui/ErrorAlert';
import { buildSnapshot } from './registry.api';

/** The last twelve months as YYYY-MM, this one first (a snapshot is of a month that has started). */
const recentMonths = (now = new Date()) =>
  Array.from({ length: 12 }, (_, i) => {
    const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - i, 1));
    return d.toISOString().slice(0, 7);
  });

/**
 * A member organization's admin sends the month's snapshot built from its own peers' job
 * profiles (issue 22): what was sent, what was refused, and who was left out and why.
 */
export function BuildSnapshotCard(props: { id: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const months = recentMonths();
  const [month, setMonth] = useState(months[1]!);
  const build = useMutation({
    mutationFn: () => buildSnapshot(props.id, month),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['registry', props.id] }),
  });
  const r = build.data;
  return (
    <Card withBorder component="section" aria-labelledby="registry-build-title">
      <Stack gap="sm">
        <Title order={2} size="h4" id="registry-build-title">
          {t('registry.build.title')}
        </Title>
        <Text size="sm">{t('registry.build.intro')}</Text>
        <Group align="end">
          <Select label={t('registry.build.month')} data={months} value={month} onChange={(v) => setMonth(v ?? months[1]!)} allowDeselect={false} w={160} />
          <Button onClick={() => build.mutate()} loading={build.isPending} data-testid="registry-build">
            {t('registry.build.action')}
          </Button>
        </Group>
        {build.isError && <ErrorAlert error={build.error} />}
        {r && (
          <Alert color={r.rejected > 0 ? 'yellow' : 'teal'} role="status" data-testid="registry-build-result">
            <Text>{r.unchanged ? t('registry.build.unchanged', { month: r.month }) : t('registry.build.done', { version: r.version, month: r.month, accepted: r.accepted, rejected: r.rejected })}</Text>
            <Text size="sm">
              {t('registry.build.skipped', { noProfile: r.skipped['no-job-profile'], notWorking: r.skipped['not-working-that-month'], noLinkage: r.skipped['no-linkage'] })}
            </Text>
            {r.aggregates && (
              <Text size="sm" data-testid="registry-build-aggregates">
                {t('registry.build.aggregates', {
                  served: r.aggregates.servedParticipants,
                  unmet: r.aggregates.unmetWishes,
                  leftOut: Object.values(r.aggregates.leftOut).reduce((a, b) => a + b, 0) || t('registry.build.leftOutNone'),
                })}
              </Text>
            )}
            {r.problems.slice(0, 10).map((p) => (
              <Text size="sm" key={`${p.line}-${p.column ?? ''}`}>
                {p.peer ? t('registry.build.problemOf', { peer: p.peer, message: p.message }) : t('registry.build.problem', { line: p.line, message: p.message })}
              </Text>
            ))}
          </Alert>
        )}
      </Stack>
    </Card>
  );
}
