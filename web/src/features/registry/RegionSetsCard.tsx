import { Button, Card, Group, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../app/ui/ErrorAlert';
import { putRegionSet } from './registry.api';

/** "Region name: 26163, 26161" lines as regions with their counties. */
export const parseRegionLines = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => {
      const at = l.lastIndexOf(':');
      return { name: (at < 0 ? l : l.slice(0, at)).trim(), counties: (at < 0 ? '' : l.slice(at + 1)).split(/[\s,;]+/).filter(Boolean) };
    });

/**
 * The registry admin's own region sets (issue 22, regions as data): a set is named, and each line
 * is a region and its county FIPS codes. Saving replaces the set; the figures count by it at once.
 */
export function RegionSetsCard(props: { id: string; onSaved: (set: string) => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [set, setSet] = useState('');
  const [lines, setLines] = useState('');
  const save = useMutation({
    mutationFn: () => putRegionSet(props.id, set.trim(), parseRegionLines(lines)),
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: ['registry', props.id] });
      props.onSaved(saved.set);
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  return (
    <Card withBorder component="section" aria-labelledby="region-sets-title">
      <form onSubmit={submit}>
        <Stack gap="sm">
          <Title order={3} size="h4" id="region-sets-title">
            {t('registry.regionEditor.title')}
          </Title>
          <Text size="sm">{t('registry.regionEditor.intro')}</Text>
          <TextInput label={t('registry.regionEditor.set')} value={set} onChange={(e) => setSet(e.currentTarget.value)} required maxLength={100} />
          <Textarea
            label={t('registry.regionEditor.regions')}
            description={t('registry.regionEditor.regionsHelp')}
            value={lines}
            onChange={(e) => setLines(e.currentTarget.value)}
            autosize
            minRows={3}
            required
          />
          {save.isError && <ErrorAlert error={save.error} />}
          <Group>
            <Button type="submit" loading={save.isPending}>
              {t('registry.regionEditor.save')}
            </Button>
            {save.isSuccess && (
              <Text size="sm" role="status">
                {t('registry.regionEditor.saved', { set: save.data.set, n: save.data.regions.length })}
              </Text>
            )}
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
