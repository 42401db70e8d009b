import { Badge, Button, Card, Group, NativeSelect, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useFormat } from '../../app/format';
import { ROLES, displayNameOf, useCurrentUser, type Role } from '../../app/session';
import { ErrorAlert } from '../../app/ui/ErrorAlert';
import { focusFirstError, isEmail, type FieldErrors } from '../../app/ui/forms';
import { useErrorMessage, useServerFieldError } from '../../app/ui/errors';
import { Page } from '../../app/ui/Page';
import { Pager } from '../../app/ui/Pager';
import { PasswordField } from '../../app/ui/PasswordField';
import { LoadFailed, PageLoader } from '../../app/ui/StatusPages';
import { MIN_PASSWORD_LENGTH, passwordProblem } from '../profile/password';
import { createUser, listUsers, updateUser, type User } from './admin.api';

const PAGE_SIZE = 20;

type CreateField = 'email' | 'displayName' | 'role' | 'password';

function CreateUserForm(props: { onCreated: (user: User) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const serverFieldError = useServerFieldError();
  const form = useRef<HTMLFormElement>(null);
  const [values, setValues] = useState({ email: '', displayName: '', role: 'peer' as Role, password: '' });
  const [errors, setErrors] = useState<FieldErrors<CreateField>>({});
  const mutation = useMutation({ mutationFn: createUser, onSuccess: props.onCreated });
  const set = (field: CreateField) => (e: { currentTarget: { value: string } }) => {
    const value = e.currentTarget.value;
    setValues((v) => ({ ...v, [field]: value }));
  };

  useEffect(() => {
    form.current?.querySelector<HTMLInputElement>('input')?.focus();
  }, []);

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const found: FieldErrors<CreateField> = {};
    if (!values.email.trim()) found.email = t('validation.emailRequired');
    else if (!isEmail(values.email)) found.email = t('validation.emailInvalid');
    const problem = passwordProblem(values.password, values.email.trim());
    if (problem) found.password = t(`validation.${problem}`, { min: MIN_PASSWORD_LENGTH });
    setErrors(found);
    if (Object.keys(found).length > 0) {
      setTimeout(() => focusFirstError(form.current), 0);
      return;
    }
    mutation.mutate({
      email: values.email.trim(),
      role: values.role,
      password: values.password,
      ...(values.displayName.trim() ? { displayName: values.displayName.trim() } : {}),
    });
  };

  const emailTaken = (mutation.error as { code?: string } | null)?.code === 'email-taken';

  return (
    <Card withBorder component="section" aria-labelledby="create-user-title" padding="lg">
      <Stack gap="md">
        <Title order={2} fz={20} id="create-user-title">
          {t('users.createTitle')}
        </Title>
        {!emailTaken && <ErrorAlert error={mutation.error} />}
        <form ref={form} onSubmit={onSubmit} noValidate aria-labelledby="create-user-title">
          <Stack gap="md" maw={480}>
            <TextInput
              label={t('fields.email')}
              type="email"
              autoComplete="off"
              required
              value={values.email}
              onChange={set('email')}
              error={errors.email ?? (emailTaken ? t('errors.codes.email-taken') : serverFieldError(mutation.error, 'email'))}
            />
            <TextInput
              label={t('fields.displayName')}
              description={t('fields.optional')}
              autoComplete="off"
              value={values.displayName}
              onChange={set('displayName')}
              error={serverFieldError(mutation.error, 'displayName')}
            />
            <NativeSelect
              label={t('fields.role')}
              description={t(`roleDescriptions.${values.role}`)}
              value={values.role}
              onChange={set('role')}
              data={ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
            />
            <PasswordField
              label={t('fields.initialPassword')}
              description={t('users.initialPasswordHint', { min: MIN_PASSWORD_LENGTH })}
              autoComplete="new-password"
              required
              value={values.password}
              onChange={set('password')}
              error={errors.password ?? serverFieldError(mutation.error, 'password')}
            />
            <Group>
              <Button type="submit" loading={mutation.isPending}>
                {t('users.createSubmit')}
              </Button>
              <Button variant="default" onClick={props.onCancel}>
                {t('common.cancel')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Stack>
    </Card>
  );
}

function UserRow(props: { user: User; isSelf: boolean; onChanged: (message: string) => void; onError: (e: unknown) => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const queryClient = useQueryClient();
  const { user } = props;
  const [role, setRole] = useState<Role>(user.role);
  useEffect(() => setRole(user.role), [user.role]);
  const name = displayNameOf(user);

  const update = useMutation({
    mutationFn: (patch: { role?: Role; active?: boolean }) => updateUser(user.id, patch),
    onSuccess: (updated, patch) => {
      void queryClient.invalidateQueries({ queryKey: ['users'] });
      if (patch.role) props.onChanged(t('users.roleChanged', { name, role: t(`roles.${updated.role}`) }));
      else props.onChanged(updated.active ? t('users.reactivated', { name }) : t('users.deactivated', { name }));
    },
    onError: (e) => {
      setRole(user.role);
      props.onError(e);
    },
  });

  return (
    <Table.Tr data-user-email={user.email}>
      <Table.Td className="stack-full">
        <Text fw={600} size="sm">
          {user.displayName || '—'}
        </Text>
        {props.isSelf && (
          <Text size="xs" c="dimmed">
            {t('users.you')}
          </Text>
        )}
      </Table.Td>
      <Table.Td style={{ overflowWrap: 'anywhere' }} className="stack-full">
        {user.email}
      </Table.Td>
      <Table.Td data-label={t('fields.role')}>
        {props.isSelf ? (
          t(`roles.${user.role}`)
        ) : (
          <Group gap={6} wrap="nowrap">
            <NativeSelect
              aria-label={t('users.roleFor', { name })}
              value={role}
              size="xs"
              onChange={(e) => setRole(e.currentTarget.value as Role)}
              data={ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
            />
            {role !== user.role && (
              <Button size="xs" onClick={() => update.mutate({ role })} loading={update.isPending && !!update.variables?.role}>
                {t('users.applyRole')}
              </Button>
            )}
          </Group>
        )}
      </Table.Td>
      <Table.Td>
        <Badge color={user.active ? 'teal.9' : 'gray.7'} variant="filled">
          {user.active ? t('users.active') : t('users.inactive')}
        </Badge>
      </Table.Td>
      <Table.Td data-label={t('users.twoStep')}>{user.totpEnabled ? t('common.yes') : t('common.no')}</Table.Td>
      <Table.Td data-label={t('users.lastSignIn')}>{user.lastLoginAt ? f.dateTime(user.lastLoginAt) : t('users.never')}</Table.Td>
      <Table.Td>
        {!props.isSelf && (
          <Button
            size="xs"
            variant="default"
            loading={update.isPending && update.variables?.active !== undefined}
            onClick={() => update.mutate({ active: !user.active })}
            aria-label={user.active ? t('users.deactivateName', { name }) : t('users.reactivateName', { name })}
          >
            {user.active ? t('users.deactivate') : t('users.reactivate')}
          </Button>
        )}
      </Table.Td>
    </Table.Tr>
  );
}

export default function UsersPage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const errorMessage = useErrorMessage();
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get('page')) || 1);
  const q = params.get('q') ?? '';
  const [search, setSearch] = useState(q);
  const [creating, setCreating] = useState(false);
  const [status, setStatus] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const addButton = useRef<HTMLButtonElement>(null);

  const users = useQuery({
    queryKey: ['users', { page, q }],
    queryFn: () => listUsers({ page, pageSize: PAGE_SIZE, q: q || undefined }),
    placeholderData: keepPreviousData,
  });

  const go = (next: { page?: number; q?: string }) => {
    const p = new URLSearchParams();
    const nq = next.q ?? q;
    if (nq) p.set('q', nq);
    if ((next.page ?? 1) > 1) p.set('page', String(next.page));
    setParams(p);
  };

  const onSearch = (e: FormEvent) => {
    e.preventDefault();
    go({ q: search.trim(), page: 1 });
  };

  return (
    <Page
      title={t('users.title')}
      actions={
        !creating && (
          <Button ref={addButton} onClick={() => setCreating(true)}>
            {t('users.add')}
          </Button>
        )
      }
    >
      <Text>{t('users.intro')}</Text>
      {creating && (
        <CreateUserForm
          onCancel={() => {
            setCreating(false);
            setTimeout(() => addButton.current?.focus(), 0);
          }}
          onCreated={(user) => {
            setCreating(false);
            setStatus({ kind: 'ok', text: t('users.created', { name: displayNameOf(user) }) });
            void queryClient.invalidateQueries({ queryKey: ['users'] });
          }}
        />
      )}
      <div role="status" aria-live="polite" className={status?.kind === 'error' ? 'status-error' : 'status-ok'}>
        {status?.text}
      </div>
      <form role="search" onSubmit={onSearch} aria-label={t('users.searchLabel')}>
        <Group align="flex-end" gap="sm">
          <TextInput
            label={t('users.search')}
            type="search"
            value={search}
            onChange={(e) => setSearch(e.currentTarget.value)}
            style={{ flex: '1 1 14rem', maxWidth: '24rem' }}
          />
          <Button type="submit" variant="default">
            {t('common.search')}
          </Button>
        </Group>
      </form>
      {users.isPending ? (
        <PageLoader />
      ) : users.isError ? (
        <LoadFailed error={users.error} onRetry={() => void users.refetch()} />
      ) : users.data.items.length === 0 ? (
        <Text>{q ? t('users.noMatch', { q }) : t('users.none')}</Text>
      ) : (
        <Stack gap="sm">
          <div className="table-scroll" role="region" aria-labelledby="users-caption" tabIndex={0}>
            {/* On a phone each account is a block (app.css .stack-on-phone): scrolled sideways, whether
                it is active and the button to deactivate it (a lost phone, someone who left) were off
                the screen. */}
            <Table striped highlightOnHover verticalSpacing="sm" miw={760} className="stack-on-phone">
              <caption id="users-caption" className="table-caption">
                {t('users.caption')}
              </caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('fields.displayName')}</Table.Th>
                  <Table.Th scope="col">{t('fields.email')}</Table.Th>
                  <Table.Th scope="col">{t('fields.role')}</Table.Th>
                  <Table.Th scope="col">{t('users.status')}</Table.Th>
                  <Table.Th scope="col">{t('users.twoStep')}</Table.Th>
                  <Table.Th scope="col">{t('users.lastSignIn')}</Table.Th>
                  <Table.Th scope="col">{t('users.actions')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {users.data.items.map((user) => (
                  <UserRow
                    key={user.id}
                    user={user}
                    isSelf={user.id === me.id}
                    onChanged={(text) => setStatus({ kind: 'ok', text })}
                    onError={(e) => setStatus({ kind: 'error', text: errorMessage(e) })}
                  />
                ))}
              </Table.Tbody>
            </Table>
          </div>
          <Pager
            page={users.data.page}
            pageSize={users.data.pageSize}
            total={users.data.total}
            onPage={(p) => go({ page: p })}
            label={t('users.paging')}
          />
        </Stack>
      )}
    </Page>
  );
}
