import { Alert, Anchor, Button, Card, Group, MultiSelect, NumberInput, Stack, Table, Text, Title } from '@mantine/core';
import type { GetInputPropsReturnType } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import { type AggregateDimension, aggregateDimensions } from '../../../contract/publication.js';
import { type AggregateRelease, publicationApi } from '../../api/publication.js';
import { useAuth } from '../../auth.js';
import { num } from '../../ui/formBody.js';
import { ProblemAlert } from '../../ui/ProblemAlert.js';
import { ScrollTable } from '../../ui/ScrollTable.js';
import { required, useApiForm } from '../../ui/useApiForm.js';
import { usePageTitle } from '../../ui/usePageTitle.js';
import { useCountryName } from '../cases/fields.js';
import { useRegionNames } from '../directory/regions.js';

/** Who sees the page: the DPO (victim-level release) and holders of aggregate reports. */
export { publicationPermissions } from './permissions.js';

/** A year input's value: a number, or '' when emptied (then not sent). */
type Year = number | string;
interface Years extends Record<string, unknown> {
  fromYear: Year;
  toYear: Year;
}
const noYears: Years = { fromYear: '', toYear: '' };
const yearQuery = (v: Years) => ({ fromYear: num(v.fromYear), toYear: num(v.toYear) });
/** The server names a query's fields `query.<name>`. */
const yearFields = { 'query.fromYear': 'fromYear', 'query.toYear': 'toYear' } as const;
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

function YearInputs({ from, to }: { from: GetInputPropsReturnType; to: GetInputPropsReturnType }) {
  const { t } = useTranslation();
  return (
    <>
      <NumberInput label={t('publication.fromYear')} min={2000} max={2100} {...from} />
      <NumberInput label={t('publication.toYear')} min={2000} max={2100} {...to} />
    </>
  );
}

function CtdcSection() {
  const { t, i18n } = useTranslation();
  const query = (v: Years & { k: Year }) => ({ ...yearQuery(v), k: num(v.k) });
  const {
    form,
    mutation: preview,
    submit,
  } = useApiForm({
    initialValues: { ...noYears, k: '' as Year },
    send: (v) => publicationApi.ctdcPreview(query(v)),
    fieldOf: { ...yearFields, 'query.k': 'k' },
  });
  const report = preview.data;
  const download = publicationApi.ctdcFile(query(form.getValues()));
  return (
    <Card withBorder component="section" aria-labelledby="ctdc-title">
      <Stack>
        <Title order={2} id="ctdc-title">
          {t('publication.ctdc.title')}
        </Title>
        <Text size="sm">{t('publication.ctdc.intro')}</Text>
        <form onSubmit={submit} noValidate data-testid="ctdc-form">
          <Group align="flex-end">
            <YearInputs from={form.getInputProps('fromYear')} to={form.getInputProps('toYear')} />
            <NumberInput
              label={t('publication.ctdc.k')}
              description={t('publication.ctdc.kHint')}
              min={2}
              max={1000}
              {...form.getInputProps('k')}
            />
            <Button type="submit" loading={preview.isPending} data-testid="ctdc-preview">
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
  const query = (v: Years & { by: string[] }) => ({ by: v.by.join(','), ...yearQuery(v) });
  const {
    form,
    mutation: table,
    submit,
    bind,
  } = useApiForm({
    initialValues: { ...noYears, by: ['year', 'sex'] },
    validate: { by: required },
    send: (v) => publicationApi.aggregates(query(v)),
    fieldOf: { ...yearFields, 'query.by': 'by' },
  });
  const result = table.data;
  const label = useDimensionLabel(result);
  const csv = publicationApi.aggregatesCsv(query(form.getValues()));
  return (
    <Card withBorder component="section" aria-labelledby="aggregate-title">
      <Stack>
        <Title order={2} id="aggregate-title">
          {t('publication.aggregate.title')}
        </Title>
        <Text size="sm">{t('publication.aggregate.intro')}</Text>
        <form onSubmit={submit} noValidate data-testid="aggregate-form">
          <Group align="flex-end">
            <MultiSelect
              label={t('publication.aggregate.by')}
              data={aggregateDimensions.map((d) => ({ value: d, label: t(`publication.dimensions.${d}`) }))}
              {...bind('by')}
              maxValues={4}
              data-testid="aggregate-by"
            />
            <YearInputs from={form.getInputProps('fromYear')} to={form.getInputProps('toYear')} />
            <Button type="submit" loading={table.isPending} data-testid="aggregate-show">
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
