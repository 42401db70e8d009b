import { Button, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { isApiError, setCsrfToken } from '../../app/api';
import { useDocumentTitle } from '../../app/ui/Page';
import { signInWithLink } from './portal.api';

/**
 * `/p/:token`: the one-time link from the peer. It signs in once, then the address bar no longer
 * holds the token (a link in the history must not open the portal again; the server refuses it
 * anyway). A link that does not work says so, the same for every reason.
 */
export default function PortalSignInPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('portal.signIn.title'));
  const { token = '' } = useParams();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const started = useRef(false);
  const signIn = useMutation({
    mutationFn: () => signInWithLink(token),
    onSuccess: (s) => {
      setCsrfToken(s.csrfToken);
      qc.removeQueries({ queryKey: ['portal'] });
      void navigate('/portal', { replace: true });
    },
  });
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    signIn.mutate();
  }, [signIn]);
  const refused = signIn.isError && isApiError(signIn.error) && (signIn.error.status === 410 || signIn.error.status === 400);
  return (
    <Stack gap="sm">
      <Title order={1}>{t('portal.signIn.title')}</Title>
      {signIn.isError ? (
        <>
          <Text role="alert">{refused ? t('portal.signIn.refused') : t('portal.signIn.failed')}</Text>
          {!refused && <Button onClick={() => signIn.mutate()}>{t('common.retry', { defaultValue: 'Try again' })}</Button>}
        </>
      ) : (
        <Text role="status">{t('portal.signIn.working')}</Text>
      )}
    </Stack>
  );
}
