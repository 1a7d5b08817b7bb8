import { Button, Card, Group, NumberInput, Stack, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { type ResponseTargets, tipKeys, tipsApi, useResponseTargets } from '../../api/tips.js';
import { ProblemAlert } from '../../ui/ProblemAlert.js';
import { required, useApiForm } from '../../ui/useApiForm.js';
import { tipUrgencies } from './model.js';

type Urgency = (typeof tipUrgencies)[number];
/** Hours per urgency, as the number inputs hold them ('' when emptied). */
type Targets = Record<Urgency, number | ''>;

const none = Object.fromEntries(tipUrgencies.map((u) => [u, ''])) as Targets;

/** Response-time targets per urgency (hours to a first response), for those who hold tips.settings. */
export function ResponseTargetsCard() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const current = useResponseTargets();
  const {
    form,
    mutation: save,
    submit,
  } = useApiForm({
    initialValues: none,
    // An emptied field is named before anything is sent; the server judges the hours.
    validate: Object.fromEntries(tipUrgencies.map((u) => [u, required])),
    send: (v) => tipsApi.setTargets(v as ResponseTargets),
    onSuccess: (data) => client.setQueryData(tipKeys.targets, data),
  });
  const { setValues } = form;
  // The saved targets fill the form when they arrive (and again after a save).
  useEffect(() => {
    if (current.data) setValues(current.data);
  }, [current.data, setValues]);
  return (
    <Card withBorder component="section" aria-labelledby="tip-targets-title">
      <Stack gap="xs">
        <Title order={2} size="h4" id="tip-targets-title">
          {t('tips.targets.title')}
        </Title>
        <Text size="sm" c="gray.7">
          {t('tips.targets.intro')}
        </Text>
        <ProblemAlert error={current.error ?? save.error} fields={[...tipUrgencies]} />
        <form onSubmit={submit} noValidate data-testid="tip-targets-form">
          <Group align="flex-end">
            {tipUrgencies.map((urgency) => (
              <NumberInput
                key={urgency}
                label={t('tips.targets.hours', { urgency: t(`tips.urgencies.${urgency}`) })}
                min={1}
                max={720}
                {...form.getInputProps(urgency)}
                data-testid={`tip-target-${urgency}`}
              />
            ))}
            <Button type="submit" loading={save.isPending} disabled={!current.data} data-testid="tip-targets-save">
              {t('tips.targets.save')}
            </Button>
          </Group>
        </form>
        {save.isSuccess && (
          <Text size="sm" c="teal.9" role="status">
            {t('tips.targets.saved')}
          </Text>
        )}
      </Stack>
    </Card>
  );
}
