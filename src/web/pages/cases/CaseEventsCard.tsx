import { Badge, Button, Card, Group, Modal, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { casesApi } from '../../api/cases.js';
import { useAuth, useMe } from '../../auth.js';
import { FormActions } from '../../ui/FormActions.js';
import { formatDateTime } from '../../ui/format.js';
import { ProblemAlert } from '../../ui/ProblemAlert.js';
import { useRegionName } from '../../ui/reference.js';
import { CaptionedTable } from '../../ui/ScrollTable.js';
import { useApiForm } from '../../ui/useApiForm.js';
import { EventsEditor, emptyEvent, eventsBody } from './EventsEditor.js';
import { FactList } from './FactList.js';
import { formatDate, RiskBadge, useCountryName, useHtcdsLabel } from './fields.js';
import { type CaseDetail, type CaseEvent, type ProfileMultiKey, profileMultiFields } from './model.js';
import { useCaseRefresh } from './useCase.js';

export function FactsCard({ kase }: { kase: CaseDetail }) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const htcdsLabel = useHtcdsLabel();
  const countryName = useCountryName();
  const p = kase.profile;
  return (
    <Card withBorder padding="md" component="section" aria-labelledby="facts-heading">
      <Stack gap="sm">
        <Title order={2} fz="h4" id="facts-heading">
          {t('cases.overview.factsTitle')}
        </Title>
        <FactList
          facts={[
            {
              label: t('cases.referralSourceLabel'),
              value: t(`cases.referralSource.${kase.referralSource}`, { defaultValue: kase.referralSource }),
            },
            { label: t('cases.intakeAt'), value: formatDateTime(kase.intakeAt, me.timeZone, i18n.language) },
            { label: t('cases.riskLevel'), value: <RiskBadge level={kase.riskLevel} /> },
            { label: t('cases.overview.leadAgency'), value: kase.leadAgency.name },
          ]}
        />
        <Stack gap={2}>
          <Text size="sm" c="gray.7">
            {t('cases.summary')}
          </Text>
          <Text style={{ whiteSpace: 'pre-wrap' }} data-testid="overview-summary">
            {kase.summary || '—'}
          </Text>
        </Stack>
        <Title order={3} fz="h5">
          {t('cases.profile.title')}
        </Title>
        <FactList
          facts={[
            ...(
              Object.entries(profileMultiFields) as [ProfileMultiKey, (typeof profileMultiFields)[ProfileMultiKey]][]
            ).map(([key, field]) => ({
              label: t(`cases.profile.${key}`),
              value:
                p[key].length > 0 ? (
                  <Group gap={4} component="span">
                    {p[key].map((v) => (
                      <Badge key={v} variant="light" color="blue" component="span">
                        {htcdsLabel(field, v)}
                      </Badge>
                    ))}
                  </Group>
                ) : null,
              testId: `profile-${key}`,
            })),
            {
              label: t('cases.profile.relationshipToTrafficker'),
              value: htcdsLabel('vic_RelationshipToTrafficker', p.relationshipToTrafficker),
            },
            {
              label: t('cases.profile.forcedLabourIndustry'),
              value: htcdsLabel('vic_ForcedLabourIndustry', p.forcedLabourIndustry),
              testId: 'profile-industry',
            },
            {
              label: t('cases.profile.exploitationCountry'),
              value: countryName(p.exploitationCountry),
              testId: 'profile-country',
            },
            { label: t('cases.profile.ageWhenTrafficked'), value: p.ageWhenTrafficked },
          ]}
        />
      </Stack>
    </Card>
  );
}

export function EventRow({ event }: { event: CaseEvent }) {
  const { i18n } = useTranslation();
  const htcdsLabel = useHtcdsLabel();
  const countryName = useCountryName();
  const region = useRegionName(event.regionCode);
  return (
    <Table.Tr data-testid="event-row">
      <Table.Td>{htcdsLabel('hte_Type', event.type)}</Table.Td>
      <Table.Td>
        {[countryName(event.countryCode), event.regionCode ? region : null, event.city].filter(Boolean).join(' · ')}
      </Table.Td>
      <Table.Td>
        {formatDate(event.startedOn, i18n.language)} – {formatDate(event.endedOn, i18n.language)}
      </Table.Td>
      <Table.Td>{event.description ?? '—'}</Table.Td>
    </Table.Tr>
  );
}

export function EventsCard({ kase }: { kase: CaseDetail }) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const [adding, setAdding] = useState(false);
  return (
    <Card withBorder padding="md" component="section" aria-labelledby="events-heading">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={2} fz="h4" id="events-heading">
            {t('cases.events.title')}
          </Title>
          {can('cases.update') && kase.stage !== 'closed' && (
            <Button variant="light" size="sm" onClick={() => setAdding(true)} data-testid="events-add-open">
              {t('cases.events.add')}
            </Button>
          )}
        </Group>
        {kase.events.length === 0 ? (
          <Text size="sm" c="gray.7">
            {t('cases.events.none')}
          </Text>
        ) : (
          <CaptionedTable
            minWidth={640}
            label={t('cases.events.title')}
            verticalSpacing="xs"
            data-testid="events-table"
            columns={[
              t('cases.events.type'),
              t('cases.events.place'),
              t('cases.events.period'),
              t('cases.events.description'),
            ]}
          >
            {kase.events.map((e) => (
              <EventRow key={e.id} event={e} />
            ))}
          </CaptionedTable>
        )}
      </Stack>
      {adding && <AddEventsDialog kase={kase} onClose={() => setAdding(false)} />}
    </Card>
  );
}

/** Events learnt after intake, added to an open case; each opening starts from one empty event. */
function AddEventsDialog({ kase, onClose }: { kase: CaseDetail; onClose: () => void }) {
  const { t } = useTranslation();
  const refresh = useCaseRefresh(kase.id);
  const {
    form,
    mutation: add,
    submit,
  } = useApiForm({
    initialValues: { events: [emptyEvent()] },
    send: (v) => casesApi.addEvents(kase.id, { events: eventsBody(v.events) }),
    onSuccess: async () => {
      onClose();
      await refresh();
    },
  });
  const events = form.getValues().events;
  return (
    <Modal
      opened
      onClose={onClose}
      title={t('cases.events.add')}
      size="xl"
      closeButtonProps={{ 'aria-label': t('common.close') }}
      closeOnClickOutside={false}
    >
      <form onSubmit={submit} noValidate>
        <Stack>
          <ProblemAlert error={add.error} fields={['events']} />
          <EventsEditor
            events={events}
            onChange={(next) => form.setFieldValue('events', next)}
            error={add.error}
            headingOrder={3}
          />
          <FormActions
            onCancel={onClose}
            pending={add.isPending}
            submitLabel={t('common.save')}
            disabled={events.length === 0}
          />
        </Stack>
      </form>
    </Modal>
  );
}
