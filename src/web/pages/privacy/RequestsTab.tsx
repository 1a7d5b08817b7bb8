import { Badge, Button, Group, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { privacyApi, privacyKeys } from '../../api/privacy.js';
import { type BodyOf, picklist } from '../../api/types.js';
import { useMe } from '../../auth.js';
import { formatDateTime } from '../../ui/format.js';
import { ProblemAlert } from '../../ui/ProblemAlert.js';
import { CaptionedTable } from '../../ui/ScrollTable.js';
import { required, useApiForm } from '../../ui/useApiForm.js';
import type { DsrRequest } from './model.js';

type DsrRequestInput = BodyOf<'dsr.requests.create'>;
/** The kinds and channels of a data-subject request, every one the contract has (a renamed value fails tsc). */
export const kinds = picklist<DsrRequestInput['kind']>()([
  'access',
  'correction',
  'erasure',
  'restriction',
  'objection',
  'withdrawal',
]);

export const channels = picklist<DsrRequestInput['channel']>()([
  'in_person',
  'letter',
  'email',
  'phone',
  'through_case_worker',
]);

export function RequestsTab() {
  const { t } = useTranslation();
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
      <CaptionedTable
        minWidth={800}
        label={t('privacy.tabs.requests')}
        striped
        data-testid="dsr-requests"
        columns={[
          t('privacy.requests.person'),
          t('privacy.requests.kind'),
          t('privacy.requests.due'),
          t('privacy.requests.status'),
          t('privacy.actions'),
        ]}
      >
        {(list.data?.items ?? []).map((r) => (
          <RequestRow key={r.id} request={r} act={act.mutate} />
        ))}
      </CaptionedTable>
      <HoldForm />
    </Stack>
  );
}

/** One data-subject request: its deadline, and the exports and decisions still open on it. */
function RequestRow({ request: r, act }: { request: DsrRequest; act: (run: () => Promise<unknown>) => void }) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const open = r.status === 'open';
  return (
    <Table.Tr>
      <Table.Td>{r.personPseudonym ?? r.personId}</Table.Td>
      <Table.Td>{t(`privacy.kinds.${r.kind}`)}</Table.Td>
      <Table.Td>
        {formatDateTime(r.dueAt, me.timeZone, i18n.language)}{' '}
        {r.overdue && <Badge color="red.9">{t('privacy.overdue')}</Badge>}
      </Table.Td>
      <Table.Td>{t(`privacy.status.${r.status}`)}</Table.Td>
      <Table.Td>
        <Group gap="xs">
          {(['json', 'pdf'] as const).map((format) => (
            <Button
              key={format}
              size="xs"
              variant="light"
              component="a"
              href={privacyApi.exportFile(r.personId, format, r.id)}
              download
            >
              {t(format === 'json' ? 'privacy.requests.exportJson' : 'privacy.requests.exportPdf')}
            </Button>
          ))}
          {open && r.kind === 'erasure' && (
            <Button size="xs" color="red" onClick={() => act(() => privacyApi.erase(r.personId, { requestId: r.id }))}>
              {t('privacy.requests.erase')}
            </Button>
          )}
          {open && r.kind === 'restriction' && (
            <Button
              size="xs"
              onClick={() => act(() => privacyApi.restrict(r.personId, { restricted: true, requestId: r.id }))}
            >
              {t('privacy.requests.restrict')}
            </Button>
          )}
          {open && (
            <>
              <Button
                size="xs"
                variant="outline"
                onClick={() => act(() => privacyApi.completeRequest(r.id, { outcome: 'fulfilled' }))}
              >
                {t('privacy.requests.fulfil')}
              </Button>
              <Button
                size="xs"
                variant="outline"
                color="gray"
                onClick={() => act(() => privacyApi.completeRequest(r.id, { outcome: 'refused' }))}
              >
                {t('privacy.requests.refuse')}
              </Button>
            </>
          )}
        </Group>
      </Table.Td>
    </Table.Tr>
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
