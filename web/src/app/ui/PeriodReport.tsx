import { Button, Group, Table, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { addDays, useOrgToday } from '../today';

// The pieces of a report over a period (match retention, referral outcomes): the period in the
// address (so a report can be bookmarked and shared), a form to change it, and tables of figures.

/** The period of the address (`from`, `to`), by default the last `days` days, today included. */
export function usePeriod(days: number) {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  // The organization's day: the UTC day is already tomorrow on an evening in the Americas.
  const to = useOrgToday();
  const range = {
    from: addDays(to, -(days - 1)),
    to,
    ...Object.fromEntries([...params].filter(([k]) => k === 'from' || k === 'to')),
  };
  const [draft, setDraft] = useState(range);
  const [error, setError] = useState<string | undefined>();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (draft.from > draft.to) {
      setError(t('common.rangeOrder'));
      return;
    }
    setError(undefined);
    setParams(new URLSearchParams({ from: draft.from, to: draft.to }));
  };
  return { range, draft, setDraft, error, submit };
}

export function PeriodForm(props: { period: ReturnType<typeof usePeriod>; label: string; fromLabel: string; toLabel: string; showLabel: string }) {
  const { draft, setDraft, error, submit } = props.period;
  return (
    <form onSubmit={submit} aria-label={props.label} noValidate>
      <Group align="start" gap="sm" wrap="wrap">
        <TextInput label={props.fromLabel} type="date" value={draft.from} onChange={(e) => setDraft({ ...draft, from: e.currentTarget.value })} required />
        <TextInput label={props.toLabel} type="date" value={draft.to} onChange={(e) => setDraft({ ...draft, to: e.currentTarget.value })} required error={error} />
        <Button type="submit" mt={25}>
          {props.showLabel}
        </Button>
      </Group>
    </form>
  );
}

/** A titled table of figures: a header row, then one row per item led by its row header. */
export function FigureTable<R>(props: {
  id: string;
  title: string;
  minWidth: number;
  columns: string[];
  rows: R[];
  rowKey: (r: R) => string;
  rowHeader: (r: R) => ReactNode;
  cells: (r: R) => ReactNode[];
  rowAttributes?: (r: R) => Record<string, string>;
}) {
  return (
    <section aria-labelledby={props.id}>
      <Title order={2} fz="lg" id={props.id} mb="xs">
        {props.title}
      </Title>
      {/* Between a phone and the table's width it scrolls sideways: its scroller takes keyboard
          focus, so the columns out of view can be reached without a mouse (WCAG 2.1.1). On a phone
          each group is a block, its name at full width and each figure said by its column
          (app.css .stack-on-phone): scrolled, a 360px screen showed the names and one figure. */}
      <Table.ScrollContainer type="native" minWidth={props.minWidth} tabIndex={0} role="group" aria-labelledby={props.id}>
        <Table striped data-testid={props.id} className="stack-on-phone">
          <Table.Thead>
            <Table.Tr>
              {props.columns.map((c) => (
                <Table.Th key={c} scope="col">
                  {c}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {props.rows.map((r) => (
              <Table.Tr key={props.rowKey(r)} {...props.rowAttributes?.(r)}>
                {/* A group's name (a service, an organization) wraps at word breaks, not letter by letter. */}
                <Table.Th scope="row" miw="12rem" className="stack-full">
                  {props.rowHeader(r)}
                </Table.Th>
                {props.cells(r).map((c, i) => (
                  <Table.Td key={i} data-label={props.columns[i + 1]}>
                    {c}
                  </Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </section>
  );
}
