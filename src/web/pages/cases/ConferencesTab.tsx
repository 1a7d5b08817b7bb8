import { Badge, Button, Card, Center, Group, Loader, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { casesApi } from '../../api/cases.js';
import type { RowOf } from '../../api/types.js';
import { useAuth, useMe } from '../../auth.js';
import { ConfirmDialog } from '../../ui/dialogs.js';
import { formatDateTime } from '../../ui/format.js';
import { LoadMore } from '../../ui/LoadMore.js';
import { ProblemAlert } from '../../ui/ProblemAlert.js';
import { ScrollTable } from '../../ui/ScrollTable.js';
import { ConferenceForm } from './ConferenceForm.js';
import { formatDate } from './fields.js';
import type { CaseDetail } from './model.js';
import { TabHeading } from './TabHeading.js';
import { useCaseKeyset, useCaseRefresh } from './useCase.js';

/** A case conference and its action items, as the contract names them. */
type Conference = RowOf<'conferences.list'>;
type ActionItem = Conference['actionItems'][number];

/**
 * Case conferences: the agencies that met about the case, what they decided, and the action items each agency
 * took on, with due dates (overdue items alert the agency) and "done" for the case team or the assigned agency.
 */
export function ConferencesTab({ kase }: { kase: CaseDetail }) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const [recording, setRecording] = useState(false);
  const [saved, setSaved] = useState(false);
  const manage = can('cases.update') && kase.stage !== 'closed';
  const list = useCaseKeyset(kase.id, 'conferences', casesApi.conferences, 20);

  return (
    <Stack>
      <TabHeading
        title={t('conferences.title')}
        action={
          manage && !recording
            ? {
                label: t('conferences.new'),
                onClick: () => {
                  setSaved(false);
                  setRecording(true);
                },
                testId: 'conference-new',
              }
            : undefined
        }
      />
      <Text size="sm" c="gray.7">
        {t('conferences.intro')}
      </Text>
      {saved && (
        <Text c="teal.9" role="status" data-testid="conference-saved">
          {t('conferences.saved')}
        </Text>
      )}
      {recording && (
        <ConferenceForm
          kase={kase}
          onCancel={() => setRecording(false)}
          onDone={() => {
            setRecording(false);
            setSaved(true);
          }}
        />
      )}
      <ProblemAlert error={list.error} />
      {list.isPending ? (
        <Center p="lg">
          <Loader aria-label={t('common.loading')} />
        </Center>
      ) : list.isSuccess && list.items.length === 0 ? (
        <Text c="gray.7" data-testid="conferences-empty">
          {t('conferences.none')}
        </Text>
      ) : (
        <>
          <Stack gap="md" component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label={t('conferences.title')}>
            {list.items.map((conference) => (
              <ConferenceCard key={conference.id} kase={kase} conference={conference} />
            ))}
          </Stack>
          <LoadMore list={list} />
        </>
      )}
    </Stack>
  );
}

function ConferenceCard({ kase, conference }: { kase: CaseDetail; conference: Conference }) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const { can } = useAuth();
  const refresh = useCaseRefresh(kase.id);
  const [completing, setCompleting] = useState<ActionItem | null>(null);
  const complete = useMutation({
    mutationFn: (item: ActionItem) => casesApi.completeActionItem(conference.id, item.id),
    onSuccess: async () => {
      setCompleting(null);
      await refresh();
    },
  });
  // The case team may close any item; an assigned agency's staff their own (the server decides in the end).
  const mayComplete = (item: ActionItem) =>
    !item.completedAt && (can('cases.update') || item.agency.id === me.agency.id);
  const headingId = `conference-${conference.id}`;
  const held = formatDate(conference.heldOn, i18n.language);
  const open = conference.actionItems.filter((i) => !i.completedAt).length;

  return (
    <Card withBorder component="li" padding="md" aria-labelledby={headingId} data-testid="conference">
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start">
          <Title order={3} fz="h4" id={headingId}>
            {t('conferences.heldOnTitle', { date: held })}
          </Title>
          <Text size="xs" c="gray.7">
            {t('conferences.recordedAt', { at: formatDateTime(conference.createdAt, me.timeZone, i18n.language) })}
          </Text>
        </Group>
        <div>
          <Text size="sm" fw={600} c="gray.8">
            {t('conferences.agencies')}
          </Text>
          <Group gap={6} mt={4} component="ul" p={0} m={0} style={{ listStyle: 'none' }}>
            {conference.agencies.map((a) => (
              <Badge key={a.id} component="li" variant="light" color="blue" tt="none" data-testid="conference-agency">
                {a.name}
              </Badge>
            ))}
          </Group>
        </div>
        <div>
          <Text size="sm" fw={600} c="gray.8">
            {t('conferences.decisions')}
          </Text>
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} data-testid="conference-decisions">
            {conference.decisions}
          </Text>
        </div>
        <Stack gap={4}>
          <Title order={4} fz="h5">
            {t('conferences.actionItems', { open, count: conference.actionItems.length })}
          </Title>
          {conference.actionItems.length === 0 ? (
            <Text size="sm" c="gray.7">
              {t('conferences.noActionItems')}
            </Text>
          ) : (
            <ScrollTable minWidth={720} label={t('conferences.actionItemsFor', { date: held })}>
              <Table verticalSpacing="xs" data-testid="action-items">
                <Table.Caption>
                  <VisuallyHidden>{t('conferences.actionItemsFor', { date: held })}</VisuallyHidden>
                </Table.Caption>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">{t('conferences.item.agency')}</Table.Th>
                    <Table.Th scope="col">{t('conferences.item.description')}</Table.Th>
                    <Table.Th scope="col" style={{ whiteSpace: 'nowrap' }}>
                      {t('conferences.item.dueOn')}
                    </Table.Th>
                    <Table.Th scope="col">{t('common.status')}</Table.Th>
                    <Table.Th scope="col">
                      <VisuallyHidden>{t('common.actions')}</VisuallyHidden>
                    </Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {conference.actionItems.map((item) => (
                    <Table.Tr
                      key={item.id}
                      data-testid="action-item"
                      data-status={item.completedAt ? 'done' : item.overdue ? 'overdue' : 'open'}
                    >
                      <Table.Td>{item.agency.name}</Table.Td>
                      <Table.Td style={{ whiteSpace: 'pre-wrap' }}>{item.description}</Table.Td>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDate(item.dueOn, i18n.language)}</Table.Td>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>
                        {item.completedAt ? (
                          <Stack gap={0}>
                            <Badge variant="light" color="teal" data-testid="action-item-done" miw="max-content">
                              {t('conferences.item.done')}
                            </Badge>
                            <Text size="xs" c="gray.7">
                              {formatDateTime(item.completedAt, me.timeZone, i18n.language)}
                            </Text>
                          </Stack>
                        ) : item.overdue ? (
                          <Badge variant="filled" color="red.9" data-testid="action-item-overdue" miw="max-content">
                            {t('conferences.item.overdue')}
                          </Badge>
                        ) : (
                          <Badge variant="light" color="blue" miw="max-content">
                            {t('conferences.item.open')}
                          </Badge>
                        )}
                      </Table.Td>
                      <Table.Td>
                        {mayComplete(item) && (
                          <Button
                            size="xs"
                            variant="light"
                            onClick={() => {
                              complete.reset();
                              setCompleting(item);
                            }}
                            aria-label={t('conferences.item.completeFor', {
                              agency: item.agency.name,
                              description: item.description.slice(0, 80),
                            })}
                            data-testid="action-item-complete"
                          >
                            {t('conferences.item.complete')}
                          </Button>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollTable>
          )}
        </Stack>
      </Stack>
      <ConfirmDialog
        opened={completing !== null}
        title={t('conferences.item.completeTitle')}
        message={t('conferences.item.completeConfirm', {
          agency: completing?.agency.name ?? '',
          description: completing?.description ?? '',
        })}
        confirmLabel={t('conferences.item.complete')}
        loading={complete.isPending}
        error={complete.error}
        onConfirm={() => completing && complete.mutate(completing)}
        onClose={() => setCompleting(null)}
      />
    </Card>
  );
}
