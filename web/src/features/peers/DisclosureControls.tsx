import { Accordion, Alert, List, Stack, Switch, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useTaxonomy } from '../matching/matching.api';
import type { Disclosure } from './peers.api';

/**
 * The peer's own disclosure controls (issue 3: the peer controls their profile). Every code starts
 * private; two switches per code, worded plainly, each explained once above the list. Codes are
 * grouped by category in an accordion so a phone shows one category at a time.
 */
export function DisclosureControls(props: { value: Disclosure[]; onChange: (next: Disclosure[]) => void }) {
  const { t } = useTranslation();
  const { entries, label, query } = useTaxonomy();
  const byCode = new Map(props.value.map((d) => [d.code, d]));
  const roots = entries.filter((e) => e.parent === null);

  const set = (code: string, patch: Partial<Omit<Disclosure, 'code'>>) => {
    const current = byCode.get(code) ?? { code, useForMatching: false, showToParticipants: false };
    const next = { ...current, ...patch };
    const exists = byCode.has(code);
    props.onChange(exists ? props.value.map((d) => (d.code === code ? next : d)) : [...props.value, next]);
  };

  return (
    <Stack gap="md">
      <Text>{t('peers.disclosure.intro')}</Text>
      <List spacing={6} size="sm">
        <List.Item>
          <strong>{t('peers.disclosure.useForMatching')}:</strong> {t('peers.disclosure.useForMatchingHelp')}
        </List.Item>
        <List.Item>
          <strong>{t('peers.disclosure.showToParticipants')}:</strong> {t('peers.disclosure.showToParticipantsHelp')}
        </List.Item>
      </List>
      <Text size="sm" c="dimmed">
        {t('peers.disclosure.adminNote')}
      </Text>
      {query.isError && (
        <Alert color="red" variant="outline" role="alert">
          {t('matching.form.taxonomyFailed')}
        </Alert>
      )}
      <Accordion multiple variant="separated" order={3}>
        {roots.map((root) => {
          const codes = [root, ...entries.filter((e) => e.parent !== null && e.code.startsWith(`${root.code}.`))];
          const shared = codes.filter((c) => {
            const d = byCode.get(c.code);
            return d && (d.useForMatching || d.showToParticipants);
          }).length;
          return (
            <Accordion.Item key={root.code} value={root.code}>
              <Accordion.Control>
                {label(root.code)}
                <Text span size="sm" c="dimmed">
                  {' · '}
                  {shared === 0 ? t('peers.disclosure.allPrivate') : t('peers.disclosure.sharedCount', { n: shared })}
                </Text>
              </Accordion.Control>
              <Accordion.Panel>
                <Stack gap="md">
                  {codes.map((c) => {
                    const d = byCode.get(c.code);
                    const headingId = `disclosure-${c.code.replace(/\./g, '-')}`;
                    return (
                      <div key={c.code} role="group" aria-labelledby={headingId} data-code={c.code}>
                        <Text id={headingId} fw={600} size="sm" mb={4}>
                          {c.parent === null ? t('peers.disclosure.general', { label: label(c.code) }) : label(c.code)}
                        </Text>
                        <Stack gap={6} pl="xs">
                          <Switch
                            label={t('peers.disclosure.useForMatching')}
                            checked={d?.useForMatching ?? false}
                            onChange={(e) => set(c.code, { useForMatching: e.currentTarget.checked })}
                          />
                          <Switch
                            label={t('peers.disclosure.showToParticipants')}
                            checked={d?.showToParticipants ?? false}
                            onChange={(e) => set(c.code, { showToParticipants: e.currentTarget.checked })}
                          />
                        </Stack>
                      </div>
                    );
                  })}
                </Stack>
              </Accordion.Panel>
            </Accordion.Item>
          );
        })}
      </Accordion>
    </Stack>
  );
}

/** Read-only list for staff: only what the peer chose to share (the server leaves out the rest). */
export function SharedExperienceList(props: { value: Disclosure[] }) {
  const { t } = useTranslation();
  const { label } = useTaxonomy();
  // Private entries never reach a supervisor; an admin's answer has them, and they stay unshown.
  const shared = props.value.filter((d) => d.useForMatching || d.showToParticipants);
  if (shared.length === 0) return <Text size="sm">{t('peers.disclosure.noneShared')}</Text>;
  return (
    <List spacing={4} size="sm">
      {shared.map((d) => (
        <List.Item key={d.code}>
          {label(d.code)} ·{' '}
          {[d.useForMatching ? t('peers.disclosure.usedForMatching') : null, d.showToParticipants ? t('peers.disclosure.shownToParticipants') : null]
            .filter(Boolean)
            .join(', ')}
        </List.Item>
      ))}
    </List>
  );
}
