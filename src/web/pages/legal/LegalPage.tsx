import {
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { legalApi, legalKeys } from '../../api/legal.js';
import { useAuth, useMe } from '../../auth.js';
import { formatDateTime } from '../../ui/format.js';
import { LoadMore } from '../../ui/LoadMore.js';
import { ProblemAlert } from '../../ui/ProblemAlert.js';
import { ScrollTable } from '../../ui/ScrollTable.js';
import { useApiForm } from '../../ui/useApiForm.js';
import { useKeysetPages } from '../../ui/useKeysetList.js';
import { usePageTitle } from '../../ui/usePageTitle.js';
import { formatDate } from '../cases/fields.js';
import { type DueItem, type Measure, todayIn } from './model.js';

function Block({ title, intro, children }: { title: string; intro?: string; children: ReactNode }) {
  return (
    <Card withBorder padding="md" component="section" aria-label={title}>
      <Stack gap="sm">
        <Title order={2} fz="h3">
          {title}
        </Title>
        {intro && (
          <Text size="sm" c="gray.7">
            {intro}
          </Text>
        )}
        {children}
      </Stack>
    </Card>
  );
}

/**
 * The legal workspace of police, prosecutors, LPSK and case workers: what is due across cases (restitution steps
 * and protection deadlines), the proceedings the agency is party to, and the protection the agency provides.
 */
export function LegalPage() {
  const { t } = useTranslation();
  const { can } = useAuth();
  usePageTitle('legal.title');
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1}>{t('legal.title')}</Title>
        {can('legal.manage') && (
          <Button component={Link} to="/legal/new" data-testid="proceeding-new">
            {t('legal.newProceeding')}
          </Button>
        )}
      </Group>
      <Text size="sm" c="gray.7">
        {t('legal.intro')}
      </Text>
      <DueList />
      {(can('legal.read') || can('legal.manage')) && <ProceedingList />}
      {can('protection.manage') && <AgencyMeasures />}
    </Stack>
  );
}

/** Restitution and protection steps due across cases, most urgent first (restitution.dueList). */
export function DueList() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const list = useKeysetPages(legalKeys.due, legalApi.due, 50);
  const what = (d: DueItem) =>
    d.kind === 'restitution_step'
      ? t(`legal.steps.${d.step}`, { defaultValue: d.step ?? '' })
      : `${t(`legal.due.kinds.${d.kind}`)}: ${t(`legal.protectionTypes.${d.measureType}`)}`;
  return (
    <Block title={t('legal.due.title')} intro={t('legal.due.intro')}>
      <ProblemAlert error={list.error} />
      {list.items.length === 0 && !list.isPending ? (
        <Text size="sm" c="gray.7" data-testid="due-empty">
          {t('legal.due.empty')}
        </Text>
      ) : (
        <ScrollTable minWidth={720} label={t('legal.due.title')}>
          <Table data-testid="due-list">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('legal.due.dueAt')}</Table.Th>
                <Table.Th>{t('legal.due.case')}</Table.Th>
                <Table.Th>{t('legal.due.what')}</Table.Th>
                <Table.Th>
                  <VisuallyHidden>{t('legal.open')}</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.items.map((d) => (
                <Table.Tr key={`${d.kind}-${d.id}`} data-testid="due-item" data-kind={d.kind} data-step={d.step ?? ''}>
                  <Table.Td>
                    <Group gap="xs">
                      {formatDateTime(d.dueAt, me.timeZone, i18n.language)}
                      {d.overdue && (
                        <Badge color="red" size="sm">
                          {t('legal.due.overdue')}
                        </Badge>
                      )}
                    </Group>
                  </Table.Td>
                  <Table.Td>{d.caseNumber}</Table.Td>
                  <Table.Td>
                    {d.kind === 'restitution_step' ? t('legal.due.kinds.restitution_step') : ''}{' '}
                    {d.kind === 'restitution_step' ? `· ${what(d)}` : what(d)}
                  </Table.Td>
                  <Table.Td>
                    {d.proceedingId && (
                      <Anchor component={Link} to={`/legal/proceedings/${d.proceedingId}`} data-testid="due-open">
                        {t('legal.open')}
                      </Anchor>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
      <LoadMore {...list} count={list.items.length} />
    </Block>
  );
}

function ProceedingList() {
  const { t, i18n } = useTranslation();
  const list = useKeysetPages(legalKeys.proceedings, legalApi.proceedings, 20);
  return (
    <Block title={t('legal.proceedings')}>
      <ProblemAlert error={list.error} />
      {list.items.length === 0 && !list.isPending ? (
        <Text size="sm" c="gray.7">
          {t('legal.noProceedings')}
        </Text>
      ) : (
        <ScrollTable minWidth={640} label={t('legal.proceedings')}>
          <Table data-testid="proceeding-list">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('legal.reportNumber')}</Table.Th>
                <Table.Th>{t('legal.reportedOn')}</Table.Th>
                <Table.Th>{t('legal.stage')}</Table.Th>
                <Table.Th>{t('legal.victims')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.items.map((p) => (
                <Table.Tr key={p.id} data-testid="proceeding-row">
                  <Table.Td>
                    <Anchor component={Link} to={`/legal/proceedings/${p.id}`}>
                      {p.reportNumber}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{formatDate(p.reportedOn, i18n.language)}</Table.Td>
                  <Table.Td>{t(`legal.stages.${p.stage}`)}</Table.Td>
                  <Table.Td>{t('legal.victimCount', { count: p.victims })}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
      <LoadMore {...list} count={list.items.length} />
    </Block>
  );
}

/** Measures the caller's agency provides: grant, refuse or end them (LPSK, police protection). */
function AgencyMeasures() {
  const { t } = useTranslation();
  const list = useKeysetPages(legalKeys.measures, legalApi.measures, 50);
  return (
    <Block title={t('legal.protection.mine')}>
      <ProblemAlert error={list.error} />
      {list.items.length === 0 && !list.isPending ? (
        <Text size="sm" c="gray.7">
          {t('legal.protection.none')}
        </Text>
      ) : (
        <MeasureTable measures={list.items} decide />
      )}
      <LoadMore {...list} count={list.items.length} />
    </Block>
  );
}

export function MeasureTable({ measures, decide = false }: { measures: Measure[]; decide?: boolean }) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  return (
    <Stack gap="xs" data-testid="measure-list">
      {measures.map((m) => (
        <Card key={m.id} withBorder padding="sm" data-testid="measure-item" data-status={m.status}>
          <Group justify="space-between">
            <Text fw={600}>
              {t(`legal.protectionTypes.${m.type}`)} · {m.caseNumber}
            </Text>
            <Badge variant="light" color={m.status === 'granted' ? 'teal' : m.status === 'requested' ? 'blue' : 'gray'}>
              {t(`legal.protectionStatuses.${m.status}`)}
            </Badge>
          </Group>
          <Text size="sm" c="gray.7">
            {t('legal.protection.agency')}: {m.agency.name} · {t('legal.protection.threatLevel')}:{' '}
            {t(`legal.threatLevels.${m.threatLevel}`)}
            {m.respondBy && m.status === 'requested'
              ? ` · ${t('legal.protection.respondBy')}: ${formatDateTime(m.respondBy, me.timeZone, i18n.language)}`
              : ''}
            {m.grantedOn ? ` · ${t('legal.protection.grantedOn')}: ${formatDate(m.grantedOn, i18n.language)}` : ''}
            {m.reviewOn ? ` · ${t('legal.protection.reviewOn')}: ${formatDate(m.reviewOn, i18n.language)}` : ''}
          </Text>
          {m.threatAssessment && <Text size="sm">{m.threatAssessment}</Text>}
          {m.childChecklist && m.childChecklist.length > 0 && (
            <Text size="sm">
              {t('legal.protection.childChecklist')}:{' '}
              {m.childChecklist.map((c) => t(`legal.checklist.${c}`)).join(', ')}
            </Text>
          )}
          {decide && (m.status === 'requested' || m.status === 'granted') && <DecideForm m={m} />}
        </Card>
      ))}
    </Stack>
  );
}

function DecideForm({ m }: { m: Measure }) {
  const { t } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const granting = m.status === 'requested';
  const { form, mutation, submit } = useApiForm({
    initialValues: {
      status: (granting ? 'granted' : 'ended') as 'granted' | 'rejected' | 'ended',
      on: todayIn(me.timeZone),
      reviewOn: '',
      endReason: '',
    },
    send: (v) =>
      legalApi.updateMeasure(m.id, {
        version: m.version,
        status: v.status,
        grantedOn: v.status === 'granted' ? v.on : undefined,
        reviewOn: v.status === 'granted' ? v.reviewOn || undefined : undefined,
        endedOn: v.status === 'ended' ? v.on : undefined,
        endReason: v.status !== 'granted' ? v.endReason.trim() || undefined : undefined,
      }),
    onSuccess: () =>
      Promise.all(
        ['legal-measures', 'legal-due', 'legal-case'].map((k) => queryClient.invalidateQueries({ queryKey: [k] })),
      ),
    // The one date field is the grant's or the end's, as the server names it.
    fieldOf: { grantedOn: 'on', endedOn: 'on' },
  });
  return (
    <form onSubmit={submit} aria-label={granting ? t('legal.protection.grant') : t('legal.protection.end')}>
      <Stack gap="xs" mt="xs">
        <ProblemAlert error={mutation.error} fields={['grantedOn', 'endedOn', 'reviewOn', 'endReason']} />
        <Group align="flex-end">
          <TextInput
            type="date"
            label={granting ? t('legal.protection.grantedOn') : t('legal.protection.endedOn')}
            {...form.getInputProps('on')}
            required
            data-testid="measure-date"
          />
          {granting && (
            <TextInput
              type="date"
              label={t('legal.protection.reviewOn')}
              {...form.getInputProps('reviewOn')}
              data-testid="measure-review"
            />
          )}
          <TextInput label={t('legal.protection.endReason')} {...form.getInputProps('endReason')} />
          <Button type="submit" loading={mutation.isPending} data-testid={granting ? 'measure-grant' : 'measure-end'}>
            {granting ? t('legal.protection.grant') : t('legal.protection.end')}
          </Button>
          {granting && (
            <Button
              variant="default"
              onClick={() => mutation.mutate({ ...form.getValues(), status: 'rejected' })}
              data-testid="measure-reject"
            >
              {t('legal.protection.reject')}
            </Button>
          )}
        </Group>
      </Stack>
    </form>
  );
}
