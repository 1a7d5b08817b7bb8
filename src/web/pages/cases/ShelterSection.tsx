import {
  Badge,
  Button,
  Card,
  Group,
  Modal,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { type FormEvent, type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { casesApi } from '../../api/cases.js';
import { useMe } from '../../auth.js';
import { AgencyPicker } from '../../ui/AgencyPicker.js';
import { FormActions } from '../../ui/FormActions.js';
import { formatDateTime } from '../../ui/format.js';
import { ProblemAlert } from '../../ui/ProblemAlert.js';
import { CaptionedTable } from '../../ui/ScrollTable.js';
import { required, useApiForm } from '../../ui/useApiForm.js';
import { EnumSelect, inputToIso } from './fields.js';
import { type CaseDetail, type ShelterStay, shelterExitReasons } from './model.js';
import { useCaseRefresh } from './useCase.js';

export function ShelterSection({ kase, manage }: { kase: CaseDetail; manage: boolean }) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const refresh = useCaseRefresh(kase.id);
  const stays = useQuery({
    queryKey: ['case', kase.id, 'shelter'],
    queryFn: () => casesApi.shelterStays(kase.id),
  });
  const [admitting, setAdmitting] = useState(false);
  const [exiting, setExiting] = useState<ShelterStay | null>(null);
  const [extending, setExtending] = useState<ShelterStay | null>(null);
  const {
    form,
    mutation: admit,
    submit,
    bind,
  } = useApiForm({
    initialValues: { facilityAgencyId: null as string | null, admittedAt: '', plannedExitAt: '' },
    validate: { facilityAgencyId: required },
    send: (v) =>
      casesApi.admit(kase.id, {
        facilityAgencyId: v.facilityAgencyId ?? '',
        admittedAt: inputToIso(v.admittedAt) ?? undefined,
        plannedExitAt: inputToIso(v.plannedExitAt) ?? undefined,
      }),
    onSuccess: async () => {
      setAdmitting(false);
      form.setFieldValue('facilityAgencyId', null);
      await refresh();
    },
  });
  const items = stays.data?.items ?? [];
  const hasOpen = items.some((s) => s.open);
  return (
    <Stack gap="xs" mt="md">
      <Group justify="space-between">
        <Title order={3} fz="h4">
          {t('cases.shelter.title')}
        </Title>
        {manage && !hasOpen && !admitting && (
          <Button variant="light" onClick={() => setAdmitting(true)} data-testid="shelter-admit-open">
            {t('cases.shelter.admit')}
          </Button>
        )}
      </Group>
      <ProblemAlert error={stays.error} />
      {admitting && (
        <Card withBorder padding="md" component="form" noValidate onSubmit={submit}>
          <Stack>
            <ProblemAlert error={admit.error} fields={['facilityAgencyId', 'admittedAt', 'plannedExitAt']} />
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              <AgencyPicker
                label={t('cases.shelter.facility')}
                required
                {...bind('facilityAgencyId')}
                testId="shelter-facility"
              />
              <TextInput
                type="datetime-local"
                label={t('cases.shelter.admittedAt')}
                description={t('cases.services.appliedAtHint')}
                {...form.getInputProps('admittedAt')}
              />
              <TextInput
                type="datetime-local"
                label={t('cases.shelter.plannedExitAt')}
                description={t('cases.shelter.plannedExitHint')}
                {...form.getInputProps('plannedExitAt')}
              />
            </SimpleGrid>
            <FormActions
              onCancel={() => setAdmitting(false)}
              pending={admit.isPending}
              submitLabel={t('cases.shelter.admit')}
              testId="shelter-admit-submit"
            />
          </Stack>
        </Card>
      )}
      {items.length === 0 && stays.isSuccess ? (
        <Text c="gray.7">{t('cases.shelter.none')}</Text>
      ) : (
        <CaptionedTable
          minWidth={760}
          label={t('cases.shelter.title')}
          verticalSpacing="xs"
          data-testid="shelter-table"
          columns={[
            t('cases.shelter.facility'),
            t('cases.shelter.admittedAt'),
            t('cases.shelter.plannedExitAt'),
            t('cases.shelter.exit'),
            manage && t('common.actions'),
          ]}
        >
          {items.map((s) => (
            <Table.Tr key={s.id}>
              <Table.Td>{s.facilityAgency.name}</Table.Td>
              <Table.Td>{formatDateTime(s.admittedAt, me.timeZone, i18n.language)}</Table.Td>
              <Table.Td>
                <Group gap={6}>
                  <span>{formatDateTime(s.plannedExitAt, me.timeZone, i18n.language)}</span>
                  {s.overstay && (
                    <Badge variant="light" color="red">
                      {t('cases.shelter.overstay')}
                    </Badge>
                  )}
                </Group>
              </Table.Td>
              <Table.Td>
                {s.exitAt
                  ? `${formatDateTime(s.exitAt, me.timeZone, i18n.language)} · ${t(`cases.shelter.exitReasons.${s.exitReason}`, { defaultValue: s.exitReason ?? '' })}`
                  : t('cases.shelter.inShelter')}
              </Table.Td>
              {manage && (
                <Table.Td>
                  {s.open && (
                    <Group gap={4}>
                      <Button size="xs" variant="light" onClick={() => setExtending(s)}>
                        {t('cases.shelter.extend')}
                      </Button>
                      <Button size="xs" variant="light" onClick={() => setExiting(s)}>
                        {t('cases.shelter.exitAction')}
                      </Button>
                    </Group>
                  )}
                </Table.Td>
              )}
            </Table.Tr>
          ))}
        </CaptionedTable>
      )}
      {exiting && <ExitDialog kase={kase} stay={exiting} onClose={() => setExiting(null)} />}
      {extending && <ExtendDialog kase={kase} stay={extending} onClose={() => setExtending(null)} />}
    </Stack>
  );
}

/** A dialog about one stay: its form (a useApiForm's submit), the server's problem on top, cancel and submit. */
function StayDialog({
  title,
  submitLabel,
  testId,
  onClose,
  onSubmit,
  error,
  fields,
  pending,
  children,
}: {
  title: string;
  submitLabel: string;
  testId: string;
  onClose: () => void;
  onSubmit: (event: FormEvent<HTMLFormElement>) => void;
  error: unknown;
  fields: readonly string[];
  pending: boolean;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Modal opened onClose={onClose} title={title} closeButtonProps={{ 'aria-label': t('common.close') }} centered>
      <form onSubmit={onSubmit} noValidate>
        <Stack>
          <ProblemAlert error={error} fields={fields} />
          {children}
          <FormActions onCancel={onClose} pending={pending} submitLabel={submitLabel} testId={testId} />
        </Stack>
      </form>
    </Modal>
  );
}

export function ExitDialog({ kase, stay, onClose }: { kase: CaseDetail; stay: ShelterStay; onClose: () => void }) {
  const { t } = useTranslation();
  const refresh = useCaseRefresh(kase.id);
  const { form, mutation, submit, bind } = useApiForm({
    initialValues: { exitAt: '', reason: null as string | null, note: '' },
    validate: { exitAt: required, reason: required },
    send: (v) =>
      casesApi.exitShelter(stay.id, {
        exitAt: inputToIso(v.exitAt) ?? '',
        reason: v.reason ?? '',
        note: v.note.trim() || undefined,
      }),
    onSuccess: async () => {
      onClose();
      await refresh();
    },
  });
  return (
    <StayDialog
      title={t('cases.shelter.exitAction')}
      submitLabel={t('cases.shelter.exitAction')}
      testId="shelter-exit-submit"
      onClose={onClose}
      onSubmit={submit}
      error={mutation.error}
      fields={['exitAt', 'reason', 'note']}
      pending={mutation.isPending}
    >
      <TextInput type="datetime-local" label={t('cases.shelter.exitAt')} required {...form.getInputProps('exitAt')} />
      <EnumSelect
        label={t('cases.shelter.exitReason')}
        values={shelterExitReasons}
        prefix="cases.shelter.exitReasons"
        required
        {...bind('reason')}
      />
      <Textarea label={t('cases.shelter.exitNote')} autosize minRows={2} {...form.getInputProps('note')} />
    </StayDialog>
  );
}

export function ExtendDialog({ kase, stay, onClose }: { kase: CaseDetail; stay: ShelterStay; onClose: () => void }) {
  const { t } = useTranslation();
  const refresh = useCaseRefresh(kase.id);
  const { form, mutation, submit } = useApiForm({
    initialValues: { plannedExitAt: '' },
    validate: { plannedExitAt: required },
    send: (v) => casesApi.extendStay(stay.id, { plannedExitAt: inputToIso(v.plannedExitAt) ?? '' }),
    onSuccess: async () => {
      onClose();
      await refresh();
    },
  });
  return (
    <StayDialog
      title={t('cases.shelter.extend')}
      submitLabel={t('common.save')}
      testId="shelter-extend-submit"
      onClose={onClose}
      onSubmit={submit}
      error={mutation.error}
      fields={['plannedExitAt']}
      pending={mutation.isPending}
    >
      <TextInput
        type="datetime-local"
        label={t('cases.shelter.plannedExitAt')}
        required
        {...form.getInputProps('plannedExitAt')}
      />
    </StayDialog>
  );
}
