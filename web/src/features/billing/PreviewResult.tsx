// The claims preview (ClaimsPage.tsx, billing.preview.ts): what an export would bill now, with
// the settings it lacks, its totals by participant and by peer and what it would leave out;
// nothing is exported.
import { Alert, Card, List, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../app/format';
import type { ClaimPreview } from './billing.api';
import { ExcludedTable } from './ExcludedTable';
import { MISSING } from './missingSettings';

type SumRow = { key: string; name: string; lines: number; units: number; chargeCents: number };

/** Totals by participant or by peer, largest amount first (the server's order). */
function SumTable(props: { rows: SumRow[]; caption: string; id: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const usd = (cents: number) => new Intl.NumberFormat(f.locale, { style: 'currency', currency: 'USD' }).format(cents / 100);
  return (
    <div className="table-scroll" role="region" aria-labelledby={props.id} tabIndex={0}>
      <Table striped verticalSpacing="xs" horizontalSpacing="xs" fz="sm">
        <caption id={props.id} className="table-caption">
          {props.caption}
        </caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('billing.claims.name')}</Table.Th>
            <Table.Th scope="col" ta="right">
              {t('billing.claims.lines')}
            </Table.Th>
            <Table.Th scope="col" ta="right">
              {t('billing.claims.units')}
            </Table.Th>
            <Table.Th scope="col" ta="right">
              {t('billing.claims.amount')}
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {props.rows.map((r) => (
            <Table.Tr key={r.key}>
              <Table.Th scope="row" fw={500}>
                {r.name}
              </Table.Th>
              <Table.Td ta="right">{f.number(r.lines)}</Table.Td>
              <Table.Td ta="right">{f.number(r.units)}</Table.Td>
              <Table.Td ta="right">{usd(r.chargeCents)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </div>
  );
}

/** What the export would bill now, by participant and peer; nothing is exported. */
export function PreviewResult(props: { preview: ClaimPreview }) {
  const { t } = useTranslation();
  const f = useFormat();
  const p = props.preview;
  const usd = (cents: number) => new Intl.NumberFormat(f.locale, { style: 'currency', currency: 'USD' }).format(cents / 100);
  const count = (key: string, n: number) => t(`billing.claims.${key}`, { count: n, n: f.number(n) });
  return (
    <Card withBorder component="section" aria-labelledby="claims-preview" padding="lg" data-testid="claims-preview">
      <Stack gap="sm">
        <Title order={2} fz={20} id="claims-preview" tabIndex={-1} style={{ scrollMarginTop: 72 }}>
          {t('billing.claims.previewTitle', { payer: p.payerName, from: f.date(p.from), to: f.date(p.to) })}
        </Title>
        <Text size="sm" c="dimmed">
          {t('billing.claims.previewNote')}
        </Text>
        {p.missingSettings.length > 0 && (
          <Alert color="yellow" variant="outline" title={t('billing.claims.incompleteTitle')}>
            <Text size="sm">{t('billing.claims.previewIncomplete')}</Text>
            <List size="sm">
              {p.missingSettings.map((x) => (
                <List.Item key={x.field}>{MISSING[x.field] ? t(`billing.claims.missing.${MISSING[x.field]}`) : x.message}</List.Item>
              ))}
            </List>
          </Alert>
        )}
        <Text data-testid="preview-totals">
          {t('billing.claims.previewTotals', {
            claims: count('claimCount', p.totals.claims),
            lines: count('lineCount', p.totals.lines),
            units: count('unitCount', p.totals.units),
            money: usd(p.totals.chargeCents),
            excluded: f.number(p.totals.excluded),
          })}
        </Text>
        {p.byParticipant.length === 0 ? (
          <Text>{t('billing.claims.nothingBilled')}</Text>
        ) : (
          <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
            <SumTable id="preview-participants" caption={t('billing.claims.byParticipant')} rows={p.byParticipant.map((r) => ({ key: r.participantId, ...r }))} />
            <SumTable id="preview-peers" caption={t('billing.claims.byPeer')} rows={p.byPeer.map((r) => ({ key: r.peerId, ...r }))} />
          </SimpleGrid>
        )}
        <ExcludedTable excluded={p.excluded} headingId="claims-preview" />
      </Stack>
    </Card>
  );
}
