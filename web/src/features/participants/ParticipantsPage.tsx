import { Anchor, Button, Group, NativeSelect, Stack, Table, Text, TextInput } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useFormat } from '../../app/format';
import { useCurrentUser } from '../../app/session';
import { Page } from '../../app/ui/Page';
import { Pager } from '../../app/ui/Pager';
import { LoadFailed, PageLoader } from '../../app/ui/StatusPages';
import { languageName } from '../matching/vocab';
import { PARTICIPANT_STATUSES, listParticipants, type ParticipantStatus } from './participants.api';
import { StatusBadge } from './StatusBadge';

const PAGE_SIZE = 20;

/** The participants the user may see (a peer: their own), searchable by name, filtered by status. */
export default function ParticipantsPage() {
  const { t, i18n } = useTranslation();
  const f = useFormat();
  const me = useCurrentUser();
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get('page')) || 1);
  const q = params.get('q') ?? '';
  const statusParam = params.get('status') ?? '';
  const status = (PARTICIPANT_STATUSES as readonly string[]).includes(statusParam) ? (statusParam as ParticipantStatus) : undefined;
  const [search, setSearch] = useState(q);
  const [statusChoice, setStatusChoice] = useState<string>(status ?? '');

  const participants = useQuery({
    queryKey: ['participants', 'list', { page, q, status }],
    queryFn: () => listParticipants({ page, pageSize: PAGE_SIZE, q: q || undefined, status }),
    placeholderData: keepPreviousData,
  });

  const go = (next: { page?: number; q?: string; status?: string }) => {
    const p = new URLSearchParams();
    const nq = next.q ?? q;
    const ns = next.status ?? status ?? '';
    if (nq) p.set('q', nq);
    if (ns) p.set('status', ns);
    if ((next.page ?? 1) > 1) p.set('page', String(next.page));
    setParams(p);
  };

  const onSearch = (e: FormEvent) => {
    e.preventDefault();
    go({ q: search.trim(), status: statusChoice, page: 1 });
  };

  return (
    <Page
      title={t('nav.participants')}
      actions={
        <Button component={Link} to="/participants/new">
          {t('participants.list.newIntake')}
        </Button>
      }
    >
      <Text>{me.role === 'peer' ? t('participants.list.introPeer') : t('participants.list.intro')}</Text>
      <form role="search" onSubmit={onSearch} aria-label={t('participants.list.searchLabel')}>
        <Group align="flex-end" gap="sm" wrap="wrap">
          <TextInput
            label={t('participants.list.search')}
            type="search"
            value={search}
            onChange={(e) => setSearch(e.currentTarget.value)}
            style={{ flex: '1 1 14rem', maxWidth: '24rem' }}
          />
          <NativeSelect
            label={t('participants.list.status')}
            value={statusChoice}
            onChange={(e) => setStatusChoice(e.currentTarget.value)}
            data={[{ value: '', label: t('participants.list.anyStatus') }, ...PARTICIPANT_STATUSES.map((s) => ({ value: s, label: t(`participants.status.${s}`) }))]}
            w={200}
          />
          <Button type="submit" variant="default">
            {t('common.search')}
          </Button>
        </Group>
      </form>
      {participants.isPending ? (
        <PageLoader />
      ) : participants.isError ? (
        <LoadFailed error={participants.error} onRetry={() => void participants.refetch()} />
      ) : participants.data.items.length === 0 ? (
        <Text>{q || status ? t('participants.list.noMatch') : t('participants.list.none')}</Text>
      ) : (
        <Stack gap="sm">
          <div className="table-scroll" role="region" aria-labelledby="participants-caption" tabIndex={0}>
            {/* On a phone each person is a block (app.css .stack-on-phone): in a 640px table
                scrolled sideways, the status badge was cut to "ACTI…" and languages were off screen. */}
            <Table striped highlightOnHover verticalSpacing="sm" miw={640} className="stack-on-phone">
              <caption id="participants-caption" className="table-caption">
                {t('participants.list.caption')}
              </caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('participants.list.name')}</Table.Th>
                  <Table.Th scope="col">{t('participants.list.status')}</Table.Th>
                  <Table.Th scope="col">{t('participants.list.peer')}</Table.Th>
                  <Table.Th scope="col">{t('participants.fields.languages')}</Table.Th>
                  <Table.Th scope="col">{t('participants.list.since')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {participants.data.items.map((p) => (
                  <Table.Tr key={p.id} data-participant-id={p.id}>
                    <Table.Td className="stack-full">
                      <Anchor component={Link} to={`/participants/${p.id}`} fw={600}>
                        {p.displayName} {p.familyName}
                      </Anchor>
                      {p.pronouns && (
                        <Text size="xs" c="dimmed">
                          {p.pronouns}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <StatusBadge status={p.status} />
                    </Table.Td>
                    <Table.Td data-label={t('participants.list.peer')}>{p.currentAssignment?.peerDisplayName ?? '—'}</Table.Td>
                    <Table.Td data-label={t('participants.fields.languages')}>{p.languages.map((l) => languageName(l, i18n.language)).join(', ') || '—'}</Table.Td>
                    <Table.Td data-label={t('participants.list.since')}>{f.date(p.createdAt)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </div>
          <Pager
            page={participants.data.page}
            pageSize={participants.data.pageSize}
            total={participants.data.total}
            onPage={(p) => go({ page: p })}
            label={t('participants.list.paging')}
          />
        </Stack>
      )}
    </Page>
  );
}
