import { Alert, Button, Card, Group, Select, SimpleGrid, Stack, Text, Textarea, Title } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { casesApi } from '../../api/cases.js';
import { useMe } from '../../auth.js';
import { AgencyPicker } from '../../ui/AgencyPicker.js';
import { formatDateTime } from '../../ui/format.js';
import { fieldError, ProblemAlert } from '../../ui/ProblemAlert.js';
import type { CaseDetail } from './model.js';
import { useCaseRefresh } from './useCase.js';

/** Lead-agency transfer: a request that a supervisor of the receiving agency must accept (separate from referrals). */
export function LeadTransferCard({ kase }: { kase: CaseDetail }) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const refresh = useCaseRefresh(kase.id);
  const [open, setOpen] = useState(false);
  const [toAgencyId, setToAgencyId] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [consentId, setConsentId] = useState<string | null>(null);
  // Identity travels only under an active consent naming the receiving agency (abroad: cross-border).
  const consents = useQuery({
    queryKey: ['case', kase.id, 'consents', 'active'],
    queryFn: () => casesApi.consents(kase.id, { status: 'active', limit: 200 }),
    enabled: open,
  });
  const covering = (consents.data?.items ?? []).filter((c) => toAgencyId && c.recipientAgency?.id === toAgencyId);
  const request = useMutation({
    mutationFn: () =>
      casesApi.transferLead(kase.id, {
        toAgencyId: toAgencyId ?? '',
        reason: reason.trim(),
        ...(consentId ? { consentId } : {}),
      }),
    onSuccess: async () => {
      setOpen(false);
      await refresh();
    },
  });
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
          <Stack
            component="form"
            onSubmit={(e: FormEvent) => {
              e.preventDefault();
              request.mutate();
            }}
          >
            <ProblemAlert error={request.error} fields={['toAgencyId', 'reason', 'consentId']} />
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <AgencyPicker
                label={t('leadTransfer.toAgency')}
                required
                value={toAgencyId}
                onChange={setToAgencyId}
                exclude={kase.leadAgency.id}
                error={fieldError(request.error, 'toAgencyId')}
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
                value={consentId}
                onChange={setConsentId}
                error={fieldError(request.error, 'consentId')}
                data-testid="lead-transfer-consent"
              />
            </SimpleGrid>
            <Textarea
              label={t('leadTransfer.reason')}
              required
              autosize
              minRows={2}
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
              error={fieldError(request.error, 'reason')}
              data-testid="lead-transfer-reason"
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setOpen(false)}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" loading={request.isPending} data-testid="lead-transfer-send">
                {t('leadTransfer.send')}
              </Button>
            </Group>
          </Stack>
        )}
      </Stack>
    </Card>
  );
}
