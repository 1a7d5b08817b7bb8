import {
  Alert,
  Badge,
  Button,
  Card,
  Checkbox,
  Code,
  Group,
  MultiSelect,
  NumberInput,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import {
  type ServiceAccount,
  type ServiceAccountInput,
  serviceAccountKeys,
  serviceAccountsApi,
  useAgenciesForServiceAccounts,
  useServiceAccounts,
} from '../../api/serviceAccounts.js';
import { picklist } from '../../api/types.js';
import { SubmitRow } from '../../ui/FormActions.js';
import { ProblemAlert } from '../../ui/ProblemAlert.js';
import { CaptionedTable } from '../../ui/ScrollTable.js';
import { required, useApiForm } from '../../ui/useApiForm.js';
import { usePageTitle } from '../../ui/usePageTitle.js';

/** The operations a token may be given (the server's list in src/modules/users/service-accounts.schema.ts). */
const operations = picklist<ServiceAccountInput['operations'][number]>()([
  'exchange.htcds.export',
  'exchange.htcds.import',
  'exchange.htcds.importReport',
]);

const day = (iso: string, locale: string) => new Date(iso).toLocaleDateString(locale, { dateStyle: 'medium' });

/**
 * Service accounts of partner systems (SIMFONI-PPA, an IOM instance): an administrator creates an account
 * scoped to operations and agencies and issues API tokens, shown once; a token is revoked at once.
 */
export function ServiceAccountsPage() {
  const { t } = useTranslation();
  usePageTitle('serviceAccounts.title');
  const accounts = useServiceAccounts();
  return (
    <Stack>
      <Title order={1}>{t('serviceAccounts.title')}</Title>
      <Text c="gray.7">{t('serviceAccounts.intro')}</Text>
      <CreateAccount />
      <Stack gap="xs" component="section" aria-labelledby="sa-list-heading">
        <Title order={2} fz="h3" id="sa-list-heading">
          {t('serviceAccounts.list.title')}
        </Title>
        <ProblemAlert error={accounts.error} />
        {accounts.isSuccess && accounts.data.length === 0 && (
          <Text c="gray.7" data-testid="sa-empty">
            {t('serviceAccounts.list.none')}
          </Text>
        )}
        {accounts.data?.map((a) => (
          <AccountCard key={a.id} account={a} />
        ))}
      </Stack>
    </Stack>
  );
}

function CreateAccount() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const agencies = useAgenciesForServiceAccounts();
  const options = (agencies.data?.items ?? []).map((a) => ({ value: a.id, label: a.name }));
  const {
    form,
    mutation: create,
    submit,
    bind,
  } = useApiForm({
    initialValues: { name: '', agencyId: null as string | null, operations: [] as string[], agencyIds: [] as string[] },
    validate: { name: required, agencyId: required, operations: required, agencyIds: required },
    send: (v) => serviceAccountsApi.create(v),
    onSuccess: async () => {
      // The next account is likely for the same agency.
      form.setValues({ name: '', operations: [], agencyIds: [] });
      await queryClient.invalidateQueries({ queryKey: serviceAccountKeys.all });
    },
  });
  return (
    <Card withBorder component="section" aria-labelledby="sa-create-heading">
      <form onSubmit={submit} noValidate data-testid="sa-create">
        <Stack gap="sm">
          <Title order={2} fz="h3" id="sa-create-heading">
            {t('serviceAccounts.create.title')}
          </Title>
          <ProblemAlert error={create.error} fields={['name', 'agencyId', 'operations', 'agencyIds']} />
          {create.isSuccess && (
            <Alert color="green" data-testid="sa-created">
              {t('serviceAccounts.create.done', { name: create.data.name })}
            </Alert>
          )}
          <TextInput
            label={t('serviceAccounts.create.name')}
            description={t('serviceAccounts.create.nameHint')}
            {...form.getInputProps('name')}
            required
            data-testid="sa-name"
          />
          <Select
            label={t('serviceAccounts.create.agency')}
            description={t('serviceAccounts.create.agencyHint')}
            data={options}
            {...bind('agencyId')}
            searchable
            required
            data-testid="sa-agency"
          />
          <Checkbox.Group label={t('serviceAccounts.create.operations')} {...bind('operations')} required>
            <Stack gap={4} mt={4}>
              {operations.map((op) => (
                <Checkbox
                  key={op}
                  value={op}
                  label={t(`serviceAccounts.operations.${op}`)}
                  data-testid={`sa-op-${op}`}
                />
              ))}
            </Stack>
          </Checkbox.Group>
          <MultiSelect
            label={t('serviceAccounts.create.agencies')}
            description={t('serviceAccounts.create.agenciesHint')}
            data={options}
            {...bind('agencyIds')}
            searchable
            required
            data-testid="sa-agencies"
          />
          <SubmitRow
            start
            pending={create.isPending}
            testId="sa-create-submit"
            label={t('serviceAccounts.create.submit')}
          />
        </Stack>
      </form>
    </Card>
  );
}

function AccountCard({ account }: { account: ServiceAccount }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const {
    form,
    mutation: issue,
    submit,
  } = useApiForm({
    initialValues: { label: '', expiresInDays: 90 as number | string },
    validate: { label: required, expiresInDays: required },
    send: (v) => serviceAccountsApi.issueToken(account.id, { label: v.label, expiresInDays: Number(v.expiresInDays) }),
    onSuccess: async () => {
      form.setFieldValue('label', '');
      await queryClient.invalidateQueries({ queryKey: serviceAccountKeys.all });
    },
  });
  const revoke = useMutation({
    mutationFn: (tokenId: string) => serviceAccountsApi.revokeToken(account.id, tokenId),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: serviceAccountKeys.all }),
  });
  const headingId = `sa-${account.id}-heading`;
  return (
    <Card withBorder component="article" aria-labelledby={headingId} data-testid="sa-account">
      <Stack gap="sm">
        <Title order={3} fz="h4" id={headingId}>
          {account.name}
        </Title>
        <Text size="sm">
          {t('serviceAccounts.account.agency')}: {account.agency.name}
        </Text>
        <Text size="sm">
          {t('serviceAccounts.account.operations')}:{' '}
          {account.operations.map((op) => t(`serviceAccounts.operations.${op}`, { defaultValue: op })).join(', ')}
        </Text>
        <Text size="sm">
          {t('serviceAccounts.account.agencies')}: {account.agencies.map((a) => a.name).join(', ')}
        </Text>
        <ProblemAlert error={issue.error ?? revoke.error} fields={['label', 'expiresInDays']} />
        {issue.isSuccess && (
          <Alert color="yellow" title={t('serviceAccounts.token.onceTitle')} data-testid="sa-token-once">
            <Text size="sm">{t('serviceAccounts.token.once')}</Text>
            <Code block c="black" bg="white" style={{ wordBreak: 'break-all' }} data-testid="sa-token-value">
              {issue.data.token}
            </Code>
          </Alert>
        )}
        {account.tokens.length > 0 && (
          <CaptionedTable
            minWidth={640}
            label={t('serviceAccounts.token.tableLabel', { name: account.name })}
            data-testid="sa-tokens"
            columns={[
              t('serviceAccounts.token.label'),
              t('serviceAccounts.token.expiresAt'),
              t('serviceAccounts.token.lastUsedAt'),
              t('serviceAccounts.token.status'),
              t('serviceAccounts.token.actions'),
            ]}
          >
            {account.tokens.map((tk) => (
              <Table.Tr key={tk.id}>
                <Table.Td>{tk.label}</Table.Td>
                <Table.Td>{day(tk.expiresAt, i18n.language)}</Table.Td>
                <Table.Td>{tk.lastUsedAt ? day(tk.lastUsedAt, i18n.language) : '—'}</Table.Td>
                <Table.Td>
                  <Badge color={tk.status === 'active' ? 'blue.9' : 'dark'} data-testid="sa-token-status">
                    {t(`serviceAccounts.token.statuses.${tk.status}`)}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  {tk.status === 'active' && (
                    <Button
                      size="xs"
                      color="red.9"
                      variant="outline"
                      loading={revoke.isPending && revoke.variables === tk.id}
                      onClick={() => revoke.mutate(tk.id)}
                      aria-label={t('serviceAccounts.token.revokeNamed', { label: tk.label })}
                      data-testid="sa-token-revoke"
                    >
                      {t('serviceAccounts.token.revoke')}
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </CaptionedTable>
        )}
        <form onSubmit={submit} noValidate data-testid="sa-token-form">
          <Group align="flex-end" wrap="wrap">
            <TextInput
              label={t('serviceAccounts.token.label')}
              {...form.getInputProps('label')}
              required
              data-testid="sa-token-label"
            />
            <NumberInput
              label={t('serviceAccounts.token.days')}
              {...form.getInputProps('expiresInDays')}
              min={1}
              max={365}
              required
              w={160}
              data-testid="sa-token-days"
            />
            <Button type="submit" loading={issue.isPending} data-testid="sa-token-issue">
              {t('serviceAccounts.token.issue')}
            </Button>
          </Group>
        </form>
      </Stack>
    </Card>
  );
}
