import { Badge, Button, Code, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { useFormat } from '../../app/format';
import { LoadFailed, PageLoader } from '../../app/ui/StatusPages';
import { getImportRun, importRunKeys, listImportRuns, type ImportRun } from './directory.api';
import { errorsFirst, ReportDownload, RowProblems } from './RowProblems';

/** The runs the history shows: a month of nightly imports. */
const LIMIT = 30;

/**
 * The import history (issue 19): most imports of a 211 export run each night from the command
 * line, so the operator sees here whether last night's ran, what it changed and how many problems
 * it had; each source's latest run keeps its row report, shown on demand under the table. On a
 * phone each run is a block (app.css .stack-on-phone), as the row report's problems are.
 */
export function ImportHistory() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const runs = useQuery({ queryKey: importRunKeys.list(LIMIT), queryFn: () => listImportRuns(LIMIT) });
  const [open, setOpen] = useState<string | null>(null);
  // A run whose report a newer import of its source has since replaced closes with it.
  const shown = runs.data?.runs.find((r) => r.id === open && r.reportKept) ?? null;
  const anyNotKept = runs.data?.runs.some((r) => !r.reportKept) ?? false;
  const when = (r: ImportRun) => fmt.dateTime(r.finishedAt);
  return (
    <Stack component="section" gap="sm" mt="md">
      <Title order={2} fz={20}>
        {t('directory.history.title')}
      </Title>
      <Text>{t('directory.history.intro')}</Text>
      {runs.isPending ? (
        <PageLoader />
      ) : runs.isError ? (
        <LoadFailed error={runs.error} onRetry={() => void runs.refetch()} />
      ) : runs.data.runs.length === 0 ? (
        <Text data-testid="import-history-empty">
          <Trans i18nKey="directory.history.empty" components={{ cmd: <Code /> }} />
        </Text>
      ) : (
        <>
          <div className="table-scroll" role="region" aria-labelledby="import-history-caption" tabIndex={0}>
            <Table striped miw={760} verticalSpacing="xs" className="stack-on-phone">
              <VisuallyHidden component="caption" id="import-history-caption">
                {t('directory.history.caption')}
              </VisuallyHidden>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('directory.history.finished')}</Table.Th>
                  <Table.Th scope="col">{t('directory.history.source')}</Table.Th>
                  <Table.Th scope="col">{t('directory.history.ranFrom')}</Table.Th>
                  <Table.Th scope="col">{t('directory.history.changes')}</Table.Th>
                  <Table.Th scope="col">{t('directory.history.errors')}</Table.Th>
                  <Table.Th scope="col">{t('directory.history.warnings')}</Table.Th>
                  <Table.Th scope="col">{t('directory.history.report')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {runs.data.runs.map((r) => (
                  <Table.Tr key={r.id} data-run={r.id}>
                    <Table.Th scope="row" fw={600} className="stack-full" style={{ whiteSpace: 'nowrap' }}>
                      {when(r)}
                    </Table.Th>
                    <Table.Td data-label={t('directory.history.source')} style={{ minWidth: '8rem', overflowWrap: 'anywhere' }}>
                      {r.source}
                    </Table.Td>
                    <Table.Td>{t(`directory.history.from.${r.ranFrom}`)}</Table.Td>
                    <Table.Td className="stack-full" style={{ minWidth: '14rem' }}>
                      <Changes counts={r.counts} />
                    </Table.Td>
                    <Table.Td data-label={t('directory.history.errors')}>
                      <Count n={r.errors} color="red.9" />
                    </Table.Td>
                    <Table.Td data-label={t('directory.history.warnings')}>
                      <Count n={r.warnings} color="yellow.3" />
                    </Table.Td>
                    <Table.Td className="stack-full">
                      {r.reportKept ? (
                        <Button
                          size="xs"
                          variant="default"
                          onClick={() => setOpen(open === r.id ? null : r.id)}
                          aria-expanded={open === r.id}
                          // Only while shown: the report's panel is not in the page otherwise.
                          aria-controls={open === r.id ? 'import-history-report' : undefined}
                          aria-label={t(open === r.id ? 'directory.history.hideFor' : 'directory.history.showFor', { source: r.source, when: when(r) })}
                        >
                          {t(open === r.id ? 'directory.history.hide' : 'directory.history.show')}
                        </Button>
                      ) : (
                        <Text span size="sm" c="dimmed" aria-describedby="import-history-kept">
                          {t('directory.history.notKept')}
                        </Text>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </div>
          {anyNotKept && (
            <Text size="sm" c="dimmed" id="import-history-kept">
              {t('directory.history.keptNote')}
            </Text>
          )}
          {shown && <RunReport run={shown} when={when(shown)} />}
        </>
      )}
    </Stack>
  );
}

/** A count of errors or warnings: a filled badge when there are any (as the report marks each), else a plain 0. */
function Count(props: { n: number; color: string }) {
  const fmt = useFormat();
  if (props.n === 0) return fmt.number(0);
  // Dark red and light yellow, filled: 4.5:1 or more at the badge's small size, as in RowProblems.
  return (
    <Badge color={props.color} variant="filled" autoContrast style={{ overflow: 'visible' }} tt="none">
      {fmt.number(props.n)}
    </Badge>
  );
}

/**
 * What a run changed: the services new, updated and removed, and the rows changed in every table.
 * A nightly re-import of an unchanged export changes nothing and says so.
 */
function Changes(props: { counts: ImportRun['counts'] }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const total = Object.values(props.counts).reduce((n, c) => n + c.inserted + c.updated + c.removed, 0);
  if (total === 0) return t('directory.history.noChanges');
  const s = props.counts.service ?? { inserted: 0, updated: 0, removed: 0 };
  return (
    <>
      <div>{t('directory.history.services', { inserted: fmt.number(s.inserted), updated: fmt.number(s.updated), removed: fmt.number(s.removed) })}</div>
      <div>{t('directory.history.rowsChanged', { count: total, n: fmt.number(total) })}</div>
    </>
  );
}

/** The row report of one run, read when asked for: errors first, each problem in the reader's language. */
function RunReport(props: { run: ImportRun; when: string }) {
  const { t } = useTranslation();
  const { run, when } = props;
  const detail = useQuery({ queryKey: importRunKeys.run(run.id), queryFn: () => getImportRun(run.id) });
  const panel = useRef<HTMLDivElement>(null);
  // Under a long history the report would be out of sight: brought into view once it has come, once per run.
  const scrolledFor = useRef<string | null>(null);
  useEffect(() => {
    if (!detail.data || scrolledFor.current === run.id) return;
    scrolledFor.current = run.id;
    panel.current?.scrollIntoView({ block: 'start' });
  }, [detail.data, run.id]);
  const names = { source: run.source, when };
  return (
    // Its top comes to just below the sticky header (56 px and its border), so nothing above it is
    // left half under the header, a button too small to press.
    <div id="import-history-report" ref={panel} style={{ scrollMarginTop: 57 }}>
      {detail.isPending ? (
        <PageLoader />
      ) : detail.isError ? (
        <LoadFailed error={detail.error} onRetry={() => void detail.refetch()} />
      ) : detail.data.report === null ? (
        <Text>{t('directory.history.noLongerKept', names)}</Text>
      ) : detail.data.report.length === 0 ? (
        <Text>{t('directory.history.noProblems', names)}</Text>
      ) : (
        <>
          <ReportDownload report={detail.data.report} source={run.source} day={new Date(run.finishedAt).toLocaleDateString('en-CA')} />
          <RowProblems id="import-history-report-caption" caption={t('directory.history.reportOf', names)} rows={errorsFirst(detail.data.report)} />
        </>
      )}
    </div>
  );
}
