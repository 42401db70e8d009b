import { Anchor, Badge, Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useFormat } from '../../app/format';
import { Page } from '../../app/ui/Page';
import { PhoneLink } from '../../app/ui/PhoneLink';
import { LoadFailed, PageLoader } from '../../app/ui/StatusPages';
import { getCheckins, getMe, getReferrals, portalKeys, RECORD_PDF_URL, RECORD_URL, type Checkin } from './portal.api';

/** Long labels wrap on a narrow phone instead of being cut. */
const WRAP = { root: { height: 'auto', minHeight: 36, paddingBlock: 6 }, label: { whiteSpace: 'normal' as const, textAlign: 'center' as const } };

const INSTRUMENTS: Record<string, string> = { 'barc-10': 'BARC-10', 'phq-9': 'PHQ-9', 'gad-7': 'GAD-7' };

/** Home: my peer and how to reach them, my next meetings, my check-ins over time, my referrals. */
export default function PortalHomePage() {
  const { t, i18n } = useTranslation();
  const f = useFormat();
  const me = useQuery({ queryKey: portalKeys.me, queryFn: getMe });
  const checkins = useQuery({ queryKey: portalKeys.checkins, queryFn: getCheckins });
  const referrals = useQuery({ queryKey: portalKeys.referrals, queryFn: getReferrals });
  if (me.isPending) return <PageLoader />;
  if (me.isError) return <LoadFailed error={me.error} onRetry={() => void me.refetch()} />;
  const m = me.data;
  const byInstrument = new Map<string, Checkin[]>();
  for (const c of checkins.data?.items ?? []) byInstrument.set(c.instrument, [...(byInstrument.get(c.instrument) ?? []), c]);
  return (
    <Page title={t('portal.home.title', { name: m.firstName })}>
      <section aria-labelledby="peer-h" className="portal-card">
        <Title order={2} id="peer-h" fz="lg">
          {t('portal.home.yourPeer')}
        </Title>
        {m.peer ? (
          <Stack gap={4}>
            <Text fw={700} data-testid="portal-peer">
              {m.peer.displayName}
              {m.peer.pronouns ? ` (${m.peer.pronouns})` : ''}
            </Text>
            {m.peer.email && (
              <Text>
                {t('portal.home.email')}: <Anchor href={`mailto:${m.peer.email}`}>{m.peer.email}</Anchor>
              </Text>
            )}
            {m.organization.phone && (
              <Text>
                {t('portal.home.call', { org: m.organization.name })}: <PhoneLink number={m.organization.phone} />
              </Text>
            )}
          </Stack>
        ) : (
          <Text>{t('portal.home.noPeer')}</Text>
        )}
      </section>
      <section aria-labelledby="next-h">
        <Title order={2} id="next-h" fz="lg">
          {t('portal.home.next')}
        </Title>
        {m.upcoming.length === 0 ? (
          <Text>{t('portal.home.noNext')}</Text>
        ) : (
          <ul>
            {m.upcoming.map((u) => (
              <li key={u.on + u.modality}>
                {f.date(u.on)} · {t(`portal.modality.${u.modality}`, { defaultValue: u.modality })}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="checkins-h">
        <Title order={2} id="checkins-h" fz="lg">
          {t('portal.home.checkins')}
        </Title>
        {checkins.isError ? (
          <LoadFailed error={checkins.error} onRetry={() => void checkins.refetch()} />
        ) : byInstrument.size === 0 ? (
          <Text>{checkins.isPending ? t('common.loading', { defaultValue: '…' }) : t('portal.home.noCheckins')}</Text>
        ) : (
          [...byInstrument].map(([code, items]) => (
            <div key={code} className="table-scroll" role="region" aria-labelledby={`ci-${code}`} tabIndex={0}>
              <Table verticalSpacing={4}>
                <caption id={`ci-${code}`} className="table-caption">
                  {t(`portal.instruments.${code}`, { defaultValue: INSTRUMENTS[code] ?? code })}
                </caption>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">{t('portal.home.date')}</Table.Th>
                    <Table.Th scope="col">{t('portal.home.score')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {items.map((c) => (
                    <Table.Tr key={c.id}>
                      <Table.Td>{f.date(c.on)}</Table.Td>
                      <Table.Td>
                        {c.total ?? '-'}
                        {c.band ? ` · ${t(`portal.bands.${c.band}`, { defaultValue: c.band })}` : ''}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </div>
          ))
        )}
      </section>
      <section aria-labelledby="ref-h">
        <Title order={2} id="ref-h" fz="lg">
          {t('portal.home.referrals')}
        </Title>
        {(referrals.data?.items ?? []).length === 0 ? (
          <Text>{t('portal.home.noReferrals')}</Text>
        ) : (
          <Stack gap="xs">
            {referrals.data!.items.map((r) => (
              <Group key={r.id} justify="space-between" className="portal-card" wrap="wrap">
                <Stack gap={0}>
                  <Text fw={600}>{r.service}</Text>
                  {r.organization && <Text size="sm">{r.organization}</Text>}
                </Stack>
                <Badge variant="filled" color="blue.9">
                  {t(`referrals.status.${r.status}`, { defaultValue: r.status })}
                </Badge>
              </Group>
            ))}
          </Stack>
        )}
      </section>
      <section aria-labelledby="rec-h">
        <Title order={2} id="rec-h" fz="lg">
          {t('portal.home.record')}
        </Title>
        <Text>{t('portal.home.recordHelp')}</Text>
        <Group mt="xs" gap="sm">
          {/* Printable, in the language she reads the portal in (the server's default is her preferred one). */}
          <Button component="a" href={`${RECORD_PDF_URL}?lang=${i18n.language.startsWith('es') ? 'es' : 'en'}`} download variant="default" styles={WRAP}>
            {t('portal.home.downloadPdf')}
          </Button>
          <Button component="a" href={RECORD_URL} download="my-record.json" variant="default" styles={WRAP}>
            {t('portal.home.download')}
          </Button>
          <Anchor component={Link} to="/portal/correction">
            {t('portal.nav.correction')}
          </Anchor>
        </Group>
      </section>
    </Page>
  );
}
