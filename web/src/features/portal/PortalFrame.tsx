import { Anchor, Button, Group, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Suspense, useEffect } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { NavLink, Outlet, useNavigate } from 'react-router';
import { isApiError, setCsrfToken } from '../../app/api';
import { LanguageSwitch } from '../../app/ui/LanguageSwitch';
import { LoadFailed, PageLoader } from '../../app/ui/StatusPages';
import { getMe, portalKeys, signOut } from './portal.api';
import './portal.css';

const LINKS = [
  { to: '/portal', key: 'home', end: true },
  { to: '/portal/plan', key: 'plan' },
  { to: '/portal/consents', key: 'consents' },
  { to: '/portal/access', key: 'access' },
  { to: '/portal/correction', key: 'correction' },
] as const;

/** Crisis lines first, on every page of the portal (DOMAIN.md, Crisis). */
export function CrisisTop() {
  const { t } = useTranslation();
  return (
    <aside className="portal-crisis" aria-label={t('crisis.heading')}>
      <strong>{t('crisis.heading')}</strong>{' '}
      <Trans i18nKey="crisis.text" components={{ call: <a href="tel:988" />, text: <a href="sms:988" />, local: <a href="tel:211" />, emergency: <a href="tel:911" /> }} />
    </aside>
  );
}

/**
 * The participant's own frame (issue 23): no staff navigation, their organization's name, the
 * crisis lines on top, the portal's few pages, and sign-out. A visit that ended says so plainly.
 */
export function PortalFrame() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const me = useQuery({ queryKey: portalKeys.me, queryFn: getMe, retry: false });
  useEffect(() => {
    if (me.data) setCsrfToken(me.data.csrfToken);
  }, [me.data]);
  const out = useMutation({
    mutationFn: signOut,
    onSettled: () => {
      qc.removeQueries({ queryKey: ['portal'] });
      void navigate('/portal/signed-out');
    },
  });
  const signedOut = me.isError && isApiError(me.error) && me.error.status === 401;
  return (
    <div className="portal-page">
      <a className="skip-link" href="#main">
        {t('layout.skipToContent')}
      </a>
      <CrisisTop />
      <header className="portal-header">
        <Text fw={700}>{me.data?.organization.name ?? t('portal.frame.title')}</Text>
        <LanguageSwitch />
      </header>
      {me.data && (
        <nav className="portal-nav" aria-label={t('portal.frame.nav')}>
          {LINKS.map((l) => (
            <NavLink key={l.to} to={l.to} end={'end' in l ? l.end : false}>
              {t(`portal.nav.${l.key}`)}
            </NavLink>
          ))}
          <Button size="compact-sm" variant="subtle" onClick={() => out.mutate()} loading={out.isPending}>
            {t('portal.frame.signOut')}
          </Button>
        </nav>
      )}
      <main className="portal-main" id="main" tabIndex={-1}>
        {me.isPending ? (
          <PageLoader />
        ) : signedOut ? (
          <SignedOut />
        ) : me.isError ? (
          <LoadFailed error={me.error} onRetry={() => void me.refetch()} />
        ) : (
          <Suspense fallback={<PageLoader />}>
            <Outlet />
          </Suspense>
        )}
      </main>
    </div>
  );
}

export function SignedOut() {
  const { t } = useTranslation();
  useEffect(() => {
    document.title = t('portal.signedOut.title');
  }, [t]);
  return (
    <Stack gap="sm">
      <Title order={1}>{t('portal.signedOut.title')}</Title>
      <Text>{t('portal.signedOut.body')}</Text>
      <Group>
        <Anchor href="tel:988">{t('portal.signedOut.crisis')}</Anchor>
      </Group>
    </Stack>
  );
}

/** The page shown after signing out, inside no session. */
export function SignedOutFrame() {
  const { t } = useTranslation();
  return (
    <div className="portal-page">
      <CrisisTop />
      <header className="portal-header">
        <Text fw={700}>{t('portal.frame.title')}</Text>
        <LanguageSwitch />
      </header>
      <main className="portal-main" id="main" tabIndex={-1}>
        <Outlet />
      </main>
    </div>
  );
}
