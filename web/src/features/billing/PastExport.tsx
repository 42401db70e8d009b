// One past claims export in the claims page's list (ClaimsPage.tsx): its payer, dates, format and
// totals, its file, and on demand what it left out (ExportResult.tsx, loaded when opened).
import { Anchor, Button, Card, Group, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../app/format';
import { LoadFailed, PageLoader } from '../../app/ui/StatusPages';
import { billingKeys, getExport, type ClaimExport } from './billing.api';
import { ExportResult } from './ExportResult';

export function PastExport(props: { exp: ClaimExport }) {
  const { t } = useTranslation();
  const f = useFormat();
  const [open, setOpen] = useState(false);
  const one = useQuery({ queryKey: billingKeys.export(props.exp.id), queryFn: () => getExport(props.exp.id), enabled: open });
  const e = props.exp;
  const count = (key: string, n: number) => t(`billing.claims.${key}`, { count: n, n: f.number(n) });
  return (
    <li>
      <Card withBorder padding="sm">
        <Stack gap={6}>
          <Text size="sm" fw={600}>
            {t('billing.claims.pastLine', { payer: e.payerName, from: f.date(e.from), to: f.date(e.to), format: e.format.toUpperCase(), when: f.dateTime(e.createdAt) })}
          </Text>
          <Text size="sm">{t('billing.claims.pastTotals', { lines: count('lineCount', e.totals.lines), units: count('unitCount', e.totals.units), excluded: f.number(e.totals.excluded) })}</Text>
          {e.totals.voids.claims > 0 && <Text size="sm">{t('billing.claims.pastVoids', { claims: e.totals.voids.claims })}</Text>}
          <Group gap="md">
            <Anchor href={e.downloadUrl} download={e.fileName}>
              {t('billing.claims.download', { file: e.fileName })}
            </Anchor>
            {e.totals.excluded > 0 && (
              <Button variant="subtle" size="xs" onClick={() => setOpen((o) => !o)} aria-expanded={open}>
                {open ? t('billing.claims.hideExcluded') : t('billing.claims.showExcluded')}
              </Button>
            )}
          </Group>
          {open && (one.isPending ? <PageLoader /> : one.isError ? <LoadFailed error={one.error} onRetry={() => void one.refetch()} /> : <ExportResult exp={one.data} headingId={`past-${e.id}`} />)}
        </Stack>
      </Card>
    </li>
  );
}
