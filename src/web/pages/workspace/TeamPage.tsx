import {
  Alert,
  Anchor,
  Button,
  Card,
  Checkbox,
  Group,
  Modal,
  Select,
  Stack,
  Table,
  Text,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { workspaceApi } from '../../api/workspace.js';
import { picked } from '../../ui/formBody.js';
import { ProblemAlert } from '../../ui/ProblemAlert.js';
import { CaptionedTable } from '../../ui/ScrollTable.js';
import { required, useApiForm } from '../../ui/useApiForm.js';
import { usePageTitle } from '../../ui/usePageTitle.js';
import type { TeamMember } from './model.js';

/** The supervisor's team: each member's open cases, late services and tasks; cases reassigned in bulk. */
export function TeamPage() {
  const { t } = useTranslation();
  usePageTitle('team.title');
  const team = useQuery({ queryKey: ['team'], queryFn: workspaceApi.team });
  const [from, setFrom] = useState<TeamMember | null>(null);
  const narrow = useMediaQuery('(max-width: 48em)') ?? false;
  return (
    <Stack>
      <Title order={1}>{t('team.title')}</Title>
      <ProblemAlert error={team.error} />
      {team.data && (
        <Text c="gray.7" data-testid="team-totals">
          {t('team.totals', team.data.totals)}
        </Text>
      )}
      {team.data && team.data.members.length === 0 && <Alert color="blue">{t('team.empty')}</Alert>}
      {team.data && team.data.members.length > 0 && narrow && (
        <Stack gap="xs" component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label={t('team.title')}>
          {team.data.members.map((m) => (
            <Card
              key={m.userId}
              component="li"
              withBorder
              padding="sm"
              data-testid="team-row"
              data-username={m.username}
            >
              <Stack gap={4}>
                <Text fw={600}>{m.displayName}</Text>
                <Text size="xs" c="gray.7">
                  {m.roles.map((r) => t(`role.${r}`, { defaultValue: r })).join(', ')}
                </Text>
                <Text size="sm">
                  <Anchor component={Link} to={`/cases?assignedTo=${m.userId}`} data-testid="team-open-cases">
                    {m.openCases}
                  </Anchor>{' '}
                  {t('team.openCases')} ·{' '}
                  <Text span c={m.lateServices > 0 ? 'red.9' : undefined} fw={m.lateServices > 0 ? 700 : 400}>
                    {m.lateServices} {t('team.lateServices')}
                  </Text>{' '}
                  · {m.openTasks} {t('team.openTasks')}
                </Text>
                {m.openCases > 0 && (
                  <Button size="xs" variant="light" w="fit-content" onClick={() => setFrom(m)}>
                    {t('team.reassign')}
                  </Button>
                )}
              </Stack>
            </Card>
          ))}
        </Stack>
      )}
      {team.data && team.data.members.length > 0 && !narrow && (
        <CaptionedTable
          minWidth={720}
          label={t('team.title')}
          striped
          verticalSpacing="sm"
          data-testid="team-table"
          columns={[
            t('team.member'),
            t('team.roles'),
            <Table.Th key="column-1" scope="col" ta="right">
              {t('team.openCases')}
            </Table.Th>,
            <Table.Th key="column-2" scope="col" ta="right">
              {t('team.lateServices')}
            </Table.Th>,
            <Table.Th key="column-3" scope="col" ta="right">
              {t('team.openTasks')}
            </Table.Th>,
            <Table.Th key="column-4" scope="col" ta="right">
              {t('team.overdueTasks')}
            </Table.Th>,
            <Table.Th key="column-5" scope="col">
              <VisuallyHidden>{t('team.reassign')}</VisuallyHidden>
            </Table.Th>,
          ]}
        >
          {team.data.members.map((m) => (
            <Table.Tr key={m.userId} data-testid="team-row" data-username={m.username}>
              <Table.Td>
                <Text fw={600}>{m.displayName}</Text>
                <Text size="xs" c="gray.7">
                  {m.username}
                </Text>
              </Table.Td>
              <Table.Td>{m.roles.map((r) => t(`role.${r}`, { defaultValue: r })).join(', ')}</Table.Td>
              <Table.Td ta="right">
                <Anchor component={Link} to={`/cases?assignedTo=${m.userId}`} data-testid="team-open-cases">
                  {m.openCases}
                </Anchor>
              </Table.Td>
              <Table.Td ta="right" c={m.lateServices > 0 ? 'red.9' : undefined} fw={m.lateServices > 0 ? 700 : 400}>
                {m.lateServices > 0 ? (
                  <Anchor component={Link} to={`/cases?assignedTo=${m.userId}&late=true`} c="red.9">
                    {m.lateServices}
                  </Anchor>
                ) : (
                  0
                )}
              </Table.Td>
              <Table.Td ta="right">{m.openTasks}</Table.Td>
              <Table.Td ta="right" c={m.overdueTasks > 0 ? 'orange.9' : undefined}>
                {m.overdueTasks}
              </Table.Td>
              <Table.Td>
                {m.openCases > 0 && (
                  <Button size="xs" variant="light" onClick={() => setFrom(m)} data-testid="team-reassign">
                    {t('team.reassign')}
                  </Button>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </CaptionedTable>
      )}
      {from && team.data && <ReassignDialog from={from} members={team.data.members} onClose={() => setFrom(null)} />}
    </Stack>
  );
}

function ReassignDialog({ from, members, onClose }: { from: TeamMember; members: TeamMember[]; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const cases = useQuery({
    queryKey: ['cases', 'assignedTo', from.userId],
    queryFn: () => workspaceApi.openCasesOf(from.userId),
  });
  const {
    form,
    mutation: reassign,
    submit,
    bind,
  } = useApiForm({
    initialValues: { toUserId: null as string | null, caseIds: [] as string[] },
    validate: { toUserId: required },
    send: (v) =>
      workspaceApi.bulkReassign({ caseIds: v.caseIds, fromUserId: from.userId, toUserId: picked(v.toUserId) }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['team'] });
      void queryClient.invalidateQueries({ queryKey: ['cases'] });
    },
  });
  const items = cases.data?.items ?? [];
  const { caseIds: chosen } = form.getValues();
  const choose = (ids: string[]) => form.setFieldValue('caseIds', ids);
  const toggle = (id: string) => choose(chosen.includes(id) ? chosen.filter((x) => x !== id) : [...chosen, id]);
  return (
    <Modal
      opened
      onClose={onClose}
      title={t('team.reassignTitle', { name: from.displayName })}
      closeButtonProps={{ 'aria-label': t('common.close') }}
      size="lg"
    >
      <form onSubmit={submit} noValidate>
        <Stack>
          <Select
            label={t('team.to')}
            required
            data={members
              .filter((m) => m.userId !== from.userId)
              .map((m) => ({ value: m.userId, label: m.displayName }))}
            {...bind('toUserId')}
            data-testid="reassign-to"
          />
          <ProblemAlert error={cases.error ?? reassign.error} fields={['toUserId']} />
          {reassign.data ? (
            <Alert color="green" data-testid="reassign-done">
              {t('team.done', { count: reassign.data.reassigned.length })}
              {reassign.data.skipped.length > 0 && ` ${t('team.skipped', { count: reassign.data.skipped.length })}`}
            </Alert>
          ) : (
            <Card withBorder padding="sm">
              <Stack gap={6}>
                <Text fw={600} size="sm">
                  {t('team.select')}
                </Text>
                {items.length === 0 && !cases.isPending && <Text size="sm">{t('team.noCases')}</Text>}
                {items.length > 0 && (
                  <Checkbox
                    label={t('team.selectAll')}
                    checked={chosen.length === items.length}
                    indeterminate={chosen.length > 0 && chosen.length < items.length}
                    onChange={() => choose(chosen.length === items.length ? [] : items.map((c) => c.id))}
                  />
                )}
                {items.map((c) => (
                  <Checkbox
                    key={c.id}
                    label={c.caseNumber}
                    checked={chosen.includes(c.id)}
                    onChange={() => toggle(c.id)}
                    data-testid="reassign-case"
                  />
                ))}
              </Stack>
            </Card>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.close')}
            </Button>
            {!reassign.data && (
              <Button
                type="submit"
                disabled={chosen.length === 0}
                loading={reassign.isPending}
                data-testid="reassign-submit"
              >
                {t('team.submit', { count: chosen.length })}
              </Button>
            )}
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
