import { Button, Card, Group, Modal, Stack, Text, Textarea, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { casesApi } from '../../api/cases.js';
import { useAuth, useMe } from '../../auth.js';
import { FormActions } from '../../ui/FormActions.js';
import { formatDateTime } from '../../ui/format.js';
import { ProblemAlert } from '../../ui/ProblemAlert.js';
import { useApiForm } from '../../ui/useApiForm.js';
import { EventsCard, FactsCard } from './CaseEventsCard.js';
import { FactList } from './FactList.js';
import { useHtcdsLabel } from './fields.js';
import type { CaseDetail, CaseStage } from './model.js';
import { PersonCard } from './PersonCard.js';
import { TeamCard } from './TeamCard.js';
import { useCaseRefresh } from './useCase.js';

/** Overview: stage and its next steps, status, person (identity masked), facts, profile, events, team. */
export function OverviewTab({ kase }: { kase: CaseDetail }) {
  return (
    <Stack>
      <StageCard kase={kase} />
      <PersonCard kase={kase} />
      <FactsCard kase={kase} />
      <EventsCard kase={kase} />
      <TeamCard kase={kase} />
    </Stack>
  );
}

function StageCard({ kase }: { kase: CaseDetail }) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const { can } = useAuth();
  const htcdsLabel = useHtcdsLabel();
  const refresh = useCaseRefresh(kase.id);
  // `to`: the stage chosen by its button; the dialog is open while one is chosen.
  const {
    form,
    mutation: move,
    submit,
  } = useApiForm({
    initialValues: { to: null as CaseStage | null, reason: '' },
    send: (v) => casesApi.transition(kase.id, { to: v.to, reason: v.reason.trim() || undefined }),
    onSuccess: async () => {
      form.reset();
      await refresh();
    },
  });
  const target = form.getValues().to;
  const choose = (to: CaseStage | null) => form.setFieldValue('to', to);
  const mayMove = can('cases.update') && kase.stage !== 'closed';
  return (
    <Card withBorder padding="md" component="section" aria-labelledby="stage-heading">
      <Stack gap="sm">
        <Title order={2} fz="h4" id="stage-heading">
          {t('cases.overview.stageTitle')}
        </Title>
        <FactList
          facts={[
            { label: t('cases.stageLabel'), value: t(`cases.stage.${kase.stage}`), testId: 'overview-stage' },
            {
              label: t('cases.traffickingStatus'),
              value: htcdsLabel('vic_TraffickingStatus', kase.traffickingStatus),
              testId: 'overview-status',
            },
            {
              label: t('cases.overview.decidedByOrg'),
              value: htcdsLabel('vic_TraffickingStatusDecisionMakingOrg', kase.statusDecidedByOrg),
            },
            {
              label: t('cases.overview.decidedAt'),
              value: kase.statusDecidedAt ? formatDateTime(kase.statusDecidedAt, me.timeZone, i18n.language) : null,
            },
            {
              label: t('cases.overview.identifiedAt'),
              value: kase.identifiedAt ? formatDateTime(kase.identifiedAt, me.timeZone, i18n.language) : null,
            },
            {
              label: t('cases.child'),
              value: kase.isChild
                ? kase.childBasis
                  ? `${t('common.yes')} — ${t(`cases.childBasis.${kase.childBasis}`)}`
                  : t('common.yes')
                : t('common.no'),
              testId: 'overview-child',
            },
          ]}
        />
        {mayMove && kase.allowedTransitions.length > 0 && (
          <Stack gap={4}>
            <Text size="sm" fw={500}>
              {t('cases.overview.nextSteps')}
            </Text>
            <Group gap="xs">
              {kase.allowedTransitions.map((to) => (
                <Button
                  key={to}
                  variant="light"
                  size="sm"
                  onClick={() => {
                    move.reset();
                    choose(to);
                  }}
                  data-testid={`transition-${to}`}
                >
                  {t('cases.overview.moveTo', { stage: t(`cases.stage.${to}`) })}
                </Button>
              ))}
            </Group>
          </Stack>
        )}
        {kase.closureRequested && kase.stage !== 'closed' && (
          <Text size="sm" c="gray.7">
            {t('cases.overview.closurePending')}
          </Text>
        )}
      </Stack>
      <Modal
        opened={target !== null}
        onClose={() => choose(null)}
        title={target ? t('cases.overview.moveTo', { stage: t(`cases.stage.${target}`) }) : ''}
        closeButtonProps={{ 'aria-label': t('common.close') }}
        centered
      >
        <form onSubmit={submit} noValidate>
          <Stack>
            <ProblemAlert error={move.error} fields={['reason']} />
            <Textarea
              label={t('cases.overview.moveReason')}
              autosize
              minRows={2}
              {...form.getInputProps('reason')}
              data-testid="transition-reason"
            />
            <FormActions
              onCancel={() => choose(null)}
              pending={move.isPending}
              submitLabel={t('cases.overview.confirmMove')}
              testId="transition-confirm"
            />
          </Stack>
        </form>
      </Modal>
    </Card>
  );
}
