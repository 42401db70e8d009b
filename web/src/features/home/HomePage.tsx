import { Anchor, Badge, Card, Group, List, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useFormat } from '../../app/format';
import { canOpen, pages } from '../../app/routes';
import { displayNameOf, useCurrentUser } from '../../app/session';
import { Page } from '../../app/ui/Page';
import { listUsers } from '../admin/admin.api';
import { HomeNumbers } from './HomeNumbers';
import { SafetyFollowups } from '../outcomes/SafetyFollowups';
import { preloadDirectorDashboard } from './dashboard.preload';
import { useOrgToday } from '../../app/today';

// The director's dashboard draws charts (recharts): its own chunk, so the home page shows first.
const DirectorDashboard = lazy(preloadDirectorDashboard);

/** Admins see their organization's set-up steps; everyone sees the modules their role uses. */
function AdminChecklist() {
  const { t } = useTranslation();
  const f = useFormat();
  const me = useCurrentUser();
  const users = useQuery({ queryKey: ['users', { page: 1, q: '' }], queryFn: () => listUsers({ page: 1, pageSize: 20 }) });
  return (
    <Card withBorder component="section" aria-labelledby="home-admin" padding="lg">
      <Stack gap="sm">
        <Title order={2} fz={20} id="home-admin">
          {t('home.adminTitle')}
        </Title>
        {users.data && (
          <Text>{t('home.userCount', { total: f.number(users.data.total) })}</Text>
        )}
        <List spacing="xs">
          <List.Item>
            <Anchor component={Link} to="/admin/users">
              {t('home.adminUsers')}
            </Anchor>
          </List.Item>
          {!me.totpEnabled && (
            <List.Item>
              <Anchor component={Link} to="/profile">
                {t('home.adminTotp')}
              </Anchor>
            </List.Item>
          )}
          <List.Item>
            <Anchor component={Link} to="/admin/audit">
              {t('home.adminAudit')}
            </Anchor>
          </List.Item>
        </List>
      </Stack>
    </Card>
  );
}

export default function HomePage() {
  const { t } = useTranslation();
  const f = useFormat();
  const me = useCurrentUser();
  const today = useOrgToday();
  const modules = pages.filter((p) => p.nav === 'modules' && canOpen(p, me.role));
  return (
    <Page title={t('home.title')}>
      {(me.role === 'supervisor' || me.role === 'admin') && <SafetyFollowups showPeer />}
      <Stack gap={4}>
        <Text size="lg" fw={600}>
          {t('home.welcome', { name: displayNameOf(me) })}
        </Text>
        <Text>
          {t('home.roleAt', { role: t(`roles.${me.role}`), organization: me.organization.name })} ·{' '}
          {t('home.today', { date: f.date(today) })}
        </Text>
      </Stack>
      <Text>{t(`home.intro.${me.role}`)}</Text>
      {(me.role === 'supervisor' || me.role === 'admin') && <HomeNumbers />}
      {(me.role === 'supervisor' || me.role === 'admin') && (
        <Suspense fallback={<Text role="status">{t('common.loading')}</Text>}>
          <DirectorDashboard />
        </Suspense>
      )}
      {me.role === 'admin' && <AdminChecklist />}
      <section aria-labelledby="home-modules">
        <Stack gap="sm">
          <Title order={2} fz={20} id="home-modules">
            {t('home.modulesTitle')}
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="md">
            {modules.map((m) => (
              <Card key={m.id} withBorder padding="md" component="article" aria-labelledby={`module-${m.id}`}>
                <Stack gap="xs">
                  <Group justify="space-between" wrap="nowrap" align="flex-start">
                    <Title order={3} fz={17} id={`module-${m.id}`}>
                      <Anchor component={Link} to={m.path}>
                        {t(`nav.${m.id}`)}
                      </Anchor>
                    </Title>
                    {!m.component && (
                      <Badge color="gray.7" variant="outline" style={{ flexShrink: 0 }}>
                        {t('nav.soon')}
                      </Badge>
                    )}
                  </Group>
                  <Text size="sm">{t(`modules.${m.id}`)}</Text>
                </Stack>
              </Card>
            ))}
          </SimpleGrid>
        </Stack>
      </section>
    </Page>
  );
}
