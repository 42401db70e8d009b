import { Badge, Button, Group, Stack, Text, Textarea, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../app/format';
import { ConfirmDialog } from '../../app/ui/ConfirmDialog';
import { ErrorAlert } from '../../app/ui/ErrorAlert';
import { LoadFailed, PageLoader } from '../../app/ui/StatusPages';
import { CATEGORIES, categoryKeys, listCategoryWords, putCategoryWords, resetCategoryWords, type CategoryWords } from './directory.api';

/** Words as the server takes them (categoryWordsInput): letters of any script, digits, apostrophes, hyphens. */
const WORDS = /^[\p{L}\p{M}\p{N}'’\s-]+$/u;

/**
 * The words of each need (0052, 0054): search finds a service by them as well as by its own
 * words, so "comida" finds a food pantry named in English. The operator adds the words the people
 * served use ("manje" in Haitian Creole); a change re-indexes the need's imported services and
 * every agency's own entries of it at once. Changed words can be put back to Peerbridge's: the
 * dialog shows the words that will replace the operator's.
 */
export function NeedWords() {
  const { t } = useTranslation();
  const said = useWordsMessage();
  const queryClient = useQueryClient();
  const words = useQuery({ queryKey: categoryKeys.words, queryFn: listCategoryWords });
  const [editing, setEditing] = useState<string | null>(null);
  // What the last save did, said under its need.
  const [done, setDone] = useState<{ category: string; message: string } | null>(null);
  const [asking, setAsking] = useState<CategoryWords | null>(null);
  const restore = useMutation({
    mutationFn: (w: CategoryWords) => resetCategoryWords(w.category),
    onSuccess: (r) => {
      setAsking(null);
      setDone({ category: r.category, message: said('directoryNeeds.wordsRestored', r) });
      showSaved(queryClient, r);
    },
  });
  const needOf = (category: string) => t(`directory.categories.${category}`, { defaultValue: category });
  // The server's order is by code; the page lists needs as the directory's filter does.
  const ordered = (words.data ?? []).slice().sort((a, b) => rank(a.category) - rank(b.category));
  return (
    <Stack component="section" gap="sm" aria-labelledby="need-words-title">
      <Title order={2} fz={20} id="need-words-title">
        {t('directoryNeeds.wordsTitle')}
      </Title>
      <Text maw={760}>{t('directoryNeeds.wordsIntro')}</Text>
      {words.isPending ? (
        <PageLoader />
      ) : words.isError ? (
        <LoadFailed error={words.error} onRetry={() => void words.refetch()} />
      ) : (
        <Stack gap={0} component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-labelledby="need-words-title">
          {ordered.map((w) => (
            <li key={w.category} data-category={w.category} style={{ borderTop: '1px solid var(--mantine-color-default-border)', padding: '0.6rem 0' }}>
              {editing === w.category ? (
                <WordsForm need={w} onClose={() => setEditing(null)} onDone={(message) => setDone({ category: w.category, message })} />
              ) : (
                <Group justify="space-between" align="flex-start" wrap="nowrap" gap="sm">
                  <div style={{ minWidth: 0 }}>
                    <Group gap="xs">
                      <Text fw={600}>{t(`directory.categories.${w.category}`, { defaultValue: w.category })}</Text>
                      {!w.builtin && (
                        <Badge variant="filled" color="teal.9" tt="none">
                          {t('directoryNeeds.changed')}
                        </Badge>
                      )}
                    </Group>
                    <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                      {w.words}
                    </Text>
                  </div>
                  <Stack gap={6} style={{ flexShrink: 0 }} align="stretch">
                    <Button
                      variant="default"
                      size="xs"
                      onClick={() => {
                        setDone(null);
                        setEditing(w.category);
                      }}
                      aria-label={t('directoryNeeds.editFor', { need: needOf(w.category) })}>
                      {t('directoryNeeds.edit')}
                    </Button>
                    {!w.builtin && w.shippedWords && (
                      <Button variant="outline" size="xs" color="red.9" onClick={() => setAsking(w)} aria-label={t('directoryNeeds.restoreFor', { need: needOf(w.category) })}>
                        {t('directoryNeeds.restore')}
                      </Button>
                    )}
                  </Stack>
                </Group>
              )}
              {done?.category === w.category && editing !== w.category && (
                <Text size="sm" c="teal.9" role="status" mt={4}>
                  {done.message}
                </Text>
              )}
            </li>
          ))}
        </Stack>
      )}
      <ConfirmDialog
        opened={asking !== null}
        title={asking ? t('directoryNeeds.restoreTitle', { need: needOf(asking.category) }) : ''}
        keepLabel={t('directoryNeeds.keepMine')}
        confirmLabel={t('directoryNeeds.restoreConfirm')}
        onKeep={() => setAsking(null)}
        onConfirm={() => asking && restore.mutate(asking)}
        pending={restore.isPending}
        error={restore.error}
      >
        <Text>{t('directoryNeeds.restoreBody')}</Text>
        <Text fw={600} pl="sm" style={{ overflowWrap: 'anywhere', borderLeft: '3px solid var(--mantine-color-default-border)' }}>
          {asking?.shippedWords}
        </Text>
        <Text>{t('directoryNeeds.restoreAfter')}</Text>
      </ConfirmDialog>
    </Stack>
  );
}

type WordsChanged = CategoryWords & { servicesIndexed: number; localEntriesIndexed: number };

/** What a change of a need's words did, in the reader's language (`key`: saved or put back). */
const useWordsMessage = () => {
  const { t } = useTranslation();
  const fmt = useFormat();
  return (key: string, r: WordsChanged) =>
    t(key, {
      need: t(`directory.categories.${r.category}`, { defaultValue: r.category }),
      services: t('directoryNeeds.servicesCount', { count: r.servicesIndexed, n: fmt.number(r.servicesIndexed) }),
      local: t('directoryNeeds.localCount', { count: r.localEntriesIndexed, n: fmt.number(r.localEntriesIndexed) }),
    });
};

/** The list shows the saved words at once, beside what the change says, then reads them again. */
const showSaved = (queryClient: ReturnType<typeof useQueryClient>, r: WordsChanged) => {
  queryClient.setQueryData<CategoryWords[]>(categoryKeys.words, (list) =>
    list?.map((w) => (w.category === r.category ? { category: r.category, words: r.words, builtin: r.builtin, shippedWords: r.shippedWords } : w)),
  );
  void queryClient.invalidateQueries({ queryKey: categoryKeys.words });
};

const rank = (category: string) => {
  const i = (CATEGORIES as readonly string[]).indexOf(category);
  return i < 0 ? CATEGORIES.length : i;
};

/** One need's words, edited as the whole list the server keeps. */
function WordsForm(props: { need: CategoryWords; onClose: () => void; onDone: (message: string) => void }) {
  const { t } = useTranslation();
  const said = useWordsMessage();
  const queryClient = useQueryClient();
  const [text, setText] = useState(props.need.words);
  const [error, setError] = useState<string | null>(null);
  // The Edit button this form replaces had the focus: it goes to the words.
  const field = useRef<HTMLTextAreaElement>(null);
  useEffect(() => field.current?.focus(), []);
  const label = t(`directory.categories.${props.need.category}`, { defaultValue: props.need.category });
  const save = useMutation({
    mutationFn: putCategoryWords,
    onSuccess: (r) => {
      props.onDone(said('directoryNeeds.wordsSaved', r));
      showSaved(queryClient, r);
      props.onClose();
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const words = text.trim();
    if (!words) return setError(t('directoryNeeds.wordsEmpty'));
    if (!WORDS.test(words)) return setError(t('directoryNeeds.wordsInvalid'));
    setError(null);
    save.mutate({ category: props.need.category, words });
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="xs">
        <Textarea label={t('directoryNeeds.wordsFor', { need: label })} description={t('directoryNeeds.wordsHelp')} value={text} onChange={(e) => setText(e.currentTarget.value)} error={error} autosize minRows={2} maxLength={2000} ref={field} />
        <ErrorAlert error={save.error} />
        <Group gap="xs">
          <Button type="submit" size="sm" loading={save.isPending}>
            {t('directoryNeeds.save')}
          </Button>
          <Button variant="default" size="sm" onClick={props.onClose}>
            {t('directoryNeeds.cancel')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
