import { Button, Card, Group, Select, SimpleGrid, Stack, Table, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { legalApi, legalKeys } from '../../api/legal.js';
import { useMe } from '../../auth.js';
import { formatDateTime } from '../../ui/format.js';
import { ProblemAlert } from '../../ui/ProblemAlert.js';
import { ScrollTable } from '../../ui/ScrollTable.js';
import { required, useApiForm } from '../../ui/useApiForm.js';
import { EnumMultiSelect, EnumSelect, inputToIso, nowForInput } from '../cases/fields.js';
import { LegalForm, SaveCancel } from './LegalForm.js';
import { informChannels, informTopics, type Proceeding } from './model.js';

export function Section({ title, action, children }: { title: string; action?: ReactNode; children: ReactNode }) {
  return (
    <Card withBorder padding="md" component="section" aria-label={title}>
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={2} fz="h3">
            {title}
          </Title>
          {action}
        </Group>
        {children}
      </Stack>
    </Card>
  );
}

/** Art. 36: each time the victim was told of progress (when, how, by whom, what), and recording it. */
export function InformedLog({ p }: { p: Proceeding }) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const log = useQuery({
    queryKey: legalKeys.informed(p.id),
    queryFn: () => legalApi.informed(p.id),
  });
  const [open, setOpen] = useState(false);
  const { form, mutation, submit, bind } = useApiForm({
    initialValues: {
      caseId: (p.victims[0]?.caseId ?? null) as string | null,
      informedAt: nowForInput(),
      channel: 'in_person' as string | null,
      topics: ['stage'] as string[],
      summary: '',
    },
    validate: { caseId: required, informedAt: required, channel: required, summary: required },
    send: (v) =>
      legalApi.recordInformed(p.id, {
        caseId: v.caseId,
        informedAt: inputToIso(v.informedAt),
        channel: v.channel,
        topics: v.topics,
        summary: v.summary.trim(),
      }),
    onSuccess: (r) => {
      setOpen(false);
      form.setFieldValue('summary', '');
      queryClient.setQueryData(legalKeys.informed(p.id), r);
    },
  });
  const number = (caseId: string) => p.victims.find((v) => v.caseId === caseId)?.caseNumber ?? '';
  return (
    <Section
      title={t('legal.informed.title')}
      action={
        p.abilities.inform && !open ? (
          <Button onClick={() => setOpen(true)} data-testid="informed-new">
            {t('legal.informed.record')}
          </Button>
        ) : undefined
      }
    >
      <Text size="sm" c="gray.7">
        {t('legal.informed.intro')}
      </Text>
      {open && (
        <LegalForm
          label={t('legal.informed.record')}
          onSubmit={submit}
          error={mutation.error}
          fields={['caseId', 'informedAt', 'channel', 'topics', 'summary']}
        >
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Select
              label={t('legal.informed.victim')}
              data={p.victims.map((v) => ({ value: v.caseId, label: v.caseNumber }))}
              {...bind('caseId')}
              required
              comboboxProps={{ withinPortal: true }}
            />
            <TextInput
              type="datetime-local"
              label={t('legal.informed.when')}
              {...form.getInputProps('informedAt')}
              required
              data-testid="informed-when"
            />
            <EnumSelect
              label={t('legal.informed.channel')}
              values={informChannels}
              prefix="legal.channels"
              required
              {...bind('channel')}
            />
            <EnumMultiSelect
              label={t('legal.informed.topics')}
              values={informTopics}
              prefix="legal.topics"
              {...bind('topics')}
            />
          </SimpleGrid>
          <Textarea
            label={t('legal.informed.summary')}
            {...form.getInputProps('summary')}
            required
            autosize
            minRows={2}
            data-testid="informed-summary"
          />
          <SaveCancel pending={mutation.isPending} testId="informed-submit" onCancel={() => setOpen(false)} />
        </LegalForm>
      )}
      <ProblemAlert error={log.error} />
      {log.data && log.data.items.length === 0 && (
        <Text size="sm" c="gray.7">
          {t('legal.informed.empty')}
        </Text>
      )}
      {log.data && log.data.items.length > 0 && (
        <ScrollTable minWidth={760} label={t('legal.informed.title')}>
          <Table data-testid="informed-log">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('legal.informed.when')}</Table.Th>
                <Table.Th>{t('legal.informed.victim')}</Table.Th>
                <Table.Th>{t('legal.informed.channel')}</Table.Th>
                <Table.Th>{t('legal.informed.topics')}</Table.Th>
                <Table.Th>{t('legal.informed.summary')}</Table.Th>
                <Table.Th>{t('legal.informed.by')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {log.data.items.map((r) => (
                <Table.Tr key={r.id}>
                  <Table.Td>{formatDateTime(r.informedAt, me.timeZone, i18n.language)}</Table.Td>
                  <Table.Td>{number(r.caseId)}</Table.Td>
                  <Table.Td>{t(`legal.channels.${r.channel}`)}</Table.Td>
                  <Table.Td>{r.topics.map((x) => t(`legal.topics.${x}`)).join(', ')}</Table.Td>
                  <Table.Td>{r.summary}</Table.Td>
                  <Table.Td>
                    {r.informedBy} · {r.informedByAgency.name}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
    </Section>
  );
}
