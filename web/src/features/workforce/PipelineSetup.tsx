import { Button, Card, Group, NativeSelect, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../app/api';
import { certKeys, createPipeline, type Pipeline } from './certification.api';

/** The built-in templates (src/modules/workforce/certification.data.ts). */
const TEMPLATES = ['mi-cpss', 'icrc-pr'] as const;
type Template = (typeof TEMPLATES)[number];

/**
 * An admin sets up a pipeline from a built-in template (its steps and eligibility rules, each
 * citing its source); the short code must be new in the organization (the API says so by field).
 */
export function PipelineSetup({ taken, onCreated }: { taken: string[]; onCreated: (p: Pipeline) => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const freeCode = (tpl: Template, used: string[] = taken) => {
    let c: string = tpl;
    for (let i = 2; used.includes(c); i++) c = `${tpl}-${i}`;
    return c;
  };
  const [template, setTemplate] = useState<Template>('mi-cpss');
  const [name, setName] = useState(() => t('certification.templates.mi-cpss'));
  const [code, setCode] = useState(() => freeCode('mi-cpss'));
  const create = useMutation({
    mutationFn: () => createPipeline({ template, code, name }),
    onSuccess: (p) => {
      // The code just used is taken now: offer the next free one for another pipeline.
      setCode(freeCode(template, [...taken, p.code]));
      void qc.invalidateQueries({ queryKey: certKeys.pipelines });
      onCreated(p);
    },
  });
  const fieldError = (f: string) => (isApiError(create.error) ? create.error.fieldError(f) : undefined);
  return (
    <Card withBorder padding="md" component="section" aria-labelledby="setup-pipeline">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate();
        }}
      >
        <Stack gap="xs">
          <Title order={2} size="h4" id="setup-pipeline">
            {t('certification.setupTitle')}
          </Title>
          <Text size="sm">{t('certification.setupHelp')}</Text>
          <Group align="flex-end" gap="sm">
            <NativeSelect
              label={t('certification.template')}
              value={template}
              onChange={(e) => {
                const tpl = e.currentTarget.value as Template;
                setTemplate(tpl);
                setName(t(`certification.templates.${tpl}`));
                setCode(freeCode(tpl));
              }}
              data={TEMPLATES.map((x) => ({ value: x, label: t(`certification.templates.${x}`) }))}
            />
            <TextInput style={{ flex: '1 1 280px' }} label={t('certification.pipelineName')} value={name} onChange={(e) => setName(e.currentTarget.value)} required error={fieldError('name')} />
            <TextInput label={t('certification.pipelineCode')} description={t('certification.pipelineCodeHelp')} value={code} onChange={(e) => setCode(e.currentTarget.value)} required error={fieldError('code')} />
            <Button type="submit" loading={create.isPending}>
              {t('certification.setup')}
            </Button>
          </Group>
          {create.isError && !fieldError('code') && !fieldError('name') && (
            <Text size="sm" c="red.9" role="alert">
              {isApiError(create.error) ? create.error.detail : t('certification.setupFailed')}
            </Text>
          )}
          {create.isSuccess && (
            <Text size="sm" role="status">
              {t('certification.setupDone', { name: create.data.name })}
            </Text>
          )}
        </Stack>
      </form>
    </Card>
  );
}
