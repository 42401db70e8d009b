import { Alert, Button, Checkbox, FileInput, Stack, Table, Text, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../app/api';
import { ErrorAlert } from '../../app/ui/ErrorAlert';
import { Page } from '../../app/ui/Page';
import { importDirectory } from './directory.api';

/**
 * Admins import HSDS: one HSDS 3.0 JSON file, or the CSV files of a tabular package with its
 * datapackage.json (3.0, or the 1.x/2.x packages 211 systems export). The row report comes back.
 */
export default function DirectoryImportPage() {
  const { t } = useTranslation();
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
            {t('directory.import.done', { format: r.format, services: r.servicesIndexed, errors: r.errors, warnings: r.warnings })}
          </Text>
          {r.report.length === 0 ? (
            <Text>{t('directory.import.clean')}</Text>
          ) : (
            <div className="table-scroll" role="region" aria-labelledby="import-report-caption" tabIndex={0}>
              <Table striped miw={560}>
                <caption id="import-report-caption" className="table-caption">
                  {t('directory.import.report')}
                </caption>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">{t('directory.import.file')}</Table.Th>
                    <Table.Th scope="col">{t('directory.import.row')}</Table.Th>
                    <Table.Th scope="col">{t('directory.import.field')}</Table.Th>
                    <Table.Th scope="col">{t('directory.import.problem')}</Table.Th>
                    <Table.Th scope="col">{t('directory.import.severity')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {r.report.slice(0, 500).map((row, i) => (
                    <Table.Tr key={i}>
                      <Table.Td>{row.file}</Table.Td>
                      <Table.Td>{row.row}</Table.Td>
                      <Table.Td>{row.field}</Table.Td>
                      <Table.Td>{row.problem}</Table.Td>
                      <Table.Td>{t(`directory.import.${row.severity}`)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </div>
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
        <div className="table-scroll" role="region" aria-labelledby="import-fatal-caption" tabIndex={0}>
          <Table striped miw={560}>
            <caption id="import-fatal-caption" className="table-caption">
              {t('directory.import.fatalRows')}
            </caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('directory.import.file')}</Table.Th>
                <Table.Th scope="col">{t('directory.import.row')}</Table.Th>
                <Table.Th scope="col">{t('directory.import.field')}</Table.Th>
                <Table.Th scope="col">{t('directory.import.problem')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {props.error.errors.map((e, i) => {
                // The server names each row as file:row[:field].
                const [file = '', row = '', ...field] = e.field.split(':');
                return (
                  <Table.Tr key={i}>
                    <Table.Td>{file}</Table.Td>
                    <Table.Td>{row}</Table.Td>
                    <Table.Td>{field.join(':')}</Table.Td>
                    <Table.Td>{e.message}</Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </div>
      )}
    </Stack>
  );
}
