import { Badge, Code, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useRoles } from '../api/admin.js';
import { permissionLabel } from '../ui/labels.js';
import { ProblemAlert } from '../ui/ProblemAlert.js';
import { CaptionedTable } from '../ui/ScrollTable.js';
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
      <CaptionedTable
        minWidth={800}
        label={t('roles.title')}
        striped
        verticalSpacing="sm"
        data-testid="roles-table"
        columns={[
          t('roles.name'),
          t('roles.scope'),
          t('roles.permissions'),
          t('roles.requiresTotp'),
          t('roles.aggregateOnly'),
        ]}
      >
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
      </CaptionedTable>
    </Stack>
  );
}
