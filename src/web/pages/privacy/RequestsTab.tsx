import { Badge, Button, Group, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { privacyApi, privacyKeys } from '../../api/privacy.js';
import { useMe } from '../../auth.js';
import { formatDateTime } from '../../ui/format.js';
import { ProblemAlert } from '../../ui/ProblemAlert.js';
import { ScrollTable } from '../../ui/ScrollTable.js';
import { required, useApiForm } from '../../ui/useApiForm.js';

export const kinds = ['access', 'correction', 'erasure', 'restriction', 'objection', 'withdrawal'];

export const channels = ['in_person', 'letter', 'email', 'phone', 'through_case_worker'];

export function RequestsTab() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const qc = useQueryClient();
  const list = useQuery({ queryKey: privacyKeys.requests, queryFn: privacyApi.requests });
  const {
    form,
    mutation: create,
    submit,
    bind,
  } = useApiForm({
    initialValues: { personId: '', kind: 'access' as string | null, channel: 'in_person' as string | null },
    validate: { personId: required },
    send: (v) => privacyApi.createRequest({ ...v, personId: v.personId.trim() }),
    onSuccess: () => {
      form.setFieldValue('personId', '');
      void qc.invalidateQueries({ queryKey: privacyKeys.requests });
    },
  });
  const act = useMutation({
    // One of a request's buttons' calls (erase, restrict, complete).
    mutationFn: (run: () => Promise<unknown>) => run(),
    onSuccess: () => void qc.invalidateQueries({ queryKey: privacyKeys.requests }),
  });
  return (
    <Stack>
      <form onSubmit={submit} aria-label={t('privacy.requests.new')}>
        <Group align="end">
          <TextInput
            label={t('privacy.personId')}
            description={t('privacy.personIdHint')}
            {...form.getInputProps('personId')}
            required
            w={340}
          />
          <Select
            label={t('privacy.requests.kind')}
            data-testid="dsr-kind"
            data={kinds.map((k) => ({ value: k, label: t(`privacy.kinds.${k}`) }))}
            {...bind('kind')}
            allowDeselect={false}
          />
          <Select
            label={t('privacy.requests.channel')}
            data={channels.map((c) => ({ value: c, label: t(`privacy.channels.${c}`) }))}
            {...bind('channel')}
            allowDeselect={false}
          />
          <Button type="submit" loading={create.isPending}>
            {t('privacy.requests.record')}
          </Button>
        </Group>
      </form>
      <ProblemAlert error={create.error} fields={['personId', 'kind', 'channel']} />
      <ProblemAlert error={act.error} testId="request-action-problem" />
      <ScrollTable minWidth={800} label={t('privacy.tabs.requests')}>
        <Table striped data-testid="dsr-requests">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('privacy.requests.person')}</Table.Th>
              <Table.Th>{t('privacy.requests.kind')}</Table.Th>
              <Table.Th>{t('privacy.requests.due')}</Table.Th>
              <Table.Th>{t('privacy.requests.status')}</Table.Th>
              <Table.Th>{t('privacy.actions')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(list.data?.items ?? []).map((r) => (
              <Table.Tr key={r.id}>
                <Table.Td>{r.personPseudonym ?? r.personId}</Table.Td>
                <Table.Td>{t(`privacy.kinds.${r.kind}`)}</Table.Td>
                <Table.Td>
                  {formatDateTime(r.dueAt, me.timeZone, i18n.language)}{' '}
                  {r.overdue && <Badge color="red.9">{t('privacy.overdue')}</Badge>}
                </Table.Td>
                <Table.Td>{t(`privacy.status.${r.status}`)}</Table.Td>
                <Table.Td>
                  <Group gap="xs">
                    <Button
                      size="xs"
                      variant="light"
                      component="a"
                      href={privacyApi.exportFile(r.personId, 'json', r.id)}
                      download
                    >
                      {t('privacy.requests.exportJson')}
                    </Button>
                    <Button
                      size="xs"
                      variant="light"
                      component="a"
                      href={privacyApi.exportFile(r.personId, 'pdf', r.id)}
                      download
                    >
                      {t('privacy.requests.exportPdf')}
                    </Button>
                    {r.status === 'open' && r.kind === 'erasure' && (
                      <Button
                        size="xs"
                        color="red"
                        onClick={() => act.mutate(() => privacyApi.erase(r.personId, { requestId: r.id }))}
                      >
                        {t('privacy.requests.erase')}
                      </Button>
                    )}
                    {r.status === 'open' && r.kind === 'restriction' && (
                      <Button
                        size="xs"
                        onClick={() =>
                          act.mutate(() => privacyApi.restrict(r.personId, { restricted: true, requestId: r.id }))
                        }
                      >
                        {t('privacy.requests.restrict')}
                      </Button>
                    )}
                    {r.status === 'open' && (
                      <>
                        <Button
                          size="xs"
                          variant="outline"
                          onClick={() => act.mutate(() => privacyApi.completeRequest(r.id, { outcome: 'fulfilled' }))}
                        >
                          {t('privacy.requests.fulfil')}
                        </Button>
                        <Button
                          size="xs"
                          variant="outline"
                          color="gray"
                          onClick={() => act.mutate(() => privacyApi.completeRequest(r.id, { outcome: 'refused' }))}
                        >
                          {t('privacy.requests.refuse')}
                        </Button>
                      </>
                    )}
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollTable>
      <HoldForm />
    </Stack>
  );
}

export function HoldForm() {
  const { t } = useTranslation();
  const {
    form,
    mutation: place,
    submit,
  } = useApiForm({
    initialValues: { personId: '', reason: '' },
    validate: { personId: required, reason: required },
    send: (v) => privacyApi.placeHold({ personId: v.personId.trim(), reason: v.reason }),
    onSuccess: () => {
      form.reset();
    },
  });
  return (
    <form aria-label={t('privacy.holds.title')} onSubmit={submit}>
      <Stack gap="xs">
        <Title order={2} size="h4">
          {t('privacy.holds.title')}
        </Title>
        <Group align="end">
          <TextInput label={t('privacy.personId')} {...form.getInputProps('personId')} required w={340} />
          <TextInput label={t('privacy.holds.reason')} {...form.getInputProps('reason')} required w={340} />
          <Button type="submit" loading={place.isPending}>
            {t('privacy.holds.place')}
          </Button>
        </Group>
        {place.isSuccess && <Text role="status">{t('privacy.holds.placed')}</Text>}
        <ProblemAlert error={place.error} fields={['personId', 'reason']} testId="hold-problem" />
      </Stack>
    </form>
  );
}
