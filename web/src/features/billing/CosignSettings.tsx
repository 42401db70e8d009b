// The organization's co-signature rules on the payers page (PayersPage.tsx): all notes, new
// peers' notes or notes that bill (issue 4), and whether a new note starts with the last
// activities (issue 17); saved as the caseload settings (PUT /caseload/settings).
import { Button, Card, Checkbox, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../app/ui/ErrorAlert';
import { LoadFailed, PageLoader } from '../../app/ui/StatusPages';
import { caseloadKeys, getCaseloadSettings, putCaseloadSettings, type CaseloadSettings } from '../caseload/caseload.api';

/** Organization-wide co-signature rules (issue 4): all notes, new peers' notes, or notes that bill. */
export function CosignSettings() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const settings = useQuery({ queryKey: caseloadKeys.settings, queryFn: getCaseloadSettings });
  const [s, setS] = useState<CaseloadSettings | null>(null);
  const [months, setMonths] = useState('');
  const [status, setStatus] = useState('');
  useEffect(() => {
    if (settings.data) {
      setS(settings.data);
      setMonths(settings.data.cosign.newPeerMonths == null ? '' : String(settings.data.cosign.newPeerMonths));
    }
  }, [settings.data]);
  const save = useMutation({
    mutationFn: putCaseloadSettings,
    onSuccess: (res) => {
      queryClient.setQueryData(caseloadKeys.settings, res);
      setStatus(t('billing.cosign.saved'));
    },
  });
  const monthsNumber = months.trim() === '' ? null : Number(months);
  const monthsError = monthsNumber !== null && (!Number.isInteger(monthsNumber) || monthsNumber < 1 || monthsNumber > 120) ? t('billing.cosign.monthsInvalid') : undefined;
  return (
    <Card withBorder component="section" aria-labelledby="cosign-title" padding="lg">
      <Stack gap="sm">
        <Title order={2} fz={20} id="cosign-title">
          {t('billing.cosign.title')}
        </Title>
        <Text size="sm">{t('billing.cosign.intro')}</Text>
        {settings.isPending ? (
          <PageLoader />
        ) : settings.isError ? (
          <LoadFailed error={settings.error} onRetry={() => void settings.refetch()} />
        ) : s ? (
          <form
            noValidate
            aria-labelledby="cosign-title"
            onSubmit={(e) => {
              e.preventDefault();
              if (monthsError) return;
              setStatus('');
              save.mutate({ ...s, cosign: { ...s.cosign, newPeerMonths: monthsNumber } });
            }}
          >
            <Stack gap="sm" maw={560}>
              <ErrorAlert error={save.error} />
              <Checkbox label={t('billing.cosign.all')} checked={s.cosign.all} onChange={(e) => setS({ ...s, cosign: { ...s.cosign, all: e.currentTarget.checked } })} />
              <Checkbox label={t('billing.cosign.billing')} checked={s.cosign.billing} onChange={(e) => setS({ ...s, cosign: { ...s.cosign, billing: e.currentTarget.checked } })} />
              <TextInput
                type="number"
                min={1}
                max={120}
                label={t('billing.cosign.months')}
                description={t('billing.cosign.monthsHint')}
                value={months}
                onChange={(e) => setMonths(e.currentTarget.value)}
                error={monthsError}
                maw={260}
              />
              {/* Off by default: a new note starts with no activity ticked (issue 17). */}
              <Checkbox
                label={t('notes.startWithLastActivities')}
                checked={s.startWithLastActivities}
                onChange={(e) => setS({ ...s, startWithLastActivities: e.currentTarget.checked })}
              />
              <Group>
                <Button type="submit" variant="default" loading={save.isPending}>
                  {t('billing.cosign.save')}
                </Button>
              </Group>
              <div role="status" aria-live="polite" className="status-ok">
                {status}
              </div>
            </Stack>
          </form>
        ) : null}
      </Stack>
    </Card>
  );
}
