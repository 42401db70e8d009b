import { Card, Stack, Switch, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../app/ui/ErrorAlert';
import { getMyRegistryConsent, setMyRegistryConsent } from './registry.api';

/**
 * The peer's own choice, on their profile, to let workforce registries count their race/ethnicity
 * and lived experience (issue 22): separate from matching, off by default, only theirs to change.
 */
export function RegistryConsentCard() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const consent = useQuery({ queryKey: ['registry-consent'], queryFn: getMyRegistryConsent });
  const save = useMutation({ mutationFn: setMyRegistryConsent, onSuccess: (c) => queryClient.setQueryData(['registry-consent'], c) });
  if (!consent.data) return consent.isError ? <ErrorAlert error={consent.error} /> : null;
  return (
    <Card withBorder component="section" aria-labelledby="registry-consent-title">
      <Stack gap="xs">
        <Title order={2} size="h4" id="registry-consent-title">
          {t('registry.consent.title')}
        </Title>
        <Switch
          label={t('registry.consent.label')}
          description={t('registry.consent.help')}
          checked={save.isPending ? Boolean(save.variables) : consent.data.shareDemographics}
          disabled={save.isPending}
          onChange={(e) => save.mutate(e.currentTarget.checked)}
          data-testid="registry-consent"
        />
        {save.isSuccess && (
          <Text size="sm" role="status">
            {t('registry.consent.saved')}
          </Text>
        )}
        {save.isError && <ErrorAlert error={save.error} />}
      </Stack>
    </Card>
  );
}
