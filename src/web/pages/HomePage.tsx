import { Badge, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, type Role } from '../api.js';
import { useAuth, useMe } from '../auth.js';
import { formatDateTime } from '../ui/format.js';
import { usePageTitle } from '../ui/usePageTitle.js';

/** Welcome card: who you are, for which agency, with which roles and reach. */
export function HomePage() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const { can } = useAuth();
  usePageTitle('home.title');
  const roles = useQuery({
    queryKey: ['roles'],
    queryFn: () => api.get<Role[]>('/api/roles'),
    enabled: can('roles.read'),
  });
  const scopes = [...new Set((roles.data ?? []).filter((r) => me.roles.includes(r.key)).map((r) => r.scope))];

  return (
    <Stack>
      <Title order={1}>{t('home.title')}</Title>
      <Card withBorder padding="lg" radius="md" data-testid="welcome-card">
        <Stack gap="sm">
          <Title order={2} fz="h3">
            {t('home.welcome', { name: me.displayName })}
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <div>
              <Text size="sm" c="gray.7">
                {t('home.username')}
              </Text>
              <Text fw={500}>{me.username}</Text>
            </div>
            <div>
              <Text size="sm" c="gray.7">
                {t('home.agency')}
              </Text>
              <Text fw={500}>{me.agency.name}</Text>
            </div>
            <div>
              <Text size="sm" c="gray.7">
                {t('home.roles')}
              </Text>
              <Group gap={6} mt={4}>
                {me.roles.map((role) => (
                  <Badge key={role} variant="light" color="blue">
                    {t(`role.${role}`, { defaultValue: role })}
                  </Badge>
                ))}
              </Group>
            </div>
            <div>
              <Text size="sm" c="gray.7">
                {t('home.scope')}
              </Text>
              <Text fw={500}>
                {scopes.length > 0 ? scopes.map((s) => t(`scope.${s}`)).join(', ') : t(`home.scopeByRole`)}
              </Text>
            </div>
            {me.sessionExpiresAt && (
              <div>
                <Text size="sm" c="gray.7">
                  {t('home.sessionEnds')}
                </Text>
                <Text fw={500}>{formatDateTime(me.sessionExpiresAt, me.timeZone, i18n.language)}</Text>
              </div>
            )}
            <div>
              <Text size="sm" c="gray.7">
                {t('home.totp')}
              </Text>
              <Text fw={500}>{me.totpEnabled ? t('common.enabled') : t('common.notEnabled')}</Text>
            </div>
          </SimpleGrid>
        </Stack>
      </Card>
    </Stack>
  );
}
