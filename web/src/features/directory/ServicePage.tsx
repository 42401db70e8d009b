import { Anchor, Button, Group, NativeSelect, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { Page } from '../../app/ui/Page';
import { PhoneLink } from '../../app/ui/PhoneLink';
import { PageLoader, RecordLoadFailed } from '../../app/ui/StatusPages';
import { BedsLine, FreshnessBadge, OpenBadge } from './DirectoryPage';
import { formatDate, intlLocale } from '../../app/format';
import { LANGUAGES, isLanguage, useLanguageTexts, type Language } from '../../app/i18n';
import { getService, type ServiceDetail } from './directory.api';
import { inWeekOrder, languagesText, scheduleLine, type Translate } from './display';
import './directory.css';

/** The hours of a service as one line, its schedules joined, in `locale`. */
const hoursText = (s: ServiceDetail, locale: string, t: Translate) =>
  inWeekOrder(s.schedules).map((row) => scheduleLine(row, locale, t, (d) => formatDate(d, locale))).join('; ');

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

/**
 * One service, and a resource card to print or text for the participant, with "refer" from it.
 * The card is in the participant's language (?cardLanguage=, set from the search when it was
 * for a participant, or chosen here), which need not be the staff member's.
 */
export default function ServicePage() {
  const { t, i18n } = useTranslation();
  const { id = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const asked = params.get('cardLanguage');
  const cardLanguage: Language = isLanguage(asked) ? asked : isLanguage(i18n.language) ? i18n.language : 'en';
  // The card's language may not be the app's, whose texts alone are loaded: load them first.
  useLanguageTexts(cardLanguage);
  const ct: Translate = i18n.getFixedT(cardLanguage);
  const participantId = params.get('participantId');
  const [copied, setCopied] = useState<'ok' | 'failed' | null>(null);
  const service = useQuery({ queryKey: ['directory', 'service', id], queryFn: () => getService(id) });
  if (service.isPending) return <PageLoader />;
  if (service.isError) return <RecordLoadFailed title={t('directory.serviceFallbackTitle')} error={service.error} onRetry={() => void service.refetch()} />;
  const s = service.data;
  const hours = hoursText(s, intlLocale(cardLanguage), ct);
  const text = cardText(s, ct, hours);
  const chooseCardLanguage = (value: string) => {
    const next = new URLSearchParams(params);
    next.set('cardLanguage', value);
    setParams(next, { replace: true });
  };
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
        <Button component={Link} to={`/referrals/new?serviceId=${s.serviceId}${participantId ? `&participantId=${encodeURIComponent(participantId)}` : ''}`} className="no-print">
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
      <NativeSelect
        className="no-print"
        label={t('directory.card.language')}
        description={t('directory.card.languageHelp')}
        value={cardLanguage}
        onChange={(e) => chooseCardLanguage(e.currentTarget.value)}
        data={LANGUAGES.map((l) => ({ value: l.code, label: l.label }))}
        maw={320}
      />
      <section aria-labelledby="resource-card-title" className="resource-card" lang={cardLanguage}>
        <Stack gap={6}>
          <Title order={2} id="resource-card-title" fz="lg">
            {ct('directory.card.title')}
          </Title>
          <Text fw={700}>{s.name}</Text>
          {s.organization.name && <Text>{s.organization.name}</Text>}
          {s.phones.map((p) => (
            <Text key={p.number + (p.extension ?? '')}>
              {ct('directory.phone')}: <PhoneLink number={p.number} extension={p.extension} t={ct} />
              {p.description ? ` (${p.description})` : ''}
            </Text>
          ))}
          {s.locations.map((l) => l.address && <Text key={l.id ?? l.address}>{l.address}</Text>)}
          {s.schedules.length > 0 && (
            <Text>
              {ct('directory.hours')}: {hours}
            </Text>
          )}
          {s.languages.length > 0 && (
            <Text>
              {ct('directory.languages')}: {languagesText(s.languages, cardLanguage)}
            </Text>
          )}
          {s.eligibility && (
            <Text>
              {ct('directory.eligibility')}: {s.eligibility}
            </Text>
          )}
          {(s.fees || s.free) && (
            <Text>
              {ct('directory.fees')}: {s.free ? ct('directory.free') : s.fees}
            </Text>
          )}
          {s.applicationProcess && (
            <Text>
              {ct('directory.howToApply')}: {s.applicationProcess}
            </Text>
          )}
          {s.url && <Anchor href={s.url}>{s.url}</Anchor>}
          <Text size="sm" fw={600}>
            {ct('directory.card.crisis')}
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
