import { Trans, useTranslation } from 'react-i18next';

/** 988 and 211 on every page (DOMAIN.md, Crisis): a participant may be beside the peer. */
export function CrisisFooter() {
  const { t } = useTranslation();
  return (
    <footer className="shell-footer">
      <p style={{ margin: 0 }}>
        <strong>{t('crisis.heading')}</strong>{' '}
        <Trans
          i18nKey="crisis.text"
          components={{
            call: <a href="tel:988" />,
            text: <a href="sms:988" />,
            local: <a href="tel:211" />,
            emergency: <a href="tel:911" />,
          }}
        />
      </p>
    </footer>
  );
}
