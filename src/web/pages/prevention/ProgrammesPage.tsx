import {
  Anchor,
  Card,
  Group,
  Loader,
  MultiSelect,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { type ProgrammeFilters, preventionApi, preventionKeys } from '../../api/prevention.js';
import { useAuth } from '../../auth.js';
import { SubmitRow } from '../../ui/FormActions.js';
import { LoadMore } from '../../ui/LoadMore.js';
import { ProblemAlert } from '../../ui/ProblemAlert.js';
import { useRegions } from '../../ui/reference.js';
import { ScrollTable } from '../../ui/ScrollTable.js';
import { required, useApiForm } from '../../ui/useApiForm.js';
import { useKeysetPages, withoutEmpty } from '../../ui/useKeysetList.js';
import { usePageTitle } from '../../ui/usePageTitle.js';
import { EnumSelect, useEnumOptions } from '../cases/fields.js';
import { AwarenessComparison } from './AwarenessComparison.js';
import { programmeTypes, targetGroups } from './model.js';

/** Prevention programmes of the agency, and a form for a new one. */
export function ProgrammesPage() {
  const { t } = useTranslation();
  const { can } = useAuth();
  usePageTitle('prevention.title');
  const [type, setType] = useState<string | null>(null);
  const filters = withoutEmpty({ type: (type ?? undefined) as ProgrammeFilters['type'] });
  const list = useKeysetPages(preventionKeys.list(filters), (page) => preventionApi.programmes(filters, page));
  const typeOptions = useEnumOptions(programmeTypes, 'prevention.types');
  return (
    <Stack>
      <Title order={1}>{t('prevention.title')}</Title>
      <Group>
        <Select
          label={t('prevention.type')}
          data={typeOptions}
          value={type}
          onChange={setType}
          clearable
          placeholder={t('prevention.any')}
          comboboxProps={{ withinPortal: true }}
        />
        <Anchor component={Link} to="/budgets" mt="lg">
          {t('prevention.budgetsNav')}
        </Anchor>
      </Group>
      <ProblemAlert error={list.error} />
      {list.isPending ? (
        <Loader aria-label={t('common.loading')} />
      ) : list.items.length === 0 ? (
        <Text c="gray.7">{t('prevention.empty')}</Text>
      ) : (
        <ScrollTable minWidth={500} label={t('prevention.title')}>
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('prevention.name')}</Table.Th>
                <Table.Th>{t('prevention.type')}</Table.Th>
                <Table.Th>{t('prevention.period')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.items.map((p) => (
                <Table.Tr key={p.id} data-testid="programme-row">
                  <Table.Td>
                    <Anchor component={Link} to={`/prevention/${p.id}`}>
                      {p.name}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{t(`prevention.types.${p.type}`)}</Table.Td>
                  <Table.Td>
                    {p.startsOn} – {p.endsOn}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
      <LoadMore {...list} count={list.items.length} />
      <AwarenessComparison />
      {can('programmes.manage') && <NewProgramme />}
    </Stack>
  );
}

const programmeFields = ['name', 'type', 'province', 'regions', 'startsOn', 'endsOn', 'targetGroups'] as const;

function NewProgramme() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const {
    form,
    mutation: create,
    submit,
    bind,
  } = useApiForm({
    initialValues: {
      name: '',
      type: null as string | null,
      province: null as string | null,
      /** Regencies of the province; none picked: the whole province. */
      regions: [] as string[],
      startsOn: '',
      endsOn: '',
      targetGroups: [] as string[],
    },
    validate: {
      name: required,
      type: required,
      province: required,
      startsOn: required,
      endsOn: required,
      targetGroups: required,
    },
    send: (v) =>
      preventionApi.createProgramme({
        type: v.type,
        name: v.name.trim(),
        regionCodes: v.regions.length ? v.regions : v.province ? [v.province] : [],
        startsOn: v.startsOn,
        endsOn: v.endsOn,
        targetGroups: v.targetGroups,
      }),
    // The regions sent are the regencies picked, or else the province.
    fieldOf: (v) => ({ regionCodes: v.regions.length ? 'regions' : 'province' }),
    onSuccess: (p) => {
      void qc.invalidateQueries({ queryKey: preventionKeys.programmes, exact: false });
      navigate(`/prevention/${p.id}`);
    },
  });
  const { province } = form.getValues();
  const provinces = useRegions();
  const regencies = useRegions(province, Boolean(province));
  return (
    <Card withBorder component="form" noValidate onSubmit={submit} data-testid="programme-form">
      <Stack>
        <Title order={2} size="h4">
          {t('prevention.newProgramme')}
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label={t('prevention.name')}
            {...form.getInputProps('name')}
            required
            data-testid="programme-name"
          />
          <EnumSelect
            label={t('prevention.type')}
            values={programmeTypes}
            prefix="prevention.types"
            {...bind('type')}
            required
            testId="programme-type"
          />
          <Select
            label={t('prevention.province')}
            data={(provinces.data ?? []).map((r) => ({ value: r.code, label: r.name }))}
            {...bind('province')}
            onChange={(v) => {
              form.setFieldValue('province', v);
              form.setFieldValue('regions', []);
            }}
            searchable
            required
            data-testid="programme-province"
            comboboxProps={{ withinPortal: true }}
          />
          <MultiSelect
            label={t('prevention.regencies')}
            data={(regencies.data ?? []).map((r) => ({ value: r.code, label: r.name }))}
            {...bind('regions')}
            searchable
            disabled={!province}
            data-testid="programme-regencies"
            comboboxProps={{ withinPortal: true }}
          />
          <TextInput
            type="date"
            label={t('prevention.startsOn')}
            {...form.getInputProps('startsOn')}
            required
            data-testid="programme-starts-on"
          />
          <TextInput
            type="date"
            label={t('prevention.endsOn')}
            {...form.getInputProps('endsOn')}
            required
            data-testid="programme-ends-on"
          />
        </SimpleGrid>
        <MultiSelect
          label={t('prevention.targetGroups')}
          data={useEnumOptions(targetGroups, 'prevention.groups')}
          {...bind('targetGroups')}
          required
          data-testid="programme-target-groups"
          comboboxProps={{ withinPortal: true }}
        />
        <ProblemAlert error={create.error} fields={programmeFields} />
        <SubmitRow start pending={create.isPending} testId="programme-create" label={t('prevention.create')} />
      </Stack>
    </Card>
  );
}
