import { Anchor, Button, Group, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { Page } from '../../app/ui/Page';
import { LoadFailed, PageLoader } from '../../app/ui/StatusPages';
import { BedsLine, FreshnessBadge, OpenBadge } from './DirectoryPage';
import { useFormat } from '../../app/format';
import { getService, type ServiceDetail } from './directory.api';
import { languagesText, scheduleLine } from './display';
import './directory.css';

/** The hours of a service as one line, its schedules joined. */
const hoursText = (s: ServiceDetail, f: ReturnType<typeof useFormat>, t: (k: string, o?: Record<string, unknown>) => string) =>
  s.schedules.map((row) => scheduleLine(row, f.locale, t, f.date)).join('; ');

/** The resource card as plain text, short enough for a text message, with the crisis lines. */
export const cardText = (s: ServiceDetail, t: (k: string) => string, hours: string) =>
  [
    s.name,
    s.organization.name,
    s.phones[0] ? `${t('directory.phone')}: ${s.phones[0].number}` : null,
    s.locations[0]?.address ?? null,
    hours ? `${t('directory.hours')}: ${hours}` : null,
    s.eligibility ? `${t('directory.eligibility')}: ${s.eligibility}` : null,
    s.url,
    t('directory.card.crisis'),
  ]
    .filter(Boolean)
    .join('\n');

/** One service, and a resource card to print or text for the participant, with "refer" from it. */
export default function ServicePage() {
  const { t } = useTranslation();
  const f = useFormat();
  const { id = '' } = useParams();
  const [copied, setCopied] = useState<'ok' | 'failed' | null>(null);
  const service = useQuery({ queryKey: ['directory', 'service', id], queryFn: () => getService(id) });
  if (service.isPending) return <PageLoader />;
  if (service.isError) return <LoadFailed error={service.error} onRetry={() => void service.refetch()} />;
  const s = service.data;
  const hours = hoursText(s, f, t);
  const text = cardText(s, t, hours);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied('ok');
    } catch {
      setCopied('failed');
    }
  };
  return (
    <Page
      title={s.name}
      actions={
        <Button component={Link} to={`/referrals/new?serviceId=${s.serviceId}`} className="no-print">
          {t('directory.refer')}
        </Button>
      }
    >
      <Group gap={6} wrap="wrap">
        <OpenBadge openNow={s.openNow} />
        <FreshnessBadge stale={s.stale} lastVerified={s.lastVerified} />
      </Group>
      {s.stale && <Text size="sm">{t('directory.staleHelp')}</Text>}
      <BedsLine beds={s.beds} />
      {s.description && <Text>{s.description}</Text>}
      {s.note && (
        <Text size="sm">
          <strong>{t('directory.privateNote')}:</strong> {s.note.body}
        </Text>
      )}
      <section aria-labelledby="resource-card-title" className="resource-card">
        <Stack gap={6}>
          <Title order={2} id="resource-card-title" fz="lg">
            {t('directory.card.title')}
          </Title>
          <Text fw={700}>{s.name}</Text>
          {s.organization.name && <Text>{s.organization.name}</Text>}
          {s.phones.map((p) => (
            <Text key={p.number + (p.extension ?? '')}>
              {t('directory.phone')}: <Anchor href={`tel:${p.number.replace(/[^\d+]/g, '')}`}>{p.number}</Anchor>
              {p.extension ? ` ${t('directory.ext')} ${p.extension}` : ''}
              {p.description ? ` (${p.description})` : ''}
            </Text>
          ))}
          {s.locations.map((l) => l.address && <Text key={l.id ?? l.address}>{l.address}</Text>)}
          {s.schedules.length > 0 && (
            <Text>
              {t('directory.hours')}: {hours}
            </Text>
          )}
          {s.languages.length > 0 && (
            <Text>
              {t('directory.languages')}: {languagesText(s.languages, f.locale)}
            </Text>
          )}
          {s.eligibility && (
            <Text>
              {t('directory.eligibility')}: {s.eligibility}
            </Text>
          )}
          {(s.fees || s.free) && (
            <Text>
              {t('directory.fees')}: {s.free ? t('directory.free') : s.fees}
            </Text>
          )}
          {s.applicationProcess && (
            <Text>
              {t('directory.howToApply')}: {s.applicationProcess}
            </Text>
          )}
          {s.url && <Anchor href={s.url}>{s.url}</Anchor>}
          <Text size="sm" fw={600}>
            {t('directory.card.crisis')}
          </Text>
        </Stack>
      </section>
      <Group gap="sm" className="no-print">
        <Button variant="default" onClick={() => window.print()}>
          {t('directory.card.print')}
        </Button>
        <Button variant="default" onClick={() => void copy()}>
          {t('directory.card.copy')}
        </Button>
        <Anchor href={`sms:?&body=${encodeURIComponent(text)}`}>{t('directory.card.sms')}</Anchor>
      </Group>
      <Text role="status" aria-live="polite" size="sm">
        {copied === 'ok' ? t('directory.card.copied') : copied === 'failed' ? t('directory.card.copyFailed') : ''}
      </Text>
    </Page>
  );
}
