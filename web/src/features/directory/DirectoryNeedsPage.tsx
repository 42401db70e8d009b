import { Badge, Button, Group, NativeSelect, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useFormat } from '../../app/format';
import { ConfirmDialog } from '../../app/ui/ConfirmDialog';
import { ErrorAlert, SuccessAlert } from '../../app/ui/ErrorAlert';
import { Page } from '../../app/ui/Page';
import { LoadFailed, PageLoader } from '../../app/ui/StatusPages';
import { CATEGORIES, categoryKeys, listCategoryMap, listUnmappedCodes, putCategoryMapping, removeCategoryMapping, type CategoryMapping } from './directory.api';
import { NeedWords } from './NeedWords';

/** A taxonomy code as the server takes it (categoryMappingInput): BD-1800, BD-1800.2000. */
const CODE = /^[A-Za-z0-9][A-Za-z0-9.-]*$/;

/**
 * The instance operator's needs and feed codes (issue 19). Search finds a service by its need
 * (food, shelter, detox) through the feed's taxonomy codes (AIRS / 211 LA) and the words of each
 * need. After an import the operator sees here the codes no need covers, most services first,
 * and maps them; adds the words the people served use, in any language; and reads the whole map.
 * Each change re-indexes the services it reaches at once. Its texts are the operator's part
 * (i18n/operator.*.json), loaded with the page.
 */
export default function DirectoryNeedsPage() {
  const { t } = useTranslation();
  return (
    <Page
      title={t('directory.needsTitle')}
      actions={
        <Button component={Link} to="/directory/import" variant="default">
          {t('directory.import.title')}
        </Button>
      }
    >
      <Text maw={760}>{t('directoryNeeds.intro')}</Text>
      <UnmappedCodes />
      <NeedWords />
      <CodeMap />
    </Page>
  );
}

/** The need options of a select: each category by its name in the reader's language. */
function NeedOptions() {
  const { t } = useTranslation();
  return (
    <>
      <option value="">{t('directoryNeeds.chooseNeed')}</option>
      {CATEGORIES.map((c) => (
        <option key={c} value={c}>
          {t(`directory.categories.${c}`)}
        </option>
      ))}
    </>
  );
}

/** What a mapping did, said once it is saved. */
const useMappedMessage = () => {
  const { t } = useTranslation();
  const fmt = useFormat();
  return (r: { code: string; category: string; servicesIndexed: number }) =>
    t('directoryNeeds.mapped', { code: r.code, need: t(`directory.categories.${r.category}`), count: r.servicesIndexed, n: fmt.number(r.servicesIndexed) });
};

/**
 * The feed codes no need covers: each row's need chosen and mapped in place. What a mapping did
 * is said where the row was (on a phone the top of the page is screens away).
 */
function UnmappedCodes() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const queryClient = useQueryClient();
  const said = useMappedMessage();
  const codes = useQuery({ queryKey: categoryKeys.unmapped, queryFn: listUnmappedCodes });
  const [chosen, setChosen] = useState<Record<string, string>>({});
  const [missing, setMissing] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const map = useMutation({
    mutationFn: putCategoryMapping,
    onSuccess: (r) => {
      setDone(said(r));
      void queryClient.invalidateQueries({ queryKey: categoryKeys.all });
    },
  });
  const submit = (code: string) => {
    const category = chosen[code];
    if (!category) {
      setMissing(code);
      return;
    }
    setMissing(null);
    map.mutate({ code, category });
  };
  return (
    <Stack component="section" gap="sm" aria-labelledby="unmapped-title">
      <Title order={2} fz={20} id="unmapped-title">
        {t('directoryNeeds.unmappedTitle')}
      </Title>
      <Text maw={760}>{t('directoryNeeds.unmappedIntro')}</Text>
      <SuccessAlert>{done}</SuccessAlert>
      <ErrorAlert error={map.error} />
      {codes.isPending ? (
        <PageLoader />
      ) : codes.isError ? (
        <LoadFailed error={codes.error} onRetry={() => void codes.refetch()} />
      ) : codes.data.length === 0 ? (
        <Text data-testid="unmapped-none">{t('directoryNeeds.unmappedNone')}</Text>
      ) : (
        <div className="table-scroll" role="region" aria-labelledby="unmapped-caption" tabIndex={0}>
          <Table striped miw={640} verticalSpacing="xs" className="stack-on-phone">
            <caption id="unmapped-caption" className="table-caption">
              {t('directoryNeeds.unmappedCaption', { count: codes.data.length, n: fmt.number(codes.data.length) })}
            </caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('directoryNeeds.code')}</Table.Th>
                <Table.Th scope="col">{t('directoryNeeds.feedName')}</Table.Th>
                <Table.Th scope="col" style={{ textAlign: 'right' }}>
                  {t('directoryNeeds.services')}
                </Table.Th>
                <Table.Th scope="col">{t('directoryNeeds.need')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {codes.data.map((c) => (
                <Table.Tr key={c.code} data-code={c.code}>
                  <Table.Th scope="row" fw={600} ff="monospace">
                    {c.code}
                  </Table.Th>
                  <Table.Td style={{ overflowWrap: 'anywhere' }}>{c.name}</Table.Td>
                  <Table.Td data-label={t('directoryNeeds.services')} style={{ textAlign: 'right', fontVariantNumeric: 'tabular-nums' }}>
                    {fmt.number(c.services)}
                  </Table.Td>
                  <Table.Td className="stack-full">
                    <Group gap="xs" wrap="nowrap" align="flex-start">
                      <NativeSelect
                        aria-label={t('directoryNeeds.needFor', { code: c.code })}
                        value={chosen[c.code] ?? ''}
                        onChange={(e) => setChosen({ ...chosen, [c.code]: e.currentTarget.value })}
                        error={missing === c.code ? t('directoryNeeds.chooseNeedFirst') : undefined}
                        style={{ flex: 1, minWidth: '10rem' }}
                      >
                        <NeedOptions />
                      </NativeSelect>
                      <Button variant="default" onClick={() => submit(c.code)} loading={map.isPending && map.variables?.code === c.code} aria-label={t('directoryNeeds.mapCode', { code: c.code })}>
                        {t('directoryNeeds.map')}
                      </Button>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </div>
      )}
    </Stack>
  );
}

/**
 * The whole map (built-in codes and the operator's), with a form to map any code. A mapping the
 * operator added can be removed (a code mapped to the wrong need); the dialog says first what
 * removing does, and the section says after what it did.
 */
function CodeMap() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const queryClient = useQueryClient();
  const said = useMappedMessage();
  const mappings = useQuery({ queryKey: categoryKeys.map, queryFn: listCategoryMap });
  const [form, setForm] = useState({ code: '', category: '', note: '' });
  const [errors, setErrors] = useState<{ code?: string; category?: string }>({});
  const [filter, setFilter] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const [asking, setAsking] = useState<CategoryMapping | null>(null);
  const remove = useMutation({
    mutationFn: (m: CategoryMapping) => removeCategoryMapping(m.code),
    onSuccess: (r) => {
      setAsking(null);
      setDone(t('directoryNeeds.removed', { code: r.code, need: t(`directory.categories.${r.category}`, { defaultValue: r.category }), count: r.servicesIndexed, n: fmt.number(r.servicesIndexed) }));
      void queryClient.invalidateQueries({ queryKey: categoryKeys.all });
    },
  });
  const map = useMutation({
    mutationFn: putCategoryMapping,
    onSuccess: (r) => {
      setDone(said(r));
      setForm({ code: '', category: '', note: '' });
      void queryClient.invalidateQueries({ queryKey: categoryKeys.all });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const code = form.code.trim();
    const found = {
      ...(CODE.test(code) ? {} : { code: t('directoryNeeds.codeInvalid') }),
      ...(form.category ? {} : { category: t('directoryNeeds.chooseNeedFirst') }),
    };
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    map.mutate({ code, category: form.category, ...(form.note.trim() ? { note: form.note.trim() } : {}) });
  };
  // A shipped row's note is the AIRS term's name, in English in the database; the reader's
  // language has it too. An admin's own note stays as they wrote it.
  const airsTerms = t('directoryNeeds.airsTerms', { returnObjects: true }) as Record<string, string>;
  const noteOf = (m: CategoryMapping) => (m.builtin ? airsTerms[m.code] : undefined) ?? m.note ?? '';
  const needle = filter.trim().toLowerCase();
  const rows = (mappings.data ?? []).filter(
    (m) => !needle || m.code.toLowerCase().includes(needle) || t(`directory.categories.${m.category}`).toLowerCase().includes(needle) || noteOf(m).toLowerCase().includes(needle),
  );
  return (
    <Stack component="section" gap="sm" aria-labelledby="code-map-title">
      <Title order={2} fz={20} id="code-map-title">
        {t('directoryNeeds.mapTitle')}
      </Title>
      <Text maw={760}>{t('directoryNeeds.mapIntro')}</Text>
      <form onSubmit={submit} noValidate aria-labelledby="code-map-add">
        <Text id="code-map-add" fw={600} mb="xs">
          {t('directoryNeeds.addTitle')}
        </Text>
        <Group align="flex-start" gap="sm" wrap="wrap">
          <TextInput label={t('directoryNeeds.code')} placeholder="BD-1800" value={form.code} onChange={(e) => setForm({ ...form, code: e.currentTarget.value })} error={errors.code} style={{ flex: '1 1 9rem' }} />
          <NativeSelect label={t('directoryNeeds.need')} value={form.category} onChange={(e) => setForm({ ...form, category: e.currentTarget.value })} error={errors.category} style={{ flex: '1 1 12rem' }}>
            <NeedOptions />
          </NativeSelect>
          <TextInput label={t('directoryNeeds.noteHelp')} value={form.note} maxLength={200} onChange={(e) => setForm({ ...form, note: e.currentTarget.value })} style={{ flex: '2 1 14rem' }} />
        </Group>
        <Button type="submit" mt="sm" loading={map.isPending}>
          {t('directoryNeeds.mapSubmit')}
        </Button>
      </form>
      <SuccessAlert>{done}</SuccessAlert>
      <ErrorAlert error={map.error} />
      {mappings.isPending ? (
        <PageLoader />
      ) : mappings.isError ? (
        <LoadFailed error={mappings.error} onRetry={() => void mappings.refetch()} />
      ) : (
        <>
          <TextInput type="search" label={t('directoryNeeds.filter')} value={filter} onChange={(e) => setFilter(e.currentTarget.value)} maw={360} />
          <div className="table-scroll" role="region" aria-labelledby="code-map-caption" tabIndex={0}>
            <Table striped miw={560} verticalSpacing="xs" className="stack-on-phone">
              <caption id="code-map-caption" className="table-caption">
                {t('directoryNeeds.mapCaption', { shown: rows.length, count: mappings.data.length })}
              </caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('directoryNeeds.code')}</Table.Th>
                  <Table.Th scope="col">{t('directoryNeeds.need')}</Table.Th>
                  <Table.Th scope="col">{t('directoryNeeds.note')}</Table.Th>
                  <Table.Th scope="col">{t('directoryNeeds.origin')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((m) => (
                  <Table.Tr key={m.code} data-code={m.code}>
                    <Table.Th scope="row" fw={600} ff="monospace">
                      {m.code}
                    </Table.Th>
                    <Table.Td>{t(`directory.categories.${m.category}`, { defaultValue: m.category })}</Table.Td>
                    <Table.Td className="stack-full" style={{ overflowWrap: 'anywhere' }}>
                      {noteOf(m)}
                    </Table.Td>
                    <Table.Td>
                      <Group gap="xs" wrap="nowrap">
                        <Badge variant={m.builtin ? 'outline' : 'filled'} color={m.builtin ? 'gray.7' : 'teal.9'} tt="none">
                          {t(m.builtin ? 'directoryNeeds.builtin' : 'directoryNeeds.added')}
                        </Badge>
                        {!m.builtin && (
                          <Button size="compact-sm" variant="outline" color="red.9" onClick={() => setAsking(m)} aria-label={t('directoryNeeds.removeCode', { code: m.code })}>
                            {t('directoryNeeds.remove')}
                          </Button>
                        )}
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </div>
        </>
      )}
      <ConfirmDialog
        opened={asking !== null}
        title={asking ? t('directoryNeeds.removeTitle', { code: asking.code }) : ''}
        keepLabel={t('directoryNeeds.keep')}
        confirmLabel={t('directoryNeeds.removeConfirm')}
        onKeep={() => setAsking(null)}
        onConfirm={() => asking && remove.mutate(asking)}
        pending={remove.isPending}
        error={remove.error}
      >
        {asking && <Text>{t('directoryNeeds.removeBody', { code: asking.code, need: t(`directory.categories.${asking.category}`, { defaultValue: asking.category }) })}</Text>}
      </ConfirmDialog>
    </Stack>
  );
}
