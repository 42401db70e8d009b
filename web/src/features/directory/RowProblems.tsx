import { Badge, Button, Group, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { saveFile } from '../../app/api';
import { useFormat } from '../../app/format';
import type { ImportReportRow } from './directory.api';
import { sayNote } from './import-notes';
import { errorsBeforeWarnings, reportCsv, reportFileName } from './report-csv';

/** The rows a page shows of a report at most; the download holds them all. */
const SHOWN_ROWS = 500;

/** A report's rows as the page shows them: errors (rows left out) before warnings (rows kept, changed as said), each by file and line; 500 at most. */
export const errorsFirst = (report: readonly ImportReportRow[]): ImportReportRow[] => errorsBeforeWarnings(report).slice(0, SHOWN_ROWS);

/**
 * Above a report's table: how much of it the page shows (a real export can have thousands of
 * problems; the page shows the first 500, errors first, and says so), and the whole report as a
 * CSV file in the reader's language, to fix the export with or to send to the 211's data team.
 */
export function ReportDownload(props: { report: readonly ImportReportRow[]; source: string; day: string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { report } = props;
  const download = () => {
    const csv = reportCsv(report, (r) => sayNote(t, r.note, r.problem));
    // A byte order mark: spreadsheets then read the accents of a Spanish report as UTF-8.
    saveFile(new Blob(['\ufeff', csv], { type: 'text/csv;charset=utf-8' }), reportFileName(props.source, props.day));
  };
  return (
    <Group gap="sm" align="center" my="xs">
      {report.length > SHOWN_ROWS && (
        <Text size="sm">{t('directory.import.firstRows', { shown: fmt.number(SHOWN_ROWS), count: report.length, total: fmt.number(report.length) })}</Text>
      )}
      <Button variant="light" size="compact-sm" onClick={download}>
        {t('directory.import.downloadReport')}
      </Button>
    </Group>
  );
}

/**
 * The rows an import could not take (errors) or changed (warnings): severity first, then the file
 * as the package names it and the line an editor shows (or the data row; "whole file" for 0).
 */
export function RowProblems(props: {
  id: string;
  caption: string;
  rows: Array<{ file: string; row: string | number; line?: number | undefined; field: string; problem: string; note?: unknown; severity?: 'error' | 'warning' }>;
}) {
  const { t } = useTranslation();
  const withSeverity = props.rows.some((r) => r.severity !== undefined);
  const withLines = props.rows.some((r) => r.line !== undefined);
  const where = (r: { row: string | number; line?: number | undefined }) =>
    r.line !== undefined ? String(r.line) : String(r.row) === '0' ? t('directory.import.wholeFile') : String(r.row);
  return (
    <div className="table-scroll" role="region" aria-labelledby={props.id} tabIndex={0}>
      <Table striped miw={560} verticalSpacing="xs" className="stack-on-phone">
        <caption id={props.id} className="table-caption">
          {props.caption}
        </caption>
        <Table.Thead>
          <Table.Tr>
            {withSeverity && <Table.Th scope="col">{t('directory.import.severity')}</Table.Th>}
            <Table.Th scope="col">{t('directory.import.file')}</Table.Th>
            <Table.Th scope="col">{withLines ? t('directory.import.line') : t('directory.import.row')}</Table.Th>
            <Table.Th scope="col">{t('directory.import.field')}</Table.Th>
            <Table.Th scope="col">{t('directory.import.problem')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {props.rows.map((r, i) => (
            <Table.Tr key={i}>
              {withSeverity && (
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  {r.severity && (
                    // Filled, dark red and light yellow: contrast of 4.5:1 or more at the badge's small size.
                    <Badge color={r.severity === 'error' ? 'red.9' : 'yellow.3'} variant="filled" autoContrast style={{ overflow: 'visible' }} tt="none">
                      {t(`directory.import.${r.severity}`)}
                    </Badge>
                  )}
                </Table.Td>
              )}
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{r.file}</Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }} data-label={withLines ? t('directory.import.line') : t('directory.import.row')}>
                {where(r)}
              </Table.Td>
              <Table.Td>{r.field}</Table.Td>
              {/* The note in the reader's language; the English problem for a report without one. A
                  long value (a URL, an id) breaks rather than widening the column; on a phone each
                  problem is a block with the sentence at full width (app.css .stack-on-phone). */}
              <Table.Td className="stack-full" style={{ minWidth: '16rem', overflowWrap: 'anywhere' }}>
                {sayNote(t, r.note, r.problem)}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </div>
  );
}
