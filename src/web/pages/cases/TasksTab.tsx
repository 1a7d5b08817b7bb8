import { Badge, Button, Card, Group, Select, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { casesApi } from '../../api/cases.js';
import { useAuth, useMe } from '../../auth.js';
import { SubmitRow } from '../../ui/FormActions.js';
import { formatDateTime } from '../../ui/format.js';
import { ProblemAlert } from '../../ui/ProblemAlert.js';
import { CaptionedTable } from '../../ui/ScrollTable.js';
import { required, useApiForm } from '../../ui/useApiForm.js';
import { inputToIso } from './fields.js';
import type { CaseDetail } from './model.js';
import { useCaseRefresh, useCaseTasks } from './useCase.js';

/** Tasks of the case (follow-ups scheduled by the system and the team's own), with due dates. */
export function TasksTab({ kase }: { kase: CaseDetail }) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const { can } = useAuth();
  const refresh = useCaseRefresh(kase.id);
  const tasks = useCaseTasks(kase.id);
  const manage = can('cases.update') && kase.stage !== 'closed';
  const {
    form,
    mutation: create,
    submit,
    bind,
  } = useApiForm({
    initialValues: { title: '', dueAt: '', assignedUserId: null as string | null },
    validate: { title: required },
    send: (v) =>
      casesApi.createTask(kase.id, {
        title: v.title.trim(),
        dueAt: inputToIso(v.dueAt),
        assignedUserId: v.assignedUserId ?? undefined,
      }),
    onSuccess: async () => {
      form.reset();
      await refresh();
    },
  });
  const complete = useMutation({
    mutationFn: (taskId: string) => casesApi.completeTask(kase.id, taskId),
    onSuccess: refresh,
  });
  const member = (id: string | null) => (id ? (kase.team.find((m) => m.userId === id)?.displayName ?? '—') : '—');
  return (
    <Stack>
      <Title order={2} fz="h3">
        {t('cases.tasks.title')}
      </Title>
      {manage && (
        <Card withBorder padding="md" component="form" noValidate onSubmit={submit} data-testid="task-form">
          <Stack gap="sm">
            <ProblemAlert error={create.error} fields={['title', 'dueAt', 'assignedUserId']} />
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              <TextInput
                label={t('cases.tasks.taskTitle')}
                required
                {...form.getInputProps('title')}
                data-testid="task-title"
              />
              <TextInput
                type="datetime-local"
                label={t('cases.tasks.dueAt')}
                {...form.getInputProps('dueAt')}
                data-testid="task-due"
              />
              <Select
                label={t('cases.tasks.assignee')}
                clearable
                data={kase.team.map((m) => ({ value: m.userId, label: m.displayName }))}
                {...bind('assignedUserId')}
                comboboxProps={{ withinPortal: true }}
              />
            </SimpleGrid>
            <SubmitRow pending={create.isPending} testId="task-submit" label={t('cases.tasks.add')} />
          </Stack>
        </Card>
      )}
      <ProblemAlert error={tasks.error ?? complete.error} />
      {tasks.data && tasks.data.length === 0 ? (
        <Text c="gray.7">{t('cases.tasks.none')}</Text>
      ) : (
        <CaptionedTable
          minWidth={720}
          label={t('cases.tasks.title')}
          striped
          verticalSpacing="xs"
          data-testid="tasks-table"
          columns={[
            t('cases.tasks.taskTitle'),
            t('cases.tasks.dueAt'),
            t('cases.tasks.assignee'),
            t('common.status'),
            manage && t('common.actions'),
          ]}
        >
          {(tasks.data ?? []).map((task) => (
            <Table.Tr key={task.id} data-testid="task-row" data-kind={task.kind}>
              <Table.Td>{task.title}</Table.Td>
              <Table.Td>
                <Group gap={6}>
                  <span>{task.dueAt ? formatDateTime(task.dueAt, me.timeZone, i18n.language) : '—'}</span>
                  {task.overdue && (
                    <Badge variant="filled" color="red.9" data-testid="task-overdue">
                      {t('cases.tasks.overdue')}
                    </Badge>
                  )}
                </Group>
              </Table.Td>
              <Table.Td>{member(task.assignedUserId)}</Table.Td>
              <Table.Td>
                <Badge
                  variant="light"
                  color={task.status === 'done' ? 'teal' : task.status === 'open' ? 'blue' : 'gray'}
                >
                  {t(`cases.tasks.status.${task.status}`)}
                </Badge>
              </Table.Td>
              {manage && (
                <Table.Td>
                  {task.status === 'open' && (
                    <Button
                      size="xs"
                      variant="light"
                      loading={complete.isPending && complete.variables === task.id}
                      onClick={() => complete.mutate(task.id)}
                      aria-label={t('cases.tasks.completeNamed', { title: task.title })}
                    >
                      {t('cases.tasks.complete')}
                    </Button>
                  )}
                </Table.Td>
              )}
            </Table.Tr>
          ))}
        </CaptionedTable>
      )}
    </Stack>
  );
}
