import { Button, Card, Group, Modal, Select, Stack, Table, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { usersApi } from '../../api/admin.js';
import { casesApi } from '../../api/cases.js';
import { useAuth } from '../../auth.js';
import { FormActions } from '../../ui/FormActions.js';
import { picked } from '../../ui/formBody.js';
import { ProblemAlert } from '../../ui/ProblemAlert.js';
import { CaptionedTable } from '../../ui/ScrollTable.js';
import { required, useApiForm } from '../../ui/useApiForm.js';
import { EnumSelect } from './fields.js';
import { type CaseDetail, memberRoles } from './model.js';
import { useCaseRefresh } from './useCase.js';

export function TeamCard({ kase }: { kase: CaseDetail }) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const refresh = useCaseRefresh(kase.id);
  const [adding, setAdding] = useState(false);
  // Choosing a colleague needs the user list (users.read); without it the team is shown but not changed here.
  const mayAdd = can('cases.update') && can('users.read') && kase.stage !== 'closed';
  const users = useQuery({
    queryKey: ['users', 'agency', kase.leadAgency.id],
    queryFn: () => usersApi.list({ agencyId: kase.leadAgency.id, status: 'active' }, { limit: 200 }),
    enabled: adding,
  });
  const {
    form,
    mutation: add,
    submit,
    bind,
  } = useApiForm({
    initialValues: { userId: null as string | null, role: 'member' as string | null },
    validate: { userId: required },
    send: (v) => casesApi.addMember(kase.id, { userId: picked(v.userId), role: picked(v.role) }),
    onSuccess: async () => {
      setAdding(false);
      form.setFieldValue('userId', null);
      await refresh();
    },
  });
  const onTeam = new Set(kase.team.map((m) => m.userId));
  return (
    <Card withBorder padding="md" component="section" aria-labelledby="team-heading">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={2} fz="h4" id="team-heading">
            {t('cases.team.title')}
          </Title>
          {mayAdd && (
            <Button
              variant="light"
              size="sm"
              onClick={() => {
                add.reset();
                form.clearErrors();
                setAdding(true);
              }}
              data-testid="team-add-open"
            >
              {t('cases.team.add')}
            </Button>
          )}
        </Group>
        <CaptionedTable
          minWidth={480}
          label={t('cases.team.title')}
          verticalSpacing="xs"
          data-testid="team-table"
          columns={[t('cases.team.name'), t('cases.team.username'), t('cases.team.role')]}
        >
          {kase.team.map((m) => (
            <Table.Tr key={m.userId} data-testid="team-row">
              <Table.Td>{m.displayName}</Table.Td>
              <Table.Td>{m.username}</Table.Td>
              <Table.Td>{t(`cases.memberRole.${m.role}`, { defaultValue: m.role })}</Table.Td>
            </Table.Tr>
          ))}
        </CaptionedTable>
      </Stack>
      <Modal
        opened={adding}
        onClose={() => setAdding(false)}
        title={t('cases.team.add')}
        closeButtonProps={{ 'aria-label': t('common.close') }}
        centered
      >
        <form onSubmit={submit} noValidate>
          <Stack>
            <ProblemAlert error={add.error ?? users.error} fields={['userId', 'role']} />
            <Select
              label={t('cases.team.user')}
              required
              searchable
              data={(users.data?.items ?? [])
                .filter((u) => !onTeam.has(u.id))
                .map((u) => ({ value: u.id, label: `${u.displayName} (${u.username})` }))}
              {...bind('userId')}
              nothingFoundMessage={users.isFetching ? t('common.loading') : t('common.nothingFound')}
              data-testid="team-user"
              comboboxProps={{ withinPortal: true }}
            />
            <EnumSelect
              label={t('cases.team.role')}
              values={memberRoles}
              prefix="cases.memberRole"
              required
              {...bind('role')}
              testId="team-role"
            />
            <FormActions
              onCancel={() => setAdding(false)}
              pending={add.isPending}
              submitLabel={t('cases.team.add')}
              testId="team-add-submit"
            />
          </Stack>
        </form>
      </Modal>
    </Card>
  );
}
