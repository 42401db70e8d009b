import { Anchor, Badge, Button, Card, Checkbox, Group, NativeSelect, NumberInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useFormat } from '../../app/format';
import { kmFromMiles, milesFromKm } from '../../app/distance';
import { LANGUAGES } from '../../app/i18n';
import { useCurrentUser } from '../../app/session';
import { Page } from '../../app/ui/Page';
import { PhoneLink } from '../../app/ui/PhoneLink';
import { Pager } from '../../app/ui/Pager';
import { LoadFailed, PageLoader } from '../../app/ui/StatusPages';
import { listParticipants } from '../participants/participants.api';
import { CATEGORIES, searchDirectory, type SearchResult } from './directory.api';
import { cardLanguageFor, languagesText } from './display';
import './directory.css';

const PAGE_SIZE = 20;

/**
 * A participant's home area as the record keeps it: coordinates when it has them, else the ZIP
 * code (the server searches around its centroid), else none.
 */
export const homeAreaOf = (l: { postalCode: string | null; lat: number | null; lon: number | null }): { lat?: number; lon?: number; postalCode?: string } | null =>
  l.lat != null && l.lon != null ? { lat: l.lat, lon: l.lon } : l.postalCode?.trim() ? { postalCode: l.postalCode.trim() } : null;

/** Open / closed / unknown, in words and not by colour alone. */
export function OpenBadge(props: { openNow: boolean | null }) {
  const { t } = useTranslation();
  if (props.openNow === null) return <Badge color="gray" variant="light">{t('directory.openUnknown')}</Badge>;
  return props.openNow ? (
    <Badge color="#1b5e20" variant="filled">{t('directory.openNow')}</Badge>
  ) : (
    <Badge color="gray.8" variant="outline">{t('directory.closedNow')}</Badge>
  );
}

export function FreshnessBadge(props: { stale: boolean; lastVerified: string | null }) {
  const { t } = useTranslation();
  const f = useFormat();
  return props.stale ? (
    <Badge color="#8a3c00" variant="filled" title={t('directory.staleHelp')}>
      {t('directory.stale')}
    </Badge>
  ) : props.lastVerified ? (
    <Text size="xs" c="dimmed" component="span">
      {t('directory.verified', { date: f.date(props.lastVerified) })}
    </Text>
  ) : null;
}

export function BedsLine(props: { beds: SearchResult['beds'] }) {
  const { t } = useTranslation();
  const f = useFormat();
  if (!props.beds) return null;
  return (
    <Text size="sm" fw={600}>
      {t('directory.beds', { available: props.beds.available, total: props.beds.total ?? '—', time: f.dateTime(props.beds.updatedAt) })}
    </Text>
  );
}

/** `forParticipant`: query parameters that carry the participant (and their card language) onward. */
function ResultCard(props: { r: SearchResult; forParticipant: string }) {
  const { t } = useTranslation();
  const r = props.r;
  const f = useFormat();
  return (
    <li>
      <Card withBorder padding="md">
        <Stack gap={6}>
          <Group justify="space-between" wrap="wrap" gap="xs">
            <Title order={2} fz="lg">
              <Anchor component={Link} to={`/directory/services/${r.serviceId}${props.forParticipant && `?${props.forParticipant}`}`}>
                {r.name}
              </Anchor>
            </Title>
            <Group gap={6} wrap="wrap">
              <OpenBadge openNow={r.openNow} />
              {r.free && <Badge color="blue.9" variant="filled">{t('directory.free')}</Badge>}
              {r.local && <Badge color="grape.9" variant="filled">{t('directory.local')}</Badge>}
              <FreshnessBadge stale={r.stale} lastVerified={r.lastVerified} />
            </Group>
          </Group>
          {r.organizationName && <Text size="sm">{r.organizationName}</Text>}
          <dl className="result-facts">
            {r.distanceKm !== null && (
              <div>
                <dt>{t('directory.distance')}</dt>
                <dd>{f.miles(r.distanceKm)}</dd>
              </div>
            )}
            {r.phone && (
              <div>
                <dt>{t('directory.phone')}</dt>
                <dd>
                  <PhoneLink number={r.phone} />
                </dd>
              </div>
            )}
            {r.languages.length > 0 && (
              <div>
                <dt>{t('directory.languages')}</dt>
                <dd>{languagesText(r.languages, f.locale)}</dd>
              </div>
            )}
            {r.address && (
              <div>
                <dt>{t('directory.address')}</dt>
                <dd>{r.address}</dd>
              </div>
            )}
            {r.eligibility && (
              <div>
                <dt>{t('directory.eligibility')}</dt>
                <dd>{r.eligibility}</dd>
              </div>
            )}
          </dl>
          <BedsLine beds={r.beds} />
          <Group gap="sm">
            <Button component={Link} to={`/referrals/new?serviceId=${r.serviceId}${props.forParticipant && `&${props.forParticipant}`}`} size="xs" variant="light" aria-label={t('directory.referTo', { name: r.name })}>
              {t('directory.refer')}
            </Button>
          </Group>
        </Stack>
      </Card>
    </li>
  );
}

/** The count of results as a sentence: with the area it covers, or ended before a sentence of its own. */
const foundSentence = (found: string, where: string, whereIsSentence: boolean): string =>
  !where ? `${found}.` : whereIsSentence ? `${found}. ${where}` : `${found} ${where}`;

/** Directory search for staff: text, distance, open now, language, free, category (crisis lines first). */
export default function DirectoryPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const me = useCurrentUser();
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get('page')) || 1);
  const get = (k: string) => params.get(k) ?? '';
  // The radius in miles as typed (?radiusMi=); a link made before miles (?radiusKm=) still works.
  const radiusMiles = get('radiusMi') || (params.get('radiusKm') ? String(milesFromKm(Number(params.get('radiusKm')))) : '');
  const [form, setForm] = useState({
    q: get('q'),
    taxonomy: get('taxonomy'),
    language: get('language'),
    openNow: get('openNow') === 'true',
    free: get('free') === 'true',
    near: get('near') || 'none',
    participantId: get('participantId'),
    lat: get('lat'),
    lon: get('lon'),
    postalCode: get('postalCode'),
    radiusMi: radiusMiles,
  });
  const [locating, setLocating] = useState(false);
  const [locationProblem, setLocationProblem] = useState<string | null>(null);
  const participants = useQuery({
    queryKey: ['participants', 'list', { page: 1, pageSize: 200 }],
    queryFn: () => listParticipants({ page: 1, pageSize: 200 }),
    enabled: me.role !== 'analyst',
  });

  // Near a participant: their home area on file, coordinates when the record has them, else their
  // ZIP code's centroid (issue 17). Resolved here from the list the peer may already see, so a
  // link from the referral flow (?near=participant&participantId=…) searches near them at once.
  const nearParticipant = get('near') === 'participant' ? participants.data?.items.find((x) => x.id === get('participantId')) : undefined;
  const home = nearParticipant ? homeAreaOf(nearParticipant.location) : null;
  const waitingForParticipant = get('near') === 'participant' && !!get('participantId') && participants.isPending;
  const lat = home ? home.lat : params.get('lat') ? Number(params.get('lat')) : undefined;
  const lon = home ? home.lon : params.get('lon') ? Number(params.get('lon')) : undefined;
  const postalCode = home ? home.postalCode : get('postalCode') || undefined;
  const query = {
    q: get('q') || undefined,
    taxonomy: get('taxonomy') || undefined,
    language: get('language') || undefined,
    openNow: get('openNow') === 'true' || undefined,
    free: get('free') === 'true' || undefined,
    lat,
    lon,
    postalCode,
    radiusKm: (lat !== undefined || postalCode) && radiusMiles ? kmFromMiles(Number(radiusMiles)) : undefined,
    page,
    pageSize: PAGE_SIZE,
  };
  const results = useQuery({
    queryKey: ['directory', 'search', query],
    queryFn: () => searchDirectory(query),
    placeholderData: keepPreviousData,
    enabled: !waitingForParticipant,
  });

  /** The search's filters, with `near` and its point added by the caller. */
  const baseParams = () => {
    const p = new URLSearchParams();
    if (form.q.trim()) p.set('q', form.q.trim());
    if (form.taxonomy) p.set('taxonomy', form.taxonomy);
    if (form.language.trim()) p.set('language', form.language.trim());
    if (form.openNow) p.set('openNow', 'true');
    if (form.free) p.set('free', 'true');
    if (form.near !== 'none' && form.radiusMi) p.set('radiusMi', form.radiusMi);
    return p;
  };
  const onSearch = (e: FormEvent) => {
    e.preventDefault();
    const p = baseParams();
    if (form.near === 'participant') {
      p.set('near', 'participant');
      if (form.participantId) p.set('participantId', form.participantId);
    } else if (form.near === 'me' && form.lat && form.lon) {
      p.set('near', 'me');
      p.set('lat', form.lat);
      p.set('lon', form.lon);
    } else if (form.near === 'me') {
      // Not located yet: asking is the peer's tap on "Use my location", never the search's.
      setLocationProblem(t('share.nearMeFirst'));
      return;
    } else if (form.near === 'point' && form.lat && form.lon) {
      p.set('near', 'point');
      p.set('lat', String(Number(form.lat)));
      p.set('lon', String(Number(form.lon)));
    } else if (form.near === 'postal' && form.postalCode.trim()) {
      p.set('near', 'postal');
      p.set('postalCode', form.postalCode.trim());
    } else {
      p.delete('radiusMi');
    }
    setParams(p);
  };
  /**
   * Near me: the phone's location, asked only when the peer taps the button (the browser then asks
   * for permission), used for this search and never stored: rounded to about 100 m, it goes in the
   * search's address and nowhere else. A refusal is answered with the other ways to search.
   */
  const locate = () => {
    setLocationProblem(null);
    if (!('geolocation' in navigator)) {
      setLocationProblem(t('share.nearMeUnavailable'));
      return;
    }
    setLocating(true);
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        setLocating(false);
        const la = String(Math.round(pos.coords.latitude * 1000) / 1000);
        const lo = String(Math.round(pos.coords.longitude * 1000) / 1000);
        setForm((f) => ({ ...f, lat: la, lon: lo }));
        const p = baseParams();
        p.set('near', 'me');
        p.set('lat', la);
        p.set('lon', lo);
        setParams(p);
      },
      (err) => {
        setLocating(false);
        setLocationProblem(err.code === err.PERMISSION_DENIED ? t('share.nearMeDenied') : t('share.nearMeFailed'));
      },
      { enableHighAccuracy: false, timeout: 15_000, maximumAge: 300_000 },
    );
  };
  const set = (k: keyof typeof form) => (v: string | boolean) => setForm((s) => ({ ...s, [k]: v }));
  const withLocation = participants.data?.items.filter((x) => homeAreaOf(x.location) !== null) ?? [];
  // A search for a participant: their service pages print the card in their language, and
  // "refer" starts with them chosen.
  const searchedFor = nearParticipant;
  const cardLanguage = searchedFor ? cardLanguageFor(searchedFor.languages, LANGUAGES.map((l) => l.code)) : undefined;
  const forParticipant = searchedFor ? String(new URLSearchParams({ participantId: searchedFor.id, ...(cardLanguage ? { cardLanguage } : {}) })) : '';
  // "within 6.2 miles of ZIP code 60607." continues the count's sentence; "No home area is on file
  // for ..." is a sentence of its own.
  const whereIsSentence = Boolean(nearParticipant && !home);
  const where = (() => {
    const km = results.data?.center?.radiusKm ?? (radiusMiles ? kmFromMiles(Number(radiusMiles)) : null);
    if (nearParticipant) {
      if (!home) return t('share.noHomeArea', { name: nearParticipant.displayName });
      return t('share.aroundParticipant', { name: nearParticipant.displayName });
    }
    if (get('near') === 'me' && lat !== undefined) return km ? t('share.aroundMeWithin', { distance: f.miles(km) }) : t('share.aroundMe');
    if (results.data?.center) return t('directory.aroundPostal', { postalCode: results.data.center.postalCode, distance: f.miles(results.data.center.radiusKm) });
    return '';
  })();

  return (
    <Page
      title={t('nav.directory')}
      actions={
        me.operator ? (
          <Group gap="xs">
            <Button component={Link} to="/directory/import" variant="default">
              {t('directory.import.title')}
            </Button>
            <Button component={Link} to="/directory/needs" variant="default">
              {t('directory.needsTitle')}
            </Button>
          </Group>
        ) : undefined
      }
    >
      <Text>{t('directory.intro')}</Text>
      <form role="search" aria-label={t('directory.searchLabel')} onSubmit={onSearch}>
        <Stack gap="sm">
          {/* The language field's hint goes under its box, so the three labels share one line and
              the boxes another, however the row wraps (above its box, the hint pushed the
              category's label down beside it on a phone). */}
          <Group align="flex-start" gap="sm" wrap="wrap">
            <TextInput label={t('directory.q')} type="search" value={form.q} onChange={(e) => set('q')(e.currentTarget.value)} style={{ flex: '1 1 14rem' }} />
            <NativeSelect
              label={t('directory.category')}
              value={form.taxonomy}
              onChange={(e) => set('taxonomy')(e.currentTarget.value)}
              data={[{ value: '', label: t('directory.anyCategory') }, ...CATEGORIES.map((c) => ({ value: c, label: t(`directory.categories.${c}`) }))]}
              style={{ flex: '1 1 12rem' }}
            />
            <TextInput
              label={t('directory.language')}
              description={t('directory.languageHelp')}
              inputWrapperOrder={['label', 'input', 'description', 'error']}
              value={form.language}
              onChange={(e) => set('language')(e.currentTarget.value)}
              style={{ flex: '1 1 8rem' }}
            />
          </Group>
          <Group align="flex-start" gap="sm" wrap="wrap">
            <NativeSelect
              label={t('directory.near')}
              value={form.near}
              onChange={(e) => set('near')(e.currentTarget.value)}
              data={[
                { value: 'none', label: t('directory.nearNone') },
                { value: 'me', label: t('share.nearMe') },
                { value: 'participant', label: t('directory.nearParticipant') },
                { value: 'postal', label: t('directory.nearPostal') },
                { value: 'point', label: t('directory.nearPoint') },
              ]}
              style={{ flex: '1 1 12rem' }}
            />
            {form.near === 'participant' && (
              <NativeSelect
                label={t('directory.participant')}
                value={form.participantId}
                onChange={(e) => set('participantId')(e.currentTarget.value)}
                data={[{ value: '', label: t('directory.chooseParticipant') }, ...withLocation.map((x) => ({ value: x.id, label: `${x.displayName} ${x.familyName}` }))]}
                style={{ flex: '1 1 12rem' }}
              />
            )}
            {form.near === 'me' && (
              <Button variant="default" onClick={locate} loading={locating} data-testid="near-me" style={{ alignSelf: 'flex-end' }}>
                {form.lat && form.lon && get('near') === 'me' ? t('share.nearMeAgain') : t('share.nearMeUse')}
              </Button>
            )}
            {form.near === 'point' && (
              <>
                <TextInput label={t('directory.lat')} inputMode="decimal" value={form.lat} onChange={(e) => set('lat')(e.currentTarget.value)} w={120} />
                <TextInput label={t('directory.lon')} inputMode="decimal" value={form.lon} onChange={(e) => set('lon')(e.currentTarget.value)} w={120} />
              </>
            )}
            {form.near === 'postal' && (
              <TextInput
                label={t('directory.postalCode')}
                description={t('directory.postalCodeHelp')}
                inputWrapperOrder={['label', 'input', 'description', 'error']}
                inputMode="numeric"
                autoComplete="postal-code"
                value={form.postalCode}
                onChange={(e) => set('postalCode')(e.currentTarget.value)}
                w={200}
              />
            )}
            {form.near !== 'none' && (
              <NumberInput label={t('directory.radius')} min={1} max={300} value={form.radiusMi} onChange={(v) => set('radiusMi')(String(v))} w={150} />
            )}
          </Group>
          {form.near === 'me' && (
            <Text size="sm" id="near-me-help">
              {t('share.nearMeHelp')}
            </Text>
          )}
          {locationProblem && (
            <Text size="sm" c="red.9" role="alert" data-testid="near-me-problem">
              {locationProblem}
            </Text>
          )}
          <Group gap="lg" wrap="wrap">
            <Checkbox label={t('directory.openNowFilter')} checked={form.openNow} onChange={(e) => set('openNow')(e.currentTarget.checked)} />
            <Checkbox label={t('directory.freeFilter')} checked={form.free} onChange={(e) => set('free')(e.currentTarget.checked)} />
            <Button type="submit">{t('common.search')}</Button>
          </Group>
        </Stack>
      </form>
      {results.isPending ? (
        <PageLoader />
      ) : results.isError ? (
        <LoadFailed error={results.error} onRetry={() => void results.refetch()} />
      ) : (
        <Stack gap="sm">
          <Text role="status" aria-live="polite">
            {foundSentence(t('directory.found', { count: results.data.total }), where, whereIsSentence)}
            {results.data.similarSpellings ? ` ${t(results.data.total > 0 ? 'directory.similarSpellings' : 'directory.nothingFound')}` : ''}
          </Text>
          <ul className="result-list" aria-label={t('directory.results')}>
            {results.data.results.map((r) => (
              <ResultCard key={`${r.serviceId}-${r.locationId ?? ''}`} r={r} forParticipant={forParticipant} />
            ))}
          </ul>
          <Pager
            page={page}
            pageSize={PAGE_SIZE}
            total={results.data.total}
            label={t('directory.paging')}
            onPage={(n) => {
              const p = new URLSearchParams(params);
              p.set('page', String(n));
              setParams(p);
            }}
          />
        </Stack>
      )}
    </Page>
  );
}
