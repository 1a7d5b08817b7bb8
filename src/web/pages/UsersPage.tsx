import { Badge, Button, Group, Menu, Select, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { adminKeys, type UserAction, type UserFilters, useAgency, useRoles, usersApi } from '../api/admin.js';
import type { User } from '../api.js';
import { useAuth } from '../auth.js';
import { AgencyPicker } from '../ui/AgencyPicker.js';
import { ConfirmDialog, TemporaryPasswordDialog } from '../ui/dialogs.js';
import { LoadMore } from '../ui/LoadMore.js';
import { ProblemAlert } from '../ui/ProblemAlert.js';
import { SavedNotice, StatusFilter } from '../ui/SavedNotice.js';
import { CaptionedTable } from '../ui/ScrollTable.js';
import { useKeysetPages, withoutEmpty } from '../ui/useKeysetList.js';
import { usePageTitle } from '../ui/usePageTitle.js';
import { StatusBadge } from './AgenciesPage.js';
import { UserForm } from './UserForm.js';

type RowAction = UserAction;

export { useRoles } from '../api/admin.js';

/** Users: filters, keyset list, create with a one-time temporary password, row actions for managers. */
export function UsersPage() {
  const { t } = useTranslation();
  const { can, me } = useAuth();
  usePageTitle('users.title');
  const manage = can('users.manage');
  const [q, setQ] = useState('');
  const [debouncedQ] = useDebouncedValue(q, 300);
  const [agencyId, setAgencyId] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [role, setRole] = useState<string | null>(null);
  const [editing, setEditing] = useState<User | 'new' | null>(null);
  const [pending, setPending] = useState<{ user: User; action: RowAction } | null>(null);
  const [secret, setSecret] = useState<{ title: string; username: string; password: string } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const roles = useRoles(can('roles.read') || manage);
  const filters = withoutEmpty({
    q: debouncedQ,
    agencyId: agencyId ?? undefined,
    status: (status ?? undefined) as UserFilters['status'],
    role: role ?? undefined,
  });
  const list = useKeysetPages(adminKeys.userList(filters), (page) => usersApi.list(filters, page));
  const queryClient = useQueryClient();
  const roleOptions = (roles.data ?? []).map((r) => ({
    value: r.key,
    label: t(`role.${r.key}`, { defaultValue: r.key }),
  }));

  const act = useMutation({
    mutationFn: ({ user, action }: { user: User; action: RowAction }) => usersApi.act(user.id, action),
    onSuccess: async (result, { user, action }) => {
      setPending(null);
      if (action === 'reset-password' && result?.temporaryPassword) {
        setSecret({
          title: t('users.resetPassword.done'),
          username: user.username,
          password: result.temporaryPassword,
        });
      } else {
        setNotice(t(`users.action.${action}.done`, { username: user.username }));
      }
      await queryClient.invalidateQueries({ queryKey: ['users'] });
    },
  });

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1}>{t('users.title')}</Title>
        {manage && (
          <Button onClick={() => setEditing('new')} data-testid="user-create">
            {t('users.create')}
          </Button>
        )}
      </Group>
      {notice && <SavedNotice onClose={() => setNotice(null)}>{notice}</SavedNotice>}
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} component="form" role="search" onSubmit={(e) => e.preventDefault()}>
        <TextInput
          label={t('common.search')}
          value={q}
          onChange={(e) => setQ(e.currentTarget.value)}
          data-testid="user-search"
        />
        <AgencyPicker label={t('users.agency')} value={agencyId} onChange={setAgencyId} />
        <Select label={t('users.role')} data={roleOptions} value={role} onChange={setRole} clearable searchable />
        <StatusFilter value={status} onChange={setStatus} />
      </SimpleGrid>
      <ProblemAlert error={list.error} />
      <CaptionedTable
        minWidth={900}
        label={t('users.title')}
        striped
        highlightOnHover
        verticalSpacing="sm"
        data-testid="users-table"
        columns={[
          t('users.username'),
          t('users.displayName'),
          t('users.agency'),
          t('users.roles'),
          t('common.status'),
          t('users.locked'),
          t('users.totp'),
          manage && t('common.actions'),
        ]}
      >
        {list.items.map((user) => {
          const locked = user.lockedUntil !== null && new Date(user.lockedUntil).getTime() > Date.now();
          return (
            <Table.Tr key={user.id} data-testid="user-row">
              <Table.Td>
                <Text fw={500}>{user.username}</Text>
              </Table.Td>
              <Table.Td>{user.displayName}</Table.Td>
              <Table.Td>
                <AgencyName user={user} />
              </Table.Td>
              <Table.Td>
                <Group gap={4}>
                  {user.roles.map((r) => (
                    <Badge key={r} variant="light" color="blue" size="sm">
                      {t(`role.${r}`, { defaultValue: r })}
                    </Badge>
                  ))}
                </Group>
              </Table.Td>
              <Table.Td>
                <StatusBadge status={user.status} />
              </Table.Td>
              <Table.Td>{locked ? t('users.lockedYes') : t('common.no')}</Table.Td>
              <Table.Td>{user.totpEnabled ? t('common.enabled') : t('common.notEnabled')}</Table.Td>
              {manage && (
                <Table.Td>
                  <Menu position="bottom-end" withinPortal>
                    <Menu.Target>
                      <Button
                        size="xs"
                        variant="light"
                        aria-label={t('users.actionsFor', { username: user.username })}
                        data-testid={`user-actions-${user.username}`}
                      >
                        {t('common.actions')}
                      </Button>
                    </Menu.Target>
                    <Menu.Dropdown>
                      <Menu.Item onClick={() => setEditing(user)}>{t('common.edit')}</Menu.Item>
                      {user.id !== me?.id && (
                        <Menu.Item
                          color={user.status === 'active' ? 'red' : undefined}
                          onClick={() => {
                            act.reset();
                            setPending({ user, action: user.status === 'active' ? 'disable' : 'enable' });
                          }}
                        >
                          {user.status === 'active' ? t('common.disable') : t('common.enable')}
                        </Menu.Item>
                      )}
                      <Menu.Item
                        onClick={() => {
                          act.reset();
                          setPending({ user, action: 'reset-password' });
                        }}
                      >
                        {t('users.resetPassword.action')}
                      </Menu.Item>
                      {user.totpEnabled && (
                        <Menu.Item
                          onClick={() => {
                            act.reset();
                            setPending({ user, action: 'reset-totp' });
                          }}
                        >
                          {t('users.resetTotp.action')}
                        </Menu.Item>
                      )}
                    </Menu.Dropdown>
                  </Menu>
                </Table.Td>
              )}
            </Table.Tr>
          );
        })}
      </CaptionedTable>
      <LoadMore list={list} />
      {editing && (
        <UserForm
          user={editing === 'new' ? null : editing}
          roles={roles.data ?? []}
          onClose={() => setEditing(null)}
          onCreated={(user, password) => {
            setEditing(null);
            setSecret({ title: t('users.tempPassword.title'), username: user.username, password });
          }}
          onUpdated={(user) => {
            setEditing(null);
            setNotice(t('users.saved', { username: user.username }));
          }}
        />
      )}
      <ConfirmDialog
        opened={pending !== null}
        title={pending ? t(`users.action.${pending.action}.title`) : ''}
        message={pending ? t(`users.action.${pending.action}.confirm`, { username: pending.user.username }) : ''}
        confirmLabel={pending ? t(`users.action.${pending.action}.button`) : ''}
        danger={pending?.action !== 'enable'}
        loading={act.isPending}
        error={act.error}
        onConfirm={() => pending && act.mutate(pending)}
        onClose={() => setPending(null)}
      />
      {secret && (
        <TemporaryPasswordDialog
          opened
          title={secret.title}
          username={secret.username}
          password={secret.password}
          onClose={() => setSecret(null)}
        />
      )}
    </Stack>
  );
}

function AgencyName({ user }: { user: User }) {
  const agency = useAgency(user.agencyId, !user.agencyName);
  return <>{user.agencyName ?? agency.data?.name ?? '—'}</>;
}
