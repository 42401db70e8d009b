import { Anchor, Button, Center, Loader, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Page } from './Page';
import { ErrorAlert } from './ErrorAlert';
import { ApiError } from '../api';

export function PageLoader() {
  const { t } = useTranslation();
  return (
    <Center py="xl" role="status" aria-live="polite">
      <Loader aria-hidden="true" size="md" />
      <Text ml="sm">{t('common.loading')}</Text>
    </Center>
  );
}

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <Page title={t('notFound.title')}>
      <Text>{t('notFound.body')}</Text>
      <Anchor component={Link} to="/">
        {t('notFound.home')}
      </Anchor>
    </Page>
  );
}

export function ForbiddenPage() {
  const { t } = useTranslation();
  return (
    <Page title={t('forbidden.title')}>
      <Text>{t('forbidden.body')}</Text>
      <Anchor component={Link} to="/">
        {t('notFound.home')}
      </Anchor>
    </Page>
  );
}

export function LoadFailed(props: { error: unknown; onRetry: () => void }) {
  const { t } = useTranslation();
  return (
    <Stack gap="sm" align="flex-start">
      <ErrorAlert error={props.error} title={t('errors.loadFailed')} />
      <Button variant="default" onClick={props.onRetry}>
        {t('common.retry')}
      </Button>
    </Stack>
  );
}

/**
 * A page of one record named by its address (a referral, a service, a participant) that could not
 * be loaded. An address naming no record the user may see (404), or not a record id at all (400,
 * a mistyped or cut link), is "page not found", with no retry that could never help; any other
 * failure keeps its message and retry under the page's title.
 */
export function RecordLoadFailed(props: { title: string; error: unknown; onRetry: () => void }) {
  if (props.error instanceof ApiError && (props.error.status === 404 || props.error.status === 400)) return <NotFoundPage />;
  return (
    <Page title={props.title}>
      <LoadFailed error={props.error} onRetry={props.onRetry} />
    </Page>
  );
}
