import { Anchor, Badge, Button, Group, NativeSelect, SegmentedControl, Stack, Table, Text } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useFormat } from '../../app/format';
import { Page } from '../../app/ui/Page';
import { Pager } from '../../app/ui/Pager';
import { LoadFailed, PageLoader } from '../../app/ui/StatusPages';
import { ReferralFollowUps } from './ReferralFollowUps';
import { NEEDS, STATUSES, listReferrals } from './referrals.api';

const PAGE_SIZE = 20;

export function StatusBadge(props: { status: string }) {
  const { t } = useTranslation();
  const color = props.status === 'accepted' || props.status === 'completed' ? '#1b5e20' : props.status === 'declined' || props.status === 'not-completed' ? '#a61e1e' : '#495057';
  return (
    <Badge color={color} variant="outline">
      {t(`referrals.status.${props.status}`)}
    </Badge>
  );
}

/** Referrals made (or received, in the inbox), and the follow-ups due. */
export default function ReferralsPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get('page')) || 1);
  const box = params.get('box') === 'inbox' ? 'inbox' : 'sent';
  const status = params.get('status') ?? '';
  const need = params.get('need') ?? '';
  const overdue = params.get('overdue') === 'true';
  const list = useQuery({
    queryKey: ['referrals', 'list', { page, box, status, need, overdue }],
    queryFn: () => listReferrals({ page, pageSize: PAGE_SIZE, box, status: status || undefined, need: need || undefined, overdue }),
    placeholderData: keepPreviousData,
  });
  const setParam = (k: string, v: string) => {
    const p = new URLSearchParams(params);
    if (v) p.set(k, v);
    else p.delete(k);
    if (k !== 'page') p.delete('page');
    setParams(p);
  };

  return (
    <Page
      title={t('nav.referrals')}
      actions={
        <Button component={Link} to="/directory">
          {t('referrals.findService')}
        </Button>
      }
    >
      <ReferralFollowUps show="due" id="followups-title" title={t('referrals.followUps')} />
      <SegmentedControl
        aria-label={t('referrals.box')}
        value={box}
        onChange={(v) => setParam('box', v === 'inbox' ? 'inbox' : '')}
        data={[
          { value: 'sent', label: t('referrals.sentBox') },
          { value: 'inbox', label: t('referrals.inbox') },
        ]}
      />
      <Group gap="sm" wrap="wrap" align="flex-end">
        <NativeSelect
          label={t('referrals.statusLabel')}
          value={status}
          onChange={(e) => setParam('status', e.currentTarget.value)}
          data={[{ value: '', label: t('referrals.anyStatus') }, ...STATUSES.map((s) => ({ value: s, label: t(`referrals.status.${s}`) }))]}
          w={200}
        />
        <NativeSelect
          label={t('referrals.needLabel')}
          value={need}
          onChange={(e) => setParam('need', e.currentTarget.value)}
          data={[{ value: '', label: t('referrals.anyNeed') }, ...NEEDS.map((s) => ({ value: s, label: t(`referrals.need.${s}`) }))]}
          w={200}
        />
        <Button variant={overdue ? 'filled' : 'default'} aria-pressed={overdue} onClick={() => setParam('overdue', overdue ? '' : 'true')}>
          {t('referrals.overdueOnly')}
        </Button>
      </Group>
      {list.isPending ? (
        <PageLoader />
      ) : list.isError ? (
        <LoadFailed error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.items.length === 0 ? (
        <Text>{t('referrals.none')}</Text>
      ) : (
        <Stack gap="sm">
          <div className="table-scroll" role="region" aria-labelledby="referrals-caption" tabIndex={0}>
            {/* On a phone each referral is a block (app.css .stack-on-phone): scrolled sideways, its
                status and follow-up date, what closing the loop is about, were off screen. */}
            <Table striped verticalSpacing="sm" miw={560} className="stack-on-phone">
              <caption id="referrals-caption" className="table-caption">
                {t('referrals.caption')}
              </caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('referrals.participant')}</Table.Th>
                  <Table.Th scope="col">{t('referrals.service')}</Table.Th>
                  <Table.Th scope="col">{t('referrals.needLabel')}</Table.Th>
                  <Table.Th scope="col">{t('referrals.statusLabel')}</Table.Th>
                  <Table.Th scope="col">{t('referrals.followUpColumn')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.data.items.map((r) => (
                  <Table.Tr key={r.id} data-referral-id={r.id}>
                    <Table.Td className="stack-full">
                      <Anchor component={Link} to={`/referrals/${r.id}`} fw={600}>
                        {r.participant.displayName || t('referrals.notShared')}
                      </Anchor>
                    </Table.Td>
                    <Table.Td className="stack-full">{r.service.name}</Table.Td>
                    <Table.Td data-label={t('referrals.needLabel')}>{t(`referrals.need.${r.need}`)}</Table.Td>
                    <Table.Td>
                      <StatusBadge status={r.status} />
                    </Table.Td>
                    <Table.Td data-label={t('referrals.followUpColumn')}>
                      {/* A closed referral has no follow-up left: when it closed, and how it went. */}
                      {r.closedAt ? (
                        [t('referrals.closedOn', { date: f.date(r.closedAt) }), r.outcome ? t(`referrals.outcome.${r.outcome}`) : null].filter(Boolean).join(' · ')
                      ) : (
                        <>
                          {f.date(r.followUpOn)} {r.overdue && <Badge color="red.9">{t('referrals.overdue')}</Badge>}
                        </>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </div>
          <Pager page={page} pageSize={PAGE_SIZE} total={list.data.total} label={t('referrals.paging')} onPage={(n) => setParam('page', String(n))} />
        </Stack>
      )}
    </Page>
  );
}
