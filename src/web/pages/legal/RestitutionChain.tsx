import { Badge, Button, Card, Group, Stack, Table, Text, Textarea, TextInput, Timeline, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { legalApi } from '../../api/legal.js';
import { useMe } from '../../auth.js';
import { formatDateTime } from '../../ui/format.js';
import { ScrollTable } from '../../ui/ScrollTable.js';
import { required, useApiForm } from '../../ui/useApiForm.js';
import { formatDate } from '../cases/fields.js';
import { LegalForm } from './LegalForm.js';
import { type Claim, type Proceeding, rupiah, type Step, todayIn } from './model.js';

const statusColor: Record<Step['status'], string> = {
  pending: 'blue',
  done: 'teal',
  met: 'teal',
  missed: 'red',
  cancelled: 'gray',
};

/**
 * One victim's restitution: amounts claimed, assessed, ordered and paid; the deadline chain as a timeline with
 * the next step highlighted (its due time, overdue or not); recording the step offered now and payments.
 */
export function RestitutionChain({
  claim,
  canRecord,
  onChange,
}: {
  claim: Claim;
  canRecord: boolean;
  onChange: (p: Proceeding) => void;
}) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const lang = i18n.language;
  const stepLabel = (s: string) => t(`legal.steps.${s}`, { defaultValue: s });
  const active = claim.steps.findIndex((s) => s.id === claim.next?.id);
  return (
    <Card withBorder padding="md" data-testid="restitution-claim" data-status={claim.status}>
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={3} fz="h4">
            {t('legal.restitution.victim')}: {claim.caseNumber}
          </Title>
          <Badge
            color={claim.status === 'paid' ? 'teal' : claim.status === 'defaulted' ? 'red' : 'blue'}
            variant="light"
            data-testid="claim-status"
          >
            {t(`legal.claimStatuses.${claim.status}`)}
          </Badge>
        </Group>
        <ScrollTable minWidth={320} label={`${t('legal.restitution.victim')}: ${claim.caseNumber}`}>
          <Table withTableBorder={false} variant="vertical" layout="fixed">
            <Table.Tbody>
              <Table.Tr>
                <Table.Th>{t('legal.restitution.claimed')}</Table.Th>
                <Table.Td>{rupiah(claim.claimedAmount, lang)}</Table.Td>
                <Table.Th>{t('legal.restitution.assessed')}</Table.Th>
                <Table.Td>{rupiah(claim.lpskAssessedAmount, lang)}</Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th>{t('legal.restitution.ordered')}</Table.Th>
                <Table.Td data-testid="claim-ordered">{rupiah(claim.orderedAmount, lang)}</Table.Td>
                <Table.Th>{t('legal.restitution.paid')}</Table.Th>
                <Table.Td data-testid="claim-paid">{rupiah(claim.paidAmount, lang)}</Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th>{t('legal.restitution.outstanding')}</Table.Th>
                <Table.Td data-testid="claim-outstanding">{rupiah(claim.outstandingAmount, lang)}</Table.Td>
                <Table.Th>{t('legal.restitution.components')}</Table.Th>
                <Table.Td>
                  {claim.components
                    .map((c) => `${t(`legal.components.${c.kind}`)} ${rupiah(c.amount, lang)}`)
                    .join('; ')}
                </Table.Td>
              </Table.Tr>
            </Table.Tbody>
          </Table>
        </ScrollTable>
        {claim.steps.length > 0 && (
          <>
            <Title order={4} fz="h5">
              {t('legal.restitution.chain')}
            </Title>
            <Timeline
              active={active === -1 ? claim.steps.length - 1 : active}
              bulletSize={16}
              lineWidth={2}
              aria-label={t('legal.restitution.chain')}
              data-testid="restitution-timeline"
            >
              {claim.steps.map((s) => {
                const isNext = s.id === claim.next?.id;
                return (
                  <Timeline.Item
                    key={s.id}
                    data-testid="restitution-step"
                    data-step={s.step}
                    data-status={s.status}
                    title={
                      <Group gap="xs">
                        <Text fw={isNext ? 700 : 500}>{stepLabel(s.step)}</Text>
                        <Badge size="sm" variant="light" color={statusColor[s.status]}>
                          {t(`legal.stepStatuses.${s.status}`)}
                        </Badge>
                        {isNext && (
                          <Badge size="sm" color={s.overdue ? 'red' : 'blue'} data-testid="restitution-next">
                            {s.overdue ? t('legal.due.overdue') : t('legal.restitution.next')}
                          </Badge>
                        )}
                      </Group>
                    }
                  >
                    <Text size="sm" c="gray.7">
                      {t(`legal.stepActors.${s.actor}`)} · {s.basis}
                      {' · '}
                      {s.occurredOn
                        ? formatDate(s.occurredOn, lang)
                        : s.dueAt
                          ? t('legal.restitution.dueBy', { date: formatDateTime(s.dueAt, me.timeZone, lang) })
                          : t('legal.restitution.noDue')}
                    </Text>
                    {s.note && <Text size="sm">{s.note}</Text>}
                  </Timeline.Item>
                );
              })}
            </Timeline>
          </>
        )}
        {claim.status === 'paid' && (
          <Text c="teal.9" data-testid="restitution-closed">
            {t('legal.restitution.closed')}
          </Text>
        )}
        {canRecord &&
          claim.offered.map((step) => <StepForm key={step} claim={claim} step={step} onChange={onChange} />)}
        <Title order={4} fz="h5">
          {t('legal.restitution.payments')}
        </Title>
        {claim.payments.length === 0 ? (
          <Text size="sm" c="gray.7">
            {t('legal.restitution.noPayments')}
          </Text>
        ) : (
          <ScrollTable minWidth={480} label={t('legal.restitution.payments')}>
            <Table data-testid="restitution-payments">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('legal.restitution.paidOn')}</Table.Th>
                  <Table.Th>{t('legal.restitution.amount')}</Table.Th>
                  <Table.Th>{t('legal.restitution.evidence')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {claim.payments.map((p) => (
                  <Table.Tr key={p.id}>
                    <Table.Td>{formatDate(p.paidOn, lang)}</Table.Td>
                    <Table.Td>{rupiah(p.amount, lang)}</Table.Td>
                    <Table.Td>{p.evidence}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollTable>
        )}
        {canRecord && claim.orderedAmount !== null && claim.status !== 'paid' && (
          <PaymentForm claim={claim} onChange={onChange} />
        )}
      </Stack>
    </Card>
  );
}

function StepForm({ claim, step, onChange }: { claim: Claim; step: string; onChange: (p: Proceeding) => void }) {
  const { t } = useTranslation();
  const me = useMe();
  const { form, mutation, submit } = useApiForm({
    initialValues: { occurredOn: todayIn(me.timeZone), note: '' },
    validate: { occurredOn: required },
    send: (v) => legalApi.recordStep(claim.id, { step, occurredOn: v.occurredOn, note: v.note.trim() || undefined }),
    onSuccess: onChange,
  });
  const label = t('legal.restitution.record', { step: t(`legal.steps.${step}`) });
  return (
    <LegalForm
      label={label}
      onSubmit={submit}
      error={mutation.error}
      fields={['occurredOn', 'note']}
      testId="step-form"
    >
      <Group align="flex-end">
        <TextInput
          type="date"
          label={t('legal.restitution.occurredOn')}
          {...form.getInputProps('occurredOn')}
          required
          data-testid="step-date"
        />
        <Textarea
          label={t('legal.page.notes')}
          {...form.getInputProps('note')}
          autosize
          minRows={1}
          style={{ flex: 1 }}
          data-testid="step-note"
        />
        <Button type="submit" loading={mutation.isPending} data-testid={`step-record-${step}`}>
          {label}
        </Button>
      </Group>
    </LegalForm>
  );
}

function PaymentForm({ claim, onChange }: { claim: Claim; onChange: (p: Proceeding) => void }) {
  const { t } = useTranslation();
  const me = useMe();
  const { form, mutation, submit } = useApiForm({
    initialValues: { paidOn: todayIn(me.timeZone), amount: '', evidence: '' },
    validate: { paidOn: required, amount: required, evidence: required },
    send: (v) =>
      legalApi.recordPayment(claim.id, { paidOn: v.paidOn, amount: Number(v.amount), evidence: v.evidence.trim() }),
    onSuccess: (p) => {
      form.setValues({ amount: '', evidence: '' });
      onChange(p);
    },
  });
  return (
    <LegalForm
      label={t('legal.restitution.recordPayment')}
      onSubmit={submit}
      error={mutation.error}
      fields={['paidOn', 'amount', 'evidence']}
      testId="payment-form"
    >
      <Group align="flex-end">
        <TextInput
          type="date"
          label={t('legal.restitution.paidOn')}
          {...form.getInputProps('paidOn')}
          required
          data-testid="payment-date"
        />
        <TextInput
          type="number"
          min={1}
          label={t('legal.restitution.amount')}
          {...form.getInputProps('amount')}
          required
          data-testid="payment-amount"
        />
        <TextInput
          label={t('legal.restitution.evidence')}
          {...form.getInputProps('evidence')}
          required
          style={{ flex: 1 }}
          data-testid="payment-evidence"
        />
        <Button type="submit" loading={mutation.isPending} data-testid="payment-submit">
          {t('legal.restitution.recordPayment')}
        </Button>
      </Group>
    </LegalForm>
  );
}
