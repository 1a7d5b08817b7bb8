import { Alert, Anchor, Button, Card, Group, MultiSelect, NumberInput, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type AggregateDimension, aggregateDimensions } from '../../../contract/publication.js';
import { type AggregateRelease, publicationApi } from '../../api/publication.js';
import { useAuth } from '../../auth.js';
import { fieldError, ProblemAlert } from '../../ui/ProblemAlert.js';
import { ScrollTable } from '../../ui/ScrollTable.js';
import { usePageTitle } from '../../ui/usePageTitle.js';
import { useCountryName } from '../cases/fields.js';
import { useRegionNames } from '../directory/regions.js';

/** Who sees the page: the DPO (victim-level release) and holders of aggregate reports. */
export { publicationPermissions } from './permissions.js';

type Years = { fromYear: number | ''; toYear: number | '' };
const yearQuery = ({ fromYear, toYear }: Years) => ({
  ...(fromYear === '' ? {} : { fromYear }),
  ...(toYear === '' ? {} : { toYear }),
});
const percent = (share: number, locale: string) =>
  new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(share);

/**
 * Releases for publication (docs/publication.md): the DPO previews and downloads the k-anonymous
 * CTDC-grade victim-level file; holders of aggregate reports take counts with small cells suppressed.
 */
export function PublicationPage() {
  const { t } = useTranslation();
  const { can } = useAuth();
  usePageTitle('publication.title');
  return (
    <Stack>
      <Title order={1}>{t('publication.title')}</Title>
      <Text c="gray.7">{t('publication.intro')}</Text>
      {can('publication.release') && <CtdcSection />}
      {can('reports.aggregate') && <AggregateSection />}
    </Stack>
  );
}

function YearInputs({ years, onChange, error }: { years: Years; onChange(y: Years): void; error: unknown }) {
  const { t } = useTranslation();
  return (
    <>
      <NumberInput
        label={t('publication.fromYear')}
        min={2000}
        max={2100}
        value={years.fromYear}
        onChange={(v) => onChange({ ...years, fromYear: typeof v === 'number' ? v : '' })}
        error={fieldError(error, 'query.fromYear')}
      />
      <NumberInput
        label={t('publication.toYear')}
        min={2000}
        max={2100}
        value={years.toYear}
        onChange={(v) => onChange({ ...years, toYear: typeof v === 'number' ? v : '' })}
        error={fieldError(error, 'query.toYear')}
      />
    </>
  );
}

function CtdcSection() {
  const { t, i18n } = useTranslation();
  const [years, setYears] = useState<Years>({ fromYear: '', toYear: '' });
  const [k, setK] = useState<number | ''>('');
  const query = { ...yearQuery(years), ...(k === '' ? {} : { k }) };
  const preview = useMutation({
    mutationFn: () => publicationApi.ctdcPreview(query),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    preview.mutate();
  };
  const report = preview.data;
  const download = publicationApi.ctdcFile(query);
  return (
    <Card withBorder component="section" aria-labelledby="ctdc-title">
      <Stack>
        <Title order={2} id="ctdc-title">
          {t('publication.ctdc.title')}
        </Title>
        <Text size="sm">{t('publication.ctdc.intro')}</Text>
        <form onSubmit={submit} noValidate>
          <Group align="flex-end">
            <YearInputs years={years} onChange={setYears} error={preview.error} />
            <NumberInput
              label={t('publication.ctdc.k')}
              description={t('publication.ctdc.kHint')}
              min={2}
              max={1000}
              value={k}
              onChange={(v) => setK(typeof v === 'number' ? v : '')}
              error={fieldError(preview.error, 'query.k')}
            />
            <Button type="submit" loading={preview.isPending}>
              {t('publication.ctdc.preview')}
            </Button>
          </Group>
        </form>
        <ProblemAlert error={preview.error} fields={['query.fromYear', 'query.toYear', 'query.k']} />
        {report && (
          <Stack gap="xs" data-testid="ctdc-report">
            <ScrollTable minWidth={420} label={t('publication.ctdc.report')}>
              <Table>
                <Table.Tbody>
                  {(
                    [
                      ['victims', report.rows],
                      ['released', report.released],
                      ['suppressed', `${report.suppressed} (${percent(report.suppressedShare, i18n.language)})`],
                      ['achievedK', report.achievedK ?? '—'],
                      ['classes', report.classes],
                      ['loss', percent(report.informationLoss, i18n.language)],
                    ] as const
                  ).map(([key, value]) => (
                    <Table.Tr key={key}>
                      <Table.Th scope="row">{t(`publication.ctdc.${key}`)}</Table.Th>
                      <Table.Td>{value}</Table.Td>
                    </Table.Tr>
                  ))}
                  {Object.entries(report.levels).map(([column, l]) => (
                    <Table.Tr key={column}>
                      <Table.Th scope="row">{t('publication.ctdc.level', { column })}</Table.Th>
                      <Table.Td>{t(`publication.levels.${l.level}`, { defaultValue: String(l.level) })}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollTable>
            <Alert color="blue" title={t('publication.ctdc.auditedTitle')}>
              {t('publication.ctdc.audited')}
            </Alert>
            <Anchor href={download} download data-testid="ctdc-download">
              {t('publication.ctdc.download')}
            </Anchor>
          </Stack>
        )}
      </Stack>
    </Card>
  );
}

/** A cell's value as a person reads it: labels for codes, names for provinces and countries. */
function useDimensionLabel(result: AggregateRelease | undefined) {
  const { t } = useTranslation();
  const countryName = useCountryName();
  const provinces = result?.dimensions.includes('province')
    ? [...new Set(result.cells.map((c) => c.values.province ?? '').filter((v) => v && v !== 'unknown'))]
    : [];
  const regionName = useRegionNames(provinces);
  return (dimension: AggregateDimension, value: string) => {
    if (value === 'unknown') return t('publication.unknown');
    switch (dimension) {
      case 'sex':
        return t(`htcds.prs_Gender.${value}`, { defaultValue: value });
      case 'exploitationType':
        return t(`htcds.vic_TypeOfExploitation.${value}`, { defaultValue: value });
      case 'ageGroup':
        return t(`publication.ageGroups.${value}`, { defaultValue: value });
      case 'province':
        return regionName(value);
      case 'citizenship':
        return countryName(value);
      case 'year':
        return value;
    }
  };
}

function AggregateSection() {
  const { t } = useTranslation();
  const [years, setYears] = useState<Years>({ fromYear: '', toYear: '' });
  const [by, setBy] = useState<string[]>(['year', 'sex']);
  const query = { by: by.join(','), ...yearQuery(years) };
  const table = useMutation({
    mutationFn: () => publicationApi.aggregates(query),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    table.mutate();
  };
  const result = table.data;
  const label = useDimensionLabel(result);
  const csv = publicationApi.aggregatesCsv(query);
  return (
    <Card withBorder component="section" aria-labelledby="aggregate-title">
      <Stack>
        <Title order={2} id="aggregate-title">
          {t('publication.aggregate.title')}
        </Title>
        <Text size="sm">{t('publication.aggregate.intro')}</Text>
        <form onSubmit={submit} noValidate>
          <Group align="flex-end">
            <MultiSelect
              label={t('publication.aggregate.by')}
              data={aggregateDimensions.map((d) => ({ value: d, label: t(`publication.dimensions.${d}`) }))}
              value={by}
              onChange={setBy}
              maxValues={4}
              error={fieldError(table.error, 'query.by')}
            />
            <YearInputs years={years} onChange={setYears} error={table.error} />
            <Button type="submit" loading={table.isPending}>
              {t('publication.aggregate.show')}
            </Button>
          </Group>
        </form>
        <ProblemAlert error={table.error} fields={['query.by', 'query.fromYear', 'query.toYear']} />
        {result && (
          <Stack gap="xs">
            <Text size="sm">
              {t('publication.aggregate.suppressed', { min: result.smallCellMin, count: result.suppressedCells })}
            </Text>
            <ScrollTable minWidth={360} label={t('publication.aggregate.title')}>
              <Table striped data-testid="aggregate-table">
                <Table.Thead>
                  <Table.Tr>
                    {result.dimensions.map((d) => (
                      <Table.Th key={d}>{t(`publication.dimensions.${d}`)}</Table.Th>
                    ))}
                    <Table.Th>{t('publication.aggregate.victims')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {result.cells.map((cell) => (
                    <Table.Tr key={result.dimensions.map((d) => cell.values[d]).join('|')}>
                      {result.dimensions.map((d) => (
                        <Table.Td key={d}>{label(d, cell.values[d] ?? '')}</Table.Td>
                      ))}
                      <Table.Td>
                        {cell.victims ?? t('publication.aggregate.small', { min: result.smallCellMin })}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollTable>
            <Anchor href={csv} download>
              {t('publication.aggregate.download')}
            </Anchor>
          </Stack>
        )}
      </Stack>
    </Card>
  );
}
