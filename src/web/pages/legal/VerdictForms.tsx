import { Button, Checkbox, Group, Select, SimpleGrid, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { legalApi } from '../../api/legal.js';
import { useMe } from '../../auth.js';
import { fieldError } from '../../ui/ProblemAlert.js';
import { required, useApiForm } from '../../ui/useApiForm.js';
import { EnumSelect } from '../cases/fields.js';
import { LegalForm, OpenFormButton, SaveCancel } from './LegalForm.js';
import { claimComponents, type Proceeding, todayIn, verdictInstances, verdictOutcomes } from './model.js';

export function VerdictForm({ p, onChange }: { p: Proceeding; onChange: (p: Proceeding) => void }) {
  const { t } = useTranslation();
  const me = useMe();
  const [open, setOpen] = useState(false);
  const { form, mutation, submit, bind } = useApiForm({
    initialValues: {
      defendantId: (p.defendants[0]?.id ?? null) as string | null,
      instance: 'first_instance' as string | null,
      decidedOn: todayIn(me.timeZone),
      outcome: 'convicted' as string | null,
      sentenceMonths: '',
      restitutionOrdered: false,
      restitutionAmount: '',
      finalOn: '',
    },
    validate: {
      defendantId: required,
      instance: required,
      decidedOn: required,
      outcome: required,
      restitutionAmount: (value, values) => (values.restitutionOrdered ? required(value) : null),
    },
    send: (v) =>
      legalApi.recordVerdict(p.id, {
        defendantId: v.defendantId,
        instance: v.instance,
        decidedOn: v.decidedOn,
        outcome: v.outcome,
        sentenceMonths: v.sentenceMonths ? Number(v.sentenceMonths) : undefined,
        restitutionOrdered: v.restitutionOrdered,
        restitutionAmount: v.restitutionOrdered && v.restitutionAmount ? Number(v.restitutionAmount) : undefined,
        finalOn: v.finalOn || undefined,
      }),
    onSuccess: (r) => {
      setOpen(false);
      onChange(r);
    },
  });
  if (!open)
    return <OpenFormButton label={t('legal.page.newVerdict')} testId="verdict-new" onOpen={() => setOpen(true)} />;
  const fields = ['defendantId', 'instance', 'decidedOn', 'outcome', 'sentenceMonths', 'restitutionAmount', 'finalOn'];
  return (
    <LegalForm label={t('legal.page.newVerdict')} onSubmit={submit} error={mutation.error} fields={fields}>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <Select
          label={t('legal.page.defendant')}
          data={p.defendants.map((d) => ({ value: d.id, label: d.pseudonym }))}
          {...bind('defendantId')}
          required
          comboboxProps={{ withinPortal: true }}
        />
        <EnumSelect
          label={t('legal.page.instance')}
          values={verdictInstances}
          prefix="legal.instances"
          required
          {...bind('instance')}
        />
        <TextInput
          type="date"
          label={t('legal.page.decidedOn')}
          {...form.getInputProps('decidedOn')}
          required
          data-testid="verdict-date"
        />
        <EnumSelect
          label={t('legal.page.outcome')}
          values={verdictOutcomes}
          prefix="legal.outcomes"
          required
          {...bind('outcome')}
        />
        <TextInput
          type="number"
          min={0}
          label={t('legal.page.sentenceMonths')}
          {...form.getInputProps('sentenceMonths')}
          data-testid="verdict-sentence"
        />
        <TextInput
          type="date"
          label={t('legal.page.finalOn')}
          {...form.getInputProps('finalOn')}
          data-testid="verdict-final"
        />
        <Checkbox
          label={t('legal.page.restitutionOrdered')}
          {...form.getInputProps('restitutionOrdered', { type: 'checkbox' })}
          data-testid="verdict-restitution"
        />
        {form.getValues().restitutionOrdered && (
          <TextInput
            type="number"
            min={1}
            label={t('legal.page.restitutionAmount')}
            {...form.getInputProps('restitutionAmount')}
            required
            data-testid="verdict-amount"
          />
        )}
      </SimpleGrid>
      <SaveCancel pending={mutation.isPending} testId="verdict-submit" onCancel={() => setOpen(false)} />
    </LegalForm>
  );
}

export function ClaimForm({ p, onChange }: { p: Proceeding; onChange: (p: Proceeding) => void }) {
  const { t } = useTranslation();
  const me = useMe();
  const [open, setOpen] = useState(false);
  const { form, mutation, submit, bind } = useApiForm({
    initialValues: {
      caseId: (p.victims[0]?.caseId ?? null) as string | null,
      filedOn: todayIn(me.timeZone),
      components: [{ kind: 'lost_income_property' as string | null, amount: '' }],
    },
    validate: { caseId: required, filedOn: required },
    send: (v) =>
      legalApi.fileClaim(p.id, {
        caseId: v.caseId,
        filedOn: v.filedOn,
        components: v.components.map((r) => ({ kind: r.kind, amount: Number(r.amount) })),
      }),
    onSuccess: (r) => {
      setOpen(false);
      onChange(r);
    },
  });
  if (!open)
    return <OpenFormButton label={t('legal.restitution.newClaim')} testId="claim-new" onOpen={() => setOpen(true)} />;
  return (
    <LegalForm
      label={t('legal.restitution.newClaim')}
      onSubmit={submit}
      error={mutation.error}
      fields={['caseId', 'filedOn']}
    >
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <Select
          label={t('legal.restitution.victim')}
          data={p.victims.map((v) => ({ value: v.caseId, label: v.caseNumber }))}
          {...bind('caseId')}
          required
          comboboxProps={{ withinPortal: true }}
          data-testid="claim-case"
        />
        <TextInput
          type="date"
          label={t('legal.restitution.filedOn')}
          {...form.getInputProps('filedOn')}
          required
          data-testid="claim-date"
        />
      </SimpleGrid>
      {form.getValues().components.map((r, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity but their place
        <Group key={i} align="flex-end">
          <EnumSelect
            label={t('legal.restitution.component')}
            values={claimComponents}
            prefix="legal.components"
            value={r.kind}
            onChange={(kind) => form.setFieldValue(`components.${i}.kind`, kind)}
            required
            error={fieldError(mutation.error, `components.${i}.kind`)}
          />
          <TextInput
            type="number"
            min={1}
            label={t('legal.restitution.amount')}
            {...form.getInputProps(`components.${i}.amount`)}
            error={fieldError(mutation.error, `components.${i}.amount`)}
            required
            data-testid={`claim-amount-${i}`}
          />
        </Group>
      ))}
      <SaveCancel pending={mutation.isPending} testId="claim-submit" onCancel={() => setOpen(false)}>
        <Button variant="subtle" onClick={() => form.insertListItem('components', { kind: null, amount: '' })}>
          {t('legal.restitution.addComponent')}
        </Button>
      </SaveCancel>
    </LegalForm>
  );
}
