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
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { casesApi, useCaseServices } from '../../api/cases.js';
import { type BodyOf, picklist } from '../../api/types.js';
import { useMe } from '../../auth.js';
import { AgencyPicker } from '../../ui/AgencyPicker.js';
import { FormActions } from '../../ui/FormActions.js';
import { formatDateTime } from '../../ui/format.js';
import { ProblemAlert } from '../../ui/ProblemAlert.js';
import { ScrollTable } from '../../ui/ScrollTable.js';
import { required, useApiForm } from '../../ui/useApiForm.js';
import { EnumSelect, inputToIso, LateBadge } from './fields.js';
import { applicants, type CaseDetail, type ServiceRequest, type ServiceStatus, serviceTypes } from './model.js';
import { useCaseRefresh } from './useCase.js';

export const statusColour: Record<ServiceStatus, string> = {
  requested: 'yellow',
  accepted: 'blue',
  in_progress: 'cyan',
  delivered: 'teal',
  declined: 'gray',
  cancelled: 'gray',
};

/** The Art. 51–53 rights whose services run the 7-day clock (services.schema.ts statutoryRights). */
export const statutoryRights = picklist<NonNullable<BodyOf<'services.request'>['statutoryRight']>>()([
  'health_rehabilitation',
  'social_rehabilitation',
  'repatriation',
  'social_reintegration',
  'emergency_first_aid',
]);

export function RequestForm({ kase, onDone }: { kase: CaseDetail; onDone: () => void }) {
  const { t } = useTranslation();
  const refresh = useCaseRefresh(kase.id);
  const {
    form,
    mutation: create,
    submit,
    bind,
  } = useApiForm({
    initialValues: {
      type: null as string | null,
      applicant: 'victim' as string | null,
      appliedAt: '',
      provider: null as string | null,
      note: '',
      statutoryRight: null as string | null,
    },
    validate: { type: required, applicant: required, provider: required },
    fieldOf: { providerAgencyId: 'provider' },
    send: (v) =>
      casesApi.requestService(kase.id, {
        type: v.type,
        applicant: v.applicant,
        // No right chosen: an ordinary request, outside the 7-day clock (the field is left out, never null).
        statutoryRight: answersRight(v.type) ? (v.statutoryRight ?? undefined) : undefined,
        appliedAt: inputToIso(v.appliedAt) ?? undefined,
        providerAgencyId: v.provider,
        note: v.note.trim() || undefined,
      }),
    onSuccess: async () => {
      onDone();
      await refresh();
    },
  });
  const { values } = form;
  const fields = ['type', 'applicant', 'appliedAt', 'providerAgencyId', 'note', 'statutoryRight'] as const;
  return (
    <Card withBorder padding="md" component="form" noValidate onSubmit={submit} data-testid="service-form">
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
            {...bind('type')}
            testId="service-type"
          />
          <EnumSelect
            label={t('cases.services.applicant')}
            values={applicants}
            prefix="cases.services.applicants"
            required
            {...bind('applicant')}
            testId="service-applicant"
          />
          {answersRight(values.type) && (
            <EnumSelect
              label={t('cases.services.statutoryRight')}
              description={t('cases.services.statutoryRightHint')}
              values={statutoryRights}
              prefix="cases.services.rights"
              {...bind('statutoryRight')}
              testId="service-statutory-right"
            />
          )}
          <TextInput
            type="datetime-local"
            label={t('cases.services.appliedAt')}
            description={t('cases.services.appliedAtHint')}
            {...form.getInputProps('appliedAt')}
            data-testid="service-applied-at"
          />
          <AgencyPicker label={t('cases.services.provider')} required {...bind('provider')} testId="service-provider" />
        </SimpleGrid>
        <Textarea label={t('cases.services.note')} autosize minRows={2} {...form.getInputProps('note')} />
        <FormActions
          onCancel={onDone}
          pending={create.isPending}
          submitLabel={t('cases.services.submit')}
          testId="service-submit"
        />
      </Stack>
    </Card>
  );
}

/** The service types whose request may name the statutory right (statutoryRights) it answers. */
const answersRight = (type: string | null) => type === 'shelter' || type === 'psychosocial_counselling';

export function RequestList({ kase, manage }: { kase: CaseDetail; manage: boolean }) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const list = useCaseServices(kase.id);
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

export function StatusDialog({
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
  const needsReason = to === 'declined' || to === 'cancelled';
  const { form, mutation, submit } = useApiForm({
    initialValues: { reason: '', deliveredAt: '' },
    send: (v) =>
      casesApi.updateService(request.id, {
        status: to,
        reason: v.reason.trim() || undefined,
        deliveredAt: to === 'delivered' ? inputToIso(v.deliveredAt) : undefined,
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
      <form onSubmit={submit} noValidate>
        <Stack>
          <Text size="sm">
            {t('cases.services.confirmStatus', {
              type: t(`cases.services.types.${request.type}`, { defaultValue: request.type }),
              status: t(`cases.services.status.${to}`),
            })}
          </Text>
          <ProblemAlert error={mutation.error} fields={['reason', 'deliveredAt']} />
          {needsReason && (
            <Textarea
              label={t('cases.services.reason')}
              required
              autosize
              minRows={2}
              {...form.getInputProps('reason')}
              data-testid="service-reason"
            />
          )}
          {to === 'delivered' && (
            <TextInput
              type="datetime-local"
              label={t('cases.services.deliveredAt')}
              description={t('cases.services.deliveredAtHint')}
              {...form.getInputProps('deliveredAt')}
            />
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={mutation.isPending} data-testid="service-status-confirm">
              {t('cases.services.confirm')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
