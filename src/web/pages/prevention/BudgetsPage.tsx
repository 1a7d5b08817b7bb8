import { Button, Card, Group, Loader, NumberInput, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { preventionApi, preventionKeys, useBudgetSummary } from '../../api/prevention.js';
import { useAuth } from '../../auth.js';
import { ProblemAlert } from '../../ui/ProblemAlert.js';
import { ScrollTable } from '../../ui/ScrollTable.js';
import { required, useApiForm } from '../../ui/useApiForm.js';
import { usePageTitle } from '../../ui/usePageTitle.js';
import { type Allocation, num, rupiah } from './model.js';
import { NewAllocation } from './ProgrammePage.js';

/** A year in money: allocations by source, spending with evidence, and what it bought. */
export function BudgetsPage() {
  const { t, i18n } = useTranslation();
  const { can } = useAuth();
  usePageTitle('prevention.budgetsNav');
  const [year, setYear] = useState<number | string>(new Date().getFullYear());
  const summary = useBudgetSummary(year);
  const lang = i18n.language;
  const s = summary.data;
  return (
    <Stack>
      <Title order={1}>{t('prevention.budgetsNav')}</Title>
      <NumberInput label={t('prevention.year')} value={year} onChange={setYear} min={2000} max={2100} w={160} />
      <ProblemAlert error={summary.error} />
      {summary.isPending && <Loader aria-label={t('common.loading')} />}
      {s && (
        <>
          <Card withBorder>
            <Title order={2} size="h4">
              {t('prevention.bySource')}
            </Title>
            <ScrollTable minWidth={480} label={t('prevention.bySource')}>
              <Table>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('prevention.source')}</Table.Th>
                    <Table.Th>{t('prevention.allocated')}</Table.Th>
                    <Table.Th>{t('prevention.spent')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {s.bySource.map((b) => (
                    <Table.Tr key={b.source}>
                      <Table.Td>{t(`prevention.sources.${b.source}`)}</Table.Td>
                      <Table.Td>{rupiah(b.allocated, lang)}</Table.Td>
                      <Table.Td>{rupiah(b.spent, lang)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollTable>
          </Card>
          <Card withBorder>
            <Title order={2} size="h4">
              {t('prevention.costs')}
            </Title>
            <ScrollTable minWidth={700} label={t('prevention.costs')}>
              <Table data-testid="budget-programmes">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('prevention.name')}</Table.Th>
                    <Table.Th>{t('prevention.spent')}</Table.Th>
                    <Table.Th>{t('prevention.participants')}</Table.Th>
                    <Table.Th>{t('prevention.costPerParticipant')}</Table.Th>
                    <Table.Th>{t('prevention.awarenessChange')}</Table.Th>
                    <Table.Th>{t('prevention.costPerPoint')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {s.programmes.map((p) => (
                    <Table.Tr key={p.programmeId}>
                      <Table.Td>{p.name}</Table.Td>
                      <Table.Td>{rupiah(p.spent, lang)}</Table.Td>
                      <Table.Td>{p.participants}</Table.Td>
                      <Table.Td>{rupiah(p.costPerParticipant, lang)}</Table.Td>
                      <Table.Td>{num(p.awarenessChange)}</Table.Td>
                      <Table.Td>{rupiah(p.costPerAwarenessPoint, lang)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollTable>
            <Text size="sm" mt="xs">
              {t('prevention.victimServices')}: {rupiah(s.victimServices.spent, lang)} · {t('prevention.victimsServed')}{' '}
              {s.victimServices.victimsServed} · {t('prevention.costPerVictim')}{' '}
              {rupiah(s.victimServices.costPerVictim, lang)} · {t('prevention.costPerService')}{' '}
              {rupiah(s.victimServices.costPerService, lang)}
            </Text>
          </Card>
          <Card withBorder>
            <Title order={2} size="h4">
              {t('prevention.allocations')}
            </Title>
            <Stack>
              {s.allocations.map((a) => (
                <AllocationRow key={a.id} allocation={a} canSpend={can('budgets.manage')} />
              ))}
            </Stack>
          </Card>
        </>
      )}
      {can('budgets.manage') && <NewAllocation year={Number(year)} lang={lang} />}
    </Stack>
  );
}

const spendingFields = ['spentOn', 'amount', 'description', 'evidenceRef'] as const;

function AllocationRow({ allocation: a, canSpend }: { allocation: Allocation; canSpend: boolean }) {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const {
    form,
    mutation: spend,
    submit,
  } = useApiForm({
    initialValues: { spentOn: '', amount: '' as number | string, description: '', evidenceRef: '' },
    validate: { spentOn: required, amount: required, description: required, evidenceRef: required },
    send: (v) =>
      preventionApi.spend(a.id, {
        amount: Number(v.amount),
        spentOn: v.spentOn,
        description: v.description,
        evidenceRef: v.evidenceRef,
      }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: preventionKeys.budgets, exact: false }),
  });
  return (
    <Card withBorder padding="sm" data-testid="allocation-row">
      <Text fw={600}>
        {t(`prevention.purposes.${a.purpose}`)} · {t(`prevention.sources.${a.source}`)} ·{' '}
        {rupiah(a.amount, i18n.language)} ({t('prevention.remaining')} {rupiah(a.remaining, i18n.language)})
      </Text>
      {canSpend && (
        <form onSubmit={submit} noValidate data-testid="spend-form">
          <Group align="flex-end">
            <TextInput
              type="date"
              label={t('prevention.spentOn')}
              required
              {...form.getInputProps('spentOn')}
              data-testid="spend-on"
            />
            <NumberInput
              label={t('prevention.amount')}
              required
              {...form.getInputProps('amount')}
              min={1}
              data-testid="spend-amount"
            />
            <TextInput
              label={t('prevention.description')}
              required
              {...form.getInputProps('description')}
              data-testid="spend-description"
            />
            <TextInput
              label={t('prevention.evidence')}
              required
              {...form.getInputProps('evidenceRef')}
              data-testid="spend-evidence"
            />
            <Button type="submit" loading={spend.isPending} data-testid="spend-submit">
              {t('prevention.spend')}
            </Button>
          </Group>
        </form>
      )}
      <ProblemAlert error={spend.error} fields={spendingFields} />
    </Card>
  );
}
