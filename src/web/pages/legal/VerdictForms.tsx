import { Button, Checkbox, Group, Select, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { legalApi } from '../../api/legal.js';
import { useMe } from '../../auth.js';
import { fieldError, ProblemAlert } from '../../ui/ProblemAlert.js';
import { EnumSelect } from '../cases/fields.js';
import { claimComponents, type Proceeding, todayIn, verdictInstances, verdictOutcomes } from './model.js';
import { useSave } from './ProceedingForms.js';

export function VerdictForm({ p, onChange }: { p: Proceeding; onChange: (p: Proceeding) => void }) {
  const { t } = useTranslation();
  const me = useMe();
  const [open, setOpen] = useState(false);
  const [defendantId, setDefendantId] = useState<string | null>(p.defendants[0]?.id ?? null);
  const [instance, setInstance] = useState<string | null>('first_instance');
  const [decidedOn, setDecidedOn] = useState(todayIn(me.timeZone));
  const [outcome, setOutcome] = useState<string | null>('convicted');
  const [sentence, setSentence] = useState('');
  const [ordered, setOrdered] = useState(false);
  const [amount, setAmount] = useState('');
  const [finalOn, setFinalOn] = useState('');
  const save = useSave(
    () =>
      legalApi.recordVerdict(p.id, {
        defendantId,
        instance,
        decidedOn,
        outcome,
        ...(sentence ? { sentenceMonths: Number(sentence) } : {}),
        restitutionOrdered: ordered,
        ...(ordered && amount ? { restitutionAmount: Number(amount) } : {}),
        ...(finalOn ? { finalOn } : {}),
      }),
    (r) => {
      setOpen(false);
      onChange(r);
    },
  );
  if (!open)
    return (
      <Group>
        <Button variant="light" onClick={() => setOpen(true)} data-testid="verdict-new">
          {t('legal.page.newVerdict')}
        </Button>
      </Group>
    );
  const fields = ['defendantId', 'instance', 'decidedOn', 'outcome', 'sentenceMonths', 'restitutionAmount', 'finalOn'];
  return (
    <form
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        save.mutate();
      }}
      aria-label={t('legal.page.newVerdict')}
    >
      <Stack gap="xs">
        <ProblemAlert error={save.error} fields={fields} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select
            label={t('legal.page.defendant')}
            data={p.defendants.map((d) => ({ value: d.id, label: d.pseudonym }))}
            value={defendantId}
            onChange={setDefendantId}
            required
            error={fieldError(save.error, 'defendantId')}
            comboboxProps={{ withinPortal: true }}
          />
          <EnumSelect
            label={t('legal.page.instance')}
            values={verdictInstances}
            prefix="legal.instances"
            value={instance}
            onChange={setInstance}
            required
            error={fieldError(save.error, 'instance')}
          />
          <TextInput
            type="date"
            label={t('legal.page.decidedOn')}
            value={decidedOn}
            onChange={(e) => setDecidedOn(e.currentTarget.value)}
            error={fieldError(save.error, 'decidedOn')}
            required
            data-testid="verdict-date"
          />
          <EnumSelect
            label={t('legal.page.outcome')}
            values={verdictOutcomes}
            prefix="legal.outcomes"
            value={outcome}
            onChange={setOutcome}
            required
            error={fieldError(save.error, 'outcome')}
          />
          <TextInput
            type="number"
            min={0}
            label={t('legal.page.sentenceMonths')}
            value={sentence}
            onChange={(e) => setSentence(e.currentTarget.value)}
            error={fieldError(save.error, 'sentenceMonths')}
            data-testid="verdict-sentence"
          />
          <TextInput
            type="date"
            label={t('legal.page.finalOn')}
            value={finalOn}
            onChange={(e) => setFinalOn(e.currentTarget.value)}
            error={fieldError(save.error, 'finalOn')}
            data-testid="verdict-final"
          />
          <Checkbox
            label={t('legal.page.restitutionOrdered')}
            checked={ordered}
            onChange={(e) => setOrdered(e.currentTarget.checked)}
            data-testid="verdict-restitution"
          />
          {ordered && (
            <TextInput
              type="number"
              min={1}
              label={t('legal.page.restitutionAmount')}
              value={amount}
              onChange={(e) => setAmount(e.currentTarget.value)}
              error={fieldError(save.error, 'restitutionAmount')}
              required
              data-testid="verdict-amount"
            />
          )}
        </SimpleGrid>
        <Group>
          <Button type="submit" loading={save.isPending} data-testid="verdict-submit">
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

export function ClaimForm({ p, onChange }: { p: Proceeding; onChange: (p: Proceeding) => void }) {
  const { t } = useTranslation();
  const me = useMe();
  const [open, setOpen] = useState(false);
  const [caseId, setCaseId] = useState<string | null>(p.victims[0]?.caseId ?? null);
  const [filedOn, setFiledOn] = useState(todayIn(me.timeZone));
  const [rows, setRows] = useState<{ kind: string | null; amount: string }[]>([
    { kind: 'lost_income_property', amount: '' },
  ]);
  const save = useSave(
    () =>
      legalApi.fileClaim(p.id, {
        caseId,
        filedOn,
        components: rows.map((r) => ({ kind: r.kind, amount: Number(r.amount) })),
      }),
    (r) => {
      setOpen(false);
      onChange(r);
    },
  );
  if (!open)
    return (
      <Group>
        <Button variant="light" onClick={() => setOpen(true)} data-testid="claim-new">
          {t('legal.restitution.newClaim')}
        </Button>
      </Group>
    );
  return (
    <form
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        save.mutate();
      }}
      aria-label={t('legal.restitution.newClaim')}
    >
      <Stack gap="xs">
        <ProblemAlert error={save.error} fields={['caseId', 'filedOn']} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select
            label={t('legal.restitution.victim')}
            data={p.victims.map((v) => ({ value: v.caseId, label: v.caseNumber }))}
            value={caseId}
            onChange={setCaseId}
            required
            error={fieldError(save.error, 'caseId')}
            comboboxProps={{ withinPortal: true }}
            data-testid="claim-case"
          />
          <TextInput
            type="date"
            label={t('legal.restitution.filedOn')}
            value={filedOn}
            onChange={(e) => setFiledOn(e.currentTarget.value)}
            error={fieldError(save.error, 'filedOn')}
            required
            data-testid="claim-date"
          />
        </SimpleGrid>
        {rows.map((r, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity but their place
          <Group key={i} align="flex-end">
            <EnumSelect
              label={t('legal.restitution.component')}
              values={claimComponents}
              prefix="legal.components"
              value={r.kind}
              onChange={(kind) => setRows(rows.map((x, j) => (j === i ? { ...x, kind } : x)))}
              required
              error={fieldError(save.error, `components.${i}.kind`)}
            />
            <TextInput
              type="number"
              min={1}
              label={t('legal.restitution.amount')}
              value={r.amount}
              onChange={(e) => {
                const amount = e.currentTarget.value;
                setRows(rows.map((x, j) => (j === i ? { ...x, amount } : x)));
              }}
              error={fieldError(save.error, `components.${i}.amount`)}
              required
              data-testid={`claim-amount-${i}`}
            />
          </Group>
        ))}
        <Group>
          <Button variant="subtle" onClick={() => setRows([...rows, { kind: null, amount: '' }])}>
            {t('legal.restitution.addComponent')}
          </Button>
          <Button type="submit" loading={save.isPending} data-testid="claim-submit">
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
