import {
  Alert,
  Anchor,
  Button,
  Card,
  Group,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { type Referral, referralsApi, useReferral, useReferralStep, useReferralUpdated } from '../../api/referrals.js';
import { useMe } from '../../auth.js';
import { ConfirmDialog, ReasonDialog } from '../../ui/dialogs.js';
import { SubmitRow } from '../../ui/FormActions.js';
import { formatDateTime } from '../../ui/format.js';
import { text } from '../../ui/formBody.js';
import { ProblemAlert } from '../../ui/ProblemAlert.js';
import { RecordLoading, RecordUnavailable } from '../../ui/RecordFallback.js';
import { ScrollTable } from '../../ui/ScrollTable.js';
import { required, useApiForm } from '../../ui/useApiForm.js';
import { usePageTitle } from '../../ui/usePageTitle.js';
import { FactList } from '../cases/FactList.js';
import { inputToIso, nowForInput } from '../cases/fields.js';
import { ReferralPackageButton } from '../exchange/ReferralPackageButton.js';
import { DoorCode } from './DoorCode.js';
import { ReferralStatusBadges } from './ReferralStatusBadges.js';
import { SharedViewPanel } from './SharedView.js';

type Dialog = 'decline' | 'revoke' | 'complete' | null;

/**
 * One referral as its viewer may see it: the recipient works from the consented shared view only (a withdrawn
 * consent makes it vanish, like any record out of reach); the sending case team follows it and may revoke.
 */
export function ReferralPage() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const { rid = '' } = useParams();
  usePageTitle('referrals.detailTitle');
  const [dialog, setDialog] = useState<Dialog>(null);
  const referral = useReferral(rid);
  const act = useReferralStep(rid, () => setDialog(null));

  if (referral.isPending) return <RecordLoading />;
  if (referral.error || !referral.data) {
    return (
      <RecordUnavailable
        title={t('referrals.detailTitle')}
        error={referral.error}
        notFound={t('referrals.notFound')}
        notFoundTestId="referral-not-found"
        back={{ to: '/referrals', label: t('referrals.backToInbox') }}
      />
    );
  }

  const r = referral.data;
  const when = (iso: string | null) => (iso ? formatDateTime(iso, me.timeZone, i18n.language) : null);
  const can = (action: Referral['allowedActions'][number]) => r.allowedActions.includes(action);
  const pending = r.services.filter((s) => !s.deliveredAt);

  return (
    <Stack>
      {r.viewer === 'sender' && r.caseId ? (
        <Anchor component={Link} to={`/cases/${r.caseId}?tab=referrals`} size="sm">
          {t('referrals.backToCase')}
        </Anchor>
      ) : (
        <Anchor component={Link} to="/referrals" size="sm">
          {t('referrals.backToInbox')}
        </Anchor>
      )}
      <Group justify="space-between" align="flex-start">
        <Stack gap={4}>
          <Title order={1}>{t('referrals.detailTitle')}</Title>
          <Text c="gray.7">
            {r.senderAgency.name} → {r.recipientAgency.name}
          </Text>
          <ReferralStatusBadges referral={r} />
          <DoorCode referralId={r.id} />
        </Stack>
        <Group gap="xs">
          {can('accept') && (
            <Button
              loading={act.isPending}
              onClick={() => act.mutate({ action: 'accept' })}
              data-testid="referral-accept"
            >
              {t('referrals.accept')}
            </Button>
          )}
          {can('decline') && (
            <Button variant="light" color="red" onClick={() => setDialog('decline')} data-testid="referral-decline">
              {t('referrals.decline')}
            </Button>
          )}
          {can('complete') && (
            <Button variant="light" onClick={() => setDialog('complete')} data-testid="referral-complete">
              {t('referrals.complete')}
            </Button>
          )}
          {can('revoke') && (
            <Button variant="light" color="red" onClick={() => setDialog('revoke')} data-testid="referral-revoke">
              {t('referrals.revoke')}
            </Button>
          )}
          {r.viewer === 'sender' && <ReferralPackageButton referralId={r.id} />}
        </Group>
      </Group>
      {!dialog && <ProblemAlert error={act.error} />}
      {r.viewer === 'sender' && r.consent && !r.consent.active && (
        <Alert color="red" variant="light">
          {t('referrals.consentWithdrawn')}
        </Alert>
      )}
      <Card withBorder padding="md">
        <FactList
          facts={[
            { label: t('referrals.reason'), value: t(`referrals.reasons.${r.reason}`) },
            { label: t('referrals.urgency'), value: t(`referrals.urgencies.${r.urgency}`) },
            { label: t('referrals.sentAt'), value: when(r.sentAt) },
            { label: t('referrals.dueAt'), value: when(r.dueAt) },
            { label: t('referrals.respondedAt'), value: when(r.respondedAt) },
            { label: t('referrals.completedAt'), value: when(r.completedAt) },
          ]}
        />
        {r.note && (
          <Text mt="sm" size="sm" style={{ whiteSpace: 'pre-wrap' }}>
            <strong>{t('referrals.note')}:</strong> {r.note}
          </Text>
        )}
        {r.declineReason && <Text size="sm">{t('referrals.declineReasonShown', { reason: r.declineReason })}</Text>}
        {r.revokeReason && <Text size="sm">{t('referrals.revokeReasonShown', { reason: r.revokeReason })}</Text>}
      </Card>
      <Card withBorder padding="md">
        <Stack>
          <Title order={2} fz="h3">
            {t('referrals.services')}
          </Title>
          <ScrollTable minWidth={480} label={t('referrals.services')}>
            <Table>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('referrals.deliverSelect')}</Table.Th>
                  <Table.Th>{t('referrals.statusLabel')}</Table.Th>
                  <Table.Th>{t('referrals.deliveryNote')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {r.services.map((s) => (
                  <Table.Tr key={s.serviceRequestId} data-testid="referral-service" data-type={s.type}>
                    <Table.Td>{t(`cases.services.types.${s.type}`)}</Table.Td>
                    <Table.Td data-testid="referral-service-state">
                      {s.deliveredAt
                        ? t('referrals.delivered', { at: when(s.deliveredAt) })
                        : t('referrals.notDelivered')}
                    </Table.Td>
                    <Table.Td>{s.deliveryNote ?? '—'}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollTable>
          {can('servicesDelivered') && pending.length > 0 && <DeliveredForm referral={r} />}
        </Stack>
      </Card>
      <SharedViewPanel view={r.sharedView} recipient={r.viewer === 'sender' ? r.recipientAgency.name : undefined} />
      {dialog === 'decline' && (
        <ReasonDialog
          title={t('referrals.declineTitle')}
          reasonLabel={t('referrals.declineReason')}
          confirmLabel={t('referrals.decline')}
          danger
          loading={act.isPending}
          error={act.error}
          testId="referral-decline"
          onConfirm={(reason) => act.mutate({ action: 'decline', body: { reason } })}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog === 'revoke' && (
        <ReasonDialog
          title={t('referrals.revokeTitle')}
          reasonLabel={t('referrals.revokeReason')}
          confirmLabel={t('referrals.revoke')}
          danger
          loading={act.isPending}
          error={act.error}
          testId="referral-revoke"
          onConfirm={(reason) => act.mutate({ action: 'revoke', body: { reason } })}
          onClose={() => setDialog(null)}
        />
      )}
      <ConfirmDialog
        opened={dialog === 'complete'}
        title={t('referrals.completeTitle')}
        message={t('referrals.completeMessage')}
        confirmLabel={t('referrals.complete')}
        loading={act.isPending}
        error={act.error}
        onConfirm={() => act.mutate({ action: 'complete' })}
        onClose={() => setDialog(null)}
      />
    </Stack>
  );
}

/** The server names the delivered item by its place in `items`; the form has one item. */
const deliveredFieldOf = {
  'items.0.serviceRequestId': 'serviceRequestId',
  'items.0.deliveredAt': 'deliveredAt',
  'items.0.note': 'note',
  items: 'serviceRequestId',
} as const;

/** The recipient records a service it gave; the case's service request is marked delivered with it. */
function DeliveredForm({ referral }: { referral: Referral }) {
  const { t } = useTranslation();
  const pending = referral.services.filter((s) => !s.deliveredAt);
  const updated = useReferralUpdated(referral.id);
  const { form, mutation, submit, bind } = useApiForm({
    initialValues: {
      serviceRequestId: (pending[0]?.serviceRequestId ?? null) as string | null,
      deliveredAt: nowForInput(),
      note: '',
    },
    validate: { serviceRequestId: required, deliveredAt: required },
    send: (v) =>
      referralsApi.servicesDelivered(referral.id, {
        items: [
          {
            serviceRequestId: v.serviceRequestId ?? '',
            deliveredAt: inputToIso(v.deliveredAt) ?? '',
            note: text(v.note),
          },
        ],
      }),
    fieldOf: deliveredFieldOf,
    onSuccess: updated,
  });
  return (
    <Card
      withBorder
      bg="gray.0"
      padding="sm"
      component="form"
      noValidate
      onSubmit={submit}
      data-testid="delivered-form"
    >
      <Stack>
        <Title order={3} fz="h4">
          {t('referrals.recordDelivered')}
        </Title>
        <ProblemAlert error={mutation.error} fields={['items', 'serviceRequestId', 'deliveredAt', 'note']} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select
            label={t('referrals.deliverSelect')}
            required
            data={pending.map((s) => ({ value: s.serviceRequestId, label: t(`cases.services.types.${s.type}`) }))}
            {...bind('serviceRequestId')}
            data-testid="delivered-service"
            comboboxProps={{ withinPortal: true }}
          />
          <TextInput
            type="datetime-local"
            label={t('referrals.deliveredAt')}
            required
            {...form.getInputProps('deliveredAt')}
            data-testid="delivered-at"
          />
        </SimpleGrid>
        <Textarea
          label={t('referrals.deliveryNote')}
          autosize
          minRows={2}
          {...form.getInputProps('note')}
          data-testid="delivered-note"
        />
        <SubmitRow pending={mutation.isPending} testId="delivered-save" label={t('referrals.saveDelivered')} />
      </Stack>
    </Card>
  );
}
