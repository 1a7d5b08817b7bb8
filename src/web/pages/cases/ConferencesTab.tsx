import {
  ActionIcon,
  Badge,
  Button,
  Card,
  Center,
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
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { casesApi } from '../../api/cases.js';
import { useAuth, useMe } from '../../auth.js';
import { AgencyMultiPicker } from '../../ui/AgencyMultiPicker.js';
import { AgencyPicker } from '../../ui/AgencyPicker.js';
import { ConfirmDialog } from '../../ui/dialogs.js';
import { formatDateTime } from '../../ui/format.js';
import { LoadMore } from '../../ui/LoadMore.js';
import { fieldError, ProblemAlert } from '../../ui/ProblemAlert.js';
import { ScrollTable } from '../../ui/ScrollTable.js';
import { formatDate } from './fields.js';
import type { CaseDetail } from './model.js';
import { TabHeading } from './TabHeading.js';
import { useCaseKeyset, useCaseRefresh } from './useCase.js';

/** Shapes of the conferences API (src/modules/conferences/conferences.schema.ts). */
export interface ActionItem {
  id: string;
  conferenceId: string;
  caseId: string;
  agency: { id: string; name: string };
  description: string;
  dueOn: string;
  dueAt: string;
  overdue: boolean;
  completedAt: string | null;
  completedBy: string | null;
  overdueAlertedAt: string | null;
  createdAt: string;
}

export interface Conference {
  id: string;
  caseId: string;
  heldOn: string;
  agencies: { id: string; name: string }[];
  decisions: string;
  actionItems: ActionItem[];
  createdBy: string;
  createdAt: string;
}

/** Today's calendar date (yyyy-mm-dd) in the user's zone. */
function todayIn(timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(),
  );
}

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

interface ItemDraft {
  key: number;
  agencyId: string | null;
  description: string;
  dueOn: string;
}

let nextItemKey = 1;
const newItem = (): ItemDraft => ({ key: nextItemKey++, agencyId: null, description: '', dueOn: '' });

function ConferenceForm({ kase, onCancel, onDone }: { kase: CaseDetail; onCancel: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const me = useMe();
  const refresh = useCaseRefresh(kase.id);
  const today = todayIn(me.timeZone);
  const [heldOn, setHeldOn] = useState(today);
  const [agencyIds, setAgencyIds] = useState<string[]>([...new Set([kase.leadAgency.id, me.agency.id])]);
  const [decisions, setDecisions] = useState('');
  const [items, setItems] = useState<ItemDraft[]>([]);
  const create = useMutation({
    mutationFn: () =>
      casesApi.createConference(kase.id, {
        // Empty values are left out so the server answers "required" at the field.
        ...(heldOn ? { heldOn } : {}),
        agencyIds,
        ...(decisions.trim() ? { decisions: decisions.trim() } : {}),
        actionItems: items.map((i) => ({
          ...(i.agencyId ? { agencyId: i.agencyId } : {}),
          ...(i.description.trim() ? { description: i.description.trim() } : {}),
          ...(i.dueOn ? { dueOn: i.dueOn } : {}),
        })),
      }),
    onSuccess: async () => {
      onDone();
      await refresh();
    },
  });
  const error = create.error;
  const update = (key: number, patch: Partial<ItemDraft>) =>
    setItems((all) => all.map((i) => (i.key === key ? { ...i, ...patch } : i)));

  return (
    <Card
      withBorder
      padding="md"
      component="form"
      noValidate
      aria-labelledby="conference-form-heading"
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        create.mutate();
      }}
      data-testid="conference-form"
    >
      <Stack>
        <Title order={3} fz="h4" id="conference-form-heading">
          {t('conferences.new')}
        </Title>
        <ProblemAlert
          error={error}
          fields={[
            'heldOn',
            'agencyIds',
            'decisions',
            ...items.flatMap((_, i) => ['agencyId', 'description', 'dueOn'].map((f) => `actionItems.${i}.${f}`)),
          ]}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            type="date"
            label={t('conferences.heldOn')}
            required
            max={today}
            value={heldOn}
            onChange={(e) => setHeldOn(e.currentTarget.value)}
            error={fieldError(error, 'heldOn')}
            data-testid="conference-held-on"
          />
          <AgencyMultiPicker
            label={t('conferences.agencies')}
            description={t('conferences.agenciesHint')}
            required
            value={agencyIds}
            onChange={setAgencyIds}
            names={{ [kase.leadAgency.id]: kase.leadAgency.name, [me.agency.id]: me.agency.name }}
            error={
              // An empty choice is refused as "too few"; say plainly that someone must have taken part.
              agencyIds.length === 0 && fieldError(error, 'agencyIds')
                ? t('conferences.agenciesRequired')
                : fieldError(error, 'agencyIds')
            }
            testId="conference-agencies"
          />
        </SimpleGrid>
        <Textarea
          label={t('conferences.decisions')}
          required
          autosize
          minRows={3}
          maxLength={10_000}
          value={decisions}
          onChange={(e) => setDecisions(e.currentTarget.value)}
          error={fieldError(error, 'decisions')}
          data-testid="conference-decisions-input"
        />
        <Stack gap="xs" component="fieldset" style={{ border: 0, padding: 0, margin: 0 }}>
          <Text component="legend" fw={600} size="sm">
            {t('conferences.actionItemsLegend')}
          </Text>
          {items.length === 0 && (
            <Text size="sm" c="gray.7">
              {t('conferences.noActionItemsYet')}
            </Text>
          )}
          {items.map((item, index) => (
            <Card key={item.key} withBorder padding="sm" data-testid="conference-item">
              <Stack gap="xs">
                <Group justify="space-between">
                  <Text fw={600} size="sm" id={`conference-item-${item.key}`}>
                    {t('conferences.item.number', { number: index + 1 })}
                  </Text>
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    onClick={() => setItems((all) => all.filter((i) => i.key !== item.key))}
                    aria-label={t('conferences.item.removeNumber', { number: index + 1 })}
                    data-testid="conference-item-remove"
                  >
                    <CrossIcon />
                  </ActionIcon>
                </Group>
                <SimpleGrid cols={{ base: 1, sm: 2 }}>
                  <AgencyPicker
                    label={t('conferences.item.agency')}
                    required
                    value={item.agencyId}
                    onChange={(v) => update(item.key, { agencyId: v })}
                    error={
                      // A missing agency is refused as "not an id"; say plainly that one must be chosen.
                      !item.agencyId && fieldError(error, `actionItems.${index}.agencyId`)
                        ? t('conferences.item.agencyRequired')
                        : fieldError(error, `actionItems.${index}.agencyId`)
                    }
                    testId={`conference-item-agency-${index}`}
                  />
                  <TextInput
                    type="date"
                    label={t('conferences.item.dueOn')}
                    required
                    min={heldOn || undefined}
                    value={item.dueOn}
                    onChange={(e) => update(item.key, { dueOn: e.currentTarget.value })}
                    error={fieldError(error, `actionItems.${index}.dueOn`)}
                    data-testid={`conference-item-due-${index}`}
                  />
                </SimpleGrid>
                <Textarea
                  label={t('conferences.item.description')}
                  required
                  autosize
                  minRows={2}
                  maxLength={2000}
                  value={item.description}
                  onChange={(e) => update(item.key, { description: e.currentTarget.value })}
                  error={fieldError(error, `actionItems.${index}.description`)}
                  data-testid={`conference-item-description-${index}`}
                />
              </Stack>
            </Card>
          ))}
          <Group>
            <Button
              variant="light"
              onClick={() => setItems((all) => [...all, newItem()])}
              disabled={items.length >= 50}
              data-testid="conference-item-add"
            >
              {t('conferences.item.add')}
            </Button>
          </Group>
        </Stack>
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={create.isPending} data-testid="conference-submit">
            {t('conferences.submit')}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

function CrossIcon() {
  return (
    <svg
      width="18"
      height="18"
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      aria-hidden="true"
    >
      <path d="M18 6 6 18M6 6l12 12" />
    </svg>
  );
}
