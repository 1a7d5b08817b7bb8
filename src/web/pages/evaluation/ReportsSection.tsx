import {
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  Progress,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { reportFormats, reportKinds } from '../../../contract/indicators.js';
import { evaluationApi, evaluationKeys, type Report } from '../../api/evaluation.js';
import { reportingToday } from '../../ui/format.js';
import { ProblemAlert } from '../../ui/ProblemAlert.js';
import { CaptionedTable } from '../../ui/ScrollTable.js';
import { required, useApiForm } from '../../ui/useApiForm.js';

const reportFields = ['kind', 'format', 'year'] as const;

/** The task force's annual report and five-year review, generated on demand (with progress) or on a schedule. */
export function ReportsSection() {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const reports = useQuery({
    queryKey: evaluationKeys.reports,
    queryFn: evaluationApi.reports,
    refetchInterval: (q) =>
      q.state.data?.items.some((r) => r.status === 'queued' || r.status === 'running') ? 1000 : false,
  });
  const {
    form,
    mutation: generate,
    submit,
    bind,
  } = useApiForm({
    initialValues: {
      kind: 'annual' as Report['kind'],
      format: 'xlsx' as Report['format'],
      year: reportingToday().slice(0, 4),
    },
    validate: { year: required },
    send: (v) =>
      evaluationApi.generateReport({
        kind: v.kind,
        format: v.format,
        year: Number(v.year.trim()),
        locale: i18n.language === 'en' ? 'en' : 'id',
      }),
    onSuccess: () => client.invalidateQueries({ queryKey: evaluationKeys.reports }),
  });
  return (
    <Card withBorder component="section" aria-labelledby="reports-title">
      <Stack>
        <Title order={2} id="reports-title" size="h3">
          {t('evaluation.reports.title')}
        </Title>
        <Text size="sm">{t('evaluation.reports.intro')}</Text>
        <form onSubmit={submit} noValidate data-testid="report-form">
          <Group align="flex-end">
            <Select
              label={t('evaluation.reports.kind')}
              data={reportKinds.map((k) => ({ value: k, label: t(`evaluation.reports.kinds.${k}`) }))}
              {...bind('kind')}
              onChange={(v) => v && form.setFieldValue('kind', v as Report['kind'])}
              allowDeselect={false}
              data-testid="report-kind"
            />
            <Select
              label={t('evaluation.reports.format')}
              data={reportFormats.map((f) => ({ value: f, label: f.toUpperCase() }))}
              {...bind('format')}
              onChange={(v) => v && form.setFieldValue('format', v as Report['format'])}
              allowDeselect={false}
              data-testid="report-format"
            />
            <TextInput
              label={t('evaluation.reports.year')}
              {...form.getInputProps('year')}
              required
              inputMode="numeric"
              data-testid="report-year"
            />
            <Button type="submit" loading={generate.isPending} data-testid="report-generate">
              {t('evaluation.reports.generate')}
            </Button>
          </Group>
        </form>
        <ProblemAlert error={generate.error ?? reports.error} fields={reportFields} />
        <CaptionedTable
          minWidth={560}
          label={t('evaluation.reports.title')}
          data-testid="reports-table"
          columns={[
            t('evaluation.reports.kind'),
            t('evaluation.reports.period'),
            t('evaluation.reports.format'),
            t('evaluation.reports.status'),
            t('evaluation.reports.file'),
          ]}
        >
          {(reports.data?.items ?? []).map((r) => (
            <Table.Tr key={r.id} data-testid="report-row">
              <Table.Td>
                {t(`evaluation.reports.kinds.${r.kind}`)}
                {r.scheduled && (
                  <Badge ml="xs" variant="light">
                    {t('evaluation.reports.scheduled')}
                  </Badge>
                )}
              </Table.Td>
              <Table.Td>
                {r.from} – {r.to}
              </Table.Td>
              <Table.Td>{r.format.toUpperCase()}</Table.Td>
              <Table.Td>
                {r.status === 'running' || r.status === 'queued' ? (
                  <Progress
                    value={r.progress}
                    aria-label={t('evaluation.reports.progress', { progress: r.progress })}
                  />
                ) : (
                  t(`evaluation.reports.statuses.${r.status}`)
                )}
              </Table.Td>
              <Table.Td>
                {r.status === 'done' && (
                  <Anchor href={evaluationApi.reportFile(r.id)} data-testid={`report-download-${r.format}`}>
                    {t('evaluation.reports.download', { format: r.format.toUpperCase() })}
                  </Anchor>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </CaptionedTable>
      </Stack>
    </Card>
  );
}
