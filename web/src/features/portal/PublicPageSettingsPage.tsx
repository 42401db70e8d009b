import { Anchor, Button, Checkbox, NumberInput, Stack, Switch, Text, TextInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert, SuccessAlert } from '../../app/ui/ErrorAlert';
import { Page } from '../../app/ui/Page';
import { LoadFailed, PageLoader } from '../../app/ui/StatusPages';
import { getPublicSettings, INTAKE_FIELDS, putPublicSettings, type PublicIntakeSettings } from './portal.api';
import './portal.css';

/** Admins choose the public page's address and which questions the request asks (issue 23). */
export default function PublicPageSettingsPage() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const settings = useQuery({ queryKey: ['public-intake'], queryFn: getPublicSettings });
  const [s, setS] = useState<PublicIntakeSettings | null>(null);
  useEffect(() => {
    if (settings.data) setS(settings.data);
  }, [settings.data]);
  const save = useMutation({ mutationFn: putPublicSettings, onSuccess: (d) => qc.setQueryData(['public-intake'], d) });
  if (settings.isPending || !s) return settings.isError ? <LoadFailed error={settings.error} onRetry={() => void settings.refetch()} /> : <PageLoader />;
  const origin = window.location.origin;
  return (
    <Page title={t('nav.publicPage')}>
      <Text>{t('portal.settings.intro')}</Text>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate(s);
        }}
      >
        <Stack gap="sm" maw={560}>
          <Switch label={t('portal.settings.enabled')} checked={s.enabled} onChange={(e) => setS({ ...s, enabled: e.currentTarget.checked })} />
          <TextInput
            label={t('portal.settings.slug')}
            description={t('portal.settings.slugHelp')}
            value={s.slug ?? ''}
            onChange={(e) => setS({ ...s, slug: e.currentTarget.value || null })}
            error={save.error && 'fieldError' in save.error ? (save.error as { fieldError(f: string): string | undefined }).fieldError('slug') : undefined}
          />
          {settings.data?.slug && (
            <Stack gap={2}>
              <Anchor href={`/o/${settings.data.slug}/find-a-peer`} target="_blank">{`${origin}/o/${settings.data.slug}/find-a-peer`}</Anchor>
              <Text size="sm">{t('portal.settings.embed')}</Text>
              <Text size="sm" ff="monospace" style={{ overflowWrap: 'anywhere' }}>{`<iframe src="${origin}/o/${settings.data.slug}/find-a-peer?embed=1" title="Find a peer" style="width:100%;height:1400px;border:0"></iframe>`}</Text>
            </Stack>
          )}
          <TextInput label={t('portal.settings.phone')} value={s.phone ?? ''} onChange={(e) => setS({ ...s, phone: e.currentTarget.value || null })} />
          <NumberInput label={t('portal.settings.responseDays')} min={1} max={30} value={s.responseDays} onChange={(v) => setS({ ...s, responseDays: Number(v) || 1 })} />
          <Checkbox.Group label={t('portal.settings.fields')} description={t('portal.settings.fieldsHelp')} value={s.fields} onChange={(v) => setS({ ...s, fields: v })}>
            <Stack gap={6} mt={6}>
              {INTAKE_FIELDS.map((f) => (
                <Checkbox key={f} value={f} label={t(`portal.settings.fieldNames.${f}`)} />
              ))}
            </Stack>
          </Checkbox.Group>
          {save.isError && <ErrorAlert error={save.error} />}
          {save.isSuccess && <SuccessAlert>{t('portal.settings.saved')}</SuccessAlert>}
          <Button type="submit" loading={save.isPending} style={{ alignSelf: 'flex-start' }}>
            {t('portal.settings.save')}
          </Button>
        </Stack>
      </form>
    </Page>
  );
}
