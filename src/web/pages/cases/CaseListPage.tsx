import {
  Anchor,
  Box,
  Button,
  Card,
  Collapse,
  Group,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  Title,
  UnstyledButton,
  VisuallyHidden,
} from '@mantine/core';
import { useDebouncedValue, useMediaQuery } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { caseListSource, workspaceApi } from '../../api/workspace.js';
import { useAuth, useMe } from '../../auth.js';
import { LoadMore } from '../../ui/LoadMore.js';
import { fieldError, ProblemAlert } from '../../ui/ProblemAlert.js';
import { ScrollTable } from '../../ui/ScrollTable.js';
import { useKeysetList } from '../../ui/useKeysetList.js';
import { usePageTitle } from '../../ui/usePageTitle.js';
import {
  ChildBadge,
  EnumSelect,
  formatDate,
  HtcdsSelect,
  LateBadge,
  RiskBadge,
  StageBadge,
  useHtcdsLabel,
} from './fields.js';
import { caseListFirstPage } from './first-page.js';
import { type CaseListItem, caseStages } from './model.js';

/** The case list: filters, case number search, name search through the server's vault tokens, keyset pages. */
export function CaseListPage() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const { can } = useAuth();
  usePageTitle('cases.list.title');
  const htcdsLabel = useHtcdsLabel();
  // On a phone: cards instead of the table, the filters behind a button.
  const narrow = useMediaQuery('(max-width: 48em)') ?? false;
  const [filtersOpen, setFiltersOpen] = useState(false);
  // Filters arrive in the address from the home page's counts and the team view (e.g. ?late=true&assignedTo=…).
  const [params] = useSearchParams();
  const [stage, setStage] = useState<string | null>(params.get('stage'));
  const [child, setChild] = useState<string | null>(params.get('child'));
  const [exploitationType, setExploitationType] = useState<string | null>(params.get('exploitationType'));
  const [late, setLate] = useState(params.get('late') === 'true');
  const [assignedToMe, setAssignedToMe] = useState(params.get('assignedToMe') === 'true');
  const [assignedTo, setAssignedTo] = useState<string | null>(params.get('assignedTo'));
  const [awaitingApproval, setAwaitingApproval] = useState<string | null>(params.get('awaitingApproval'));
  // A supervisor picks a team member's caseload ("assigned to"); the team comes from the team view's request.
  const supervises = can('cases.approve');
  const team = useQuery({
    queryKey: ['team'],
    queryFn: workspaceApi.team,
    enabled: supervises,
    staleTime: 60_000,
  });
  const [open, setOpen] = useState<string | null>(params.get('open') ?? 'true');
  const [caseNumber, setCaseNumber] = useState(params.get('caseNumber') ?? '');
  const [debouncedNumber] = useDebouncedValue(caseNumber.trim(), 300);
  const [nameInput, setNameInput] = useState('');
  // Names go to the server only when the user asks (each name search is audited), never filtered here.
  const [name, setName] = useState('');
  const [sort, setSort] = useState<CaseSort>(asSort(params.get('sort')));

  // A name search is a POST (the name never goes in a URL, where logs and browser history keep it).
  const byName = name.length >= 2;
  const filters = {
    stage,
    child,
    exploitationType,
    late: late ? 'true' : undefined,
    assignedToMe: assignedToMe ? 'true' : undefined,
    assignedTo: assignedTo ?? undefined,
    awaitingApproval: awaitingApproval ?? undefined,
    open: open === 'all' ? undefined : open,
    caseNumber: debouncedNumber.length >= 2 ? debouncedNumber : undefined,
  };
  const source = caseListSource(byName);
  const list = useKeysetList<CaseListItem>(
    'cases',
    source.path,
    { ...filters, sort, name: byName ? name : undefined },
    // The unfiltered first page is fetched at boot with these parameters (preload.ts).
    caseListFirstPage.limit,
    source.method,
  );
  // The total comes in a request of its own (counted up to 1,000 on the server), so the rows never wait for it.
  const total = useQuery({
    queryKey: ['cases', 'count', filters],
    queryFn: () => workspaceApi.count(filters),
    enabled: !byName,
  });
  const totalText = byName
    ? null
    : total.data
      ? t('caseList.total', {
          count: total.data.count,
          shown: `${total.data.count.toLocaleString(i18n.language)}${total.data.capped ? '+' : ''}`,
        })
      : null;

  const searchByName = (event: FormEvent) => {
    event.preventDefault();
    setName(nameInput.trim());
  };

  const reset = () => {
    setStage(null);
    setChild(null);
    setExploitationType(null);
    setLate(false);
    setAssignedToMe(false);
    setAssignedTo(null);
    setAwaitingApproval(null);
    setOpen('true');
    setCaseNumber('');
    setNameInput('');
    setName('');
  };

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1}>{t('cases.list.title')}</Title>
        {can('cases.create') && (
          <Button component={Link} to="/cases/new" data-testid="case-create">
            {t('cases.list.create')}
          </Button>
        )}
      </Group>
      {narrow && (
        <Button
          variant="default"
          onClick={() => setFiltersOpen((o) => !o)}
          aria-expanded={filtersOpen}
          aria-controls="case-filters"
          data-testid="case-filters-toggle"
        >
          {t('cases.list.filters')}
        </Button>
      )}
      <Collapse expanded={!narrow || filtersOpen} id="case-filters">
        <Box component="form" role="search" aria-label={t('cases.list.filters')} onSubmit={searchByName}>
          <Stack gap="sm">
            <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }}>
              <TextInput
                label={t('cases.list.caseNumber')}
                value={caseNumber}
                onChange={(e) => setCaseNumber(e.currentTarget.value)}
                data-testid="case-filter-number"
              />
              <TextInput
                label={t('cases.list.name')}
                description={t('cases.list.nameHint')}
                value={nameInput}
                onChange={(e) => setNameInput(e.currentTarget.value)}
                error={fieldError(list.error, 'name')}
                data-testid="case-filter-name"
              />
              <EnumSelect
                label={t('cases.list.stage')}
                values={caseStages}
                prefix="cases.stage"
                value={stage}
                onChange={setStage}
                testId="case-filter-stage"
              />
              <HtcdsSelect
                field="vic_TypeOfExploitation"
                label={t('cases.list.exploitationType')}
                value={exploitationType}
                onChange={setExploitationType}
                testId="case-filter-exploitation"
              />
              <Select
                label={t('cases.list.child')}
                value={child}
                onChange={setChild}
                clearable
                data={[
                  { value: 'true', label: t('cases.list.childOnly') },
                  { value: 'false', label: t('cases.list.adultsOnly') },
                ]}
                data-testid="case-filter-child"
              />
              <Select
                label={t('cases.list.openClosed')}
                value={open}
                onChange={(v) => setOpen(v ?? 'all')}
                allowDeselect={false}
                data={[
                  { value: 'true', label: t('cases.list.openOnly') },
                  { value: 'false', label: t('cases.list.closedOnly') },
                  { value: 'all', label: t('cases.list.openAndClosed') },
                ]}
                data-testid="case-filter-open"
              />
              <Select
                label={t('cases.list.awaitingApproval')}
                value={awaitingApproval}
                onChange={setAwaitingApproval}
                clearable
                data={(['any', 'screening', 'closure'] as const).map((v) => ({
                  value: v,
                  label: t(`cases.list.awaiting.${v}`),
                }))}
                data-testid="case-filter-awaiting"
              />
              {supervises && (
                <Select
                  label={t('cases.list.assignedTo')}
                  value={assignedTo}
                  onChange={setAssignedTo}
                  clearable
                  searchable
                  data={(team.data?.members ?? []).map((m) => ({ value: m.userId, label: m.displayName }))}
                  data-testid="case-filter-assigned"
                />
              )}
              <Stack gap="xs" justify="flex-end">
                <Switch
                  label={t('cases.list.late')}
                  checked={late}
                  onChange={(e) => setLate(e.currentTarget.checked)}
                  data-testid="case-filter-late"
                />
                <Switch
                  label={t('cases.list.assignedToMe')}
                  checked={assignedToMe}
                  onChange={(e) => setAssignedToMe(e.currentTarget.checked)}
                  data-testid="case-filter-mine"
                />
              </Stack>
            </SimpleGrid>
            <Group>
              <Select
                label={t('caseList.sort')}
                value={sort}
                onChange={(v) => setSort(asSort(v))}
                allowDeselect={false}
                data={caseSorts.map((v) => ({ value: v, label: t(`caseList.sorts.${v}`) }))}
                data-testid="case-sort"
              />
              <Button type="submit" data-testid="case-search" mt="auto">
                {t('common.search')}
              </Button>
              <Button variant="default" onClick={reset} mt="auto">
                {t('common.reset')}
              </Button>
            </Group>
          </Stack>
        </Box>
      </Collapse>
      <ProblemAlert error={list.error} fields={['name']} />
      {totalText && (
        <Text fw={600} role="status" data-testid="case-total" data-count={total.data?.count}>
          {totalText}
        </Text>
      )}
      {narrow ? (
        <Stack gap="xs" component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label={t('cases.list.title')}>
          {list.items.map((c) => (
            <Card
              key={c.id}
              component="li"
              withBorder
              padding="sm"
              data-testid="case-row"
              data-case-number={c.caseNumber}
            >
              <Stack gap={4}>
                <Anchor
                  component={Link}
                  to={`/cases/${c.id}`}
                  fw={600}
                  style={{ overflowWrap: 'anywhere' }}
                  data-testid="case-link"
                >
                  {c.caseNumber}
                </Anchor>
                <Text size="sm">
                  {[c.initials, htcdsLabel('prs_Gender', c.sex), formatDate(c.intakeAt, i18n.language, me.timeZone)]
                    .filter((x) => x && x !== '—')
                    .join(' · ')}
                </Text>
                <Group gap={6}>
                  <StageBadge stage={c.stage} />
                  {c.isChild && <ChildBadge />}
                  {c.riskLevel && <RiskBadge level={c.riskLevel} />}
                  {c.lateServices > 0 && <LateBadge count={c.lateServices} />}
                </Group>
                <Text size="sm">{c.assignedWorker?.displayName ?? t('caseList.unassigned')}</Text>
                <NextDeadline item={c} />
              </Stack>
            </Card>
          ))}
        </Stack>
      ) : (
        <ScrollTable minWidth={1100} label={t('cases.list.title')}>
          {/* Fixed widths that hold at 1280 px: badges wrap inside their cell instead of being cut. */}
          <Table striped highlightOnHover verticalSpacing="sm" layout="fixed" data-testid="cases-table">
            <Table.Caption>
              <VisuallyHidden>{t('cases.list.title')}</VisuallyHidden>
            </Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col" w="19%">
                  {t('cases.caseNumber')}
                </Table.Th>
                <Table.Th scope="col" w="10%">
                  {t('cases.initials')}
                </Table.Th>
                <Table.Th scope="col" w="13%">
                  {t('cases.stageLabel')}
                </Table.Th>
                <Table.Th scope="col" w="9%">
                  {t('cases.riskLevel')}
                </Table.Th>
                <Table.Th scope="col" w="13%">
                  {t('caseList.assignedWorker')}
                </Table.Th>
                <SortableTh
                  w="16%"
                  label={t('caseList.nextDeadline')}
                  direction={sort === 'deadline' ? 'ascending' : undefined}
                  onSort={() => setSort('deadline')}
                  testId="case-sort-deadline"
                />
                <Table.Th scope="col" w="10%">
                  {t('cases.servicesColumn')}
                </Table.Th>
                <SortableTh
                  w="10%"
                  label={t('cases.intakeAt')}
                  direction={sort === 'oldest' ? 'ascending' : sort === 'newest' ? 'descending' : undefined}
                  onSort={() => setSort(sort === 'newest' ? 'oldest' : 'newest')}
                  testId="case-sort-intake"
                />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.items.map((c) => (
                <Table.Tr key={c.id} data-testid="case-row" data-case-number={c.caseNumber}>
                  <Table.Td style={{ overflowWrap: 'anywhere' }}>
                    <Anchor component={Link} to={`/cases/${c.id}`} fw={600} data-testid="case-link">
                      {c.caseNumber}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    <Stack gap={4} align="flex-start">
                      <Text size="sm">
                        {[c.initials ?? '—', htcdsLabel('prs_Gender', c.sex)]
                          .filter((x) => x && x !== '—')
                          .join(' · ') || '—'}
                      </Text>
                      {c.isChild && <ChildBadge />}
                    </Stack>
                  </Table.Td>
                  <Table.Td>
                    <StageBadge stage={c.stage} />
                  </Table.Td>
                  <Table.Td>
                    <RiskBadge level={c.riskLevel} />
                  </Table.Td>
                  <Table.Td data-testid="case-worker">
                    {c.assignedWorker?.displayName ?? (
                      <Text size="sm" c="gray.7">
                        {t('caseList.unassigned')}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <NextDeadline item={c} />
                  </Table.Td>
                  <Table.Td>
                    {c.lateServices > 0 ? (
                      <LateBadge count={c.lateServices} />
                    ) : (
                      <Text size="sm" c="gray.7">
                        {t('cases.noLate')}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>{formatDate(c.intakeAt, i18n.language, me.timeZone)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
      <LoadMore list={list} />
    </Stack>
  );
}

const caseSorts = ['newest', 'oldest', 'deadline'] as const;
type CaseSort = (typeof caseSorts)[number];
const asSort = (v: string | null): CaseSort =>
  (caseSorts as readonly (string | null)[]).includes(v) ? (v as CaseSort) : 'newest';

/**
 * A column header that sorts the list: a button inside the header cell, which says its order to screen
 * readers (aria-sort on the cell) and shows it with an arrow.
 */
function SortableTh(props: {
  w: string;
  label: string;
  direction: 'ascending' | 'descending' | undefined;
  onSort: () => void;
  testId: string;
}) {
  const { t } = useTranslation();
  const arrow = props.direction === 'ascending' ? '▲' : props.direction === 'descending' ? '▼' : '';
  return (
    <Table.Th scope="col" w={props.w} aria-sort={props.direction ?? 'none'}>
      <UnstyledButton
        onClick={props.onSort}
        fw={700}
        fz="sm"
        title={t('caseList.sortBy', { column: props.label })}
        data-testid={props.testId}
      >
        {props.label}
        {arrow && (
          <Text component="span" aria-hidden="true" ml={4} fz="xs">
            {arrow}
          </Text>
        )}
      </UnstyledButton>
    </Table.Th>
  );
}

/** The next statutory deadline of a case: which service, when, and how late, linked to the services tab. */
function NextDeadline({ item }: { item: CaseListItem }) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const next = item.nextDeadline;
  if (!next)
    return (
      <Text size="sm" c="gray.7">
        {t('caseList.noDeadline')}
      </Text>
    );
  const service = t(`cases.services.types.${next.type}`, { defaultValue: next.type });
  const days = Math.floor((Date.now() - Date.parse(next.dueAt)) / 86_400_000);
  const text = next.late
    ? days >= 1
      ? t('caseList.lateBy', { service, count: days })
      : t('caseList.lateToday', { service })
    : t('caseList.dueOn', { service, date: formatDate(next.dueAt, i18n.language, me.timeZone) });
  return (
    <Anchor
      component={Link}
      to={`/cases/${item.id}?tab=services`}
      size="sm"
      c={next.late ? 'red.9' : undefined}
      fw={next.late ? 700 : undefined}
      data-testid="case-next-deadline"
      data-late={next.late}
    >
      {text}
    </Anchor>
  );
}
