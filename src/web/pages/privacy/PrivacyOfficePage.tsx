import {
  Badge,
  Button,
  Checkbox,
  Code,
  Group,
  MultiSelect,
  NumberInput,
  Select,
  Stack,
  Table,
  Tabs,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { api, type Page, request } from '../../api.js';
import { useMe } from '../../auth.js';
import { formatDateTime } from '../../ui/format.js';
import { ProblemAlert } from '../../ui/ProblemAlert.js';
import { usePageTitle } from '../../ui/usePageTitle.js';

/* The data protection officer's office (Law 27/2022): data-subject requests, breaches, break-the-glass
 * review, retention, the read access log and the audit checkpoints, one tab each (?tab=…). */

interface DsrRequest {
  id: string;
  personId: string;
  personPseudonym: string | null;
  kind: string;
  channel: string;
  receivedAt: string;
  dueAt: string;
  overdue: boolean;
  status: 'open' | 'completed' | 'refused';
  outcome: string | null;
}
interface Breach {
  id: string;
  title: string;
  dataCategories: string[];
  affectedCount: number;
  discoveredAt: string;
  deadlineAt: string;
  remainingMs: number | null;
  clock: 'running' | 'low' | 'overdue' | 'done';
  subjectsNotifiedAt: string | null;
  authorityNotifiedAt: string | null;
}
interface Grant {
  id: string;
  userId: string;
  entityType: string;
  entityId: string;
  reason: string;
  grantedAt: string;
  expiresAt: string;
  active: boolean;
  review: { verdict: 'justified' | 'unjustified'; note: string | null } | null;
}
interface Policy {
  recordType: string;
  keepDays: number;
  enabled: boolean;
  enforceable: boolean;
}
interface Preview {
  items: { recordType: string; cutoff: string; due: number; held: number; capped: boolean }[];
}
interface ReadEntry {
  at: string;
  username: string;
  kind: string;
  caseId: string | null;
}
interface Checkpoint {
  seq: number;
  hash: string;
  at: string;
  keyId: string;
}

const tabs = ['requests', 'breaches', 'grants', 'retention', 'access', 'checkpoints'] as const;

export function PrivacyOfficePage() {
  const { t } = useTranslation();
  usePageTitle('privacy.title');
  const [params, setParams] = useSearchParams();
  const tab = (tabs as readonly string[]).includes(params.get('tab') ?? '') ? params.get('tab')! : 'requests';
  return (
    <Stack>
      <Title order={1}>{t('privacy.title')}</Title>
      <Text c="dimmed">{t('privacy.intro')}</Text>
      <Tabs value={tab} onChange={(v) => setParams({ tab: v ?? 'requests' })} keepMounted={false}>
        <Tabs.List>
          {tabs.map((k) => (
            <Tabs.Tab key={k} value={k}>
              {t(`privacy.tabs.${k}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        <Tabs.Panel value="requests" pt="md">
          <RequestsTab />
        </Tabs.Panel>
        <Tabs.Panel value="breaches" pt="md">
          <BreachesTab />
        </Tabs.Panel>
        <Tabs.Panel value="grants" pt="md">
          <GrantsTab />
        </Tabs.Panel>
        <Tabs.Panel value="retention" pt="md">
          <RetentionTab />
        </Tabs.Panel>
        <Tabs.Panel value="access" pt="md">
          <AccessLogTab />
        </Tabs.Panel>
        <Tabs.Panel value="checkpoints" pt="md">
          <CheckpointsTab />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}

const kinds = ['access', 'correction', 'erasure', 'restriction', 'objection', 'withdrawal'];
const channels = ['in_person', 'letter', 'email', 'phone', 'through_case_worker'];

function RequestsTab() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const qc = useQueryClient();
  const [personId, setPersonId] = useState('');
  const [kind, setKind] = useState<string | null>('access');
  const [channel, setChannel] = useState<string | null>('in_person');
  const list = useQuery({ queryKey: ['dsr'], queryFn: () => api.get<Page<DsrRequest>>('/api/dsr/requests') });
  const create = useMutation({
    mutationFn: () => api.post<DsrRequest>('/api/dsr/requests', { personId: personId.trim(), kind, channel }),
    onSuccess: () => {
      setPersonId('');
      void qc.invalidateQueries({ queryKey: ['dsr'] });
    },
  });
  const act = useMutation({
    mutationFn: (a: { path: string; body?: unknown }) => api.post<unknown>(a.path, a.body ?? {}),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['dsr'] }),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  return (
    <Stack>
      <form onSubmit={submit} aria-label={t('privacy.requests.new')}>
        <Group align="end">
          <TextInput
            label={t('privacy.personId')}
            description={t('privacy.personIdHint')}
            value={personId}
            onChange={(e) => setPersonId(e.currentTarget.value)}
            required
            w={340}
          />
          <Select
            label={t('privacy.requests.kind')}
            data-testid="dsr-kind"
            data={kinds.map((k) => ({ value: k, label: t(`privacy.kinds.${k}`) }))}
            value={kind}
            onChange={setKind}
            allowDeselect={false}
          />
          <Select
            label={t('privacy.requests.channel')}
            data={channels.map((c) => ({ value: c, label: t(`privacy.channels.${c}`) }))}
            value={channel}
            onChange={setChannel}
            allowDeselect={false}
          />
          <Button type="submit" loading={create.isPending}>
            {t('privacy.requests.record')}
          </Button>
        </Group>
      </form>
      <ProblemAlert error={create.error} />
      <ProblemAlert error={act.error} testId="request-action-problem" />
      <Table striped data-testid="dsr-requests">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('privacy.requests.person')}</Table.Th>
            <Table.Th>{t('privacy.requests.kind')}</Table.Th>
            <Table.Th>{t('privacy.requests.due')}</Table.Th>
            <Table.Th>{t('privacy.requests.status')}</Table.Th>
            <Table.Th>{t('privacy.actions')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(list.data?.items ?? []).map((r) => (
            <Table.Tr key={r.id}>
              <Table.Td>{r.personPseudonym ?? r.personId}</Table.Td>
              <Table.Td>{t(`privacy.kinds.${r.kind}`)}</Table.Td>
              <Table.Td>
                {formatDateTime(r.dueAt, me.timeZone, i18n.language)}{' '}
                {r.overdue && <Badge color="red.9">{t('privacy.overdue')}</Badge>}
              </Table.Td>
              <Table.Td>{t(`privacy.status.${r.status}`)}</Table.Td>
              <Table.Td>
                <Group gap="xs">
                  <Button
                    size="xs"
                    variant="light"
                    component="a"
                    href={`/api/persons/${r.personId}/export?format=json&requestId=${r.id}`}
                    download
                  >
                    {t('privacy.requests.exportJson')}
                  </Button>
                  <Button
                    size="xs"
                    variant="light"
                    component="a"
                    href={`/api/persons/${r.personId}/export?format=pdf&requestId=${r.id}`}
                    download
                  >
                    {t('privacy.requests.exportPdf')}
                  </Button>
                  {r.status === 'open' && r.kind === 'erasure' && (
                    <Button
                      size="xs"
                      color="red"
                      onClick={() =>
                        act.mutate({ path: `/api/persons/${r.personId}/erase`, body: { requestId: r.id } })
                      }
                    >
                      {t('privacy.requests.erase')}
                    </Button>
                  )}
                  {r.status === 'open' && r.kind === 'restriction' && (
                    <Button
                      size="xs"
                      onClick={() =>
                        act.mutate({
                          path: `/api/persons/${r.personId}/restrict`,
                          body: { restricted: true, requestId: r.id },
                        })
                      }
                    >
                      {t('privacy.requests.restrict')}
                    </Button>
                  )}
                  {r.status === 'open' && (
                    <>
                      <Button
                        size="xs"
                        variant="outline"
                        onClick={() =>
                          act.mutate({ path: `/api/dsr/requests/${r.id}/complete`, body: { outcome: 'fulfilled' } })
                        }
                      >
                        {t('privacy.requests.fulfil')}
                      </Button>
                      <Button
                        size="xs"
                        variant="outline"
                        color="gray"
                        onClick={() =>
                          act.mutate({ path: `/api/dsr/requests/${r.id}/complete`, body: { outcome: 'refused' } })
                        }
                      >
                        {t('privacy.requests.refuse')}
                      </Button>
                    </>
                  )}
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <HoldForm />
    </Stack>
  );
}

function HoldForm() {
  const { t } = useTranslation();
  const [personId, setPersonId] = useState('');
  const [reason, setReason] = useState('');
  const place = useMutation({
    mutationFn: () => api.post<{ id: string }>('/api/privacy/holds', { personId: personId.trim(), reason }),
    onSuccess: () => {
      setPersonId('');
      setReason('');
    },
  });
  return (
    <form
      aria-label={t('privacy.holds.title')}
      onSubmit={(e) => {
        e.preventDefault();
        place.mutate();
      }}
    >
      <Stack gap="xs">
        <Title order={2} size="h4">
          {t('privacy.holds.title')}
        </Title>
        <Group align="end">
          <TextInput
            label={t('privacy.personId')}
            value={personId}
            onChange={(e) => setPersonId(e.currentTarget.value)}
            required
            w={340}
          />
          <TextInput
            label={t('privacy.holds.reason')}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            required
            w={340}
          />
          <Button type="submit" loading={place.isPending}>
            {t('privacy.holds.place')}
          </Button>
        </Group>
        {place.isSuccess && <Text role="status">{t('privacy.holds.placed')}</Text>}
        <ProblemAlert error={place.error} testId="hold-problem" />
      </Stack>
    </form>
  );
}

const categories = [
  'identity',
  'contact',
  'health',
  'criminal',
  'child',
  'financial',
  'location',
  'case_narrative',
  'other',
];

function clockText(t: (k: string, o?: Record<string, unknown>) => string, b: Breach) {
  if (b.remainingMs === null) return t('privacy.breaches.clockDone');
  const hours = Math.floor(Math.abs(b.remainingMs) / 3_600_000);
  const minutes = Math.floor((Math.abs(b.remainingMs) % 3_600_000) / 60_000);
  return b.remainingMs < 0
    ? t('privacy.breaches.clockLate', { hours, minutes })
    : t('privacy.breaches.clockLeft', { hours, minutes });
}

function BreachesTab() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const qc = useQueryClient();
  const [form, setForm] = useState({
    title: '',
    description: '',
    dataCategories: [] as string[],
    affectedCount: 1 as number | string,
    discoveredAt: '',
  });
  const [notice, setNotice] = useState<string | null>(null);
  const list = useQuery({ queryKey: ['breaches'], queryFn: () => api.get<Page<Breach>>('/api/breaches') });
  const create = useMutation({
    mutationFn: () =>
      api.post<Breach>('/api/breaches', {
        ...form,
        affectedCount: Number(form.affectedCount),
        // Left empty: the server records its own now, not this device's clock.
        discoveredAt: form.discoveredAt ? new Date(form.discoveredAt).toISOString() : undefined,
      }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['breaches'] }),
  });
  const notify = useMutation({
    mutationFn: (a: { id: string; audience: string }) =>
      api.post<{ notice: string }>(`/api/breaches/${a.id}/notify`, { audience: a.audience, language: i18n.language }),
    onSuccess: (r) => {
      setNotice(r.notice);
      void qc.invalidateQueries({ queryKey: ['breaches'] });
    },
  });
  return (
    <Stack>
      <form
        aria-label={t('privacy.breaches.new')}
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate();
        }}
      >
        <Stack gap="xs" maw={720}>
          <TextInput
            label={t('privacy.breaches.what')}
            value={form.title}
            onChange={(e) => setForm({ ...form, title: e.currentTarget.value })}
            required
          />
          <Textarea
            label={t('privacy.breaches.description')}
            value={form.description}
            onChange={(e) => setForm({ ...form, description: e.currentTarget.value })}
            required
            autosize
            minRows={2}
          />
          <MultiSelect
            label={t('privacy.breaches.whose')}
            data-testid="breach-categories"
            data={categories.map((c) => ({ value: c, label: t(`privacy.categories.${c}`) }))}
            value={form.dataCategories}
            onChange={(v) => setForm({ ...form, dataCategories: v })}
          />
          <Group>
            <NumberInput
              label={t('privacy.breaches.howMany')}
              min={0}
              value={form.affectedCount}
              onChange={(v) => setForm({ ...form, affectedCount: v })}
            />
            <TextInput
              type="datetime-local"
              label={t('privacy.breaches.discoveredAt')}
              value={form.discoveredAt}
              onChange={(e) => setForm({ ...form, discoveredAt: e.currentTarget.value })}
            />
          </Group>
          <Group>
            <Button type="submit" loading={create.isPending}>
              {t('privacy.breaches.record')}
            </Button>
          </Group>
          <ProblemAlert error={create.error} />
        </Stack>
      </form>
      <ProblemAlert error={notify.error} testId="notify-problem" />
      <Table striped data-testid="breaches">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('privacy.breaches.what')}</Table.Th>
            <Table.Th>{t('privacy.breaches.howMany')}</Table.Th>
            <Table.Th>{t('privacy.breaches.deadline')}</Table.Th>
            <Table.Th>{t('privacy.breaches.clock')}</Table.Th>
            <Table.Th>{t('privacy.actions')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(list.data?.items ?? []).map((b) => (
            <Table.Tr key={b.id}>
              <Table.Td>{b.title}</Table.Td>
              <Table.Td>{b.affectedCount}</Table.Td>
              <Table.Td>{formatDateTime(b.deadlineAt, me.timeZone, i18n.language)}</Table.Td>
              <Table.Td>
                <Badge
                  color={b.clock === 'done' ? 'dark' : b.clock === 'running' ? 'blue.9' : 'red.9'}
                  data-testid="breach-clock"
                >
                  {clockText(t, b)}
                </Badge>
              </Table.Td>
              <Table.Td>
                <Group gap="xs">
                  {!b.subjectsNotifiedAt && (
                    <Button size="xs" onClick={() => notify.mutate({ id: b.id, audience: 'subjects' })}>
                      {t('privacy.breaches.notifySubjects')}
                    </Button>
                  )}
                  {!b.authorityNotifiedAt && (
                    <Button size="xs" onClick={() => notify.mutate({ id: b.id, audience: 'authority' })}>
                      {t('privacy.breaches.notifyAuthority')}
                    </Button>
                  )}
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {notice && (
        <Stack gap="xs">
          <Title order={2} size="h4">
            {t('privacy.breaches.notice')}
          </Title>
          <Code block>{notice}</Code>
        </Stack>
      )}
    </Stack>
  );
}

function GrantsTab() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const qc = useQueryClient();
  const [status, setStatus] = useState<string | null>('pending');
  const list = useQuery({
    queryKey: ['grant-review', status],
    queryFn: () => api.get<Page<Grant>>('/api/access/grants/review', { status: status ?? 'pending' }),
  });
  const act = useMutation({
    mutationFn: (a: { path: string; body?: unknown }) => api.post<Grant>(a.path, a.body),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['grant-review'] }),
  });
  return (
    <Stack>
      <Select
        label={t('privacy.grants.show')}
        data={['pending', 'reviewed', 'all'].map((s) => ({ value: s, label: t(`privacy.grants.status.${s}`) }))}
        value={status}
        onChange={setStatus}
        allowDeselect={false}
        w={240}
      />
      <ProblemAlert error={act.error} />
      <Table striped data-testid="grant-queue">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('privacy.grants.record')}</Table.Th>
            <Table.Th>{t('privacy.grants.reason')}</Table.Th>
            <Table.Th>{t('privacy.grants.granted')}</Table.Th>
            <Table.Th>{t('privacy.grants.verdict')}</Table.Th>
            <Table.Th>{t('privacy.actions')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(list.data?.items ?? []).map((g) => (
            <Table.Tr key={g.id}>
              <Table.Td>
                {g.entityType} {g.entityId.slice(-8)}
              </Table.Td>
              <Table.Td>{g.reason}</Table.Td>
              <Table.Td>
                {formatDateTime(g.grantedAt, me.timeZone, i18n.language)}{' '}
                {g.active && <Badge color="dark">{t('privacy.grants.active')}</Badge>}
              </Table.Td>
              <Table.Td>{g.review ? t(`privacy.grants.${g.review.verdict}`) : '—'}</Table.Td>
              <Table.Td>
                <Group gap="xs">
                  {!g.review && (
                    <>
                      <Button
                        size="xs"
                        onClick={() =>
                          act.mutate({ path: `/api/access/grants/${g.id}/review`, body: { verdict: 'justified' } })
                        }
                      >
                        {t('privacy.grants.markJustified')}
                      </Button>
                      <Button
                        size="xs"
                        color="red"
                        onClick={() =>
                          act.mutate({ path: `/api/access/grants/${g.id}/review`, body: { verdict: 'unjustified' } })
                        }
                      >
                        {t('privacy.grants.markUnjustified')}
                      </Button>
                    </>
                  )}
                  {g.active && (
                    <Button
                      size="xs"
                      color="red"
                      onClick={() => act.mutate({ path: `/api/access/grants/${g.id}/revoke` })}
                    >
                      {t('privacy.grants.revoke')}
                    </Button>
                  )}
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}

function RetentionTab() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const policies = useQuery({ queryKey: ['retention'], queryFn: () => api.get<Policy[]>('/api/retention/policies') });
  const preview = useMutation({ mutationFn: () => api.get<Preview>('/api/retention/preview') });
  const update = useMutation({
    mutationFn: (p: Policy) =>
      request<Policy>('PATCH', `/api/retention/policies/${p.recordType}`, {
        body: { keepDays: p.keepDays, enabled: p.enabled },
      }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['retention'] }),
  });
  return (
    <Stack>
      <ProblemAlert error={update.error} />
      <Table striped data-testid="retention-policies">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('privacy.retention.recordType')}</Table.Th>
            <Table.Th>{t('privacy.retention.keepDays')}</Table.Th>
            <Table.Th>{t('privacy.retention.enabled')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(policies.data ?? []).map((p) => (
            <Table.Tr key={p.recordType}>
              <Table.Td>{t(`privacy.retention.types.${p.recordType}`, { defaultValue: p.recordType })}</Table.Td>
              <Table.Td>
                <NumberInput
                  aria-label={t('privacy.retention.keepDays')}
                  min={30}
                  max={36500}
                  defaultValue={p.keepDays}
                  onBlur={(e) => {
                    const v = Number(e.currentTarget.value);
                    if (v !== p.keepDays) update.mutate({ ...p, keepDays: v });
                  }}
                  w={140}
                />
              </Table.Td>
              <Table.Td>
                <Checkbox
                  aria-label={t('privacy.retention.enabled')}
                  checked={p.enabled}
                  disabled={!p.enforceable}
                  onChange={(e) => update.mutate({ ...p, enabled: e.currentTarget.checked })}
                />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Group>
        <Button onClick={() => preview.mutate()} loading={preview.isPending}>
          {t('privacy.retention.preview')}
        </Button>
      </Group>
      <ProblemAlert error={preview.error} />
      {preview.data && (
        <Table data-testid="retention-preview">
          <Table.Tbody>
            {preview.data.items.map((i) => (
              <Table.Tr key={i.recordType}>
                <Table.Td>{t(`privacy.retention.types.${i.recordType}`, { defaultValue: i.recordType })}</Table.Td>
                <Table.Td>{t('privacy.retention.wouldAnonymise', { count: i.due })}</Table.Td>
                <Table.Td>{t('privacy.retention.held', { count: i.held })}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}

function AccessLogTab() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const [personId, setPersonId] = useState('');
  const [asked, setAsked] = useState('');
  const log = useQuery({
    queryKey: ['access-log', asked],
    queryFn: () => api.get<Page<ReadEntry>>('/api/privacy/access-log', { personId: asked }),
    enabled: asked !== '',
  });
  return (
    <Stack>
      <form
        aria-label={t('privacy.access.search')}
        onSubmit={(e) => {
          e.preventDefault();
          setAsked(personId.trim());
        }}
      >
        <Group align="end">
          <TextInput
            label={t('privacy.personId')}
            value={personId}
            onChange={(e) => setPersonId(e.currentTarget.value)}
            required
            w={340}
          />
          <Button type="submit">{t('privacy.access.search')}</Button>
        </Group>
      </form>
      <ProblemAlert error={log.error} />
      {log.data && (
        <Table striped data-testid="access-log">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('privacy.access.when')}</Table.Th>
              <Table.Th>{t('privacy.access.who')}</Table.Th>
              <Table.Th>{t('privacy.access.what')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {log.data.items.map((r) => (
              <Table.Tr key={`${r.at}-${r.username}-${r.kind}`}>
                <Table.Td>{formatDateTime(r.at, me.timeZone, i18n.language)}</Table.Td>
                <Table.Td>{r.username}</Table.Td>
                <Table.Td>{t(`privacy.access.kinds.${r.kind}`)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}

function CheckpointsTab() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const list = useQuery({
    queryKey: ['checkpoints'],
    queryFn: () =>
      api.get<Page<Checkpoint> & { fileConfigured: boolean; intervalMinutes: number }>('/api/audit/checkpoints'),
  });
  return (
    <Stack>
      <Text>
        {list.data?.fileConfigured
          ? t('privacy.checkpoints.file', { minutes: list.data.intervalMinutes })
          : t('privacy.checkpoints.noFile')}
      </Text>
      <Table striped data-testid="checkpoints">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('privacy.checkpoints.at')}</Table.Th>
            <Table.Th>{t('privacy.checkpoints.seq')}</Table.Th>
            <Table.Th>{t('privacy.checkpoints.hash')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(list.data?.items ?? []).map((c) => (
            <Table.Tr key={c.seq}>
              <Table.Td>{formatDateTime(c.at, me.timeZone, i18n.language)}</Table.Td>
              <Table.Td>{c.seq}</Table.Td>
              <Table.Td>
                <Code>{c.hash.slice(0, 16)}…</Code>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}

export { privacyPermissions } from './permissions.js';
