import { Button, Group, Select, SimpleGrid, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { legalApi } from '../../api/legal.js';
import { useMe } from '../../auth.js';
import { required, useApiForm } from '../../ui/useApiForm.js';
import { EnumSelect } from '../cases/fields.js';
import { LegalForm, OpenFormButton, SaveCancel } from './LegalForm.js';
import { type Proceeding, stopReasons, testimonyModes, todayIn } from './model.js';

export function StageForm({ p, onChange }: { p: Proceeding; onChange: (p: Proceeding) => void }) {
  const { t } = useTranslation();
  const me = useMe();
  const { form, mutation, submit, bind } = useApiForm({
    initialValues: {
      to: (p.nextStages[0] ?? null) as string | null,
      on: todayIn(me.timeZone),
      stoppedReason: null as string | null,
    },
    validate: {
      to: required,
      on: required,
      stoppedReason: (value, values) => (values.to === 'stopped' ? required(value) : null),
    },
    send: (v) =>
      legalApi.advanceStage(p.id, {
        from: p.stage,
        to: v.to,
        on: v.on,
        stoppedReason: v.to === 'stopped' ? (v.stoppedReason ?? undefined) : undefined,
      }),
    onSuccess: onChange,
  });
  const to = form.getValues().to;
  return (
    <LegalForm
      label={t('legal.page.advance')}
      onSubmit={submit}
      error={mutation.error}
      fields={['to', 'on', 'stoppedReason']}
    >
      <Group align="flex-end">
        <EnumSelect
          label={t('legal.page.to')}
          values={p.nextStages}
          prefix="legal.stages"
          required
          {...bind('to')}
          testId="stage-to"
        />
        <TextInput
          type="date"
          label={t('legal.page.on')}
          {...form.getInputProps('on')}
          required
          data-testid="stage-on"
        />
        {to === 'stopped' && (
          <EnumSelect
            label={t('legal.page.stoppedReason')}
            values={stopReasons}
            prefix="legal.stopReasons"
            required
            {...bind('stoppedReason')}
            testId="stage-reason"
          />
        )}
        <Button type="submit" loading={mutation.isPending} data-testid="stage-submit">
          {t('legal.page.advance')}
        </Button>
      </Group>
    </LegalForm>
  );
}

export function HearingForm({ p, onChange }: { p: Proceeding; onChange: (p: Proceeding) => void }) {
  const { t } = useTranslation();
  const me = useMe();
  const [open, setOpen] = useState(false);
  const { form, mutation, submit, bind } = useApiForm({
    initialValues: {
      heldOn: todayIn(me.timeZone),
      court: p.courtName ?? '',
      caseId: null as string | null,
      testimonyMode: null as string | null,
      accompaniedBy: '',
    },
    validate: { heldOn: required, court: required },
    send: (v) =>
      legalApi.addHearing(p.id, {
        heldOn: v.heldOn,
        court: v.court.trim(),
        caseId: v.caseId ?? undefined,
        testimonyMode: v.testimonyMode ?? undefined,
        accompaniedBy: v.accompaniedBy.trim() || undefined,
      }),
    onSuccess: (r) => {
      setOpen(false);
      onChange(r);
    },
  });
  if (!open)
    return <OpenFormButton label={t('legal.page.newHearing')} testId="hearing-new" onOpen={() => setOpen(true)} />;
  return (
    <LegalForm
      label={t('legal.page.newHearing')}
      onSubmit={submit}
      error={mutation.error}
      fields={['heldOn', 'court', 'caseId', 'testimonyMode', 'accompaniedBy']}
    >
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TextInput type="date" label={t('legal.page.heldOn')} {...form.getInputProps('heldOn')} required />
        <TextInput label={t('legal.page.court')} {...form.getInputProps('court')} required />
        <Select
          label={t('legal.page.testifyingVictim')}
          data={p.victims.map((v) => ({ value: v.caseId, label: v.caseNumber }))}
          {...bind('caseId')}
          clearable
          comboboxProps={{ withinPortal: true }}
        />
        <EnumSelect
          label={t('legal.page.testimonyMode')}
          values={testimonyModes}
          prefix="legal.testimonyModes"
          {...bind('testimonyMode')}
          testId="hearing-mode"
        />
        <TextInput label={t('legal.page.accompaniedBy')} {...form.getInputProps('accompaniedBy')} />
      </SimpleGrid>
      <SaveCancel pending={mutation.isPending} testId="hearing-submit" onCancel={() => setOpen(false)} />
    </LegalForm>
  );
}
