import { Alert, Button, Checkbox, FileInput, Stack, Table, Text, TextInput } from '@mantine/core';
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
      const read = await Promise.all(files.map(async (f) => [f.name, await f.text()] as const));
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
              rows={r.report.slice(0, 500).map((row) => ({ ...row, severity: t(`directory.import.${row.severity}`) }))}
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
        {FATAL_CODES.includes(code) ? t(`directory.import.fatal.${code}`) : props.error.detail}
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

/** The rows an import could not take, by file, row and field (and severity, when given). */
function RowProblems(props: { id: string; caption: string; rows: Array<{ file: string; row: string | number; field: string; problem: string; severity?: string }> }) {
  const { t } = useTranslation();
  const withSeverity = props.rows.some((r) => r.severity !== undefined);
  return (
    <div className="table-scroll" role="region" aria-labelledby={props.id} tabIndex={0}>
      <Table striped miw={560}>
        <caption id={props.id} className="table-caption">
          {props.caption}
        </caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('directory.import.file')}</Table.Th>
            <Table.Th scope="col">{t('directory.import.row')}</Table.Th>
            <Table.Th scope="col">{t('directory.import.field')}</Table.Th>
            <Table.Th scope="col">{t('directory.import.problem')}</Table.Th>
            {withSeverity && <Table.Th scope="col">{t('directory.import.severity')}</Table.Th>}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {props.rows.map((r, i) => (
            <Table.Tr key={i}>
              <Table.Td>{r.file}</Table.Td>
              <Table.Td>{r.row}</Table.Td>
              <Table.Td>{r.field}</Table.Td>
              <Table.Td>{r.problem}</Table.Td>
              {withSeverity && <Table.Td>{r.severity}</Table.Td>}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </div>
  );
}
