import {
  Badge,
  Button,
  Checkbox,
  Code,
  Group,
  NumberInput,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { privacyApi, privacyKeys } from '../../api/privacy.js';
import { useMe } from '../../auth.js';
import { formatDateTime } from '../../ui/format.js';
import { ProblemAlert } from '../../ui/ProblemAlert.js';
import { ScrollTable } from '../../ui/ScrollTable.js';
import type { Policy } from './model.js';

export function GrantsTab() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const qc = useQueryClient();
  const [status, setStatus] = useState<string | null>('pending');
  const list = useQuery({
    queryKey: privacyKeys.grantReview(status ?? 'pending'),
    queryFn: () => privacyApi.grantsToReview(status ?? 'pending'),
  });
  const act = useMutation({
    // One of the review buttons' calls (mark justified or not, revoke).
    mutationFn: (run: () => Promise<unknown>) => run(),
    onSuccess: () => void qc.invalidateQueries({ queryKey: privacyKeys.grantReviews }),
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
      <ScrollTable minWidth={720} label={t('privacy.tabs.grants')}>
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
                          onClick={() => act.mutate(() => privacyApi.reviewGrant(g.id, { verdict: 'justified' }))}
                        >
                          {t('privacy.grants.markJustified')}
                        </Button>
                        <Button
                          size="xs"
                          color="red"
                          onClick={() => act.mutate(() => privacyApi.reviewGrant(g.id, { verdict: 'unjustified' }))}
                        >
                          {t('privacy.grants.markUnjustified')}
                        </Button>
                      </>
                    )}
                    {g.active && (
                      <Button size="xs" color="red" onClick={() => act.mutate(() => privacyApi.revokeGrant(g.id))}>
                        {t('privacy.grants.revoke')}
                      </Button>
                    )}
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollTable>
    </Stack>
  );
}

export function RetentionTab() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const policies = useQuery({ queryKey: privacyKeys.retention, queryFn: privacyApi.policies });
  const preview = useMutation({ mutationFn: privacyApi.retentionPreview });
  const update = useMutation({
    mutationFn: (p: Policy) => privacyApi.updatePolicy(p.recordType, { keepDays: p.keepDays, enabled: p.enabled }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: privacyKeys.retention }),
  });
  return (
    <Stack>
      <ProblemAlert error={update.error} />
      <ScrollTable minWidth={480} label={t('privacy.tabs.retention')}>
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
      </ScrollTable>
      <Group>
        <Button onClick={() => preview.mutate()} loading={preview.isPending}>
          {t('privacy.retention.preview')}
        </Button>
      </Group>
      <ProblemAlert error={preview.error} />
      {preview.data && (
        <ScrollTable minWidth={480} label={t('privacy.retention.preview')}>
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
        </ScrollTable>
      )}
    </Stack>
  );
}

export function AccessLogTab() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const [personId, setPersonId] = useState('');
  const [asked, setAsked] = useState('');
  const log = useQuery({
    queryKey: privacyKeys.accessLog(asked),
    queryFn: () => privacyApi.accessLog(asked),
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
        <ScrollTable minWidth={720} label={t('privacy.tabs.access')}>
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
        </ScrollTable>
      )}
    </Stack>
  );
}

export function CheckpointsTab() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const list = useQuery({
    queryKey: privacyKeys.checkpoints,
    queryFn: privacyApi.checkpoints,
  });
  return (
    <Stack>
      <Text>
        {list.data?.fileConfigured
          ? t('privacy.checkpoints.file', { minutes: list.data.intervalMinutes })
          : t('privacy.checkpoints.noFile')}
      </Text>
      <ScrollTable minWidth={720} label={t('privacy.tabs.checkpoints')}>
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
      </ScrollTable>
    </Stack>
  );
}

export { privacyPermissions } from './permissions.js';
