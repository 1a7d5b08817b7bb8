import { Alert, Button, Card, Group, Select, SimpleGrid, Stack, Text, Textarea, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { casesApi } from '../../api/cases.js';
import { useMe } from '../../auth.js';
import { AgencyPicker } from '../../ui/AgencyPicker.js';
import { FormActions } from '../../ui/FormActions.js';
import { formatDateTime } from '../../ui/format.js';
import { ProblemAlert } from '../../ui/ProblemAlert.js';
import { required, useApiForm } from '../../ui/useApiForm.js';
import type { CaseDetail } from './model.js';
import { useCaseRefresh } from './useCase.js';

/** Lead-agency transfer: a request that a supervisor of the receiving agency must accept (separate from referrals). */
export function LeadTransferCard({ kase }: { kase: CaseDetail }) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const refresh = useCaseRefresh(kase.id);
  const [open, setOpen] = useState(false);
  const {
    form,
    mutation: request,
    submit,
    bind,
  } = useApiForm({
    initialValues: { toAgencyId: null as string | null, reason: '', consentId: null as string | null },
    validate: { toAgencyId: required, reason: required },
    send: (v) =>
      casesApi.transferLead(kase.id, {
        toAgencyId: v.toAgencyId,
        reason: v.reason.trim(),
        consentId: v.consentId ?? undefined,
      }),
    onSuccess: async () => {
      setOpen(false);
      await refresh();
    },
  });
  const { toAgencyId } = form.getValues();
  // Identity travels only under an active consent naming the receiving agency (abroad: cross-border).
  const consents = useQuery({
    queryKey: ['case', kase.id, 'consents', 'active'],
    queryFn: () => casesApi.consents(kase.id, { status: 'active', limit: 200 }),
    enabled: open,
  });
  const covering = (consents.data?.items ?? []).filter((c) => toAgencyId && c.recipientAgency?.id === toAgencyId);
  return (
    <Card withBorder padding="md" data-testid="lead-transfer">
      <Stack>
        <Group justify="space-between">
          <Title order={3} fz="h4">
            {t('leadTransfer.title')}
          </Title>
          {!open && !request.data && (
            <Button variant="light" onClick={() => setOpen(true)} data-testid="lead-transfer-open">
              {t('leadTransfer.request')}
            </Button>
          )}
        </Group>
        <Text size="sm">{t('leadTransfer.current', { agency: kase.leadAgency.name })}</Text>
        <Text size="sm" c="gray.7">
          {t('leadTransfer.intro')}
        </Text>
        {request.data && (
          <Alert color="blue" variant="light" role="status" data-testid="lead-transfer-requested">
            {t(
              request.data.status === 'awaiting_approval' ? 'leadTransfer.awaitingApproval' : 'leadTransfer.requested',
              {
                at: formatDateTime(request.data.requestedAt, me.timeZone, i18n.language),
              },
            )}
          </Alert>
        )}
        {open && (
          <form onSubmit={submit} noValidate data-testid="lead-transfer-form">
            <Stack>
              <ProblemAlert error={request.error} fields={['toAgencyId', 'reason', 'consentId']} />
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <AgencyPicker
                  label={t('leadTransfer.toAgency')}
                  required
                  {...bind('toAgencyId')}
                  exclude={kase.leadAgency.id}
                  testId="lead-transfer-agency"
                />
                <Select
                  label={t('leadTransfer.consent')}
                  description={t('leadTransfer.consentHint')}
                  clearable
                  data={covering.map((c) => ({
                    value: c.id,
                    label: `${t(`consents.purposes.${c.purpose}`, { defaultValue: c.purpose })} · ${c.fieldGroups.join(', ')}`,
                  }))}
                  {...bind('consentId')}
                  data-testid="lead-transfer-consent"
                />
              </SimpleGrid>
              <Textarea
                label={t('leadTransfer.reason')}
                required
                autosize
                minRows={2}
                {...form.getInputProps('reason')}
                data-testid="lead-transfer-reason"
              />
              <FormActions
                onCancel={() => setOpen(false)}
                pending={request.isPending}
                submitLabel={t('leadTransfer.send')}
                testId="lead-transfer-send"
              />
            </Stack>
          </form>
        )}
      </Stack>
    </Card>
  );
}
