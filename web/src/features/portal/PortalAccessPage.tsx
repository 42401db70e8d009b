import { Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../app/format';
import { Page } from '../../app/ui/Page';
import { LoadFailed, PageLoader } from '../../app/ui/StatusPages';
import { getAccessLog, portalKeys } from './portal.api';

/** Who opened my record, newest first, in plain words (the audit trail of my own record). */
export default function PortalAccessPage() {
  const { t, i18n } = useTranslation();
  const f = useFormat();
  const lang = i18n.language.startsWith('es') ? 'es' : 'en';
  const log = useQuery({ queryKey: portalKeys.access(lang), queryFn: () => getAccessLog(lang) });
  if (log.isPending) return <PageLoader />;
  if (log.isError) return <LoadFailed error={log.error} onRetry={() => void log.refetch()} />;
  return (
    <Page title={t('portal.access.title')}>
      <Text>{t('portal.access.intro')}</Text>
      {log.data.items.length === 0 ? (
        <Text>{t('portal.access.none')}</Text>
      ) : (
        <Stack gap={6} component="ol" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {log.data.items.map((l, i) => (
            <li key={`${l.at}-${i}`} className="portal-card">
              <Text size="sm">
                <time dateTime={l.at}>{f.dateTime(l.at)}</time>
              </Text>
              <Text>
                <strong>{l.who}</strong> {l.what}
                {l.times > 1 ? ` ${t('portal.access.times', { count: l.times })}` : ''}
              </Text>
            </li>
          ))}
        </Stack>
      )}
    </Page>
  );
}
