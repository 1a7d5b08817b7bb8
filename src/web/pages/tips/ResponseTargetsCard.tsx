import { Button, Card, Group, Loader, NumberInput, Stack, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { type ResponseTargets, tipKeys, tipsApi, useResponseTargets } from '../../api/tips.js';
import { ProblemAlert } from '../../ui/ProblemAlert.js';
import { required, useApiForm } from '../../ui/useApiForm.js';
import { tipUrgencies } from './model.js';

/** Response-time targets per urgency (hours to a first response), for those who hold tips.settings. */
export function ResponseTargetsCard() {
  const { t } = useTranslation();
  const current = useResponseTargets();
  return (
    <Card withBorder component="section" aria-labelledby="tip-targets-title">
      <Stack gap="xs">
        <Title order={2} size="h4" id="tip-targets-title">
          {t('tips.targets.title')}
        </Title>
        <Text size="sm" c="gray.7">
          {t('tips.targets.intro')}
        </Text>
        <ProblemAlert error={current.error} />
        {current.data ? (
          <TargetsForm targets={current.data} />
        ) : (
          current.isPending && <Loader size="sm" aria-label={t('common.loading')} />
        )}
      </Stack>
    </Card>
  );
}

type Hours = Record<(typeof tipUrgencies)[number], number | string>;

/** The form, once the current targets are known (they are its initial values). */
function TargetsForm({ targets }: { targets: ResponseTargets }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const {
    form,
    mutation: save,
    submit,
  } = useApiForm({
    initialValues: { urgent: targets.urgent, high: targets.high, normal: targets.normal } as Hours,
    validate: { urgent: required, high: required, normal: required },
    send: (v) => tipsApi.setTargets({ urgent: Number(v.urgent), high: Number(v.high), normal: Number(v.normal) }),
    onSuccess: (data) => client.setQueryData(tipKeys.targets, data),
  });
  return (
    <>
      <ProblemAlert error={save.error} fields={tipUrgencies} />
      <form onSubmit={submit} noValidate data-testid="tip-targets-form">
        <Group align="flex-end">
          {tipUrgencies.map((urgency) => (
            <NumberInput
              key={urgency}
              label={t('tips.targets.hours', { urgency: t(`tips.urgencies.${urgency}`) })}
              min={1}
              max={720}
              required
              {...form.getInputProps(urgency)}
              data-testid={`tip-target-${urgency}`}
            />
          ))}
          <Button type="submit" loading={save.isPending} data-testid="tip-targets-save">
            {t('tips.targets.save')}
          </Button>
        </Group>
      </form>
      {save.isSuccess && (
        <Text size="sm" c="teal.9" role="status" data-testid="tip-targets-saved">
          {t('tips.targets.saved')}
        </Text>
      )}
    </>
  );
}
