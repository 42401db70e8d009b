import { Button, Card, Code, CopyButton, Group, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../app/api';
import { useFormat } from '../../app/format';

/** `AuditCheckpoint` in the OpenAPI document: the organization's chain head, signed. */
export interface AuditCheckpoint {
  type: 'peerbridge-audit-checkpoint';
  chainId: string;
  orgId: string | null;
  eventCount: number;
  headHash: string;
  at: string;
  mac: string;
}

/**
 * The signed head of the organization's audit trail (issue 18): an admin copies it somewhere
 * outside this server; `peerbridge audit verify --checkpoints` then fails if events up to it were
 * removed, even with the database's own records rolled back to match.
 */
export function AuditCheckpointCard() {
  const { t } = useTranslation();
  const f = useFormat();
  const checkpoint = useQuery({ queryKey: ['audit-checkpoint'], queryFn: () => api<AuditCheckpoint>('/audit-checkpoint'), staleTime: 0 });
  if (!checkpoint.data) return null;
  const line = JSON.stringify(checkpoint.data);
  return (
    <Card withBorder padding="md">
      <Stack gap="xs">
        <Title order={2} size="h4">
          {t('security.checkpoint.title')}
        </Title>
        <Text size="sm">{t('security.checkpoint.intro', { count: checkpoint.data.eventCount, n: f.number(checkpoint.data.eventCount), at: f.dateTime(checkpoint.data.at) })}</Text>
        <Code block style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} aria-label={t('security.checkpoint.line')}>
          {line}
        </Code>
        <Group gap="sm">
          <CopyButton value={line}>
            {({ copied, copy }) => (
              <Button variant="default" onClick={copy}>
                {copied ? t('security.checkpoint.copied') : t('security.checkpoint.copy')}
              </Button>
            )}
          </CopyButton>
          <Button variant="subtle" onClick={() => void checkpoint.refetch()}>
            {t('security.checkpoint.refresh')}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}
