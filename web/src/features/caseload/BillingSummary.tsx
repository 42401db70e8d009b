import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../app/format';
import { activityList, placeLabel, type AttestedFacts } from './attestation';
import { formatCents, type EncounterBilling } from './caseload.api';
import { WARNING_TEXT } from '../../app/theme';

/**
 * What a note bills, as the peer types it and after signing (issue 4): units, code and modifiers,
 * the server's explanation ("38 minutes: 3 units under the 8-minute rule"), or why it is not billable.
 * It names the minutes, place of service and activities the note records (`facts`, the note as
 * stored, which the billing was computed from): what the claim says happened (issue 17).
 */
export function BillingSummary(props: { billing: EncounterBilling | null | undefined; facts?: AttestedFacts | undefined; pending?: boolean; id?: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const b = props.billing;
  return (
    <div className="billing-box" data-billable={b ? String(b.billable) : 'false'} id={props.id}>
      {!b ? (
        <Text size="sm">{t('caseload.billing.notYet')}</Text>
      ) : (
        <>
          <Text size="sm" fw={600} data-testid="billing-units">
            {b.code
              ? t('caseload.billing.line', {
                  units: t('caseload.billing.units', { count: b.units }),
                  code: [b.code, ...b.modifiers].join(' '),
                })
              : t('caseload.billing.units', { count: b.units })}
            {b.amountCents > 0 ? ` · ${formatCents(b.amountCents, f.locale)}` : ''}
          </Text>
          {props.facts && (
            <Text size="sm" data-testid="billing-facts">
              {t('notes.billingFacts', {
                minutes: t('caseload.minutes', { count: props.facts.durationMinutes }),
                place: placeLabel(t, props.facts.placeOfService),
                activities: props.facts.activities.length > 0 ? activityList(t, props.facts.activities) : t('notes.noActivityYet'),
              })}
            </Text>
          )}
          <Text size="sm" data-testid="billing-explanation">
            {b.explanation}
          </Text>
          <Text size="sm">
            {b.billable
              ? t('caseload.billing.billableTo', { payer: b.payerName ?? '—' })
              : t('caseload.billing.notBillable', { reason: t(`caseload.billing.reasons.${b.reason ?? 'unknown'}`) })}
          </Text>
          {b.coverageChanged && (
            <Text size="sm" fw={600} c={WARNING_TEXT} data-testid="billing-coverage-changed">
              {t('caseload.billing.coverageChanged', { payer: b.payerName ?? '—', now: b.coverageChanged.payerName ?? t('caseload.billing.noCoverageNow') })}
            </Text>
          )}
          {props.pending && (
            <Text size="xs" c="dimmed">
              {t('caseload.billing.updating')}
            </Text>
          )}
        </>
      )}
    </div>
  );
}
