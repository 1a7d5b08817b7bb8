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
  VisuallyHidden,
} from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { casesApi } from '../../api/cases.js';
import { useMe } from '../../auth.js';
import { AgencyPicker } from '../../ui/AgencyPicker.js';
import { formatDateTime } from '../../ui/format.js';
import { fieldError, ProblemAlert } from '../../ui/ProblemAlert.js';
import { ScrollTable } from '../../ui/ScrollTable.js';
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
  const [facility, setFacility] = useState<string | null>(null);
  const [admittedAt, setAdmittedAt] = useState('');
  const [plannedExitAt, setPlannedExitAt] = useState('');
  const [exiting, setExiting] = useState<ShelterStay | null>(null);
  const [extending, setExtending] = useState<ShelterStay | null>(null);
  const admit = useMutation({
    mutationFn: () =>
      casesApi.admit(kase.id, {
        facilityAgencyId: facility ?? '',
        ...(inputToIso(admittedAt) ? { admittedAt: inputToIso(admittedAt) } : {}),
        ...(inputToIso(plannedExitAt) ? { plannedExitAt: inputToIso(plannedExitAt) } : {}),
      }),
    onSuccess: async () => {
      setAdmitting(false);
      setFacility(null);
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
        <Card
          withBorder
          padding="md"
          component="form"
          noValidate
          onSubmit={(e: FormEvent) => {
            e.preventDefault();
            admit.mutate();
          }}
        >
          <Stack>
            <ProblemAlert error={admit.error} fields={['facilityAgencyId', 'admittedAt', 'plannedExitAt']} />
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              <AgencyPicker
                label={t('cases.shelter.facility')}
                required
                value={facility}
                onChange={setFacility}
                error={fieldError(admit.error, 'facilityAgencyId')}
                testId="shelter-facility"
              />
              <TextInput
                type="datetime-local"
                label={t('cases.shelter.admittedAt')}
                description={t('cases.services.appliedAtHint')}
                value={admittedAt}
                onChange={(e) => setAdmittedAt(e.currentTarget.value)}
                error={fieldError(admit.error, 'admittedAt')}
              />
              <TextInput
                type="datetime-local"
                label={t('cases.shelter.plannedExitAt')}
                description={t('cases.shelter.plannedExitHint')}
                value={plannedExitAt}
                onChange={(e) => setPlannedExitAt(e.currentTarget.value)}
                error={fieldError(admit.error, 'plannedExitAt')}
              />
            </SimpleGrid>
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setAdmitting(false)}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" loading={admit.isPending} data-testid="shelter-admit-submit">
                {t('cases.shelter.admit')}
              </Button>
            </Group>
          </Stack>
        </Card>
      )}
      {items.length === 0 && stays.isSuccess ? (
        <Text c="gray.7">{t('cases.shelter.none')}</Text>
      ) : (
        <ScrollTable minWidth={760} label={t('cases.shelter.title')}>
          <Table verticalSpacing="xs" data-testid="shelter-table">
            <Table.Caption>
              <VisuallyHidden>{t('cases.shelter.title')}</VisuallyHidden>
            </Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('cases.shelter.facility')}</Table.Th>
                <Table.Th scope="col">{t('cases.shelter.admittedAt')}</Table.Th>
                <Table.Th scope="col">{t('cases.shelter.plannedExitAt')}</Table.Th>
                <Table.Th scope="col">{t('cases.shelter.exit')}</Table.Th>
                {manage && <Table.Th scope="col">{t('common.actions')}</Table.Th>}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
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
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
      {exiting && <ExitDialog kase={kase} stay={exiting} onClose={() => setExiting(null)} />}
      {extending && <ExtendDialog kase={kase} stay={extending} onClose={() => setExtending(null)} />}
    </Stack>
  );
}

export function ExitDialog({ kase, stay, onClose }: { kase: CaseDetail; stay: ShelterStay; onClose: () => void }) {
  const { t } = useTranslation();
  const refresh = useCaseRefresh(kase.id);
  const [exitAt, setExitAt] = useState('');
  const [reason, setReason] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const exit = useMutation({
    mutationFn: () =>
      casesApi.exitShelter(stay.id, {
        exitAt: inputToIso(exitAt) ?? '',
        reason: reason ?? '',
        ...(note.trim() ? { note: note.trim() } : {}),
      }),
    onSuccess: async () => {
      onClose();
      await refresh();
    },
  });
  return (
    <Modal
      opened
      onClose={onClose}
      title={t('cases.shelter.exitAction')}
      closeButtonProps={{ 'aria-label': t('common.close') }}
      centered
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          exit.mutate();
        }}
        noValidate
      >
        <Stack>
          <ProblemAlert error={exit.error} fields={['exitAt', 'reason', 'note']} />
          <TextInput
            type="datetime-local"
            label={t('cases.shelter.exitAt')}
            required
            value={exitAt}
            onChange={(e) => setExitAt(e.currentTarget.value)}
            error={fieldError(exit.error, 'exitAt')}
          />
          <EnumSelect
            label={t('cases.shelter.exitReason')}
            values={shelterExitReasons}
            prefix="cases.shelter.exitReasons"
            required
            value={reason}
            onChange={setReason}
            error={fieldError(exit.error, 'reason')}
          />
          <Textarea
            label={t('cases.shelter.exitNote')}
            autosize
            minRows={2}
            value={note}
            onChange={(e) => setNote(e.currentTarget.value)}
            error={fieldError(exit.error, 'note')}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={exit.isPending}>
              {t('cases.shelter.exitAction')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

export function ExtendDialog({ kase, stay, onClose }: { kase: CaseDetail; stay: ShelterStay; onClose: () => void }) {
  const { t } = useTranslation();
  const refresh = useCaseRefresh(kase.id);
  const [plannedExitAt, setPlannedExitAt] = useState('');
  const extend = useMutation({
    mutationFn: () => casesApi.extendStay(stay.id, { plannedExitAt: inputToIso(plannedExitAt) ?? '' }),
    onSuccess: async () => {
      onClose();
      await refresh();
    },
  });
  return (
    <Modal
      opened
      onClose={onClose}
      title={t('cases.shelter.extend')}
      closeButtonProps={{ 'aria-label': t('common.close') }}
      centered
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          extend.mutate();
        }}
        noValidate
      >
        <Stack>
          <ProblemAlert error={extend.error} fields={['plannedExitAt']} />
          <TextInput
            type="datetime-local"
            label={t('cases.shelter.plannedExitAt')}
            required
            value={plannedExitAt}
            onChange={(e) => setPlannedExitAt(e.currentTarget.value)}
            error={fieldError(extend.error, 'plannedExitAt')}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={extend.isPending}>
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
