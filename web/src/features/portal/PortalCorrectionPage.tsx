import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../app/format';
import { Page } from '../../app/ui/Page';
import { AskForm } from './AskForm';
import { askCorrection } from './portal.api';

/** HIPAA's right to amend (45 CFR 164.526): the request reaches the organization as a task. */
export default function PortalCorrectionPage() {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <Page title={t('portal.correction.title')}>
      <Text>{t('portal.correction.intro')}</Text>
      <AskForm label={t('portal.correction.label')} help={t('portal.correction.help')} send={askCorrection} sent={(dueOn) => t('portal.correction.sent', { date: f.date(dueOn) })} />
    </Page>
  );
}
