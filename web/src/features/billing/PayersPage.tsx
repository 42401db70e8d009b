// The billing administration page: its payers table, with the payer form (PayerForm.tsx), the
// coverage chooser (CoverageChooser.tsx), the billing identity (BillingIdentity.tsx) and the
// co-signature rules (CosignSettings.tsx).
import { Anchor, Badge, Button, Group, Table, Text } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useFormat } from '../../app/format';
import { Page } from '../../app/ui/Page';
import { LoadFailed, PageLoader } from '../../app/ui/StatusPages';
import '../caseload/caseload.css';
import { BillingIdentity } from './BillingIdentity';
import { billingKeys, listPayers, type Payer } from './billing.api';
import { CosignSettings } from './CosignSettings';
import { CoverageChooser } from './CoverageChooser';
import { PayerForm } from './PayerForm';

/** Billing administration: payers and their unit rules, co-signature rules, coverages. */
export default function PayersPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const queryClient = useQueryClient();
  const payers = useQuery({ queryKey: billingKeys.payers, queryFn: listPayers });
  const [editing, setEditing] = useState<Payer | 'new' | null>(null);
  const [status, setStatus] = useState('');
  const addButton = useRef<HTMLButtonElement>(null);

  return (
    <Page
      title={t('billing.payers.title')}
      actions={
        editing === null && (
          <Button ref={addButton} onClick={() => setEditing('new')}>
            {t('billing.payers.add')}
          </Button>
        )
      }
    >
      <Text>{t('billing.payers.intro')}</Text>
      <Anchor component={Link} to="/admin/claims">
        {t('billing.payers.toClaims')}
      </Anchor>
      {editing !== null && (
        <PayerForm
          key={editing === 'new' ? 'new' : editing.id}
          payer={editing === 'new' ? null : editing}
          onCancel={() => {
            setEditing(null);
            setTimeout(() => addButton.current?.focus(), 0);
          }}
          onDone={(p) => {
            setStatus(editing === 'new' ? t('billing.payers.created', { name: p.name }) : t('billing.payers.updated', { name: p.name }));
            setEditing(null);
            void queryClient.invalidateQueries({ queryKey: billingKeys.payers });
          }}
        />
      )}
      <div role="status" aria-live="polite" className="status-ok">
        {status}
      </div>
      {payers.isPending ? (
        <PageLoader />
      ) : payers.isError ? (
        <LoadFailed error={payers.error} onRetry={() => void payers.refetch()} />
      ) : payers.data.items.length === 0 ? (
        <Text>{t('billing.payers.none')}</Text>
      ) : (
        <div className="table-scroll" role="region" aria-labelledby="payers-caption" tabIndex={0}>
          {/* On a phone each payer is a block (app.css .stack-on-phone), its rate and status on screen. */}
          <Table striped verticalSpacing="sm" miw={760} className="stack-on-phone">
            <caption id="payers-caption" className="table-caption">
              {t('billing.payers.caption')}
            </caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('billing.payers.name')}</Table.Th>
                <Table.Th scope="col">{t('billing.payers.type')}</Table.Th>
                <Table.Th scope="col">{t('billing.payers.serviceCode')}</Table.Th>
                <Table.Th scope="col">{t('billing.payers.unitRule')}</Table.Th>
                <Table.Th scope="col">{t('billing.payers.dailyMax')}</Table.Th>
                <Table.Th scope="col">{t('billing.payers.rate')}</Table.Th>
                <Table.Th scope="col">{t('billing.payers.status')}</Table.Th>
                <Table.Th scope="col">{t('billing.payers.actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {payers.data.items.map((p) => (
                <Table.Tr key={p.id} data-payer={p.name}>
                  <Table.Td fw={600} className="stack-full">
                    {p.name}
                  </Table.Td>
                  <Table.Td data-label={t('billing.payers.type')}>{t(`billing.payerTypes.${p.type}`)}</Table.Td>
                  <Table.Td data-label={t('billing.payers.serviceCode')}>{p.serviceCode}</Table.Td>
                  <Table.Td className="stack-full">
                    {t('billing.payers.unitRuleText', { minutes: p.unitMinutes, rule: t(`billing.rounding.${p.rounding}`), basis: t(`billing.basis.${p.roundingBasis}`) })}
                  </Table.Td>
                  <Table.Td data-label={t('billing.payers.dailyMax')}>{p.dailyMaxUnits ?? t('billing.payers.noCap')}</Table.Td>
                  <Table.Td data-label={t('billing.payers.rate')}>{new Intl.NumberFormat(f.locale, { style: 'currency', currency: 'USD' }).format(p.ratePerUnit / 100)}</Table.Td>
                  <Table.Td>
                    <Group gap={4}>
                      <Badge color={p.active ? 'teal.9' : 'gray.7'} variant="filled">
                        {p.active ? t('billing.payers.activeBadge') : t('billing.payers.inactiveBadge')}
                      </Badge>
                      {p.requiresCosign && (
                        <Badge color="blue.9" variant="outline">
                          {t('billing.payers.cosignBadge')}
                        </Badge>
                      )}
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <Button size="xs" variant="default" onClick={() => setEditing(p)} aria-label={t('billing.payers.editNamed', { name: p.name })}>
                      {t('billing.payers.edit')}
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </div>
      )}
      <CoverageChooser />
      <BillingIdentity />
      <CosignSettings />
    </Page>
  );
}
