import {
  Badge,
  Button,
  Card,
  Group,
  Menu,
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
import { useMediaQuery } from '@mantine/hooks';
import { useMutation, useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type Page } from '../../api.js';
import { useAuth, useMe } from '../../auth.js';
import { AgencyPicker } from '../../ui/AgencyPicker.js';
import { formatDateTime } from '../../ui/format.js';
import { fieldError, ProblemAlert } from '../../ui/ProblemAlert.js';
import { EnumSelect, inputToIso, LateBadge } from './fields.js';
import {
  applicants,
  type CaseDetail,
  type ServiceRequest,
  type ServiceStatus,
  type ShelterStay,
  serviceTypes,
  shelterExitReasons,
} from './model.js';
import { ScrollTable } from './ScrollTable.js';
import { TabHeading } from './TabHeading.js';
import { useCaseRefresh } from './useCase.js';

const statusColour: Record<ServiceStatus, string> = {
  requested: 'yellow',
  accepted: 'blue',
  in_progress: 'cyan',
  delivered: 'teal',
  declined: 'gray',
  cancelled: 'gray',
};

/** The Art. 51–53 rights whose services run the 7-day clock (services.schema.ts statutoryRights). */
const statutoryRights = [
  'health_rehabilitation',
  'social_rehabilitation',
  'repatriation',
  'social_reintegration',
  'emergency_first_aid',
] as const;

/** Services: requests with the statutory 7-day due time (Law 21/2007 Art. 52(1), 53), and shelter stays. */
export function ServicesTab({ kase }: { kase: CaseDetail }) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const [requesting, setRequesting] = useState(false);
  const manage = can('services.manage') && kase.stage !== 'closed';
  return (
    <Stack>
      <TabHeading
        title={t('cases.services.title')}
        action={
          manage && !requesting
            ? { label: t('cases.services.new'), onClick: () => setRequesting(true), testId: 'service-new' }
            : undefined
        }
      />
      {requesting && <RequestForm kase={kase} onDone={() => setRequesting(false)} />}
      <RequestList kase={kase} manage={manage} />
      <ShelterSection kase={kase} manage={manage} />
    </Stack>
  );
}

function RequestForm({ kase, onDone }: { kase: CaseDetail; onDone: () => void }) {
  const { t } = useTranslation();
  const refresh = useCaseRefresh(kase.id);
  const [type, setType] = useState<string | null>(null);
  const [applicant, setApplicant] = useState<string | null>('victim');
  const [appliedAt, setAppliedAt] = useState('');
  const [provider, setProvider] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const [right, setRight] = useState<string | null>(null);
  const answersRight = type === 'shelter' || type === 'psychosocial_counselling';
  const create = useMutation({
    mutationFn: () =>
      api.post<ServiceRequest>(`/api/cases/${kase.id}/services`, {
        type: type ?? '',
        applicant: applicant ?? '',
        ...(answersRight && right ? { statutoryRight: right } : {}),
        ...(inputToIso(appliedAt) ? { appliedAt: inputToIso(appliedAt) } : {}),
        providerAgencyId: provider ?? '',
        ...(note.trim() ? { note: note.trim() } : {}),
      }),
    onSuccess: async () => {
      onDone();
      await refresh();
    },
  });
  const fields = ['type', 'applicant', 'appliedAt', 'providerAgencyId', 'note', 'statutoryRight'] as const;
  return (
    <Card
      withBorder
      padding="md"
      component="form"
      noValidate
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        create.mutate();
      }}
      data-testid="service-form"
    >
      <Stack>
        <Title order={3} fz="h4">
          {t('cases.services.new')}
        </Title>
        <ProblemAlert error={create.error} fields={fields} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <EnumSelect
            label={t('cases.services.type')}
            values={serviceTypes}
            prefix="cases.services.types"
            required
            searchable
            value={type}
            onChange={setType}
            error={fieldError(create.error, 'type')}
            testId="service-type"
          />
          <EnumSelect
            label={t('cases.services.applicant')}
            values={applicants}
            prefix="cases.services.applicants"
            required
            value={applicant}
            onChange={setApplicant}
            error={fieldError(create.error, 'applicant')}
            testId="service-applicant"
          />
          {answersRight && (
            <EnumSelect
              label={t('cases.services.statutoryRight')}
              description={t('cases.services.statutoryRightHint')}
              values={statutoryRights}
              prefix="cases.services.rights"
              value={right}
              onChange={setRight}
              error={fieldError(create.error, 'statutoryRight')}
              testId="service-statutory-right"
            />
          )}
          <TextInput
            type="datetime-local"
            label={t('cases.services.appliedAt')}
            description={t('cases.services.appliedAtHint')}
            value={appliedAt}
            onChange={(e) => setAppliedAt(e.currentTarget.value)}
            error={fieldError(create.error, 'appliedAt')}
            data-testid="service-applied-at"
          />
          <AgencyPicker
            label={t('cases.services.provider')}
            required
            value={provider}
            onChange={setProvider}
            error={fieldError(create.error, 'providerAgencyId')}
            testId="service-provider"
          />
        </SimpleGrid>
        <Textarea
          label={t('cases.services.note')}
          autosize
          minRows={2}
          value={note}
          onChange={(e) => setNote(e.currentTarget.value)}
          error={fieldError(create.error, 'note')}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={create.isPending} data-testid="service-submit">
            {t('cases.services.submit')}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

function RequestList({ kase, manage }: { kase: CaseDetail; manage: boolean }) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const list = useQuery({
    queryKey: ['case', kase.id, 'services'],
    queryFn: () => api.get<Page<ServiceRequest>>(`/api/cases/${kase.id}/services`, { limit: 200 }),
  });
  const [changing, setChanging] = useState<{ request: ServiceRequest; to: ServiceStatus } | null>(null);
  const items = list.data?.items ?? [];
  const narrow = useMediaQuery('(max-width: 48em)') ?? false;
  // The same parts in the table (desktop) and in one card per request (phone: the due time and the late badge
  // stay in sight in the field, where the 7-day rule is checked).
  const typeOf = (r: ServiceRequest) => (
    <>
      <Text fw={500}>{t(`cases.services.types.${r.type}`, { defaultValue: r.type })}</Text>
      <Text size="xs" c="gray.7">
        {t(`cases.services.applicants.${r.applicant}`, { defaultValue: r.applicant })}
      </Text>
      {r.statutory && (
        <Badge
          variant="light"
          color="grape"
          size="sm"
          mt={4}
          data-testid="service-statutory"
          title={t('cases.services.statutoryHint')}
        >
          {t('cases.services.statutoryBadge', {
            right: t(`cases.services.rights.${r.statutoryRight ?? 'none'}`, { defaultValue: '' }),
          })}
        </Badge>
      )}
    </>
  );
  const dueOf = (r: ServiceRequest) => (
    <>
      <Group gap={6}>
        <span>{r.dueAt ? formatDateTime(r.dueAt, me.timeZone, i18n.language) : '—'}</span>
        {r.late && <LateBadge />}
      </Group>
    </>
  );
  const statusOf = (r: ServiceRequest) => (
    <>
      <Badge variant="light" color={statusColour[r.status]} data-testid="service-status">
        {t(`cases.services.status.${r.status}`)}
      </Badge>
      {r.deliveredAt && (
        <Text size="xs" c="gray.7">
          {formatDateTime(r.deliveredAt, me.timeZone, i18n.language)}
        </Text>
      )}
      {r.reason && (
        <Text size="xs" c="gray.7">
          {r.reason}
        </Text>
      )}
    </>
  );
  const actionsOf = (r: ServiceRequest) => (
    <>
      {r.allowedTransitions.length > 0 && (
        <Menu position="bottom-end" withinPortal>
          <Menu.Target>
            <Button
              size="xs"
              variant="light"
              aria-label={t('cases.services.changeStatusFor', {
                type: t(`cases.services.types.${r.type}`, { defaultValue: r.type }),
              })}
              data-testid="service-actions"
            >
              {t('cases.services.changeStatus')}
            </Button>
          </Menu.Target>
          <Menu.Dropdown>
            {r.allowedTransitions.map((to) => (
              <Menu.Item key={to} onClick={() => setChanging({ request: r, to })} data-testid={`service-to-${to}`}>
                {t(`cases.services.to.${to}`)}
              </Menu.Item>
            ))}
          </Menu.Dropdown>
        </Menu>
      )}
    </>
  );
  return (
    <Stack gap="xs">
      <ProblemAlert error={list.error} />
      {items.length === 0 && list.isSuccess ? (
        <Text c="gray.7">{t('cases.services.none')}</Text>
      ) : narrow ? (
        <Stack gap="xs" component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label={t('cases.services.title')}>
          {items.map((r) => (
            <Card
              key={r.id}
              component="li"
              withBorder
              padding="sm"
              data-testid="service-row"
              data-type={r.type}
              data-status={r.status}
            >
              <Stack gap={6}>
                <div>{typeOf(r)}</div>
                <Text size="sm">
                  {t('cases.services.provider')}: {r.providerAgency.name}
                </Text>
                <Text size="sm">
                  {t('cases.services.appliedAt')}: {formatDateTime(r.appliedAt, me.timeZone, i18n.language)}
                </Text>
                <Group gap={6}>
                  <Text size="sm">{t('cases.services.dueAt')}:</Text>
                  {dueOf(r)}
                </Group>
                <div>{statusOf(r)}</div>
                {manage && <div>{actionsOf(r)}</div>}
              </Stack>
            </Card>
          ))}
        </Stack>
      ) : (
        <ScrollTable minWidth={900} label={t('cases.services.title')}>
          <Table striped verticalSpacing="sm" data-testid="services-table">
            <Table.Caption>
              <VisuallyHidden>{t('cases.services.title')}</VisuallyHidden>
            </Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('cases.services.type')}</Table.Th>
                <Table.Th scope="col">{t('cases.services.provider')}</Table.Th>
                <Table.Th scope="col">{t('cases.services.appliedAt')}</Table.Th>
                <Table.Th scope="col">{t('cases.services.dueAt')}</Table.Th>
                <Table.Th scope="col">{t('common.status')}</Table.Th>
                {manage && <Table.Th scope="col">{t('common.actions')}</Table.Th>}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((r) => (
                <Table.Tr key={r.id} data-testid="service-row" data-type={r.type} data-status={r.status}>
                  <Table.Td>{typeOf(r)}</Table.Td>
                  <Table.Td>{r.providerAgency.name}</Table.Td>
                  <Table.Td>{formatDateTime(r.appliedAt, me.timeZone, i18n.language)}</Table.Td>
                  <Table.Td>{dueOf(r)}</Table.Td>
                  <Table.Td>{statusOf(r)}</Table.Td>
                  {manage && <Table.Td>{actionsOf(r)}</Table.Td>}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
      {changing && (
        <StatusDialog kase={kase} request={changing.request} to={changing.to} onClose={() => setChanging(null)} />
      )}
    </Stack>
  );
}

function StatusDialog({
  kase,
  request,
  to,
  onClose,
}: {
  kase: CaseDetail;
  request: ServiceRequest;
  to: ServiceStatus;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const refresh = useCaseRefresh(kase.id);
  const [reason, setReason] = useState('');
  const [deliveredAt, setDeliveredAt] = useState('');
  const needsReason = to === 'declined' || to === 'cancelled';
  const update = useMutation({
    mutationFn: () =>
      api.patch<ServiceRequest>(`/api/services/${request.id}`, {
        status: to,
        ...(reason.trim() ? { reason: reason.trim() } : {}),
        ...(to === 'delivered' && inputToIso(deliveredAt) ? { deliveredAt: inputToIso(deliveredAt) } : {}),
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
      title={t(`cases.services.to.${to}`)}
      closeButtonProps={{ 'aria-label': t('common.close') }}
      centered
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          update.mutate();
        }}
        noValidate
      >
        <Stack>
          <Text size="sm">
            {t('cases.services.confirmStatus', {
              type: t(`cases.services.types.${request.type}`, { defaultValue: request.type }),
              status: t(`cases.services.status.${to}`),
            })}
          </Text>
          <ProblemAlert error={update.error} fields={['reason', 'deliveredAt']} />
          {needsReason && (
            <Textarea
              label={t('cases.services.reason')}
              required
              autosize
              minRows={2}
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
              error={fieldError(update.error, 'reason')}
              data-testid="service-reason"
            />
          )}
          {to === 'delivered' && (
            <TextInput
              type="datetime-local"
              label={t('cases.services.deliveredAt')}
              description={t('cases.services.deliveredAtHint')}
              value={deliveredAt}
              onChange={(e) => setDeliveredAt(e.currentTarget.value)}
              error={fieldError(update.error, 'deliveredAt')}
            />
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={update.isPending} data-testid="service-status-confirm">
              {t('cases.services.confirm')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function ShelterSection({ kase, manage }: { kase: CaseDetail; manage: boolean }) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const refresh = useCaseRefresh(kase.id);
  const stays = useQuery({
    queryKey: ['case', kase.id, 'shelter'],
    queryFn: () => api.get<Page<ShelterStay>>(`/api/cases/${kase.id}/shelter-stays`, { limit: 50 }),
  });
  const [admitting, setAdmitting] = useState(false);
  const [facility, setFacility] = useState<string | null>(null);
  const [admittedAt, setAdmittedAt] = useState('');
  const [plannedExitAt, setPlannedExitAt] = useState('');
  const [exiting, setExiting] = useState<ShelterStay | null>(null);
  const [extending, setExtending] = useState<ShelterStay | null>(null);
  const admit = useMutation({
    mutationFn: () =>
      api.post<ShelterStay>(`/api/cases/${kase.id}/shelter-stays`, {
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

function ExitDialog({ kase, stay, onClose }: { kase: CaseDetail; stay: ShelterStay; onClose: () => void }) {
  const { t } = useTranslation();
  const refresh = useCaseRefresh(kase.id);
  const [exitAt, setExitAt] = useState('');
  const [reason, setReason] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const exit = useMutation({
    mutationFn: () =>
      api.post<ShelterStay>(`/api/shelter-stays/${stay.id}/exit`, {
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

function ExtendDialog({ kase, stay, onClose }: { kase: CaseDetail; stay: ShelterStay; onClose: () => void }) {
  const { t } = useTranslation();
  const refresh = useCaseRefresh(kase.id);
  const [plannedExitAt, setPlannedExitAt] = useState('');
  const extend = useMutation({
    mutationFn: () =>
      api.patch<ShelterStay>(`/api/shelter-stays/${stay.id}`, { plannedExitAt: inputToIso(plannedExitAt) ?? '' }),
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
