import {
  Badge,
  Button,
  Code,
  Group,
  MultiSelect,
  NumberInput,
  Stack,
  Table,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { privacyApi, privacyKeys } from '../../api/privacy.js';
import { type BodyOf, picklist } from '../../api/types.js';
import { useMe } from '../../auth.js';
import { formatDateTime } from '../../ui/format.js';
import { ProblemAlert } from '../../ui/ProblemAlert.js';
import { CaptionedTable } from '../../ui/ScrollTable.js';
import { required, useApiForm } from '../../ui/useApiForm.js';
import type { Breach } from './model.js';

/** The data categories a breach may touch, every one the contract has (a renamed value fails tsc). */
export const categories = picklist<BodyOf<'breaches.create'>['dataCategories'][number]>()([
  'identity',
  'contact',
  'health',
  'criminal',
  'child',
  'financial',
  'location',
  'case_narrative',
  'other',
]);

export function clockText(t: (k: string, o?: Record<string, unknown>) => string, b: Breach) {
  if (b.remainingMs === null) return t('privacy.breaches.clockDone');
  const hours = Math.floor(Math.abs(b.remainingMs) / 3_600_000);
  const minutes = Math.floor((Math.abs(b.remainingMs) % 3_600_000) / 60_000);
  return b.remainingMs < 0
    ? t('privacy.breaches.clockLate', { hours, minutes })
    : t('privacy.breaches.clockLeft', { hours, minutes });
}

export function BreachesTab() {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const [notice, setNotice] = useState<string | null>(null);
  const list = useQuery({ queryKey: privacyKeys.breaches, queryFn: privacyApi.breaches });
  const {
    form,
    mutation: create,
    submit,
  } = useApiForm({
    initialValues: {
      title: '',
      description: '',
      dataCategories: [] as string[],
      affectedCount: 1 as number | string,
      discoveredAt: '',
    },
    validate: { title: required, description: required, affectedCount: required },
    send: (v) =>
      privacyApi.recordBreach({
        ...v,
        affectedCount: Number(v.affectedCount),
        // Left empty: the server records its own now, not this device's clock.
        discoveredAt: v.discoveredAt ? new Date(v.discoveredAt).toISOString() : undefined,
      }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: privacyKeys.breaches }),
  });
  const notify = useMutation({
    mutationFn: (a: { id: string; audience: string }) =>
      privacyApi.notify(a.id, { audience: a.audience, language: i18n.language }),
    onSuccess: (r) => {
      setNotice(r.notice);
      void qc.invalidateQueries({ queryKey: privacyKeys.breaches });
    },
  });
  return (
    <Stack>
      <form aria-label={t('privacy.breaches.new')} onSubmit={submit} noValidate>
        <Stack gap="xs" maw={720}>
          <TextInput label={t('privacy.breaches.what')} {...form.getInputProps('title')} required />
          <Textarea
            label={t('privacy.breaches.description')}
            {...form.getInputProps('description')}
            required
            autosize
            minRows={2}
          />
          <MultiSelect
            label={t('privacy.breaches.whose')}
            data-testid="breach-categories"
            data={categories.map((c) => ({ value: c, label: t(`privacy.categories.${c}`) }))}
            {...form.getInputProps('dataCategories')}
          />
          <Group>
            <NumberInput label={t('privacy.breaches.howMany')} min={0} {...form.getInputProps('affectedCount')} />
            <TextInput
              type="datetime-local"
              label={t('privacy.breaches.discoveredAt')}
              {...form.getInputProps('discoveredAt')}
            />
          </Group>
          <Group>
            <Button type="submit" loading={create.isPending}>
              {t('privacy.breaches.record')}
            </Button>
          </Group>
          <ProblemAlert
            error={create.error}
            fields={['title', 'description', 'dataCategories', 'affectedCount', 'discoveredAt']}
          />
        </Stack>
      </form>
      <ProblemAlert error={notify.error} testId="notify-problem" />
      <CaptionedTable
        minWidth={800}
        label={t('privacy.tabs.breaches')}
        striped
        data-testid="breaches"
        columns={[
          t('privacy.breaches.what'),
          t('privacy.breaches.howMany'),
          t('privacy.breaches.deadline'),
          t('privacy.breaches.clock'),
          t('privacy.actions'),
        ]}
      >
        {(list.data?.items ?? []).map((b) => (
          <BreachRow key={b.id} breach={b} notify={(audience) => notify.mutate({ id: b.id, audience })} />
        ))}
      </CaptionedTable>
      {notice && (
        <Stack gap="xs">
          <Title order={2} size="h4">
            {t('privacy.breaches.notice')}
          </Title>
          <Code block>{notice}</Code>
        </Stack>
      )}
    </Stack>
  );
}

/** One breach: its 72-hour notice clock (UU 27/2022 Pasal 46) and the notices not yet sent. */
function BreachRow({ breach: b, notify }: { breach: Breach; notify: (audience: 'subjects' | 'authority') => void }) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  return (
    <Table.Tr>
      <Table.Td>{b.title}</Table.Td>
      <Table.Td>{b.affectedCount}</Table.Td>
      <Table.Td>{formatDateTime(b.deadlineAt, me.timeZone, i18n.language)}</Table.Td>
      <Table.Td>
        <Badge
          color={b.clock === 'done' ? 'dark' : b.clock === 'running' ? 'blue.9' : 'red.9'}
          data-testid="breach-clock"
        >
          {clockText(t, b)}
        </Badge>
      </Table.Td>
      <Table.Td>
        <Group gap="xs">
          {!b.subjectsNotifiedAt && (
            <Button size="xs" onClick={() => notify('subjects')}>
              {t('privacy.breaches.notifySubjects')}
            </Button>
          )}
          {!b.authorityNotifiedAt && (
            <Button size="xs" onClick={() => notify('authority')}>
              {t('privacy.breaches.notifyAuthority')}
            </Button>
          )}
        </Group>
      </Table.Td>
    </Table.Tr>
  );
}
