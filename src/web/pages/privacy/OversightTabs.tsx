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
import { CaptionedTable, ScrollTable } from '../../ui/ScrollTable.js';
import { required, useApiForm } from '../../ui/useApiForm.js';
import type { Grant, Policy } from './model.js';

export function GrantsTab() {
  const { t } = useTranslation();
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
      <CaptionedTable
        minWidth={720}
        label={t('privacy.tabs.grants')}
        striped
        data-testid="grant-queue"
        columns={[
          t('privacy.grants.record'),
          t('privacy.grants.reason'),
          t('privacy.grants.granted'),
          t('privacy.grants.verdict'),
          t('privacy.actions'),
        ]}
      >
        {(list.data?.items ?? []).map((g) => (
          <GrantRow key={g.id} grant={g} act={act.mutate} />
        ))}
      </CaptionedTable>
    </Stack>
  );
}

/** One break-glass grant in the review queue, with the verdict and revoke buttons it still has. */
function GrantRow({ grant: g, act }: { grant: Grant; act: (run: () => Promise<unknown>) => void }) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  return (
    <Table.Tr>
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
              <Button size="xs" onClick={() => act(() => privacyApi.reviewGrant(g.id, { verdict: 'justified' }))}>
                {t('privacy.grants.markJustified')}
              </Button>
              <Button
                size="xs"
                color="red"
                onClick={() => act(() => privacyApi.reviewGrant(g.id, { verdict: 'unjustified' }))}
              >
                {t('privacy.grants.markUnjustified')}
              </Button>
            </>
          )}
          {g.active && (
            <Button size="xs" color="red" onClick={() => act(() => privacyApi.revokeGrant(g.id))}>
              {t('privacy.grants.revoke')}
            </Button>
          )}
        </Group>
      </Table.Td>
    </Table.Tr>
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
      <CaptionedTable
        minWidth={480}
        label={t('privacy.tabs.retention')}
        striped
        data-testid="retention-policies"
        columns={[t('privacy.retention.recordType'), t('privacy.retention.keepDays'), t('privacy.retention.enabled')]}
      >
        {(policies.data ?? []).map((p) => (
          <PolicyRow key={p.recordType} policy={p} update={update.mutate} />
        ))}
      </CaptionedTable>
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

/** One record type's retention: days kept (saved when the field is left) and whether the job enforces it. */
function PolicyRow({ policy: p, update }: { policy: Policy; update: (p: Policy) => void }) {
  const { t } = useTranslation();
  return (
    <Table.Tr>
      <Table.Td>{t(`privacy.retention.types.${p.recordType}`, { defaultValue: p.recordType })}</Table.Td>
      <Table.Td>
        <NumberInput
          aria-label={t('privacy.retention.keepDays')}
          min={30}
          max={36500}
          defaultValue={p.keepDays}
          onBlur={(e) => {
            const v = Number(e.currentTarget.value);
            if (v !== p.keepDays) update({ ...p, keepDays: v });
          }}
          w={140}
        />
      </Table.Td>
      <Table.Td>
        <Checkbox
          aria-label={t('privacy.retention.enabled')}
          checked={p.enabled}
          disabled={!p.enforceable}
          onChange={(e) => update({ ...p, enabled: e.currentTarget.checked })}
        />
      </Table.Td>
    </Table.Tr>
  );
}

/** Who read a person's file: the officer asks for one person's access log. */
export function AccessLogTab() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const {
    form,
    mutation: log,
    submit,
  } = useApiForm({
    initialValues: { personId: '' },
    validate: { personId: required },
    send: (v) => privacyApi.accessLog(v.personId.trim()),
    fieldOf: { 'query.personId': 'personId' },
  });
  return (
    <Stack>
      <form aria-label={t('privacy.access.search')} onSubmit={submit} noValidate>
        <Group align="end">
          <TextInput
            label={t('privacy.personId')}
            {...form.getInputProps('personId')}
            required
            w={340}
            data-testid="access-log-person"
          />
          <Button type="submit" loading={log.isPending} data-testid="access-log-search">
            {t('privacy.access.search')}
          </Button>
        </Group>
      </form>
      <ProblemAlert error={log.error} fields={['query.personId']} />
      {log.data && (
        <CaptionedTable
          minWidth={720}
          label={t('privacy.tabs.access')}
          striped
          data-testid="access-log"
          columns={[t('privacy.access.when'), t('privacy.access.who'), t('privacy.access.what')]}
        >
          {log.data.items.map((r) => (
            <Table.Tr key={`${r.at}-${r.username}-${r.kind}`}>
              <Table.Td>{formatDateTime(r.at, me.timeZone, i18n.language)}</Table.Td>
              <Table.Td>{r.username}</Table.Td>
              <Table.Td>{t(`privacy.access.kinds.${r.kind}`)}</Table.Td>
            </Table.Tr>
          ))}
        </CaptionedTable>
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
      <CaptionedTable
        minWidth={720}
        label={t('privacy.tabs.checkpoints')}
        striped
        data-testid="checkpoints"
        columns={[t('privacy.checkpoints.at'), t('privacy.checkpoints.seq'), t('privacy.checkpoints.hash')]}
      >
        {(list.data?.items ?? []).map((c) => (
          <Table.Tr key={c.seq}>
            <Table.Td>{formatDateTime(c.at, me.timeZone, i18n.language)}</Table.Td>
            <Table.Td>{c.seq}</Table.Td>
            <Table.Td>
              <Code>{c.hash.slice(0, 16)}…</Code>
            </Table.Td>
          </Table.Tr>
        ))}
      </CaptionedTable>
    </Stack>
  );
}

export { privacyPermissions } from './permissions.js';
