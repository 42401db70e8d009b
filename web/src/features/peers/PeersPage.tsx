import { Anchor, Badge, Button, Group, NativeSelect, Stack, Table, Text, TextInput } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { lazy, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useFormat } from '../../app/format';
import { useCurrentUser } from '../../app/session';
import { Page } from '../../app/ui/Page';
import { Pager } from '../../app/ui/Pager';
import { LoadFailed, PageLoader } from '../../app/ui/StatusPages';
import { languageName } from '../matching/vocab';
import { listPeers } from './peers.api';

const MyPeerProfilePage = lazy(() => import('./MyPeerProfilePage'));

const PAGE_SIZE = 20;

/** Supervisors and admins: the organization's peers. A peer opening "Peers" gets their own profile. */
export default function PeersPage() {
  const me = useCurrentUser();
  if (me.role === 'peer') return <MyPeerProfilePage />;
  return <PeerList />;
}

function PeerList() {
  const { t, i18n } = useTranslation();
  const f = useFormat();
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get('page')) || 1);
  const q = params.get('q') ?? '';
  const active = params.get('active') ?? 'true';
  const [search, setSearch] = useState(q);
  const [activeChoice, setActiveChoice] = useState(active);

  const peers = useQuery({
    queryKey: ['peers', 'list', { page, q, active }],
    queryFn: () => listPeers({ page, pageSize: PAGE_SIZE, q: q || undefined, ...(active === 'all' ? {} : { active: active === 'true' }) }),
    placeholderData: keepPreviousData,
  });

  const go = (next: { page?: number; q?: string; active?: string }) => {
    const p = new URLSearchParams();
    const nq = next.q ?? q;
    const na = next.active ?? active;
    if (nq) p.set('q', nq);
    if (na !== 'true') p.set('active', na);
    if ((next.page ?? 1) > 1) p.set('page', String(next.page));
    setParams(p);
  };

  const onSearch = (e: FormEvent) => {
    e.preventDefault();
    go({ q: search.trim(), active: activeChoice, page: 1 });
  };

  return (
    <Page
      title={t('nav.peers')}
      actions={
        <Button component={Link} to="/peers/me" variant="default">
          {t('peers.list.myProfile')}
        </Button>
      }
    >
      <Text>{t('peers.list.intro')}</Text>
      <form role="search" onSubmit={onSearch} aria-label={t('peers.list.searchLabel')}>
        <Group align="flex-end" gap="sm" wrap="wrap">
          <TextInput
            label={t('peers.list.search')}
            type="search"
            value={search}
            onChange={(e) => setSearch(e.currentTarget.value)}
            style={{ flex: '1 1 14rem', maxWidth: '24rem' }}
          />
          <NativeSelect
            label={t('peers.list.show')}
            value={activeChoice}
            onChange={(e) => setActiveChoice(e.currentTarget.value)}
            data={[
              { value: 'true', label: t('peers.list.activeOnly') },
              { value: 'false', label: t('peers.list.inactiveOnly') },
              { value: 'all', label: t('peers.list.all') },
            ]}
            w={200}
          />
          <Button type="submit" variant="default">
            {t('common.search')}
          </Button>
        </Group>
      </form>
      {peers.isPending ? (
        <PageLoader />
      ) : peers.isError ? (
        <LoadFailed error={peers.error} onRetry={() => void peers.refetch()} />
      ) : peers.data.items.length === 0 ? (
        <Text>{q ? t('peers.list.noMatch', { q }) : t('peers.list.none')}</Text>
      ) : (
        <Stack gap="sm">
          <div className="table-scroll" role="region" aria-labelledby="peers-caption" tabIndex={0}>
            <Table striped highlightOnHover verticalSpacing="sm" miw={640} className="stack-on-phone">
              <caption id="peers-caption" className="table-caption">
                {t('peers.list.caption')}
              </caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('peers.form.displayName')}</Table.Th>
                  <Table.Th scope="col">{t('peers.form.languages')}</Table.Th>
                  <Table.Th scope="col">{t('peers.list.caseload')}</Table.Th>
                  <Table.Th scope="col">{t('peers.list.status')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {peers.data.items.map((p) => (
                  <Table.Tr key={p.id} data-peer-id={p.id}>
                    <Table.Td className="stack-full">
                      <Anchor component={Link} to={`/peers/${p.id}`} fw={600}>
                        {p.displayName}
                      </Anchor>
                      {p.pronouns && (
                        <Text size="xs" c="dimmed">
                          {p.pronouns}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td data-label={t('peers.form.languages')}>{p.languages.map((l) => languageName(l, i18n.language)).join(', ')}</Table.Td>
                    <Table.Td data-label={t('peers.list.caseload')}>
                      {t('peers.list.caseloadOf', { max: f.number(p.maxCaseload), n: f.number(p.activeCaseload) })}
                    </Table.Td>
                    <Table.Td>
                      <Group gap={4}>
                        {!p.active ? (
                          <Badge color="gray.7" variant="filled">
                            {t('peers.list.inactive')}
                          </Badge>
                        ) : p.acceptingNew && p.activeCaseload < p.maxCaseload ? (
                          <Badge color="teal.9" variant="filled">
                            {t('peers.list.accepting')}
                          </Badge>
                        ) : (
                          <Badge color="red.9" variant="filled">
                            {p.activeCaseload >= p.maxCaseload ? t('peers.list.full') : t('peers.list.notAccepting')}
                          </Badge>
                        )}
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </div>
          <Pager page={peers.data.page} pageSize={peers.data.pageSize} total={peers.data.total} onPage={(p) => go({ page: p })} label={t('peers.list.paging')} />
        </Stack>
      )}
    </Page>
  );
}
