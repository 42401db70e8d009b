import { Button, Card, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { isApiError } from '../../app/api';
import { displayNameOf, meKey, useCurrentUser, useSignOut } from '../../app/session';
import { ErrorAlert, SuccessAlert } from '../../app/ui/ErrorAlert';
import { focusFirstError, type FieldErrors } from '../../app/ui/forms';
import { useServerFieldError } from '../../app/ui/errors';
import { Page } from '../../app/ui/Page';
import { PasswordField } from '../../app/ui/PasswordField';
import { MIN_PASSWORD_LENGTH, passwordProblem } from './password';
import { changePassword, disableTotp, enableTotp, startTotpSetup, type TotpSetup } from './profile.api';

function Section(props: { id: string; title: string; children: ReactNode }) {
  return (
    <Card withBorder component="section" aria-labelledby={props.id} padding="lg">
      <Stack gap="md">
        <Title order={2} fz={20} id={props.id}>
          {props.title}
        </Title>
        {props.children}
      </Stack>
    </Card>
  );
}

function AccountDetails() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const rows: Array<[string, string]> = [
    [t('fields.displayName'), me.displayName || t('profile.noName')],
    [t('fields.email'), me.email],
    [t('fields.role'), t(`roles.${me.role}`)],
    [t('fields.organization'), me.organization.name],
  ];
  return (
    <Section id="profile-account" title={t('profile.account')}>
      <dl className="detail-list">
        {rows.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </Section>
  );
}

type PasswordFieldName = 'currentPassword' | 'newPassword' | 'confirm';

function ChangePassword() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const serverFieldError = useServerFieldError();
  const form = useRef<HTMLFormElement>(null);
  const [values, setValues] = useState({ currentPassword: '', newPassword: '', confirm: '' });
  const [errors, setErrors] = useState<FieldErrors<PasswordFieldName>>({});
  const [done, setDone] = useState(false);
  const mutation = useMutation({
    mutationFn: changePassword,
    onSuccess: () => {
      setDone(true);
      setValues({ currentPassword: '', newPassword: '', confirm: '' });
    },
  });
  const set = (field: PasswordFieldName) => (e: { currentTarget: { value: string } }) => {
    const value = e.currentTarget.value;
    setValues((v) => ({ ...v, [field]: value }));
  };
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    setDone(false);
    const found: FieldErrors<PasswordFieldName> = {};
    if (!values.currentPassword) found.currentPassword = t('validation.passwordRequired');
    const problem = passwordProblem(values.newPassword, me.email);
    if (problem) found.newPassword = t(`validation.${problem}`, { min: MIN_PASSWORD_LENGTH });
    if (values.confirm !== values.newPassword) found.confirm = t('validation.passwordMismatch');
    setErrors(found);
    if (Object.keys(found).length > 0) {
      setTimeout(() => focusFirstError(form.current), 0);
      return;
    }
    mutation.mutate({ currentPassword: values.currentPassword, newPassword: values.newPassword });
  };
  const currentWrong = isApiError(mutation.error) && mutation.error.fieldError('currentPassword');
  return (
    <Section id="profile-password" title={t('profile.changePassword')}>
      <SuccessAlert>{done ? t('profile.passwordChanged') : null}</SuccessAlert>
      {!currentWrong && <ErrorAlert error={mutation.error} />}
      <form ref={form} onSubmit={onSubmit} noValidate aria-labelledby="profile-password">
        <Stack gap="md" maw={420}>
          <input type="text" name="username" autoComplete="username" value={me.email} readOnly hidden />
          <PasswordField
            label={t('fields.currentPassword')}
            autoComplete="current-password"
            required
            value={values.currentPassword}
            onChange={set('currentPassword')}
            error={errors.currentPassword ?? (currentWrong ? t('validation.currentPasswordWrong') : undefined)}
          />
          <PasswordField
            label={t('fields.newPassword')}
            description={t('validation.passwordHint', { min: MIN_PASSWORD_LENGTH })}
            autoComplete="new-password"
            required
            value={values.newPassword}
            onChange={set('newPassword')}
            error={errors.newPassword ?? serverFieldError(mutation.error, 'newPassword')}
          />
          <PasswordField
            label={t('fields.confirmPassword')}
            autoComplete="new-password"
            required
            value={values.confirm}
            onChange={set('confirm')}
            error={errors.confirm}
          />
          <Group>
            <Button type="submit" loading={mutation.isPending}>
              {t('profile.changePasswordSubmit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Section>
  );
}

/** Groups the base32 secret in fours so it can be typed into an authenticator by hand. */
const groupSecret = (secret: string) => secret.replace(/(.{4})/g, '$1 ').trim();

function TwoStep() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const queryClient = useQueryClient();
  const serverFieldError = useServerFieldError();
  const [setup, setSetup] = useState<TotpSetup | null>(null);
  const [code, setCode] = useState('');
  const [codeError, setCodeError] = useState<string | undefined>();
  const [message, setMessage] = useState<string | null>(null);
  const codeInput = useRef<HTMLInputElement>(null);

  const start = useMutation({
    mutationFn: startTotpSetup,
    onSuccess: (s) => {
      setSetup(s);
      setMessage(null);
    },
  });
  const confirm = useMutation({
    mutationFn: (c: string) => (me.totpEnabled ? disableTotp(c) : enableTotp(c)),
    onSuccess: async () => {
      setMessage(me.totpEnabled ? t('profile.totpTurnedOff') : t('profile.totpTurnedOn'));
      setSetup(null);
      setCode('');
      await queryClient.invalidateQueries({ queryKey: meKey });
    },
  });

  const submitCode = (e: FormEvent) => {
    e.preventDefault();
    setMessage(null);
    if (!/^\d{6}$/.test(code.trim())) {
      setCodeError(t('validation.totpFormat'));
      setTimeout(() => codeInput.current?.focus(), 0);
      return;
    }
    setCodeError(undefined);
    confirm.mutate(code.trim());
  };

  const codeProblem =
    codeError ??
    (isApiError(confirm.error) && confirm.error.fieldError('code') ? t('errors.codes.invalid-totp') : undefined) ??
    serverFieldError(confirm.error, 'code');
  const formError = isApiError(confirm.error) && confirm.error.fieldError('code') ? null : confirm.error;

  const codeForm = (submitLabel: string) => (
    <form onSubmit={submitCode} noValidate>
      <Stack gap="sm" maw={320}>
        <TextInput
          ref={codeInput}
          label={t('fields.totp')}
          description={t('signIn.totpHint')}
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={6}
          required
          value={code}
          onChange={(e) => setCode(e.currentTarget.value)}
          error={codeProblem}
        />
        <Group>
          <Button type="submit" loading={confirm.isPending} color={me.totpEnabled ? 'red.9' : undefined}>
            {submitLabel}
          </Button>
          {setup && (
            <Button variant="default" onClick={() => setSetup(null)}>
              {t('common.cancel')}
            </Button>
          )}
        </Group>
      </Stack>
    </form>
  );

  return (
    <Section id="profile-totp" title={t('profile.totp')}>
      <Text>{t('profile.totpIntro')}</Text>
      <Text fw={600}>{me.totpEnabled ? t('profile.totpStatusOn') : t('profile.totpStatusOff')}</Text>
      <SuccessAlert>{message}</SuccessAlert>
      <ErrorAlert error={start.error ?? formError} />
      {me.totpEnabled ? (
        <>
          <Text size="sm">{t('profile.totpDisableHelp')}</Text>
          {codeForm(t('profile.totpDisable'))}
        </>
      ) : setup ? (
        <Stack gap="sm">
          <Text>{t('profile.totpStep1')}</Text>
          <dl className="detail-list">
            <div>
              <dt>{t('profile.totpSecret')}</dt>
              <dd className="otpauth-secret" data-testid="totp-secret">
                {groupSecret(setup.secret)}
              </dd>
            </div>
            <div>
              <dt>{t('profile.totpUri')}</dt>
              <dd className="otpauth-secret">
                <a href={setup.otpauthUrl}>{setup.otpauthUrl}</a>
              </dd>
            </div>
          </dl>
          <Text>{t('profile.totpStep2')}</Text>
          {codeForm(t('profile.totpEnable'))}
        </Stack>
      ) : (
        <Group>
          <Button onClick={() => start.mutate()} loading={start.isPending}>
            {t('profile.totpStart')}
          </Button>
        </Group>
      )}
    </Section>
  );
}

export default function ProfilePage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const signOut = useSignOut();
  const navigate = useNavigate();
  return (
    <Page
      title={t('profile.title')}
      actions={
        <Button
          variant="default"
          loading={signOut.isPending}
          onClick={() => signOut.mutate(undefined, { onSettled: () => void navigate('/sign-in', { replace: true }) })}
        >
          {t('profile.signOut')}
        </Button>
      }
    >
      <Text>{t('profile.intro', { name: displayNameOf(me) })}</Text>
      <AccountDetails />
      <ChangePassword />
      <TwoStep />
    </Page>
  );
}
