import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Outlet } from 'react-router';
import { CrisisFooter } from './CrisisFooter';
import { LanguageSwitch } from './LanguageSwitch';
import { OfflineBanner } from '../offline/OfflineBanner';
import { PageLoader } from './StatusPages';

/** The frame of the pages before sign-in: name, language switch, the form, crisis lines. */
export function PublicFrame() {
  const { t } = useTranslation();
  return (
    <div className="auth-page">
      <a className="skip-link" href="#main">
        {t('layout.skipToContent')}
      </a>
      <header className="shell-header">
        <span className="shell-brand">{t('app.name')}</span>
        <span className="shell-spacer" />
        <LanguageSwitch />
      </header>
      <OfflineBanner />
      <main className="auth-main" id="main" tabIndex={-1}>
        <div className="auth-card">
          <Suspense fallback={<PageLoader />}>
            <Outlet />
          </Suspense>
        </div>
      </main>
      <CrisisFooter />
    </div>
  );
}
