import { Alert, Button, Checkbox, FileInput, Stack, Table, Text, TextInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { isApiError } from '../../app/api';
import { useFormat } from '../../app/format';
import { ErrorAlert } from '../../app/ui/ErrorAlert';
import { Page } from '../../app/ui/Page';
import { categoryKeys, importDirectory, importRunKeys, listUnmappedCodes, type ImportSummary } from './directory.api';
import { ImportHistory } from './ImportHistory';
import { errorsFirst, ReportDownload, RowProblems } from './RowProblems';

/**
 * Instance operators import HSDS: one HSDS 3.0 JSON file, the CSV files of a tabular package with
 * its datapackage.json (3.0, or the 1.x/2.x packages 211 systems export), or the package's .zip
 * as downloaded. The row report comes back. Below, the import history: each run, from this page
 * or the nightly command line, with what it changed and its report (ImportHistory.tsx).
 */
export default function DirectoryImportPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const count = (key: string, n: number) => t(`directory.import.${key}`, { count: n, n: fmt.number(n) });
  const [files, setFiles] = useState<File[]>([]);
  const [strict, setStrict] = useState(false);
  const [source, setSource] = useState('');
  const [fileError, setFileError] = useState<string | null>(null);
  // Opening a large .zip takes a moment before anything is sent: the button says it is busy.
  const [reading, setReading] = useState(false);
  // The package's size (bytes of its files), to say why the server refused it (413) in terms of it.
  const [size, setSize] = useState(0);
  const tooLarge = (bytes: number) => t('directory.import.tooLarge', { size: fmt.number(Math.ceil((bytes / MIB) * 10) / 10), limit: fmt.number(IMPORT_LIMIT_BYTES / MIB) });
  const queryClient = useQueryClient();
  const run = useMutation({
    mutationFn: async (read: PackageFile[]) => {
      const body = read.length === 1 && read[0]!.name.toLowerCase().endsWith('.json') && read[0]!.name !== 'datapackage.json' ? JSON.parse(read[0]!.text) : { files: Object.fromEntries(read.map((f) => [f.name, f.text])) };
      return importDirectory(body, { strict, source: source.trim() || undefined });
    },
    // The run just made heads the history (and an earlier run of its source no longer keeps its
    // report); the codes no need covers may have changed with it.
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: importRunKeys.all });
      void queryClient.invalidateQueries({ queryKey: categoryKeys.unmapped });
    },
  });
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (files.length === 0) {
      setFileError(t('directory.import.chooseFiles'));
      return;
    }
    setReading(true);
    const read = await packageFiles(files).finally(() => setReading(false));
    if ('notArchive' in read || 'emptyArchive' in read) {
      setFileError('notArchive' in read ? t('directory.import.notZip', { name: read.notArchive }) : t('directory.import.emptyZip', { name: read.emptyArchive }));
      return;
    }
    // The server refuses a package past the API's limit: say so here, with its size and what to do instead.
    const bytes = read.reduce((n, f) => n + f.bytes, 0);
    setSize(bytes);
    if (bytes > IMPORT_LIMIT_BYTES) {
      setFileError(tooLarge(bytes));
      return;
    }
    setFileError(null);
    run.mutate(read);
  };
  const r = run.data;
  return (
    <Page
      title={t('directory.import.title')}
      actions={
        // After an import: the codes of the feed no need covers, and the words of each need.
        <Button component={Link} to="/directory/needs" variant="default">
          {t('directory.needsTitle')}
        </Button>
      }
    >
      <Text>{t('directory.import.intro')}</Text>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Stack gap="sm" maw={520}>
          <FileInput
            label={t('directory.import.files')}
            description={t('directory.import.filesHelp')}
            placeholder={t('directory.import.filesPlaceholder')}
            multiple
            accept=".json,.csv,.zip"
            value={files}
            onChange={setFiles}
            error={fileError}
            clearable
            clearButtonProps={{ 'aria-label': t('directory.import.clearFiles') }}
          />
          <TextInput label={t('directory.import.source')} description={t('directory.import.sourceHelp')} value={source} onChange={(e) => setSource(e.currentTarget.value)} />
          <Checkbox label={t('directory.import.strict')} checked={strict} onChange={(e) => setStrict(e.currentTarget.checked)} />
          <Button type="submit" loading={run.isPending || reading}>
            {t('directory.import.run')}
          </Button>
        </Stack>
      </form>
      {run.isError &&
        (isApiError(run.error) && run.error.code.startsWith('import-') ? (
          <FatalImport error={run.error} />
        ) : isApiError(run.error) && run.error.code === 'body-too-large' ? (
          // Files under the limit whose JSON (escaped quotes and line ends) is over it.
          <Alert color="red" title={t('directory.import.fatalTitle')}>
            {tooLarge(Math.max(size, IMPORT_LIMIT_BYTES + 1))}
          </Alert>
        ) : (
          <ErrorAlert error={run.error} />
        ))}
      {r && (
        <Stack gap="sm">
          <Text role="status" fw={600}>
            {t('directory.import.done', { format: r.format, services: count('servicesIndexed', r.servicesIndexed), errors: count('errorCount', r.errors), warnings: count('warningCount', r.warnings) })}
          </Text>
          {r.sourceUnchanged && <Text>{t('directory.import.sameAsLast', { source: r.source })}</Text>}
          <ImportCounts counts={r.counts} />
          {r.report.length === 0 ? (
            <Text>{t('directory.import.clean')}</Text>
          ) : (
            <>
              <ReportDownload report={r.report} source={r.source} day={new Date().toLocaleDateString('en-CA')} />
              <RowProblems
                id="import-report-caption"
                caption={t('directory.import.report')}
                // Errors (rows left out) before warnings (rows kept, changed as said), each by file and line.
                rows={errorsFirst(r.report)}
              />
            </>
          )}
        </Stack>
      )}
      <UnmappedHint />
      <ImportHistory />
    </Page>
  );
}

interface PackageFile {
  name: string;
  text: string;
  /** Its size as read (on disk, or unzipped). */
  bytes: number;
}

const MIB = 1024 * 1024;
/** The API's limit on an import's body (IMPORT_BODY_LIMIT_BYTES, src/modules/directory/directory.schemas.ts). */
const IMPORT_LIMIT_BYTES = 50 * MIB;

/** The files of a package inside a .zip (folders such as data/ kept in the name); macOS's resource forks are not. */
const PACKAGE_ENTRY = /\.(csv|json)$/i;

/**
 * The chosen files as the import reads them: a .zip (how 211s publish their exports) is opened
 * here, its CSV and JSON files sent by their path inside it (the importer finds tables in data/
 * and names in any case). Excel on Windows saves CSV in Windows-1252: such bytes are read as
 * that, not turned into replacement characters as File.text() would.
 */
async function packageFiles(files: readonly File[]): Promise<PackageFile[] | { notArchive: string } | { emptyArchive: string }> {
  const decode = (bytes: Uint8Array) => {
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      return new TextDecoder('windows-1252').decode(bytes);
    }
  };
  const out: PackageFile[] = [];
  for (const f of files) {
    const bytes = new Uint8Array(await f.arrayBuffer());
    if (!f.name.toLowerCase().endsWith('.zip')) {
      out.push({ name: f.name, text: decode(bytes), bytes: bytes.length });
      continue;
    }
    // Only when a .zip is chosen: the unzipper stays out of the page's first load.
    const { unzipSync } = await import('fflate');
    let entries: Record<string, Uint8Array>;
    try {
      entries = unzipSync(bytes, { filter: (e) => PACKAGE_ENTRY.test(e.name) && !e.name.startsWith('__MACOSX/') });
    } catch {
      return { notArchive: f.name };
    }
    if (Object.keys(entries).length === 0) return { emptyArchive: f.name };
    for (const [name, data] of Object.entries(entries)) out.push({ name, text: decode(data), bytes: data.length });
  }
  return out;
}

/** What the import did to each table it carried rows for: new, updated, unchanged and removed rows. */
function ImportCounts(props: { counts: ImportSummary['counts'] }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  // The tables people look for first (who, what, where), then the rest in the order they were written.
  const first = ['organization', 'service', 'location'];
  const rank = (table: string) => (first.includes(table) ? first.indexOf(table) : first.length);
  const tables = Object.entries(props.counts)
    .filter(([, c]) => c.inserted + c.updated + c.unchanged + c.removed > 0)
    .sort(([a], [b]) => rank(a) - rank(b));
  if (tables.length === 0) return null;
  return (
    <div className="table-scroll" role="region" aria-labelledby="import-counts-caption" tabIndex={0} style={{ maxWidth: 720 }}>
      <Table striped miw={320} verticalSpacing="xs" horizontalSpacing="xs">
        <caption id="import-counts-caption" className="table-caption">
          {t('directory.import.counts')}
        </caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('directory.import.table')}</Table.Th>
            {(['inserted', 'updated', 'unchanged', 'removed'] as const).map((k) => (
              <Table.Th key={k} scope="col" style={{ textAlign: 'right' }}>
                {t(`directory.import.${k}`)}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {tables.map(([table, c]) => (
            <Table.Tr key={table}>
              <Table.Th scope="row" fw={400}>
                {table}
              </Table.Th>
              {(['inserted', 'updated', 'unchanged', 'removed'] as const).map((k) => (
                <Table.Td key={k} style={{ textAlign: 'right', fontVariantNumeric: 'tabular-nums' }}>
                  {fmt.number(c[k])}
                </Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </div>
  );
}

const FATAL_CODES = ['unknown-format', 'unreadable', 'unparseable', 'strict-row-problems'];

/**
 * A fatal import problem: nothing was imported (one transaction). Says why in the chosen
 * language and lists the row problems that stopped a strict import (file, row, field).
 */
function FatalImport(props: { error: { code: string; detail: string; errors: Array<{ field: string; message: string; note?: unknown }> } }) {
  const { t } = useTranslation();
  const code = props.error.code.replace(/^import-/, '');
  return (
    <Stack gap="sm">
      <Alert color="red" variant="outline" title={t('directory.import.fatalTitle')} role="alert">
        <Text size="sm">{FATAL_CODES.includes(code) ? t(`directory.import.fatal.${code}`) : props.error.detail}</Text>
        {/* The server's own words name the file (and the archive it came in); a strict import's
            rows below name theirs, and its English count would only repeat them. */}
        {FATAL_CODES.includes(code) && code !== 'strict-row-problems' && (
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
            // Each may also carry its note (the problem as a code), said like the report's.
            return { file, row, field: field.join(':'), problem: e.message, note: e.note };
          })}
        />
      )}
    </Stack>
  );
}

/**
 * The feed codes of the directory's services that no need covers (their services are not found by
 * a need), with the way to map them: after an import here, or last night's from the command line.
 * Nothing when every code is covered.
 */
function UnmappedHint() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const codes = useQuery({ queryKey: categoryKeys.unmapped, queryFn: listUnmappedCodes });
  const n = codes.data?.length ?? 0;
  if (n === 0) return null;
  const services = codes.data!.reduce((sum, c) => sum + c.services, 0);
  return (
    <Alert color="orange" variant="outline" styles={{ title: { color: 'var(--mantine-color-text)' } }} title={t('directory.import.unmappedTitle', { count: n, n: fmt.number(n) })}>
      <Text size="sm">
        {t('directory.import.unmappedBody', { count: n, n: fmt.number(services), codes: codes.data!.slice(0, 3).map((c) => c.code).join(', ') + (n > 3 ? ', …' : '') })}
      </Text>
      <Button component={Link} to="/directory/needs" variant="default" size="xs" mt="xs">
        {t('directory.import.unmappedAction', { count: n })}
      </Button>
    </Alert>
  );
}
