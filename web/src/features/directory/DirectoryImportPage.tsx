import { Alert, Badge, Button, Checkbox, FileInput, Stack, Table, Text, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../app/api';
import { useFormat } from '../../app/format';
import { ErrorAlert } from '../../app/ui/ErrorAlert';
import { Page } from '../../app/ui/Page';
import { importDirectory } from './directory.api';

/**
 * Admins import HSDS: one HSDS 3.0 JSON file, or the CSV files of a tabular package with its
 * datapackage.json (3.0, or the 1.x/2.x packages 211 systems export). The row report comes back.
 */
export default function DirectoryImportPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const count = (key: string, n: number) => t(`directory.import.${key}`, { count: n, n: fmt.number(n) });
  const [files, setFiles] = useState<File[]>([]);
  const [strict, setStrict] = useState(false);
  const [source, setSource] = useState('');
  const [fileError, setFileError] = useState<string | null>(null);
  const run = useMutation({
    mutationFn: async () => {
      // Excel on Windows saves CSV in Windows-1252: read as such when the bytes are not UTF-8
      // (File.text() would turn every accented letter into a replacement character).
      const text = async (f: File) => {
        const bytes = new Uint8Array(await f.arrayBuffer());
        try {
          return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
        } catch {
          return new TextDecoder('windows-1252').decode(bytes);
        }
      };
      const read = await Promise.all(files.map(async (f) => [f.name, await text(f)] as const));
      const body = read.length === 1 && read[0]![0].toLowerCase().endsWith('.json') && read[0]![0] !== 'datapackage.json' ? JSON.parse(read[0]![1]) : { files: Object.fromEntries(read) };
      return importDirectory(body, { strict, source: source.trim() || undefined });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (files.length === 0) {
      setFileError(t('directory.import.chooseFiles'));
      return;
    }
    setFileError(null);
    run.mutate();
  };
  const r = run.data;
  return (
    <Page title={t('directory.import.title')}>
      <Text>{t('directory.import.intro')}</Text>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm" maw={520}>
          <FileInput
            label={t('directory.import.files')}
            description={t('directory.import.filesHelp')}
            multiple
            accept=".json,.csv"
            value={files}
            onChange={setFiles}
            error={fileError}
            clearable
            clearButtonProps={{ 'aria-label': t('directory.import.clearFiles') }}
          />
          <TextInput label={t('directory.import.source')} description={t('directory.import.sourceHelp')} value={source} onChange={(e) => setSource(e.currentTarget.value)} />
          <Checkbox label={t('directory.import.strict')} checked={strict} onChange={(e) => setStrict(e.currentTarget.checked)} />
          <Button type="submit" loading={run.isPending}>
            {t('directory.import.run')}
          </Button>
        </Stack>
      </form>
      {run.isError && (isApiError(run.error) && run.error.code.startsWith('import-') ? <FatalImport error={run.error} /> : <ErrorAlert error={run.error} />)}
      {r && (
        <Stack gap="sm">
          <Text role="status" fw={600}>
            {t('directory.import.done', { format: r.format, services: count('servicesIndexed', r.servicesIndexed), errors: count('errorCount', r.errors), warnings: count('warningCount', r.warnings) })}
          </Text>
          {r.report.length === 0 ? (
            <Text>{t('directory.import.clean')}</Text>
          ) : (
            <RowProblems
              id="import-report-caption"
              caption={t('directory.import.report')}
              // Errors (rows left out) before warnings (rows kept, changed as said), each by file and line.
              rows={[...r.report.filter((x) => x.severity === 'error'), ...r.report.filter((x) => x.severity !== 'error')].slice(0, 500)}
            />
          )}
        </Stack>
      )}
    </Page>
  );
}

const FATAL_CODES = ['unknown-format', 'unreadable', 'unparseable', 'strict-row-problems'];

/**
 * A fatal import problem: nothing was imported (one transaction). Says why in the chosen
 * language and lists the row problems that stopped a strict import (file, row, field).
 */
function FatalImport(props: { error: { code: string; detail: string; errors: Array<{ field: string; message: string }> } }) {
  const { t } = useTranslation();
  const code = props.error.code.replace(/^import-/, '');
  return (
    <Stack gap="sm">
      <Alert color="red" variant="outline" title={t('directory.import.fatalTitle')} role="alert">
        <Text size="sm">{FATAL_CODES.includes(code) ? t(`directory.import.fatal.${code}`) : props.error.detail}</Text>
        {/* The server's own words name the file (and the archive it came in). */}
        {FATAL_CODES.includes(code) && (
          <Text size="sm" mt="xs" ff="monospace" style={{ overflowWrap: 'anywhere' }}>
            {props.error.detail}
          </Text>
        )}
      </Alert>
      {props.error.errors.length > 0 && (
        <RowProblems
          id="import-fatal-caption"
          caption={t('directory.import.fatalRows')}
          rows={props.error.errors.map((e) => {
            // The server names each row as file:row[:field].
            const [file = '', row = '', ...field] = e.field.split(':');
            return { file, row, field: field.join(':'), problem: e.message };
          })}
        />
      )}
    </Stack>
  );
}

/**
 * The rows an import could not take (errors) or changed (warnings): severity first, then the file
 * as the package names it and the line an editor shows (or the data row; "whole file" for 0).
 */
function RowProblems(props: { id: string; caption: string; rows: Array<{ file: string; row: string | number; line?: number | undefined; field: string; problem: string; severity?: 'error' | 'warning' }> }) {
  const { t } = useTranslation();
  const withSeverity = props.rows.some((r) => r.severity !== undefined);
  const withLines = props.rows.some((r) => r.line !== undefined);
  const where = (r: { row: string | number; line?: number | undefined }) =>
    r.line !== undefined ? String(r.line) : String(r.row) === '0' ? t('directory.import.wholeFile') : String(r.row);
  return (
    <div className="table-scroll" role="region" aria-labelledby={props.id} tabIndex={0}>
      <Table striped miw={560} verticalSpacing="xs">
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
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{where(r)}</Table.Td>
              <Table.Td>{r.field}</Table.Td>
              <Table.Td>{r.problem}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </div>
  );
}
