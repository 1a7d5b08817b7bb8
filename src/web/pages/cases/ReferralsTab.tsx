import {
  Alert,
  Anchor,
  Card,
  Group,
  Loader,
  MultiSelect,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { casesApi, useCaseServices, useReferralConsents } from '../../api/cases.js';
import { useAuth, useMe } from '../../auth.js';
import { AgencyPicker } from '../../ui/AgencyPicker.js';
import { FormActions } from '../../ui/FormActions.js';
import { formatDateTime } from '../../ui/format.js';
import { LoadMore } from '../../ui/LoadMore.js';
import { ProblemAlert } from '../../ui/ProblemAlert.js';
import { required, useApiForm } from '../../ui/useApiForm.js';
import { DoorCode } from '../referrals/DoorCode.js';
import { referralReasons, urgencies } from '../referrals/model.js';
import { ReferralStatusBadges } from '../referrals/ReferralStatusBadges.js';
import { EnumSelect, formatDate } from './fields.js';
import { LeadTransferCard } from './LeadTransferCard.js';
import type { CaseDetail } from './model.js';
import { TabHeading } from './TabHeading.js';
import { useCaseKeyset, useCaseRefresh } from './useCase.js';

/** Service requests that can go to another agency: not yet delivered, declined or cancelled. */
const referable = new Set(['requested', 'accepted', 'in_progress']);

/** Referrals sent from this case: send one under a consent, follow each to its answer. */
export function ReferralsTab({ kase }: { kase: CaseDetail }) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const [sending, setSending] = useState(false);
  const manage = can('referrals.manage') && kase.stage !== 'closed';
  return (
    <Stack>
      <TabHeading
        title={t('referrals.title')}
        action={
          manage && !sending
            ? { label: t('referrals.new'), onClick: () => setSending(true), testId: 'referral-new' }
            : undefined
        }
      />
      {sending && <ReferralForm kase={kase} onDone={() => setSending(false)} />}
      <OutgoingList kase={kase} />
      {can('cases.update') && kase.stage !== 'closed' && <LeadTransferCard kase={kase} />}
    </Stack>
  );
}

function ReferralForm({ kase, onDone }: { kase: CaseDetail; onDone: () => void }) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const refresh = useCaseRefresh(kase.id);
  const requests = useCaseServices(kase.id);
  const consents = useReferralConsents(kase.id);
  const {
    form,
    mutation: send,
    submit,
    bind,
  } = useApiForm({
    initialValues: {
      recipientAgencyId: null as string | null,
      serviceRequestIds: [] as string[],
      urgency: 'normal' as string | null,
      reason: 'AdditionalServicesRequired' as string | null,
      note: '',
      consentId: null as string | null,
    },
    validate: { recipientAgencyId: required, serviceRequestIds: required, urgency: required, reason: required },
    send: (v) =>
      casesApi.refer(kase.id, {
        ...v,
        note: v.note.trim() || undefined,
        // None chosen: the server takes the active consent that covers the recipient and services.
        consentId: v.consentId ?? undefined,
      }),
    onSuccess: async () => {
      onDone();
      await refresh();
    },
  });
  const { values } = form;
  const recipient = values.recipientAgencyId;

  const open = (requests.data?.items ?? []).filter((r) => referable.has(r.status));
  const requestOptions = open.map((r) => ({
    value: r.id,
    label: `${t(`cases.services.types.${r.type}`)} · ${formatDate(r.appliedAt, i18n.language, me.timeZone)}`,
  }));
  const forRecipient = (consents.data?.items ?? []).filter((c) => !recipient || c.recipientAgency?.id === recipient);
  const consentOptions = forRecipient.map((c) => ({
    value: c.id,
    label: t('referrals.consentOption', {
      recipient: c.recipientAgency?.name ?? c.recipientName ?? '',
      services: c.serviceTypes.map((s) => t(`cases.services.types.${s}`)).join(', '),
      date: formatDate(c.givenAt, i18n.language, me.timeZone),
    }),
  }));
  const fields = ['recipientAgencyId', 'serviceRequestIds', 'urgency', 'reason', 'note', 'consentId'] as const;

  return (
    <Card withBorder padding="md" component="form" noValidate onSubmit={submit} data-testid="referral-form">
      <Stack>
        <Title order={3} fz="h4">
          {t('referrals.new')}
        </Title>
        <ProblemAlert error={send.error} fields={fields} />
        {requests.isSuccess && open.length === 0 && (
          <Alert color="yellow" variant="light">
            {t('referrals.noOpenServices')}
          </Alert>
        )}
        {consents.isSuccess && recipient && forRecipient.length === 0 && (
          <Alert color="yellow" variant="light" data-testid="referral-no-consent">
            {t('referrals.noConsentHint')}
          </Alert>
        )}
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <AgencyPicker
            label={t('referrals.recipient')}
            required
            value={recipient}
            onChange={(id) => {
              form.setFieldValue('recipientAgencyId', id);
              form.setFieldValue('consentId', null);
            }}
            exclude={kase.leadAgency.id}
            error={bind('recipientAgencyId').error}
            testId="referral-recipient"
          />
          <MultiSelect
            label={t('referrals.services')}
            description={t('referrals.servicesHint')}
            required
            data={requestOptions}
            {...form.getInputProps('serviceRequestIds')}
            data-testid="referral-services"
            comboboxProps={{ withinPortal: true }}
            searchable
            hidePickedOptions
          />
          <EnumSelect
            label={t('referrals.urgency')}
            values={urgencies}
            prefix="referrals.urgencies"
            required
            {...bind('urgency')}
            testId="referral-urgency"
          />
          <EnumSelect
            label={t('referrals.reason')}
            values={referralReasons}
            prefix="referrals.reasons"
            required
            {...bind('reason')}
            testId="referral-reason"
          />
          <Select
            label={t('referrals.consent')}
            data={consentOptions}
            {...form.getInputProps('consentId')}
            placeholder={t('referrals.consentAuto')}
            clearable
            data-testid="referral-consent"
            comboboxProps={{ withinPortal: true }}
          />
        </SimpleGrid>
        <Textarea
          label={t('referrals.note')}
          description={t('referrals.noteHint')}
          autosize
          minRows={2}
          {...form.getInputProps('note')}
          data-testid="referral-note"
        />
        <FormActions
          onCancel={onDone}
          pending={send.isPending}
          submitLabel={t('referrals.send')}
          testId="referral-send"
        />
      </Stack>
    </Card>
  );
}

function OutgoingList({ kase }: { kase: CaseDetail }) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const list = useCaseKeyset(kase.id, 'referrals', casesApi.referrals);
  if (list.isPending) return <Loader aria-label={t('common.loading')} />;
  if (list.error) return <ProblemAlert error={list.error} />;
  if (list.items.length === 0) return <Text c="gray.7">{t('referrals.empty')}</Text>;
  return (
    <Stack gap="sm">
      <Stack gap="sm" component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label={t('referrals.title')}>
        {list.items.map((r) => (
          <Card
            key={r.id}
            withBorder
            component="li"
            padding="md"
            data-testid="referral-item"
            data-status={r.status}
            data-id={r.id}
          >
            <Stack gap={4}>
              <Group justify="space-between" wrap="nowrap">
                <Anchor component={Link} to={`/referrals/${r.id}`} fw={600} data-testid="referral-link">
                  {r.recipientAgency.name}
                </Anchor>
                <ReferralStatusBadges referral={r} />
              </Group>
              <DoorCode referralId={r.id} />
              <Text size="sm">
                {r.services
                  .map((s) =>
                    s.deliveredAt
                      ? `${t(`cases.services.types.${s.type}`)} (${t('referrals.delivered', {
                          at: formatDateTime(s.deliveredAt, me.timeZone, i18n.language),
                        })})`
                      : t(`cases.services.types.${s.type}`),
                  )
                  .join(' · ')}
              </Text>
              <Text size="sm" c="gray.7">
                {t('referrals.sentAt')}: {formatDateTime(r.sentAt, me.timeZone, i18n.language)}
                {r.status === 'sent' &&
                  ` · ${t('referrals.dueAt')}: ${formatDateTime(r.dueAt, me.timeZone, i18n.language)}`}
              </Text>
              {r.declineReason && (
                <Text size="sm">{t('referrals.declineReasonShown', { reason: r.declineReason })}</Text>
              )}
              {r.consent && !r.consent.active && (
                <Text size="sm" c="red.8">
                  {t('referrals.consentWithdrawn')}
                </Text>
              )}
            </Stack>
          </Card>
        ))}
      </Stack>
      <LoadMore {...list} count={list.items.length} />
    </Stack>
  );
}
