import {
  Alert,
  Badge,
  Button,
  Card,
  Group,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useDashboard, useIndicators } from '../../api/evaluation.js';
import { useAuth } from '../../auth.js';
import { reportingToday } from '../../ui/format.js';
import { ProblemAlert } from '../../ui/ProblemAlert.js';
import { ScrollTable } from '../../ui/ScrollTable.js';
import { usePageTitle } from '../../ui/usePageTitle.js';
import { CountrySelect } from '../cases/fields.js';
import { useRegionNames } from '../directory/regions.js';
import { EChart } from './EChart.js';
import { type Dashboard, type Figure, formatValue, type Indicator } from './model.js';
import { ProvinceTileMap } from './ProvinceTileMap.js';
import { ReportsSection } from './ReportsSection.js';

export { evaluationPermissions } from './permissions.js';

type Key = Dashboard['key'];
/** The period and the filters the dashboard applies. */
type Filters = { from: string; to: string; citizenship?: string };

/**
 * Joint monitoring and evaluation (docs/indicators.md): the twelve national indicators for the viewer's scope,
 * panels with a chart and the same numbers as a table, a tile map of provinces, drill-downs to the cases behind
 * a figure (case numbers, never names) and the task force's reports.
 */
export function DashboardPage() {
  const { t, i18n } = useTranslation();
  const { can, me } = useAuth();
  usePageTitle('evaluation.title');
  const roles = me?.roles ?? [];
  const initial: Key = roles.includes('supervisor')
    ? 'agency'
    : roles.includes('programme_officer')
      ? 'programme'
      : 'overview';
  const [key, setKey] = useState<Key>(initial);
  // The year to date in the reporting zone (WIB), as the server counts: at 01:00 WIB on 1 January, the new year.
  const today = reportingToday();
  const [from, setFrom] = useState(`${today.slice(0, 4)}-01-01`);
  const [to, setTo] = useState(today);
  // Citizenship (ISO 3166-1 alpha-2) narrows every figure and drill-down (UNODC GLOTIP's breakdown).
  const [citizenship, setCitizenship] = useState<string | null>(null);
  const [applied, setApplied] = useState<Filters>({ from, to });
  const definitions = useIndicators();
  const dashboard = useDashboard(key, applied);
  const byKey = new Map((definitions.data?.items ?? []).map((d) => [d.key, d]));
  const lang = i18n.language === 'en' ? 'en' : 'id';
  const d = dashboard.data;
  return (
    <Stack>
      <Title order={1}>{t('evaluation.title')}</Title>
      <Text c="gray.7">{t('evaluation.intro')}</Text>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          setApplied(citizenship ? { from, to, citizenship } : { from, to });
        }}
        noValidate
      >
        <Group align="flex-end">
          <Select
            label={t('evaluation.dashboard')}
            data={(['overview', 'agency', 'programme'] as const).map((k) => ({
              value: k,
              label: t(`evaluation.dashboards.${k}`),
            }))}
            value={key}
            onChange={(v) => v && setKey(v as Key)}
            allowDeselect={false}
            data-testid="dashboard-key"
          />
          <TextInput
            type="date"
            label={t('evaluation.from')}
            value={from}
            onChange={(e) => setFrom(e.currentTarget.value)}
            data-testid="period-from"
          />
          <TextInput
            type="date"
            label={t('evaluation.to')}
            value={to}
            onChange={(e) => setTo(e.currentTarget.value)}
            data-testid="period-to"
          />
          <CountrySelect
            label={t('evaluation.citizenship')}
            placeholder={t('evaluation.citizenshipAll')}
            value={citizenship}
            onChange={setCitizenship}
            testId="filter-citizenship"
          />
          <Button type="submit" data-testid="apply-period">
            {t('evaluation.apply')}
          </Button>
        </Group>
      </form>
      <ProblemAlert error={dashboard.error ?? definitions.error} />
      {d && (
        <>
          <Text size="sm" c="gray.7" data-testid="as-of">
            {t(`evaluation.scope.${d.scope}`)} ·{' '}
            {t('evaluation.asOf', { when: d.asOf ? new Date(d.asOf).toLocaleString(i18n.language) : '—' })}
          </Text>
          {d.suppression && (
            <Alert color="blue" title={t('evaluation.suppressionTitle')}>
              {t('evaluation.suppressionText', { min: d.smallCellMin })}
            </Alert>
          )}
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
            {d.figures.map((f) => {
              const def = byKey.get(f.key);
              return def ? (
                <FigureCard key={f.key} figure={f} def={def} lang={lang} filters={{ ...applied, ...d.period }} />
              ) : null;
            })}
          </SimpleGrid>
          {d.panels.map((p) => (
            <PanelCard key={p.id} id={p.id} figure={p.figure} def={byKey.get(p.indicator)} lang={lang} />
          ))}
          {d.legal && (
            <Card withBorder component="section" aria-labelledby="legal-title">
              <Title order={2} id="legal-title" size="h4">
                {t('evaluation.legal')}
              </Title>
              <ScrollTable minWidth={360} label={t('evaluation.legal')}>
                <Table>
                  <Table.Tbody>
                    {d.legal.map((l) => (
                      <Table.Tr key={l.key}>
                        <Table.Th scope="row">{l.definition[lang]}</Table.Th>
                        <Table.Td>{l.value === null ? t('evaluation.suppressed') : l.value}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </ScrollTable>
            </Card>
          )}
        </>
      )}
      {can('reports.aggregate') && <ReportsSection />}
    </Stack>
  );
}

function FigureCard({
  figure,
  def,
  lang,
  filters,
}: {
  figure: Figure;
  def: Indicator;
  lang: 'id' | 'en';
  /** The period and filters the figure was computed for: its drill-down lists the same cases. */
  filters: Filters;
}) {
  const { t, i18n } = useTranslation();
  const drill = `/evaluation/drill/${def.key}?${new URLSearchParams(filters)}`;
  return (
    <Card withBorder data-testid={`figure-${def.key}`}>
      <Stack gap={4}>
        <Text fw={600}>{def.name[lang]}</Text>
        <Text size="xl" fw={700} data-testid="figure-value">
          {figure.suppressed ? t('evaluation.suppressed') : formatValue(figure.value, def.unit, i18n.language, t)}
        </Text>
        {def.aggregate === 'share' && !figure.suppressed && figure.denominator !== null && (
          <Text size="sm" c="gray.7">
            {t('evaluation.ofTotal', { numerator: figure.numerator, denominator: figure.denominator })}
          </Text>
        )}
        <Text size="xs" c="gray.7">
          {def.definition[lang]}
          {def.basis ? ` (${def.basis})` : ''}
        </Text>
        {!figure.suppressed && (figure.numerator ?? figure.denominator ?? 0) > 0 && (
          <Button component={Link} to={drill} variant="light" size="xs" data-testid={`drill-${def.key}`}>
            {t('evaluation.drill')}
          </Button>
        )}
      </Stack>
    </Card>
  );
}

function PanelCard({ id, figure, def, lang }: { id: string; figure: Figure; def?: Indicator; lang: 'id' | 'en' }) {
  const { t, i18n } = useTranslation();
  const cells = figure.breakdown ?? [];
  const isRegion = figure.by === 'province';
  const regionName = useRegionNames(isRegion ? cells.flatMap((c) => (c.key ? [c.key] : [])) : []);
  const label = (k: string | null) =>
    k === null ? t('evaluation.unknown') : isRegion ? regionName(k) : t(`evaluation.values.${k}`, { defaultValue: k });
  const series = { labels: cells.map((c) => label(c.key)), values: cells.map((c) => c.value) };
  const title = `${def?.name[lang] ?? figure.key} — ${t(`evaluation.by.${figure.by}`)}`;
  const unit = def?.unit ?? 'cases';
  return (
    <Card withBorder component="section" aria-labelledby={`panel-${id}`} data-testid={`panel-${id}`}>
      <Stack>
        <Title order={2} size="h4" id={`panel-${id}`}>
          {title}
        </Title>
        {id === 'map' ? (
          <ProvinceTileMap
            values={new Map(cells.flatMap((c) => (c.key ? [[c.key, c.value] as const] : [])))}
            name={regionName}
          />
        ) : (
          <EChart series={series} kind={figure.by === 'month' ? 'line' : 'bar'} />
        )}
        <details>
          <summary>{t('evaluation.table')}</summary>
          <ScrollTable minWidth={320} label={title}>
            <Table>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t(`evaluation.by.${figure.by}`)}</Table.Th>
                  <Table.Th scope="col">{t('evaluation.value')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {cells.map((c) => (
                  <Table.Tr key={String(c.key)}>
                    <Table.Th scope="row">{label(c.key)}</Table.Th>
                    <Table.Td>
                      {c.suppressed ? (
                        <Badge variant="light" color="gray">
                          {t('evaluation.suppressed')}
                        </Badge>
                      ) : (
                        formatValue(c.value, unit, i18n.language, t)
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollTable>
        </details>
      </Stack>
    </Card>
  );
}
