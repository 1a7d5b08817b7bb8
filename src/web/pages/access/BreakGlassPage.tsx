import { Alert, Button, Group, SegmentedControl, Stack, Table, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { accessApi, accessKeys, useMyGrants } from '../../api/access.js';
import { useMe } from '../../auth.js';
import { formatDateTime } from '../../ui/format.js';
import { ProblemAlert } from '../../ui/ProblemAlert.js';
import { ScrollTable } from '../../ui/ScrollTable.js';
import { required, useApiForm } from '../../ui/useApiForm.js';
import { usePageTitle } from '../../ui/usePageTitle.js';

/* Break-the-glass (DESIGN §4, issue 10 item 2): an emergency opening of one record outside the caller's scope —
 * inside her jurisdiction, with a reason and a fresh code from her authenticator, for at most the instance's
 * cap; the DPO and the record's agency are alerted at once and the DPO reviews every grant. */

export function BreakGlassPage() {
  const { t, i18n } = useTranslation();
  usePageTitle(t('access.breakGlass.title'));
  const me = useMe();
  const qc = useQueryClient();
  const mine = useMyGrants();
  const {
    form,
    mutation: breakGlass,
    submit,
  } = useApiForm({
    initialValues: { entityType: 'person', entityId: '', reason: '', totpCode: '' },
    validate: { entityId: required, reason: required, totpCode: required },
    send: (v) =>
      accessApi.breakGlass({
        entityType: v.entityType,
        entityId: v.entityId.trim(),
        reason: v.reason.trim(),
        totpCode: v.totpCode.trim(),
      }),
    onSuccess: () => {
      // A code is good once: the next request needs a fresh one.
      form.setFieldValue('totpCode', '');
      void qc.invalidateQueries({ queryKey: accessKeys.grants });
    },
  });
  const when = (iso: string) => formatDateTime(iso, me.timeZone, i18n.language);
  const granted = breakGlass.data;
  return (
    <Stack>
      <Title order={1}>{t('access.breakGlass.title')}</Title>
      <Text>{t('access.breakGlass.intro')}</Text>
      <form aria-label={t('access.breakGlass.form')} onSubmit={submit} noValidate>
        <Stack gap="xs" maw={640}>
          <Text size="sm" fw={500} id="break-glass-kind">
            {t('access.breakGlass.kind')}
          </Text>
          <SegmentedControl
            aria-labelledby="break-glass-kind"
            value={form.getValues().entityType}
            onChange={(v) => form.setFieldValue('entityType', v)}
            data={[
              { value: 'person', label: t('access.breakGlass.kinds.person') },
              { value: 'case', label: t('access.breakGlass.kinds.case') },
            ]}
          />
          <TextInput
            label={t('access.breakGlass.recordId')}
            description={t('access.breakGlass.recordIdHint')}
            {...form.getInputProps('entityId')}
            required
          />
          <Textarea
            label={t('access.breakGlass.reason')}
            description={t('access.breakGlass.reasonHint')}
            {...form.getInputProps('reason')}
            required
            autosize
            minRows={2}
          />
          <TextInput
            label={t('access.breakGlass.totp')}
            description={t('access.breakGlass.totpHint')}
            {...form.getInputProps('totpCode')}
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={6}
            required
            data-testid="break-glass-totp"
          />
          <Group>
            <Button type="submit" color="red" loading={breakGlass.isPending}>
              {t('access.breakGlass.submit')}
            </Button>
          </Group>
          <ProblemAlert
            error={breakGlass.error}
            fields={['entityId', 'reason', 'totpCode']}
            testId="break-glass-problem"
          />
          {granted && (
            <Alert color="orange" variant="light" role="status" data-testid="break-glass-granted">
              {t('access.breakGlass.granted', {
                until: when(granted.expiresAt),
                hours:
                  granted.capHours ??
                  Math.round((Date.parse(granted.expiresAt) - Date.parse(granted.grantedAt)) / 3_600_000),
              })}
            </Alert>
          )}
        </Stack>
      </form>
      <Title order={2}>{t('access.breakGlass.mine')}</Title>
      {mine.data && mine.data.length === 0 ? (
        <Text c="gray.7">{t('access.breakGlass.none')}</Text>
      ) : (
        <ScrollTable minWidth={480} label={t('access.breakGlass.mine')}>
          <Table data-testid="my-grants">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('access.breakGlass.kind')}</Table.Th>
                <Table.Th>{t('access.breakGlass.recordId')}</Table.Th>
                <Table.Th>{t('access.breakGlass.reason')}</Table.Th>
                <Table.Th>{t('access.breakGlass.until')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(mine.data ?? []).map((g) => (
                <Table.Tr key={g.id}>
                  <Table.Td>{t(`access.breakGlass.kinds.${g.entityType === 'case' ? 'case' : 'person'}`)}</Table.Td>
                  <Table.Td>
                    <Text size="xs" ff="monospace">
                      {g.entityId}
                    </Text>
                  </Table.Td>
                  <Table.Td>{g.reason}</Table.Td>
                  <Table.Td>{when(g.expiresAt)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
    </Stack>
  );
}
