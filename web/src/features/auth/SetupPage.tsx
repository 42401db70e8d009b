import { Alert, Anchor, Button, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { fetchMe, meKey } from '../../app/session';
import { ErrorAlert } from '../../app/ui/ErrorAlert';
import { focusFirstError, isEmail, type FieldErrors } from '../../app/ui/forms';
import { useDocumentTitle } from '../../app/ui/Page';
import { PasswordField } from '../../app/ui/PasswordField';
import { useServerFieldError } from '../../app/ui/errors';
import { PageLoader } from '../../app/ui/StatusPages';
import { fetchSetupStatus, runSetup, type SetupInput } from './auth.api';
import { MIN_PASSWORD_LENGTH } from '../profile/password';

type Field = 'token' | 'organizationName' | 'displayName' | 'email' | 'password' | 'confirm';

/** First run: the one-time link the server prints (`/setup?token=…`) creates the first administrator. */
export default function SetupPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('setup.title'));
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const status = useQuery({ queryKey: ['setup-status'], queryFn: fetchSetupStatus, retry: false });
  const serverFieldError = useServerFieldError();
  const form = useRef<HTMLFormElement>(null);
  const tokenFromLink = params.get('token') ?? '';
  const [values, setValues] = useState({
    token: tokenFromLink,
    organizationName: '',
    displayName: '',
    email: '',
    password: '',
    confirm: '',
  });
  const [errors, setErrors] = useState<FieldErrors<Field>>({});
  const set = (field: Field) => (e: { currentTarget: { value: string } }) => {
    const value = e.currentTarget.value;
    setValues((v) => ({ ...v, [field]: value }));
  };

  const setup = useMutation({
    mutationFn: (input: SetupInput) => runSetup(input),
    onSuccess: async () => {
      queryClient.setQueryData(['setup-status'], { needed: false });
      await queryClient.fetchQuery({ queryKey: meKey, queryFn: fetchMe, staleTime: 0 });
      void navigate('/', { replace: true });
    },
  });

  if (status.isPending) return <PageLoader />;

  if (status.data && !status.data.needed) {
    return (
      <Paper withBorder p={{ base: 'md', sm: 'xl' }} radius="md">
        <Stack gap="md">
          <Title order={1} fz={28}>
            {t('setup.title')}
          </Title>
          <Text>{t('setup.done')}</Text>
          <Anchor component={Link} to="/sign-in">
            {t('setup.toSignIn')}
          </Anchor>
        </Stack>
      </Paper>
    );
  }

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const found: FieldErrors<Field> = {};
    if (!values.token.trim()) found.token = t('validation.tokenRequired');
    if (!values.organizationName.trim()) found.organizationName = t('validation.organizationRequired');
    if (!values.email.trim()) found.email = t('validation.emailRequired');
    else if (!isEmail(values.email)) found.email = t('validation.emailInvalid');
    if (values.password.length < MIN_PASSWORD_LENGTH)
      found.password = t('validation.passwordLength', { min: MIN_PASSWORD_LENGTH });
    if (values.confirm !== values.password) found.confirm = t('validation.passwordMismatch');
    setErrors(found);
    if (Object.keys(found).length > 0) {
      setTimeout(() => focusFirstError(form.current), 0);
      return;
    }
    setup.mutate({
      token: values.token.trim(),
      organizationName: values.organizationName.trim(),
      email: values.email.trim(),
      password: values.password,
      ...(values.displayName.trim() ? { displayName: values.displayName.trim() } : {}),
    });
  };

  return (
    <Paper withBorder p={{ base: 'md', sm: 'xl' }} radius="md">
      <Stack gap="md">
        <Title order={1} fz={28}>
          {t('setup.title')}
        </Title>
        <Text>{t('setup.intro')}</Text>
        {!tokenFromLink && (
          <Alert color="gray" variant="outline">
            {t('setup.noToken')}
          </Alert>
        )}
        <ErrorAlert error={setup.error} title={t('setup.failedTitle')} />
        <form ref={form} onSubmit={onSubmit} noValidate aria-label={t('setup.title')}>
          <Stack gap="md">
            {!tokenFromLink && (
              <TextInput
                label={t('fields.setupToken')}
                name="token"
                autoComplete="off"
                required
                value={values.token}
                onChange={set('token')}
                error={errors.token ?? serverFieldError(setup.error, 'token')}
              />
            )}
            <TextInput
              label={t('fields.organizationName')}
              name="organizationName"
              autoComplete="organization"
              required
              value={values.organizationName}
              onChange={set('organizationName')}
              error={errors.organizationName ?? serverFieldError(setup.error, 'organizationName')}
            />
            <TextInput
              label={t('fields.displayName')}
              description={t('fields.optional')}
              name="displayName"
              autoComplete="name"
              value={values.displayName}
              onChange={set('displayName')}
              error={serverFieldError(setup.error, 'displayName')}
            />
            <TextInput
              label={t('fields.email')}
              type="email"
              name="email"
              autoComplete="username"
              required
              value={values.email}
              onChange={set('email')}
              error={errors.email ?? serverFieldError(setup.error, 'email')}
            />
            <PasswordField
              label={t('fields.newPassword')}
              description={t('validation.passwordHint', { min: MIN_PASSWORD_LENGTH })}
              name="password"
              autoComplete="new-password"
              required
              value={values.password}
              onChange={set('password')}
              error={errors.password ?? serverFieldError(setup.error, 'password')}
            />
            <PasswordField
              label={t('fields.confirmPassword')}
              name="confirm"
              autoComplete="new-password"
              required
              value={values.confirm}
              onChange={set('confirm')}
              error={errors.confirm}
            />
            <Button type="submit" loading={setup.isPending} fullWidth>
              {t('setup.submit')}
            </Button>
          </Stack>
        </form>
      </Stack>
    </Paper>
  );
}
