import { Alert, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Page } from './Page';

/** The placeholder of a module announced in the navigation but not built yet. */
export function ComingSoonPage(props: { id: string }) {
  const { t } = useTranslation();
  return (
    <Page title={t(`nav.${props.id}`)}>
      <Text size="lg">{t(`modules.${props.id}`)}</Text>
      <Alert color="gray" variant="outline" title={t('comingSoon.title')}>
        {t('comingSoon.body')}
      </Alert>
    </Page>
  );
}
