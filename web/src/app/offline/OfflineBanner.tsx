import { useTranslation } from 'react-i18next';
import { useOnline } from './useOnline';

/**
 * Says, without signal, that nothing typed is lost (issue 17): drafts are kept on the phone
 * (draftStore) and sent when the connection is back. A polite live region, so a screen reader
 * hears it once when the signal drops; no `status` role, which pages use for their own messages.
 */
export function OfflineBanner() {
  const { t } = useTranslation();
  const online = useOnline();
  return (
    <div aria-live="polite" className="offline-banner-region">
      {!online && (
        <p className="offline-banner" data-testid="offline-banner">
          {t('offline.banner')}
        </p>
      )}
    </div>
  );
}
