import { Alert, Anchor, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { type DrillFilters, useDrilldown, useIndicators } from '../../api/evaluation.js';
import { LoadMore } from '../../ui/LoadMore.js';
import { ProblemAlert } from '../../ui/ProblemAlert.js';
import { ScrollTable } from '../../ui/ScrollTable.js';
import { usePageTitle } from '../../ui/usePageTitle.js';

/** The cases behind a figure: case numbers, dates, statuses and places — never a name. */
export function DrilldownPage() {
  const { t, i18n } = useTranslation();
  usePageTitle('evaluation.drillTitle');
  const { key = '' } = useParams();
  const [search] = useSearchParams();
  // The figure's filters as the dashboard put them in the address (the server checks each).
  const filters = Object.fromEntries(search.entries()) as DrillFilters;
  const lang = i18n.language === 'en' ? 'en' : 'id';
  const definitions = useIndicators();
  const def = definitions.data?.items.find((d) => d.key === key);
  const list = useDrilldown(key, filters);
  const first = list.data?.pages[0];
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Stack>
      <Anchor component={Link} to="/evaluation">
        {t('evaluation.back')}
      </Anchor>
      <Title order={1}>{def ? def.name[lang] : t('evaluation.drillTitle')}</Title>
      {first && (
        <Text c="gray.7" data-testid="drill-summary">
          {t('evaluation.drillSummary', { from: first.period.from, to: first.period.to, total: first.total ?? '—' })}
        </Text>
      )}
      <ProblemAlert error={list.error} />
      {first?.suppressed && <Alert color="blue">{t('evaluation.drillSuppressed')}</Alert>}
      <ScrollTable minWidth={560} label={t('evaluation.drillTitle')}>
        <Table striped data-testid="drill-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('evaluation.columns.caseNumber')}</Table.Th>
              <Table.Th scope="col">{t('evaluation.columns.date')}</Table.Th>
              <Table.Th scope="col">{t('evaluation.columns.status')}</Table.Th>
              <Table.Th scope="col">{t('evaluation.columns.amount')}</Table.Th>
              <Table.Th scope="col">{t('evaluation.columns.region')}</Table.Th>
              <Table.Th scope="col">{t('evaluation.columns.agencyType')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((item) => (
              <Table.Tr key={`${item.caseNumber}-${item.onDate}-${item.status}-${item.amount}`}>
                <Table.Td>
                  {item.caseId ? (
                    <Anchor component={Link} to={`/cases/${item.caseId}`}>
                      {item.caseNumber}
                    </Anchor>
                  ) : (
                    item.caseNumber
                  )}
                </Table.Td>
                <Table.Td>{item.onDate}</Table.Td>
                <Table.Td>
                  {item.status ? t(`evaluation.values.${item.status}`, { defaultValue: item.status }) : '—'}
                </Table.Td>
                <Table.Td>{item.amount ?? '—'}</Table.Td>
                <Table.Td>{item.regency ?? item.province ?? '—'}</Table.Td>
                <Table.Td>{t(`agencyType.${item.agencyType}`, { defaultValue: item.agencyType })}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollTable>
      <LoadMore
        hasNextPage={list.hasNextPage}
        isFetchingNextPage={list.isFetchingNextPage}
        fetchNextPage={list.fetchNextPage}
        count={items.length}
      />
    </Stack>
  );
}
