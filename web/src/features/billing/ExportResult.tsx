// A claims export as built (ClaimsPage.tsx) or reopened from the past exports (PastExport.tsx):
// its totals, the voids it carries, its file to download and what it left out (ExcludedTable.tsx).
import { Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../app/format';
import type { ClaimExport } from './billing.api';
import { ExcludedTable } from './ExcludedTable';

export function ExportResult(props: { exp: ClaimExport; headingId: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const e = props.exp;
  const usd = (cents: number) => new Intl.NumberFormat(f.locale, { style: 'currency', currency: 'USD' }).format(cents / 100);
  const money = usd(e.totals.chargeCents);
  const count = (key: string, n: number) => t(`billing.claims.${key}`, { count: n, n: f.number(n) });
  return (
    <Card withBorder component="section" aria-labelledby={props.headingId} padding="lg">
      <Stack gap="sm">
        <Title order={2} fz={20} id={props.headingId}>
          {t('billing.claims.resultTitle', { payer: e.payerName, from: f.date(e.from), to: f.date(e.to) })}
        </Title>
        <Text data-testid="claims-totals">
          {t('billing.claims.totals', { claims: count('claimCount', e.totals.claims), lines: count('lineCount', e.totals.lines), units: count('unitCount', e.totals.units), money, excluded: f.number(e.totals.excluded) })}
        </Text>
        {e.totals.voids.claims > 0 && (
          <Text data-testid="claims-voids">
            {t('billing.claims.voids', {
              claims: e.totals.voids.claims,
              money: usd(e.totals.voids.chargeCents),
            })}
          </Text>
        )}
        <Group>
          <Button component="a" href={e.downloadUrl} download={e.fileName}>
            {t('billing.claims.download', { file: e.fileName })}
          </Button>
        </Group>
        <ExcludedTable excluded={e.excluded} headingId={props.headingId} />
      </Stack>
    </Card>
  );
}
