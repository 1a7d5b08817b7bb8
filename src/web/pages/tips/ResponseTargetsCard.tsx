import { Button, Card, Group, NumberInput, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type ResponseTargets, tipKeys, tipsApi, useResponseTargets } from '../../api/tips.js';
import { fieldError, ProblemAlert } from '../../ui/ProblemAlert.js';
import { tipUrgencies } from './model.js';

/** Response-time targets per urgency (hours to a first response), for those who hold tips.settings. */
export function ResponseTargetsCard() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const current = useResponseTargets();
  const [form, setForm] = useState<Record<string, number | ''>>({});
  useEffect(() => {
    if (current.data) setForm(current.data);
  }, [current.data]);
  const save = useMutation({
    // An emptied field is sent as it stands, so the server names it.
    mutationFn: () => tipsApi.setTargets(form as ResponseTargets),
    onSuccess: (data) => client.setQueryData(tipKeys.targets, data),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
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
        <form onSubmit={submit} noValidate>
          <Group align="flex-end">
            {tipUrgencies.map((urgency) => (
              <NumberInput
                key={urgency}
                label={t('tips.targets.hours', { urgency: t(`tips.urgencies.${urgency}`) })}
                min={1}
                max={720}
                value={form[urgency] ?? ''}
                onChange={(v) => setForm({ ...form, [urgency]: typeof v === 'number' ? v : '' })}
                error={fieldError(save.error, urgency)}
              />
            ))}
            <Button type="submit" loading={save.isPending} disabled={!current.data}>
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
