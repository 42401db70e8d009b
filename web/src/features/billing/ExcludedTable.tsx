// The lines a claims export (ExportResult.tsx) or its preview (PreviewResult.tsx) leaves out, on
// the claims page (ClaimsPage.tsx), each with its note, whose it is and the reason
// (claims.batch.rules.ts); first a summary by reason and person, since an admin fixes a missing
// coverage or address once per person, not once per note.
import { Anchor, List, Stack, Table, Title } from '@mantine/core';
import { Fragment } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useFormat } from '../../app/format';
import type { Exclusion } from './billing.api';
import { byReason } from './excluded';

/** Reason words: a held claim's own (billing.claims.heldReasons), else the billing reasons of a note. */
function useReasonLabel() {
  const { t } = useTranslation();
  // A note's reasons are worded to follow "Not billed:" (lower case); here each starts a line.
  return (reason: string) => {
    const label = t(`billing.claims.heldReasons.${reason}`, { defaultValue: t(`caseload.billing.reasons.${reason}`, { defaultValue: reason }) });
    return label.charAt(0).toLocaleUpperCase() + label.slice(1);
  };
}

/** Reasons fixed on the participant's coverage (dates, address): their names open that page. */
const COVERAGE_REASONS = new Set(['no-coverage', 'missing-subscriber-address']);
const participantPath = (x: Exclusion) => `/participants/${x.participantId}${COVERAGE_REASONS.has(x.reason) ? '/coverage' : ''}`;

function ParticipantLink(props: { x: Exclusion }) {
  const { t } = useTranslation();
  return (
    <Anchor component={Link} to={participantPath(props.x)}>
      {props.x.participantName || t('billing.claims.unnamedParticipant')}
    </Anchor>
  );
}

/** The lines an export leaves (or would leave) out, by reason and person, then each with its reason and what to do. */
export function ExcludedTable(props: { excluded: Exclusion[]; headingId: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const reasonLabel = useReasonLabel();
  if (props.excluded.length === 0) return null;
  const groups = byReason(props.excluded);
  return (
    <Stack gap="sm">
      <section aria-labelledby={`${props.headingId}-by-reason`} data-testid="excluded-by-reason">
        <Title order={3} fz={16} id={`${props.headingId}-by-reason`}>
          {t('billing.claims.byReasonTitle')}
        </Title>
        <List size="sm" spacing={4} mt={4}>
          {groups.map((g) => (
            <List.Item key={g.reason} data-reason={g.reason}>
              <strong>{reasonLabel(g.reason)}</strong>
              {` · ${t('billing.claims.reasonNotes', { count: g.notes })}: `}
              {g.people.map((p, i) => (
                <Fragment key={p.first.participantId}>
                  {i > 0 && ', '}
                  {/* A name and its count stay on one line. */}
                  <span style={{ whiteSpace: 'nowrap' }}>
                    <ParticipantLink x={p.first} />
                    {` (${f.number(p.notes)})`}
                  </span>
                </Fragment>
              ))}
            </List.Item>
          ))}
        </List>
      </section>
      <div className="table-scroll" role="region" aria-labelledby={`${props.headingId}-excluded`} tabIndex={0}>
        <Table striped verticalSpacing="xs" miw={640}>
          <caption id={`${props.headingId}-excluded`} className="table-caption">
            {t('billing.claims.excludedCaption', { count: props.excluded.length })}
          </caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('billing.claims.serviceDate')}</Table.Th>
              <Table.Th scope="col">{t('billing.claims.participant')}</Table.Th>
              <Table.Th scope="col">{t('billing.claims.note')}</Table.Th>
              <Table.Th scope="col">{t('billing.claims.reason')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {props.excluded.map((x) => (
              <Table.Tr key={`${x.encounterId}-${x.participantId}`} data-reason={x.reason}>
                <Table.Td>{f.date(x.serviceDate)}</Table.Td>
                <Table.Td>
                  <ParticipantLink x={x} />
                </Table.Td>
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
    </Stack>
  );
}
