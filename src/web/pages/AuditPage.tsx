import {
  Alert,
  Autocomplete,
  Badge,
  Button,
  Code,
  Group,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useMutation, useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { type AuditFilters, adminKeys, auditApi, useAuditActions, usersApi } from '../api/admin.js';
import { useAuth, useMe } from '../auth.js';
import { AgencyPicker } from '../ui/AgencyPicker.js';
import { dayBoundary, formatDateTime } from '../ui/format.js';
import { LoadMore } from '../ui/LoadMore.js';
import { auditActionLabel } from '../ui/labels.js';
import { ProblemAlert } from '../ui/ProblemAlert.js';
import { CaptionedTable } from '../ui/ScrollTable.js';
import { useKeysetPages, withoutEmpty } from '../ui/useKeysetList.js';
import { usePageTitle } from '../ui/usePageTitle.js';

interface Filters {
  actorId: string | null;
  agencyId: string | null;
  action: string;
  entityType: string;
  entityId: string;
  outcome: string | null;
  from: string;
  to: string;
}

const empty: Filters = {
  actorId: null,
  agencyId: null,
  action: '',
  entityType: '',
  entityId: '',
  outcome: null,
  from: '',
  to: '',
};

/** The audit trail with filters, keyset paging and verification of the hash chain. */
export function AuditPage() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const { can } = useAuth();
  usePageTitle('audit.title');
  // The DPO's home page links here with an action (?action=access.breakGlass).
  const [params] = useSearchParams();
  const initial = { ...empty, action: params.get('action') ?? '' };
  const [draft, setDraft] = useState<Filters>(initial);
  const [applied, setApplied] = useState<Filters>(initial);
  const filters = withoutEmpty({
    actorId: applied.actorId ?? undefined,
    agencyId: applied.agencyId ?? undefined,
    action: applied.action.trim(),
    entityType: applied.entityType.trim(),
    entityId: applied.entityId.trim(),
    outcome: (applied.outcome ?? undefined) as AuditFilters['outcome'],
    from: applied.from ? dayBoundary(applied.from, me.timeZone, false) : undefined,
    to: applied.to ? dayBoundary(applied.to, me.timeZone, true) : undefined,
  });
  const list = useKeysetPages(adminKeys.audit(filters), (page) => auditApi.list(filters, page));
  const verify = useMutation({ mutationFn: auditApi.verify });
  const labelOf = useActionLabels();

  const set = <K extends keyof Filters>(key: K, value: Filters[K]) => setDraft((d) => ({ ...d, [key]: value }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setApplied(draft);
  };

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1}>{t('audit.title')}</Title>
        {can('audit.verify') && (
          <Button onClick={() => verify.mutate()} loading={verify.isPending} data-testid="audit-verify">
            {t('audit.verify')}
          </Button>
        )}
      </Group>
      <ProblemAlert error={verify.error} />
      {verify.data?.ok && (
        <Alert
          color="green"
          variant="light"
          role="status"
          title={t('audit.verifyOk')}
          data-testid="audit-verify-result"
        >
          {t('audit.verifyChecked', { count: verify.data.checked })}
        </Alert>
      )}
      {verify.data && !verify.data.ok && (
        <Alert
          color="red"
          variant="light"
          role="alert"
          title={t('audit.verifyBroken')}
          data-testid="audit-verify-result"
        >
          {t('audit.verifyBrokenAt', {
            seq: verify.data.brokenAt?.seq ?? '?',
            reason: verify.data.brokenAt?.reason ?? '?',
            count: verify.data.checked,
          })}
        </Alert>
      )}
      <form onSubmit={submit} aria-label={t('audit.filters')}>
        <Stack gap="sm">
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }}>
            <ActorPicker value={draft.actorId} onChange={(v) => set('actorId', v)} />
            <AgencyPicker label={t('audit.agency')} value={draft.agencyId} onChange={(v) => set('agencyId', v)} />
            <ActionPicker value={draft.action} onChange={(v) => set('action', v)} />
            <TextInput
              label={t('audit.entityType')}
              value={draft.entityType}
              onChange={(e) => set('entityType', e.currentTarget.value)}
            />
            <TextInput
              label={t('audit.entityId')}
              value={draft.entityId}
              onChange={(e) => set('entityId', e.currentTarget.value)}
            />
            <Select
              label={t('audit.outcome')}
              clearable
              value={draft.outcome}
              onChange={(v) => set('outcome', v)}
              data={['success', 'failure', 'denied'].map((o) => ({ value: o, label: t(`audit.outcomes.${o}`) }))}
            />
            <TextInput
              type="date"
              label={t('audit.from')}
              value={draft.from}
              onChange={(e) => set('from', e.currentTarget.value)}
            />
            <TextInput
              type="date"
              label={t('audit.to')}
              value={draft.to}
              onChange={(e) => set('to', e.currentTarget.value)}
            />
          </SimpleGrid>
          <Group>
            <Button type="submit" data-testid="audit-apply">
              {t('common.apply')}
            </Button>
            <Button
              variant="default"
              onClick={() => {
                setDraft(empty);
                setApplied(empty);
              }}
            >
              {t('common.reset')}
            </Button>
          </Group>
        </Stack>
      </form>
      <ProblemAlert error={list.error} />
      <CaptionedTable
        minWidth={960}
        label={t('audit.title')}
        striped
        verticalSpacing="xs"
        data-testid="audit-table"
        columns={[
          t('audit.time'),
          t('audit.actor'),
          t('audit.action'),
          t('audit.entity'),
          t('audit.outcome'),
          t('audit.ip'),
          t('audit.purpose'),
        ]}
      >
        {list.items.map((event) => (
          <Table.Tr key={event.id} data-testid="audit-row" data-action={event.action}>
            <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(event.at, me.timeZone, i18n.language)}</Table.Td>
            <Table.Td>{event.actorUsername ?? t('audit.system')}</Table.Td>
            <Table.Td>
              <Text size="sm">{labelOf(event.action)}</Text>
              <Code fz="xs">{event.action}</Code>
            </Table.Td>
            <Table.Td>
              {event.entityType ? (
                <Text size="sm">
                  {event.entityType}
                  {event.entityId && (
                    <Text span size="xs" c="gray.7" title={event.entityId}>
                      {' '}
                      {event.entityId.slice(0, 8)}…
                    </Text>
                  )}
                </Text>
              ) : (
                '—'
              )}
            </Table.Td>
            <Table.Td>
              <Badge variant="light" color={event.outcome === 'success' ? 'teal' : 'red'}>
                {t(`audit.outcomes.${event.outcome}`, { defaultValue: event.outcome })}
              </Badge>
            </Table.Td>
            <Table.Td>{event.ip ?? '—'}</Table.Td>
            <Table.Td>{event.purpose ?? '—'}</Table.Td>
          </Table.Tr>
        ))}
      </CaptionedTable>
      <LoadMore list={list} />
    </Stack>
  );
}

/** An event's action as words: the catalogue's label, else (an action no longer declared) a guess from its name. */
function useActionLabels(): (action: string) => string {
  const { t, i18n } = useTranslation();
  const actions = useAuditActions();
  const en = i18n.language.startsWith('en');
  const byAction = new Map((actions.data?.items ?? []).map((a) => [a.action, en ? a.labels.en : a.labels.id]));
  return (action) => byAction.get(action) ?? auditActionLabel(t, action);
}

/**
 * Action filter: pick a declared action by its label or name, or type a name or a prefix ending in a dot
 * ("auth.") as before.
 */
function ActionPicker({ value, onChange }: { value: string; onChange: (v: string) => void }) {
  const { t } = useTranslation();
  const actions = useAuditActions();
  const labelOf = useActionLabels();
  const items = actions.data?.items ?? [];
  return (
    <Autocomplete
      label={t('audit.action')}
      placeholder="users.create"
      description={t('audit.actionHint')}
      value={value}
      onChange={onChange}
      data={items.map((a) => a.action)}
      limit={50}
      filter={({ options, search }) => {
        const q = search.trim().toLowerCase();
        return (options as { value: string }[]).filter(
          (o) => !q || o.value.toLowerCase().includes(q) || labelOf(o.value).toLowerCase().includes(q),
        ) as typeof options;
      }}
      renderOption={({ option }) => (
        <Stack gap={0}>
          <Text size="sm">{labelOf(option.value)}</Text>
          <Code fz="xs">{option.value}</Code>
        </Stack>
      )}
      data-testid="audit-filter-action"
    />
  );
}

/** Actor filter: pick a user by name when the caller may list users, else type the user id. */
function ActorPicker({ value, onChange }: { value: string | null; onChange: (v: string | null) => void }) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search, 250);
  const users = useQuery({
    queryKey: adminKeys.userSearch(debounced),
    queryFn: () => usersApi.search(debounced),
    enabled: can('users.read'),
  });
  if (!can('users.read')) {
    return (
      <TextInput
        label={t('audit.actorId')}
        value={value ?? ''}
        onChange={(e) => onChange(e.currentTarget.value.trim() || null)}
      />
    );
  }
  return (
    <Select
      label={t('audit.actor')}
      placeholder={t('common.searchToPick')}
      searchable
      clearable
      value={value}
      onChange={onChange}
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options }) => options}
      data={(users.data?.items ?? []).map((u) => ({ value: u.id, label: `${u.username} (${u.displayName})` }))}
      nothingFoundMessage={t('common.nothingFound')}
    />
  );
}
