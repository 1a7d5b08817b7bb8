import { Button, Group, Select, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { legalApi } from '../../api/legal.js';
import { useMe } from '../../auth.js';
import { fieldError, ProblemAlert } from '../../ui/ProblemAlert.js';
import { EnumSelect } from '../cases/fields.js';
import { type Proceeding, stopReasons, testimonyModes, todayIn } from './model.js';

export function useSave<T>(fn: () => Promise<T>, onDone: (r: T) => void) {
  return useMutation({ mutationFn: fn, onSuccess: onDone });
}

export function StageForm({ p, onChange }: { p: Proceeding; onChange: (p: Proceeding) => void }) {
  const { t } = useTranslation();
  const me = useMe();
  const [to, setTo] = useState<string | null>(p.nextStages[0] ?? null);
  const [on, setOn] = useState(todayIn(me.timeZone));
  const [reason, setReason] = useState<string | null>(null);
  const save = useSave(
    () =>
      legalApi.advanceStage(p.id, {
        from: p.stage,
        to,
        on,
        ...(to === 'stopped' && reason ? { stoppedReason: reason } : {}),
      }),
    onChange,
  );
  return (
    <form
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        save.mutate();
      }}
      aria-label={t('legal.page.advance')}
    >
      <Stack gap="xs">
        <ProblemAlert error={save.error} fields={['to', 'on', 'stoppedReason']} />
        <Group align="flex-end">
          <EnumSelect
            label={t('legal.page.to')}
            values={p.nextStages}
            prefix="legal.stages"
            value={to}
            onChange={setTo}
            required
            error={fieldError(save.error, 'to')}
            testId="stage-to"
          />
          <TextInput
            type="date"
            label={t('legal.page.on')}
            value={on}
            onChange={(e) => setOn(e.currentTarget.value)}
            error={fieldError(save.error, 'on')}
            required
            data-testid="stage-on"
          />
          {to === 'stopped' && (
            <EnumSelect
              label={t('legal.page.stoppedReason')}
              values={stopReasons}
              prefix="legal.stopReasons"
              value={reason}
              onChange={setReason}
              required
              error={fieldError(save.error, 'stoppedReason')}
              testId="stage-reason"
            />
          )}
          <Button type="submit" loading={save.isPending} data-testid="stage-submit">
            {t('legal.page.advance')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function HearingForm({ p, onChange }: { p: Proceeding; onChange: (p: Proceeding) => void }) {
  const { t } = useTranslation();
  const me = useMe();
  const [open, setOpen] = useState(false);
  const [heldOn, setHeldOn] = useState(todayIn(me.timeZone));
  const [court, setCourt] = useState(p.courtName ?? '');
  const [caseId, setCaseId] = useState<string | null>(null);
  const [mode, setMode] = useState<string | null>(null);
  const [accompaniedBy, setAccompaniedBy] = useState('');
  const save = useSave(
    () =>
      legalApi.addHearing(p.id, {
        heldOn,
        court: court.trim(),
        ...(caseId ? { caseId } : {}),
        ...(mode ? { testimonyMode: mode } : {}),
        ...(accompaniedBy.trim() ? { accompaniedBy: accompaniedBy.trim() } : {}),
      }),
    (r) => {
      setOpen(false);
      onChange(r);
    },
  );
  if (!open)
    return (
      <Group>
        <Button variant="light" onClick={() => setOpen(true)} data-testid="hearing-new">
          {t('legal.page.newHearing')}
        </Button>
      </Group>
    );
  return (
    <form
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        save.mutate();
      }}
      aria-label={t('legal.page.newHearing')}
    >
      <Stack gap="xs">
        <ProblemAlert error={save.error} fields={['heldOn', 'court', 'caseId', 'testimonyMode', 'accompaniedBy']} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            type="date"
            label={t('legal.page.heldOn')}
            value={heldOn}
            onChange={(e) => setHeldOn(e.currentTarget.value)}
            error={fieldError(save.error, 'heldOn')}
            required
          />
          <TextInput
            label={t('legal.page.court')}
            value={court}
            onChange={(e) => setCourt(e.currentTarget.value)}
            error={fieldError(save.error, 'court')}
            required
          />
          <Select
            label={t('legal.page.testifyingVictim')}
            data={p.victims.map((v) => ({ value: v.caseId, label: v.caseNumber }))}
            value={caseId}
            onChange={setCaseId}
            clearable
            error={fieldError(save.error, 'caseId')}
            comboboxProps={{ withinPortal: true }}
          />
          <EnumSelect
            label={t('legal.page.testimonyMode')}
            values={testimonyModes}
            prefix="legal.testimonyModes"
            value={mode}
            onChange={setMode}
            error={fieldError(save.error, 'testimonyMode')}
            testId="hearing-mode"
          />
          <TextInput
            label={t('legal.page.accompaniedBy')}
            value={accompaniedBy}
            onChange={(e) => setAccompaniedBy(e.currentTarget.value)}
          />
        </SimpleGrid>
        <Group>
          <Button type="submit" loading={save.isPending} data-testid="hearing-submit">
            {t('legal.page.save')}
          </Button>
          <Button variant="default" onClick={() => setOpen(false)}>
            {t('legal.page.cancel')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
