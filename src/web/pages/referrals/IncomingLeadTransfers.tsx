import { Alert, Anchor, Badge, Button, Card, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { type IncomingTransfer, referralKeys, referralsApi, useIncomingTransfers } from '../../api/referrals.js';
import { useMe } from '../../auth.js';
import { ReasonDialog } from '../../ui/dialogs.js';
import { formatDateTime } from '../../ui/format.js';
import { ProblemAlert } from '../../ui/ProblemAlert.js';
import { useHtcdsLabel } from '../cases/fields.js';

/** Pending lead-agency transfers to the supervisor's agency: a summary without identity, accept or decline. */
export function IncomingLeadTransfers() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const htcdsLabel = useHtcdsLabel();
  const queryClient = useQueryClient();
  const [declining, setDeclining] = useState<IncomingTransfer | null>(null);
  const [accepted, setAccepted] = useState<{ id: string; caseNumber: string } | null>(null);
  const list = useIncomingTransfers();
  const settle = async () => {
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: referralKeys.transfers }),
      queryClient.invalidateQueries({ queryKey: ['cases'] }),
      queryClient.invalidateQueries({ queryKey: ['alerts'] }),
    ]);
  };
  const accept = useMutation({
    mutationFn: (transfer: IncomingTransfer) => referralsApi.acceptTransfer(transfer.id),
    onSuccess: async (kase) => {
      setAccepted({ id: kase.id, caseNumber: kase.caseNumber });
      await settle();
    },
  });
  const decline = useMutation({
    mutationFn: ({ id, reason }: { id: string; reason: string }) => referralsApi.declineTransfer(id, { reason }),
    onSuccess: async () => {
      setDeclining(null);
      await settle();
    },
  });

  return (
    <Stack data-testid="lead-transfers-incoming">
      <Title order={2} fz="h3">
        {t('leadTransfer.incomingTitle')}
      </Title>
      <Text size="sm" c="gray.7">
        {t('leadTransfer.incomingIntro')}
      </Text>
      {accepted && (
        <Alert color="green" variant="light" role="status">
          {t('leadTransfer.accepted', { caseNumber: accepted.caseNumber })}{' '}
          <Anchor component={Link} to={`/cases/${accepted.id}`}>
            {t('leadTransfer.openCase')}
          </Anchor>
        </Alert>
      )}
      <ProblemAlert error={list.error ?? accept.error} />
      {list.isPending ? (
        <Loader aria-label={t('common.loading')} />
      ) : (list.data ?? []).length === 0 ? (
        <Text c="gray.7">{t('leadTransfer.incomingEmpty')}</Text>
      ) : (
        <Stack
          gap="sm"
          component="ul"
          p={0}
          m={0}
          style={{ listStyle: 'none' }}
          aria-label={t('leadTransfer.incomingTitle')}
        >
          {(list.data ?? []).map((transfer) => (
            <Card key={transfer.id} withBorder component="li" padding="md" data-testid="lead-transfer-item">
              <Group justify="space-between" align="flex-start">
                <Stack gap={4}>
                  <Group gap="xs">
                    <Text fw={600}>{t('leadTransfer.case', { caseNumber: transfer.caseNumber })}</Text>
                    <Badge variant="light">
                      {t(`cases.stage.${transfer.stage}`, { defaultValue: transfer.stage })}
                    </Badge>
                    {transfer.isChild && (
                      <Badge variant="light" color="grape">
                        {t('leadTransfer.child')}
                      </Badge>
                    )}
                  </Group>
                  <Text size="sm">
                    {t('leadTransfer.from', { agency: transfer.fromAgency.name })} ·{' '}
                    {formatDateTime(transfer.requestedAt, me.timeZone, i18n.language)}
                  </Text>
                  <Text size="sm">
                    {[
                      transfer.sex ? htcdsLabel('prs_Gender', transfer.sex) : null,
                      ...transfer.exploitationTypes.map((e) => htcdsLabel('vic_TypeOfExploitation', e)),
                    ]
                      .filter(Boolean)
                      .join(' · ')}
                  </Text>
                  <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                    {transfer.reason}
                  </Text>
                </Stack>
                <Group gap="xs">
                  <Button
                    size="xs"
                    loading={accept.isPending && accept.variables?.id === transfer.id}
                    onClick={() => accept.mutate(transfer)}
                    data-testid="lead-transfer-accept"
                  >
                    {t('leadTransfer.accept')}
                  </Button>
                  <Button
                    size="xs"
                    variant="light"
                    color="red"
                    onClick={() => setDeclining(transfer)}
                    data-testid="lead-transfer-decline"
                  >
                    {t('leadTransfer.decline')}
                  </Button>
                </Group>
              </Group>
            </Card>
          ))}
        </Stack>
      )}
      {declining && (
        <ReasonDialog
          title={t('leadTransfer.declineTitle')}
          reasonLabel={t('leadTransfer.declineReason')}
          confirmLabel={t('leadTransfer.decline')}
          danger
          loading={decline.isPending}
          error={decline.error}
          testId="lead-transfer-decline"
          onConfirm={(reason) => decline.mutate({ id: declining.id, reason })}
          onClose={() => setDeclining(null)}
        />
      )}
    </Stack>
  );
}
