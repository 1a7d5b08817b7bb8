import { Alert, Card, Stack, Text, Textarea, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { casesApi } from '../../api/cases.js';
import { ApiError } from '../../api.js';
import { useAuth, useMe } from '../../auth.js';
import { SubmitRow } from '../../ui/FormActions.js';
import { formatDateTime } from '../../ui/format.js';
import { ProblemAlert } from '../../ui/ProblemAlert.js';
import { required, useApiForm } from '../../ui/useApiForm.js';
import { ApproveRejectCard } from './ApproveRejectCard.js';
import { FactList } from './FactList.js';
import { EnumSelect } from './fields.js';
import { type CaseDetail, closureReasons } from './model.js';
import { useCaseRefresh } from './useCase.js';

/** Closure: a request with a reason, a supervisor's approval (four eyes), and reopening with a reason. */
export function ClosureTab({ kase }: { kase: CaseDetail }) {
  const { t } = useTranslation();
  return (
    <Stack>
      <Title order={2} fz="h3">
        {t('cases.closure.title')}
      </Title>
      {kase.stage === 'closed' ? (
        <ClosedCase kase={kase} />
      ) : kase.closureRequested ? (
        <PendingClosure kase={kase} />
      ) : (
        <RequestClosure kase={kase} />
      )}
    </Stack>
  );
}

function ClosureFacts({ kase }: { kase: CaseDetail }) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const c = kase.closure;
  const requester = kase.team.find((m) => m.userId === c?.requestedBy)?.displayName ?? null;
  return (
    <FactList
      facts={[
        {
          label: t('cases.closure.reason'),
          value: c?.reason ? t(`cases.closureReason.${c.reason}`, { defaultValue: c.reason }) : null,
          testId: 'closure-reason',
        },
        {
          label: t('cases.closure.requestedAt'),
          value: c?.requestedAt ? formatDateTime(c.requestedAt, me.timeZone, i18n.language) : null,
        },
        { label: t('cases.closure.requestedBy'), value: requester },
        { label: t('cases.closure.note'), value: c?.note },
        ...(kase.closedAt
          ? [{ label: t('cases.closure.closedAt'), value: formatDateTime(kase.closedAt, me.timeZone, i18n.language) }]
          : []),
      ]}
    />
  );
}

function RequestClosure({ kase }: { kase: CaseDetail }) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const refresh = useCaseRefresh(kase.id);
  const [servicesOpen, setServicesOpen] = useState(false);
  const {
    form,
    mutation: request,
    submit,
    bind,
  } = useApiForm({
    initialValues: { reason: null as string | null, note: '', openServicesReason: '' },
    validate: { reason: required },
    send: (v) =>
      casesApi.close(kase.id, {
        reason: v.reason,
        note: v.note.trim() || undefined,
        openServicesReason: (servicesOpen && v.openServicesReason.trim()) || undefined,
      }),
    onSuccess: refresh,
    onError: (error) => {
      // The server says when service requests are still open; only then is a reason for closing anyway asked.
      if (error instanceof ApiError && error.fieldMessage('openServicesReason')) setServicesOpen(true);
    },
  });
  if (!can('cases.update')) return <Text c="gray.7">{t('cases.closure.open')}</Text>;
  return (
    <Card withBorder padding="md" component="form" noValidate onSubmit={submit} data-testid="closure-form">
      <Stack gap="sm">
        <Text size="sm" c="gray.7">
          {t('cases.closure.intro')}
        </Text>
        <ProblemAlert error={request.error} fields={['reason', 'note', 'openServicesReason']} />
        <EnumSelect
          label={t('cases.closure.reason')}
          values={closureReasons}
          prefix="cases.closureReason"
          required
          {...bind('reason')}
          testId="closure-reason-select"
        />
        <Textarea
          label={t('cases.closure.note')}
          autosize
          minRows={2}
          {...form.getInputProps('note')}
          data-testid="closure-note"
        />
        {servicesOpen && (
          <Textarea
            label={t('cases.closure.openServicesReason')}
            description={t('cases.closure.openServicesHint')}
            required
            autosize
            minRows={2}
            {...form.getInputProps('openServicesReason')}
            data-testid="closure-open-services-reason"
          />
        )}
        <SubmitRow pending={request.isPending} testId="closure-submit" label={t('cases.closure.request')} />
      </Stack>
    </Card>
  );
}

/** Waiting for a supervisor, who approves or rejects the closure (four eyes). */
function PendingClosure({ kase }: { kase: CaseDetail }) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const refresh = useCaseRefresh(kase.id);
  return (
    <Stack>
      <Alert variant="light" color="orange" data-testid="closure-pending">
        {t('cases.closure.pending')}
      </Alert>
      <ClosureFacts kase={kase} />
      {can('cases.approve') && (
        <ApproveRejectCard
          send={(body) => casesApi.approveClosure(kase.id, body)}
          onSuccess={refresh}
          messages="cases.closure"
          order={3}
          padding="md"
          testIds={{
            card: 'closure-approval',
            note: 'closure-approval-note',
            reject: 'closure-reject',
            approve: 'closure-approve',
          }}
        />
      )}
    </Stack>
  );
}

function ClosedCase({ kase }: { kase: CaseDetail }) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const refresh = useCaseRefresh(kase.id);
  const {
    form,
    mutation: reopen,
    submit,
  } = useApiForm({
    initialValues: { reason: '' },
    validate: { reason: required },
    send: (v) => casesApi.reopen(kase.id, { reason: v.reason.trim() }),
    onSuccess: async () => {
      form.reset();
      await refresh();
    },
  });
  return (
    <Stack>
      <Alert variant="light" color="gray" data-testid="case-closed">
        {t('cases.closure.closed')}
      </Alert>
      <ClosureFacts kase={kase} />
      {can('cases.update') && (
        <Card withBorder padding="md" component="form" noValidate onSubmit={submit} data-testid="reopen-form">
          <Stack gap="sm">
            <Title order={3} fz="h4">
              {t('cases.closure.reopenTitle')}
            </Title>
            <ProblemAlert error={reopen.error} fields={['reason']} />
            <Textarea
              label={t('cases.closure.reopenReason')}
              description={t('cases.closure.reopenHint')}
              required
              autosize
              minRows={2}
              {...form.getInputProps('reason')}
              data-testid="reopen-reason"
            />
            <SubmitRow pending={reopen.isPending} testId="reopen-submit" label={t('cases.closure.reopen')} />
          </Stack>
        </Card>
      )}
    </Stack>
  );
}
