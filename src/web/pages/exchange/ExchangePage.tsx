import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Center,
  Code,
  CopyButton,
  FileInput,
  Group,
  Loader,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  exchangeApi,
  exchangeKeys,
  type IncomingPackage,
  type TrustedSigner,
  useIncomingPackages,
  usePublishedKeys,
} from '../../api/exchange.js';
import { useAuth, useMe } from '../../auth.js';
import { SubmitRow } from '../../ui/FormActions.js';
import { formatDateTime } from '../../ui/format.js';
import { text } from '../../ui/formBody.js';
import { ProblemAlert } from '../../ui/ProblemAlert.js';
import { SavedNotice } from '../../ui/SavedNotice.js';
import { CaptionedTable } from '../../ui/ScrollTable.js';
import { required, useApiForm } from '../../ui/useApiForm.js';
import { usePageTitle } from '../../ui/usePageTitle.js';

/** Who may see the page at all: recipients and senders of referrals, and administrators of trust. */
export { exchangePermissions } from './permissions.js';

/**
 * Referral packages between Pulih instances: import a signed package from a trusted partner, see the ones
 * received, share this instance's public key, and (administrators) trust a partner's key.
 */
export function ExchangePage() {
  const { t } = useTranslation();
  const { can } = useAuth();
  usePageTitle('exchange.title');
  const referrals = can('referrals.receive') || can('referrals.manage');
  return (
    <Stack>
      <Title order={1}>{t('exchange.title')}</Title>
      <Text c="gray.7">{t('exchange.intro')}</Text>
      {referrals && <ImportSection />}
      {referrals && <IncomingSection />}
      <KeySection />
      {can('agencies.manage') && <TrustSection />}
    </Stack>
  );
}

/** A local problem (the file is not JSON), shown like a server one. */
class FileProblem extends Error {}

function ImportSection() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [imported, setImported] = useState<IncomingPackage | null>(null);
  const importPackage = useMutation({
    mutationFn: async (chosen: File) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(await chosen.text());
      } catch {
        throw new FileProblem(t('exchange.import.notJson'));
      }
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
        throw new FileProblem(t('exchange.import.notJson'));
      }
      return exchangeApi.importPackage(parsed as Record<string, unknown>);
    },
    onSuccess: async (pkg) => {
      setImported(pkg);
      setFile(null);
      await queryClient.invalidateQueries({ queryKey: exchangeKeys.incoming });
      await queryClient.invalidateQueries({ queryKey: ['alerts'] });
    },
  });
  const error = importPackage.error;

  return (
    <Card
      withBorder
      padding="md"
      component="form"
      noValidate
      aria-labelledby="exchange-import-heading"
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        setImported(null);
        if (file) importPackage.mutate(file);
      }}
      data-testid="exchange-import"
    >
      <Stack>
        <Title order={2} fz="h3" id="exchange-import-heading">
          {t('exchange.import.title')}
        </Title>
        <Text size="sm" c="gray.7">
          {t('exchange.import.intro')}
        </Text>
        {imported && (
          <SavedNotice onClose={() => setImported(null)} testId="exchange-imported">
            {t('exchange.import.done', { from: imported.from })}
          </SavedNotice>
        )}
        {error instanceof FileProblem ? (
          <Alert
            color="red"
            variant="light"
            role="alert"
            title={t('exchange.import.notJsonTitle')}
            data-testid="exchange-import-problem"
          >
            {error.message}
          </Alert>
        ) : (
          <ProblemAlert error={error} fields={[]} testId="exchange-import-problem" />
        )}
        <Group align="flex-end">
          <FileInput
            label={t('exchange.import.file')}
            description={t('exchange.import.fileHint')}
            placeholder={t('exchange.import.choose')}
            accept=".json,application/json"
            clearable
            clearButtonProps={{ 'aria-label': t('exchange.import.clear') }}
            value={file}
            onChange={(next) => {
              setFile(next);
              setImported(null);
              importPackage.reset();
            }}
            style={{ flex: 1, minWidth: 240 }}
            data-testid="exchange-import-file"
          />
          <Button type="submit" disabled={!file} loading={importPackage.isPending} data-testid="exchange-import-submit">
            {t('exchange.import.submit')}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

const urgencyColour: Record<string, string> = { urgent: 'red.9', normal: 'gray' };
const statusColour: Record<string, string> = { received: 'blue', accepted: 'teal', declined: 'gray' };

function IncomingSection() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const [open, setOpen] = useState<string | null>(null);
  const incoming = useIncomingPackages();
  const items = incoming.data ?? [];
  const service = (s: string) => t(`cases.services.types.${s}`, { defaultValue: s });

  return (
    <Stack gap="xs" component="section" aria-labelledby="exchange-incoming-heading">
      <Title order={2} fz="h3" id="exchange-incoming-heading">
        {t('exchange.incoming.title')}
      </Title>
      <ProblemAlert error={incoming.error} />
      {incoming.isPending ? (
        <Center p="lg">
          <Loader aria-label={t('common.loading')} />
        </Center>
      ) : incoming.isSuccess && items.length === 0 ? (
        <Text c="gray.7" data-testid="exchange-incoming-empty">
          {t('exchange.incoming.none')}
        </Text>
      ) : (
        <CaptionedTable
          minWidth={900}
          label={t('exchange.incoming.title')}
          verticalSpacing="sm"
          data-testid="exchange-incoming"
          columns={[
            t('exchange.incoming.receivedAt'),
            t('exchange.incoming.from'),
            t('exchange.incoming.urgency'),
            t('exchange.incoming.reason'),
            t('exchange.incoming.services'),
            t('common.status'),
            <Table.Th scope="col" key="actions">
              <VisuallyHidden>{t('common.actions')}</VisuallyHidden>
            </Table.Th>,
          ]}
        >
          {items.map((pkg) => (
            <Fragment key={pkg.id}>
              <Table.Tr data-testid="exchange-package" data-urgency={pkg.urgency}>
                <Table.Td>{formatDateTime(pkg.receivedAt, me.timeZone, i18n.language)}</Table.Td>
                <Table.Td>
                  <Text size="sm" fw={500}>
                    {pkg.from}
                  </Text>
                  <Text size="xs" c="gray.7">
                    {t('exchange.incoming.signedBy', { signer: pkg.signer || '—' })}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Badge
                    variant={pkg.urgency === 'urgent' ? 'filled' : 'light'}
                    color={urgencyColour[pkg.urgency] ?? 'gray'}
                  >
                    {t(`exchange.urgency.${pkg.urgency}`, { defaultValue: pkg.urgency })}
                  </Badge>
                </Table.Td>
                <Table.Td>{t(`exchange.reasons.${pkg.reason}`, { defaultValue: pkg.reason })}</Table.Td>
                <Table.Td>{pkg.services.map(service).join(', ') || '—'}</Table.Td>
                <Table.Td>
                  <Badge variant="light" color={statusColour[pkg.status] ?? 'gray'}>
                    {t(`exchange.status.${pkg.status}`, { defaultValue: pkg.status })}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  <Button
                    size="xs"
                    variant="subtle"
                    aria-expanded={open === pkg.id}
                    aria-controls={`exchange-package-${pkg.id}`}
                    aria-label={t(open === pkg.id ? 'exchange.incoming.hideFrom' : 'exchange.incoming.showFrom', {
                      from: pkg.from,
                    })}
                    onClick={() => setOpen(open === pkg.id ? null : pkg.id)}
                    data-testid="exchange-package-toggle"
                  >
                    {t(open === pkg.id ? 'exchange.incoming.hide' : 'exchange.incoming.show')}
                  </Button>
                </Table.Td>
              </Table.Tr>
              {open === pkg.id && (
                <Table.Tr id={`exchange-package-${pkg.id}`}>
                  <Table.Td colSpan={7}>
                    <PackageFields pkg={pkg} />
                  </Table.Td>
                </Table.Tr>
              )}
            </Fragment>
          ))}
        </CaptionedTable>
      )}
    </Stack>
  );
}

/** The consented fields a package carried, under their HTCDS (or Pulih extension) names. */
function PackageFields({ pkg }: { pkg: IncomingPackage }) {
  const { t } = useTranslation();
  const groups = [
    ['person', pkg.person],
    ['victim', pkg.victim],
    ['extensions', pkg.extensions],
  ] as const;
  const value = (field: string, v: unknown): string => {
    if (Array.isArray(v)) return v.map((x) => value(field, x)).join(', ');
    if (v === null || v === undefined) return '—';
    if (typeof v === 'object') return JSON.stringify(v);
    const text = String(v);
    return t(`htcds.${field}.${text}`, { defaultValue: text });
  };
  const any = groups.some(([, fields]) => Object.keys(fields).length > 0);
  if (!any) return <Text size="sm">{t('exchange.incoming.noFields')}</Text>;
  return (
    <SimpleGrid cols={{ base: 1, sm: 3 }}>
      {groups.map(([name, fields]) =>
        Object.keys(fields).length === 0 ? null : (
          <div key={name}>
            <Text size="sm" fw={600}>
              {t(`exchange.incoming.group.${name}`)}
            </Text>
            <dl style={{ margin: 0 }}>
              {Object.entries(fields).map(([field, v]) => (
                <div key={field}>
                  <Text component="dt" size="xs" c="gray.7">
                    {t(`exchange.fields.${field}`, { defaultValue: field })}
                  </Text>
                  <Text component="dd" size="sm" m={0} mb={4}>
                    {value(field, v)}
                  </Text>
                </div>
              ))}
            </dl>
          </div>
        ),
      )}
    </SimpleGrid>
  );
}

function KeySection() {
  const { t } = useTranslation();
  const keys = usePublishedKeys();
  return (
    <Card withBorder padding="md" component="section" aria-labelledby="exchange-key-heading" data-testid="exchange-key">
      <Stack gap="sm">
        <Title order={2} fz="h3" id="exchange-key-heading">
          {t('exchange.key.title')}
        </Title>
        <Text size="sm" c="gray.7">
          {t('exchange.key.intro')}
        </Text>
        <ProblemAlert error={keys.error} />
        {keys.isPending && (
          <Center p="md">
            <Loader aria-label={t('common.loading')} />
          </Center>
        )}
        {keys.data && (
          <>
            <Text size="sm">
              {t('exchange.key.instance')} <Code data-testid="exchange-instance">{keys.data.instance}</Code>
              {' · '}
              <Anchor href="/.well-known/pulih/keys" target="_blank" rel="noopener" size="sm">
                {t('exchange.key.url')}
              </Anchor>
            </Text>
            {keys.data.keys.map((key) => (
              <Stack key={key.keyId} gap={4}>
                <Text size="sm">
                  {t('exchange.key.keyId')} <Code data-testid="exchange-key-id">{key.keyId}</Code> · {key.algorithm}
                </Text>
                <Group gap="sm" align="flex-start" wrap="nowrap">
                  <Code
                    block
                    style={{ wordBreak: 'break-all', whiteSpace: 'pre-wrap', flex: 1 }}
                    aria-label={t('exchange.key.publicKey')}
                    data-testid="exchange-public-key"
                  >
                    {key.publicKey}
                  </Code>
                  <CopyButton value={key.publicKey}>
                    {({ copied, copy }) => (
                      <Button
                        variant={copied ? 'filled' : 'light'}
                        color={copied ? 'teal' : 'blue'}
                        onClick={copy}
                        aria-label={copied ? t('common.copied') : t('exchange.key.copy')}
                        data-testid="exchange-key-copy"
                      >
                        {copied ? t('common.copied') : t('common.copy')}
                      </Button>
                    )}
                  </CopyButton>
                </Group>
              </Stack>
            ))}
          </>
        )}
      </Stack>
    </Card>
  );
}

function TrustSection() {
  const { t } = useTranslation();
  const [trusted, setTrusted] = useState<TrustedSigner | null>(null);
  const {
    form,
    mutation: trust,
    submit,
  } = useApiForm({
    initialValues: { publicKey: '', instanceName: '', baseUrl: '' },
    validate: { publicKey: required, instanceName: required },
    send: (v) =>
      exchangeApi.trust({
        // A key pasted from an e-mail or a PDF may be wrapped over lines.
        publicKey: v.publicKey.replace(/\s+/g, ''),
        instanceName: v.instanceName.trim(),
        baseUrl: text(v.baseUrl),
      }),
    onSuccess: (signer) => {
      setTrusted(signer);
      form.reset();
    },
  });
  return (
    <Card
      withBorder
      padding="md"
      component="form"
      noValidate
      aria-labelledby="exchange-trust-heading"
      onSubmit={(e: FormEvent<HTMLFormElement>) => {
        setTrusted(null);
        submit(e);
      }}
      data-testid="exchange-trust"
    >
      <Stack>
        <Title order={2} fz="h3" id="exchange-trust-heading">
          {t('exchange.trust.title')}
        </Title>
        <Text size="sm" c="gray.7">
          {t('exchange.trust.intro')}
        </Text>
        {trusted && (
          <SavedNotice onClose={() => setTrusted(null)} testId="exchange-trusted">
            {t('exchange.trust.done', { name: trusted.instanceName, keyId: trusted.keyId })}
          </SavedNotice>
        )}
        <ProblemAlert error={trust.error} fields={['publicKey', 'instanceName', 'baseUrl']} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label={t('exchange.trust.instanceName')}
            description={t('exchange.trust.instanceNameHint')}
            required
            maxLength={200}
            {...form.getInputProps('instanceName')}
            data-testid="exchange-trust-name"
          />
          <TextInput
            type="url"
            label={t('exchange.trust.baseUrl')}
            description={t('exchange.trust.baseUrlHint')}
            placeholder="https://pulih.example.go.id"
            {...form.getInputProps('baseUrl')}
            data-testid="exchange-trust-url"
          />
        </SimpleGrid>
        <Textarea
          label={t('exchange.trust.publicKey')}
          description={t('exchange.trust.publicKeyHint')}
          required
          autosize
          minRows={2}
          spellCheck={false}
          {...form.getInputProps('publicKey')}
          styles={{ input: { fontFamily: 'monospace' } }}
          data-testid="exchange-trust-key"
        />
        <SubmitRow pending={trust.isPending} testId="exchange-trust-submit" label={t('exchange.trust.submit')} />
      </Stack>
    </Card>
  );
}
