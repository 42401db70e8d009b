import { Burger, Button, Drawer, Menu, Stack } from '@mantine/core';
import { Suspense, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { navEntryOf } from './nav';
import { canOpen, externalAdminLinks, pages } from './routes';
import { displayNameOf, useCurrentUser, useSignOut, type Role } from './session';
import { CrisisFooter } from './ui/CrisisFooter';
import { LanguageSwitch } from './ui/LanguageSwitch';
import { OfflineBanner } from './offline/OfflineBanner';
import { PageLoader } from './ui/StatusPages';

/** `current`: the path of the one entry of every group that is the page shown (navEntryOf). */
function NavGroup(props: { group: 'main' | 'modules' | 'admin'; role: Role; labelId: string; current: string | undefined }) {
  const { t } = useTranslation();
  const items = pages.filter((p) => p.nav === props.group && canOpen(p, props.role));
  const external =
    props.group === 'admin' ? externalAdminLinks.filter((l) => (l.roles as readonly Role[]).includes(props.role)) : [];
  if (items.length === 0 && external.length === 0) return null;
  const labelled = props.group !== 'main';
  return (
    <>
      {labelled && (
        <h2 className="nav-group-label" id={props.labelId}>
          {t(`nav.groups.${props.group}`)}
        </h2>
      )}
      <ul className="nav-list" aria-labelledby={labelled ? props.labelId : undefined}>
        {items.map((p) => (
          <li key={p.id}>
            <Link to={p.path} className="nav-link" aria-current={p.path === props.current ? 'page' : undefined}>
              {t(`nav.${p.id}`)}
              {!p.component && <span className="nav-soon"> · {t('nav.soon')}</span>}
            </Link>
          </li>
        ))}
        {external.map((l) => (
          <li key={l.id}>
            <a href={l.href} className="nav-link">
              {t(`nav.${l.id}`)}
            </a>
          </li>
        ))}
      </ul>
    </>
  );
}

function Navigation(props: { idPrefix: string; role: Role }) {
  const current = navEntryOf(
    useLocation().pathname,
    pages.filter((p) => p.nav !== 'none' && canOpen(p, props.role)).map((p) => p.path),
  );
  return (
    <>
      <NavGroup group="main" role={props.role} labelId={`${props.idPrefix}-main`} current={current} />
      <NavGroup group="modules" role={props.role} labelId={`${props.idPrefix}-modules`} current={current} />
      <NavGroup group="admin" role={props.role} labelId={`${props.idPrefix}-admin`} current={current} />
    </>
  );
}

/** The signed-in frame: skip link, header, navigation (drawer under 48em), main, crisis footer. */
export function Layout() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const signOut = useSignOut();
  const navigate = useNavigate();
  const location = useLocation();
  const [menuOpen, setMenuOpen] = useState(false);

  // A followed link closes the phone menu.
  useEffect(() => setMenuOpen(false), [location.pathname]);

  const doSignOut = () =>
    signOut.mutate(undefined, { onSettled: () => void navigate('/sign-in', { replace: true }) });

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t('layout.skipToContent')}
      </a>
      <header className="shell-header">
        <span className="only-narrow">
          <Burger
            opened={menuOpen}
            onClick={() => setMenuOpen((o) => !o)}
            aria-label={t('layout.openMenu')}
            aria-expanded={menuOpen}
            size="md"
          />
        </span>
        <Link to="/" className="shell-brand">
          {t('app.name')}
        </Link>
        <span className="shell-org only-wide">{me.organization.name}</span>
        <span className="shell-spacer" />
        <span className="only-wide">
          <LanguageSwitch />
        </span>
        <Menu position="bottom-end" withinPortal>
          <Menu.Target>
            <Button variant="default" size="sm" maw={{ base: 150, sm: 260 }} aria-label={t('layout.accountMenu', { name: displayNameOf(me) })}>
              <span style={{ overflow: 'hidden', textOverflow: 'ellipsis' }}>{displayNameOf(me)}</span>
            </Button>
          </Menu.Target>
          <Menu.Dropdown>
            <Menu.Label>{t(`roles.${me.role}`)}</Menu.Label>
            <Menu.Item component={Link} to="/profile">
              {t('nav.profile')}
            </Menu.Item>
            <Menu.Item onClick={doSignOut}>{t('profile.signOut')}</Menu.Item>
          </Menu.Dropdown>
        </Menu>
      </header>
      <OfflineBanner />
      <div className="shell-body">
        <nav className="shell-nav" aria-label={t('layout.navigation')}>
          <Navigation idPrefix="side" role={me.role} />
        </nav>
        <main className="shell-main" id="main" tabIndex={-1}>
          <Suspense fallback={<PageLoader />}>
            <Outlet />
          </Suspense>
        </main>
      </div>
      <CrisisFooter />
      <Drawer
        opened={menuOpen}
        onClose={() => setMenuOpen(false)}
        title={t('layout.menu')}
        closeButtonProps={{ 'aria-label': t('layout.closeMenu') }}
        size="min(20rem, 85vw)"
      >
        <Stack gap="md">
          <nav aria-label={t('layout.menu')}>
            <Navigation idPrefix="drawer" role={me.role} />
          </nav>
          <div>
            <p className="nav-group-label">{t('language.label')}</p>
            <LanguageSwitch size="sm" />
          </div>
          <p className="shell-org" style={{ whiteSpace: 'normal', margin: 0 }}>
            {me.organization.name}
          </p>
        </Stack>
      </Drawer>
    </div>
  );
}
