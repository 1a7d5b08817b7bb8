import { Badge, Button, Card, Group, Select, Stack, Text, Textarea, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { casesApi } from '../../api/cases.js';
import type { BodyOf } from '../../api/types.js';
import { useAuth, useMe } from '../../auth.js';
import { formatDateTime } from '../../ui/format.js';
import { LoadMore } from '../../ui/LoadMore.js';
import { ProblemAlert } from '../../ui/ProblemAlert.js';
import { required, useApiForm } from '../../ui/useApiForm.js';
import { type CaseDetail, noteSensitivities } from './model.js';
import { useCaseKeyset, useCaseRefresh } from './useCase.js';

const sensitivityColour = { normal: 'gray', sensitive: 'orange', restricted: 'red' } as const;

/** Case notes, newest first; restricted notes only reach their author and supervisors (the server filters). */
export function NotesTab({ kase }: { kase: CaseDetail }) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const { can } = useAuth();
  const refresh = useCaseRefresh(kase.id);
  const list = useCaseKeyset(kase.id, 'notes', casesApi.notes);
  const {
    form,
    mutation: create,
    submit,
    bind,
  } = useApiForm({
    initialValues: { body: '', sensitivity: 'normal' as string | null },
    validate: { body: required },
    send: (v) =>
      casesApi.createNote(kase.id, {
        body: v.body.trim(),
        sensitivity: (v.sensitivity ?? 'normal') as BodyOf<'notes.create'>['sensitivity'],
      }),
    onSuccess: async () => {
      form.reset();
      await refresh();
    },
  });
  const author = (id: string) => kase.team.find((m) => m.userId === id)?.displayName ?? t('cases.notes.otherAuthor');
  return (
    <Stack>
      <Title order={2} fz="h3">
        {t('cases.notes.title')}
      </Title>
      {can('cases.update') && (
        <Card withBorder padding="md" component="form" noValidate onSubmit={submit} data-testid="note-form">
          <Stack gap="sm">
            <ProblemAlert error={create.error} fields={['body', 'sensitivity']} />
            <Textarea
              label={t('cases.notes.body')}
              required
              autosize
              minRows={3}
              {...form.getInputProps('body')}
              data-testid="note-body"
            />
            <Group align="flex-end" justify="space-between">
              <Select
                label={t('cases.notes.sensitivity')}
                description={t('cases.notes.sensitivityHint')}
                allowDeselect={false}
                data={noteSensitivities.map((s) => ({ value: s, label: t(`cases.notes.sensitivities.${s}`) }))}
                {...bind('sensitivity')}
                data-testid="note-sensitivity"
                comboboxProps={{ withinPortal: true }}
              />
              <Button type="submit" loading={create.isPending} data-testid="note-submit">
                {t('cases.notes.add')}
              </Button>
            </Group>
          </Stack>
        </Card>
      )}
      <ProblemAlert error={list.error} />
      <Stack gap="sm" component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label={t('cases.notes.title')}>
        {list.items.map((n) => (
          <Card key={n.id} withBorder padding="sm" component="li" data-testid="note-item">
            <Group justify="space-between" mb={4}>
              <Text size="sm" c="gray.7">
                {author(n.authorUserId)} · {formatDateTime(n.createdAt, me.timeZone, i18n.language)}
              </Text>
              <Badge variant="light" color={sensitivityColour[n.sensitivity]}>
                {t(`cases.notes.sensitivities.${n.sensitivity}`)}
              </Badge>
            </Group>
            <Text style={{ whiteSpace: 'pre-wrap' }}>{n.body}</Text>
          </Card>
        ))}
      </Stack>
      <LoadMore list={list} />
    </Stack>
  );
}
