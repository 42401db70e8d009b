import { Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { isApiError } from '../api';
import { changeLanguage, type Language } from '../i18n';
import { fetchMe } from '../session';
import { useDocumentTitle } from './Page';
import { PageLoader } from './StatusPages';

/**
 * The frame of a page opened from a one-time link without an account (a self-completion form, a
 * certification reference): it loads the link's form, opens in the language the sender chose
 * (the switch in the frame changes it), and says in plain words why a link no longer works
 * (`<texts>.expired|revoked|spent|invalid`).
 */
export function OneTimeLinkPage<F extends { lang: Language }>(props: {
  queryKey: string;
  load: (token: string) => Promise<F>;
  /** The i18n prefix of the page's texts; `<texts>.<titleKey>` is its title. */
  texts: string;
  titleKey: string;
  children: (token: string, form: F) => ReactNode;
}) {
  const { t, i18n } = useTranslation();
  const { token = '' } = useParams();
  const title = t(`${props.texts}.${props.titleKey}`);
  useDocumentTitle(title);
  // A browser that is also signed in must send its CSRF token with the answers.
  useEffect(() => {
    void fetchMe().catch(() => undefined);
  }, []);
  const form = useQuery({ queryKey: [props.queryKey, token], queryFn: () => props.load(token), retry: false, staleTime: Infinity });
  const switched = useRef(false);
  useEffect(() => {
    if (form.data && !switched.current) {
      switched.current = true;
      if (!i18n.language.startsWith(form.data.lang)) void changeLanguage(form.data.lang);
    }
  }, [form.data, i18n.language]);

  if (form.isPending) return <PageLoader />;
  if (form.isError) {
    const code = isApiError(form.error) ? form.error.code : '';
    const key = code === 'link-expired' ? 'expired' : code === 'link-revoked' ? 'revoked' : code === 'link-spent' ? 'spent' : 'invalid';
    return (
      <Stack gap="sm">
        <Title order={1} fz={24}>
          {title}
        </Title>
        <Text role="alert">{t(`${props.texts}.${key}`)}</Text>
      </Stack>
    );
  }
  return <>{props.children(token, form.data)}</>;
}
