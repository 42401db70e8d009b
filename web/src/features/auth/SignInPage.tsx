import { Alert, Anchor, Button, Code, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { isApiError } from '../../app/api';
import { safeNext } from '../../app/RequireAuth';
import { fetchMe, meKey, useMe } from '../../app/session';
import { ErrorAlert } from '../../app/ui/ErrorAlert';
import { focusFirstError, isEmail, type FieldErrors } from '../../app/ui/forms';
import { useDocumentTitle } from '../../app/ui/Page';
import { PasswordField } from '../../app/ui/PasswordField';
import { useServerFieldError } from '../../app/ui/errors';
import { fetchSetupStatus, login, type LoginInput } from './auth.api';

type Field = 'email' | 'password' | 'totp';

export default function SignInPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('signIn.title'));
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const me = useMe();
  const setup = useQuery({ queryKey: ['setup-status'], queryFn: fetchSetupStatus, retry: false });
  const serverFieldError = useServerFieldError();

  const form = useRef<HTMLFormElement>(null);
  const totpInput = useRef<HTMLInputElement>(null);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [totp, setTotp] = useState('');
  const [needTotp, setNeedTotp] = useState(false);
  const [errors, setErrors] = useState<FieldErrors<Field>>({});

  const signIn = useMutation({
    mutationFn: (input: LoginInput) => login(input),
    onSuccess: async () => {
      await queryClient.fetchQuery({ queryKey: meKey, queryFn: fetchMe, staleTime: 0 });
      void navigate(next, { replace: true });
    },
    onError: (error) => {
      if (isApiError(error) && error.code === 'totp-required') {
        setNeedTotp(true);
      }
    },
  });

  // When the server asks for the second factor, the code field appears and takes the focus.
  useEffect(() => {
    if (needTotp) totpInput.current?.focus();
  }, [needTotp]);

  if (me.data) return <Navigate to={next} replace />;

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const found: FieldErrors<Field> = {};
    if (!email.trim()) found.email = t('validation.emailRequired');
    else if (!isEmail(email)) found.email = t('validation.emailInvalid');
    if (!password) found.password = t('validation.passwordRequired');
    if (needTotp && !/^\d{6}$/.test(totp.trim())) found.totp = t('validation.totpFormat');
    setErrors(found);
    if (Object.keys(found).length > 0) {
      setTimeout(() => focusFirstError(form.current), 0);
      return;
    }
    signIn.mutate({ email: email.trim(), password, ...(needTotp ? { totp: totp.trim() } : {}) });
  };

  // "A code is required" is a step of the flow, not a failure to show in red.
  const askedForCode =
    isApiError(signIn.error) && signIn.error.code === 'totp-required' && !signIn.variables?.totp;
  const failure = signIn.error && !askedForCode ? signIn.error : null;

  return (
    <Paper withBorder p={{ base: 'md', sm: 'xl' }} radius="md">
      <Stack gap="md">
        <Title order={1} fz={28}>
          {t('signIn.title')}
        </Title>
        <Text>{t('signIn.intro')}</Text>
        {setup.data?.needed && (
          <Alert color="blue" variant="outline" title={t('signIn.setupNeededTitle')}>
            <Stack gap="xs">
              <Text size="sm">{t('signIn.setupNeededBody')}</Text>
              <Text size="sm">
                {t('signIn.setupNeededCli')} <Code>npx peerbridge --help</Code>
              </Text>
              <Anchor component={Link} to="/setup" size="sm">
                {t('signIn.setupLink')}
              </Anchor>
            </Stack>
          </Alert>
        )}
        <ErrorAlert error={failure} id="sign-in-error" title={t('signIn.failedTitle')} />
        {needTotp && !failure && (
          <Alert color="blue" variant="outline" role="status" title={t('signIn.totpTitle')}>
            {t('signIn.totpBody')}
          </Alert>
        )}
        <form ref={form} onSubmit={onSubmit} noValidate aria-label={t('signIn.title')}>
          <Stack gap="md">
            <TextInput
              label={t('fields.email')}
              type="email"
              name="email"
              autoComplete="username"
              required
              value={email}
              onChange={(e) => setEmail(e.currentTarget.value)}
              error={errors.email ?? serverFieldError(signIn.error, 'email')}
            />
            <PasswordField
              label={t('fields.password')}
              name="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
              error={errors.password ?? serverFieldError(signIn.error, 'password')}
            />
            {needTotp && (
              <TextInput
                ref={totpInput}
                label={t('fields.totp')}
                description={t('signIn.totpHint')}
                name="totp"
                inputMode="numeric"
                autoComplete="one-time-code"
                maxLength={6}
                required
                value={totp}
                onChange={(e) => setTotp(e.currentTarget.value)}
                error={errors.totp ?? serverFieldError(signIn.error, 'totp')}
              />
            )}
            <Button type="submit" loading={signIn.isPending} fullWidth>
              {t('signIn.submit')}
            </Button>
          </Stack>
        </form>
      </Stack>
    </Paper>
  );
}
