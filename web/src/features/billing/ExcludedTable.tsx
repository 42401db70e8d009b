// The lines a claims export (ExportResult.tsx) or its preview (PreviewResult.tsx) leaves out, on
// the claims page (ClaimsPage.tsx), each with its note and the reason (claims.batch.rules.ts).
import { Anchor, Table } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useFormat } from '../../app/format';
import type { Exclusion } from './billing.api';

/** Reason words: a held claim's own (billing.claims.heldReasons), else the billing reasons of a note. */
function useReasonLabel() {
  const { t } = useTranslation();
  return (reason: string) => t(`billing.claims.heldReasons.${reason}`, { defaultValue: t(`caseload.billing.reasons.${reason}`, { defaultValue: reason }) });
}

/** The lines an export leaves (or would leave) out, each with its reason and what to do. */
export function ExcludedTable(props: { excluded: Exclusion[]; headingId: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const reasonLabel = useReasonLabel();
  if (props.excluded.length === 0) return null;
  return (
    <div className="table-scroll" role="region" aria-labelledby={`${props.headingId}-excluded`} tabIndex={0}>
      <Table striped verticalSpacing="xs" miw={560}>
        <caption id={`${props.headingId}-excluded`} className="table-caption">
          {t('billing.claims.excludedCaption', { count: props.excluded.length })}
        </caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('billing.claims.serviceDate')}</Table.Th>
            <Table.Th scope="col">{t('billing.claims.note')}</Table.Th>
            <Table.Th scope="col">{t('billing.claims.reason')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {props.excluded.map((x) => (
            <Table.Tr key={`${x.encounterId}-${x.participantId}`} data-reason={x.reason}>
              <Table.Td>{f.date(x.serviceDate)}</Table.Td>
              <Table.Td>
                <Anchor component={Link} to={`/caseload/encounters/${x.encounterId}`}>
                  {t('billing.claims.openNote')}
                </Anchor>
              </Table.Td>
              <Table.Td>
                <strong>{reasonLabel(x.reason)}</strong>
                {x.explanation ? ` · ${x.explanation}` : ''}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </div>
  );
}
