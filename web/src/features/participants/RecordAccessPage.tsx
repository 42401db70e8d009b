import { Anchor, Badge, Group, Stack, Table, Text } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useFormat } from '../../app/format';
import { Page } from '../../app/ui/Page';
import { Pager } from '../../app/ui/Pager';
import { LoadFailed, PageLoader, RecordLoadFailed } from '../../app/ui/StatusPages';
import { auditActionKey, listAuditEvents } from '../admin/admin.api';
import { getParticipant, participantKeys } from './participants.api';

const PAGE_SIZE = 25;

/**
 * "Who opened this record" (issue 17), for admins: every audit event about one participant, from
 * the audit trail filtered by their id (server-side, so a note or referral of theirs counts too).
 */
export default function RecordAccessPage() {
  const { t, i18n } = useTranslation();
  const f = useFormat();
  const { id = '' } = useParams();
  const [page, setPage] = useState(1);
  const participant = useQuery({ queryKey: participantKeys.one(id), queryFn: () => getParticipant(id) });
  const events = useQuery({
    queryKey: ['audit-events', 'participant', id, page],
    queryFn: () => listAuditEvents({ page, pageSize: PAGE_SIZE, participantId: id }),
    placeholderData: keepPreviousData,
  });
  if (participant.isPending) return <PageLoader />;
  if (participant.isError) return <RecordLoadFailed title={t('record.access.title')} error={participant.error} onRetry={() => void participant.refetch()} />;
  const name = `${participant.data.displayName} ${participant.data.familyName}`;
  const label = (action: string) => (i18n.exists(auditActionKey(action)) ? t(auditActionKey(action)) : action);
  const shown = events.data?.items ?? [];
  return (
    <Page title={t('record.access.titleOf', { name })}>
      <Anchor component={Link} to={`/participants/${id}`}>
        {t('record.access.back', { name })}
      </Anchor>
      <Text>{t('record.access.intro')}</Text>
      {events.isPending ? (
        <PageLoader />
      ) : events.isError ? (
        <LoadFailed error={events.error} onRetry={() => void events.refetch()} />
      ) : (
        <Stack gap="sm">
          {shown.length === 0 ? (
            <Text role="status">{t('record.access.none')}</Text>
          ) : (
            <div className="table-scroll" role="region" aria-labelledby="access-caption" tabIndex={0}>
              <Table striped verticalSpacing="xs">
                <caption id="access-caption" className="table-caption">
                  {t('record.access.caption', { total: f.number(events.data.total) })}
                </caption>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">{t('audit.time')}</Table.Th>
                    <Table.Th scope="col">{t('record.access.who')}</Table.Th>
                    <Table.Th scope="col">{t('record.access.what')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {shown.map((ev) => (
                    <Table.Tr key={ev.id} data-action={ev.action}>
                      <Table.Td>
                        <time dateTime={ev.occurredAt}>{f.dateTime(ev.occurredAt)}</time>
                      </Table.Td>
                      <Table.Td style={{ overflowWrap: 'anywhere' }}>{ev.actor?.email ?? t(`audit.actorKinds.${ev.actorKind ?? 'unknown'}`, { defaultValue: t('audit.actorKinds.unknown') })}</Table.Td>
                      <Table.Td>
                        <Group gap="xs" wrap="wrap">
                          <Text size="sm">{label(ev.action)}</Text>
                          {ev.outcome === 'denied' && (
                            <Badge color="red.9" variant="filled">
                              {t('audit.refusedBadge')}
                            </Badge>
                          )}
                        </Group>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </div>
          )}
          <Pager page={events.data.page} pageSize={events.data.pageSize} total={events.data.total} onPage={setPage} label={t('audit.paging')} />
          <Anchor component={Link} to={`/admin/audit?participant=${encodeURIComponent(id)}`}>
            {t('record.access.fullTrail')}
          </Anchor>
        </Stack>
      )}
    </Page>
  );
}
