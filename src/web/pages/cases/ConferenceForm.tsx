import { ActionIcon, Button, Card, Group, SimpleGrid, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { casesApi } from '../../api/cases.js';
import { useMe } from '../../auth.js';
import { AgencyMultiPicker } from '../../ui/AgencyMultiPicker.js';
import { AgencyPicker } from '../../ui/AgencyPicker.js';
import { FormActions } from '../../ui/FormActions.js';
import { fieldError, ProblemAlert } from '../../ui/ProblemAlert.js';
import { required, useApiForm } from '../../ui/useApiForm.js';
import type { CaseDetail } from './model.js';
import { useCaseRefresh } from './useCase.js';

/** Today's calendar date (yyyy-mm-dd) in the user's zone. */
function todayIn(timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(),
  );
}

interface ItemDraft {
  key: number;
  agencyId: string | null;
  description: string;
  dueOn: string;
}

let nextItemKey = 1;
const newItem = (): ItemDraft => ({ key: nextItemKey++, agencyId: null, description: '', dueOn: '' });

/**
 * Records a case conference: the date, the agencies that took part, the decisions and the action items. The
 * items' fields are judged by the server (its messages stand next to each item's field).
 */
export function ConferenceForm({
  kase,
  onCancel,
  onDone,
}: {
  kase: CaseDetail;
  onCancel: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const me = useMe();
  const refresh = useCaseRefresh(kase.id);
  const today = todayIn(me.timeZone);
  const {
    form,
    mutation: create,
    submit,
    bind,
  } = useApiForm({
    initialValues: {
      heldOn: today,
      agencyIds: [...new Set([kase.leadAgency.id, me.agency.id])],
      decisions: '',
      actionItems: [] as ItemDraft[],
    },
    validate: {
      heldOn: required,
      // Someone must have taken part: say it plainly rather than "too few".
      agencyIds: (ids) => (ids.length === 0 ? t('conferences.agenciesRequired') : null),
      decisions: required,
    },
    send: (v) =>
      casesApi.createConference(kase.id, {
        heldOn: v.heldOn || undefined,
        agencyIds: v.agencyIds,
        decisions: v.decisions.trim() || undefined,
        // Empty values are left out so the server answers "required" at the field.
        actionItems: v.actionItems.map((i) => ({
          agencyId: i.agencyId ?? undefined,
          description: i.description.trim() || undefined,
          dueOn: i.dueOn || undefined,
        })),
      }),
    onSuccess: async () => {
      onDone();
      await refresh();
    },
  });
  const error = create.error;
  const { heldOn, actionItems: items } = form.getValues();
  const update = (key: number, patch: Partial<ItemDraft>) =>
    form.setFieldValue(
      'actionItems',
      items.map((i) => (i.key === key ? { ...i, ...patch } : i)),
    );
  const agencies = bind('agencyIds');

  return (
    <Card
      withBorder
      padding="md"
      component="form"
      noValidate
      aria-labelledby="conference-form-heading"
      onSubmit={submit}
      data-testid="conference-form"
    >
      <Stack>
        <Title order={3} fz="h4" id="conference-form-heading">
          {t('conferences.new')}
        </Title>
        <ProblemAlert
          error={error}
          fields={[
            'heldOn',
            'agencyIds',
            'decisions',
            ...items.flatMap((_, i) => ['agencyId', 'description', 'dueOn'].map((f) => `actionItems.${i}.${f}`)),
          ]}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            type="date"
            label={t('conferences.heldOn')}
            required
            max={today}
            {...form.getInputProps('heldOn')}
            data-testid="conference-held-on"
          />
          <AgencyMultiPicker
            label={t('conferences.agencies')}
            description={t('conferences.agenciesHint')}
            required
            {...agencies}
            names={{ [kase.leadAgency.id]: kase.leadAgency.name, [me.agency.id]: me.agency.name }}
            error={
              // An empty choice is refused as "too few"; say plainly that someone must have taken part.
              agencies.value.length === 0 && agencies.error ? t('conferences.agenciesRequired') : agencies.error
            }
            testId="conference-agencies"
          />
        </SimpleGrid>
        <Textarea
          label={t('conferences.decisions')}
          required
          autosize
          minRows={3}
          maxLength={10_000}
          {...form.getInputProps('decisions')}
          data-testid="conference-decisions-input"
        />
        <Stack gap="xs" component="fieldset" style={{ border: 0, padding: 0, margin: 0 }}>
          <Text component="legend" fw={600} size="sm">
            {t('conferences.actionItemsLegend')}
          </Text>
          {items.length === 0 && (
            <Text size="sm" c="gray.7">
              {t('conferences.noActionItemsYet')}
            </Text>
          )}
          {items.map((item, index) => (
            <Card key={item.key} withBorder padding="sm" data-testid="conference-item">
              <Stack gap="xs">
                <Group justify="space-between">
                  <Text fw={600} size="sm" id={`conference-item-${item.key}`}>
                    {t('conferences.item.number', { number: index + 1 })}
                  </Text>
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    onClick={() =>
                      form.setFieldValue(
                        'actionItems',
                        items.filter((i) => i.key !== item.key),
                      )
                    }
                    aria-label={t('conferences.item.removeNumber', { number: index + 1 })}
                    data-testid="conference-item-remove"
                  >
                    <CrossIcon />
                  </ActionIcon>
                </Group>
                <SimpleGrid cols={{ base: 1, sm: 2 }}>
                  <AgencyPicker
                    label={t('conferences.item.agency')}
                    required
                    value={item.agencyId}
                    onChange={(v) => update(item.key, { agencyId: v })}
                    error={
                      // A missing agency is refused as "not an id"; say plainly that one must be chosen.
                      !item.agencyId && fieldError(error, `actionItems.${index}.agencyId`)
                        ? t('conferences.item.agencyRequired')
                        : fieldError(error, `actionItems.${index}.agencyId`)
                    }
                    testId={`conference-item-agency-${index}`}
                  />
                  <TextInput
                    type="date"
                    label={t('conferences.item.dueOn')}
                    required
                    min={heldOn || undefined}
                    value={item.dueOn}
                    onChange={(e) => update(item.key, { dueOn: e.currentTarget.value })}
                    error={fieldError(error, `actionItems.${index}.dueOn`)}
                    data-testid={`conference-item-due-${index}`}
                  />
                </SimpleGrid>
                <Textarea
                  label={t('conferences.item.description')}
                  required
                  autosize
                  minRows={2}
                  maxLength={2000}
                  value={item.description}
                  onChange={(e) => update(item.key, { description: e.currentTarget.value })}
                  error={fieldError(error, `actionItems.${index}.description`)}
                  data-testid={`conference-item-description-${index}`}
                />
              </Stack>
            </Card>
          ))}
          <Group>
            <Button
              variant="light"
              onClick={() => form.setFieldValue('actionItems', [...items, newItem()])}
              disabled={items.length >= 50}
              data-testid="conference-item-add"
            >
              {t('conferences.item.add')}
            </Button>
          </Group>
        </Stack>
        <FormActions
          onCancel={onCancel}
          pending={create.isPending}
          submitLabel={t('conferences.submit')}
          testId="conference-submit"
        />
      </Stack>
    </Card>
  );
}

function CrossIcon() {
  return (
    <svg
      width="18"
      height="18"
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      aria-hidden="true"
    >
      <path d="M18 6 6 18M6 6l12 12" />
    </svg>
  );
}
