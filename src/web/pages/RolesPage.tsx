import { Badge, Code, Group, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useRoles } from '../api/admin.js';
import { permissionLabel } from '../ui/labels.js';
import { ProblemAlert } from '../ui/ProblemAlert.js';
import { ScrollTable } from '../ui/ScrollTable.js';
import { usePageTitle } from '../ui/usePageTitle.js';

/** Roles as data: scope, permissions, and whether the role needs TOTP or sees aggregates only. */
export function RolesPage() {
  const { t } = useTranslation();
  usePageTitle('roles.title');
  const roles = useRoles();
  return (
    <Stack>
      <Title order={1}>{t('roles.title')}</Title>
      <Text c="gray.7">{t('roles.intro')}</Text>
      <ProblemAlert error={roles.error} />
      <ScrollTable minWidth={800} label={t('roles.title')}>
        <Table striped verticalSpacing="sm" data-testid="roles-table">
          <Table.Caption>
            <VisuallyHidden>{t('roles.title')}</VisuallyHidden>
          </Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('roles.name')}</Table.Th>
              <Table.Th scope="col">{t('roles.scope')}</Table.Th>
              <Table.Th scope="col">{t('roles.permissions')}</Table.Th>
              <Table.Th scope="col">{t('roles.requiresTotp')}</Table.Th>
              <Table.Th scope="col">{t('roles.aggregateOnly')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(roles.data ?? []).map((role) => (
              <Table.Tr key={role.key} data-testid="role-row">
                <Table.Th scope="row">
                  <Text fw={500}>{t(`role.${role.key}`, { defaultValue: role.key })}</Text>
                  <Code fz="xs">{role.key}</Code>
                </Table.Th>
                <Table.Td>{t(`scope.${role.scope}`, { defaultValue: role.scope })}</Table.Td>
                <Table.Td>
                  <Group gap={4}>
                    {role.permissions.map((p) => (
                      <Badge key={p} variant="outline" color="gray" size="sm" tt="none" title={p}>
                        {permissionLabel(t, p)}
                      </Badge>
                    ))}
                  </Group>
                </Table.Td>
                <Table.Td>{role.requiresTotp ? t('common.yes') : t('common.no')}</Table.Td>
                <Table.Td>{role.aggregateOnly ? t('common.yes') : t('common.no')}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollTable>
    </Stack>
  );
}
