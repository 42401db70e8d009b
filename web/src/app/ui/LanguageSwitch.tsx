import { Button, Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { changeLanguage, LANGUAGES } from '../i18n';

/** Each language is named in itself, so people who cannot read the current one still find theirs. */
export function LanguageSwitch(props: { size?: 'xs' | 'sm' }) {
  const { t, i18n } = useTranslation();
  return (
    <Group gap={4} role="group" aria-label={t('language.label')} wrap="nowrap">
      {LANGUAGES.map((l) => {
        const active = i18n.language === l.code;
        return (
          <Button
            key={l.code}
            lang={l.code}
            size={props.size ?? 'xs'}
            variant={active ? 'filled' : 'default'}
            aria-pressed={active}
            onClick={() => void changeLanguage(l.code)}
          >
            {l.label}
          </Button>
        );
      })}
    </Group>
  );
}
