import { Button, Group, MultiSelect, Select, SimpleGrid, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRegenciesOf } from '../../api/reference.js';
import { useRegions } from '../../ui/reference.js';

/**
 * Readable names of region codes ("Kota Kupang, Nusa Tenggara Timur" / "Jawa Barat"): the provinces and the
 * regencies of each province involved are read once and kept (the same cache as ui/reference.ts).
 */
export function useRegionNames(codes: readonly string[]) {
  const provinceCodes = [...new Set(codes.filter((c) => c.includes('.')).map((c) => c.slice(0, 2)))];
  const provinces = useRegions(undefined, codes.length > 0);
  const regencies = useRegenciesOf(provinceCodes);
  const byCode = new Map<string, string>();
  for (const p of provinces.data ?? []) byCode.set(p.code, p.name);
  for (const q of regencies) for (const r of q.data ?? []) byCode.set(r.code, r.name);
  return (code: string, withProvince = true): string => {
    if (!code.includes('.')) return byCode.get(code) ?? code;
    const regency = byCode.get(code) ?? code;
    const province = byCode.get(code.slice(0, 2));
    return withProvince && province ? `${regency}, ${province}` : regency;
  };
}

interface RegionsInputProps {
  value: string[];
  onChange: (codes: string[]) => void;
  error?: string;
  testId: string;
}

/**
 * The regions a service covers: whole provinces, and regencies/cities picked province by province. Nothing
 * chosen means the agency's own region (the server's rule).
 */
export function RegionsInput({ value, onChange, error, testId }: RegionsInputProps) {
  const { t } = useTranslation();
  const provinces = useRegions(undefined);
  const [province, setProvince] = useState<string | null>(null);
  const regencies = useRegions(province, Boolean(province));
  const name = useRegionNames(value);
  const wholeProvinces = value.filter((c) => !c.includes('.'));
  const pickedRegencies = value.filter((c) => c.includes('.'));
  // Regencies of the province being browsed, plus those picked earlier in other provinces (so they stay shown).
  const regencyOptions = new Map<string, string>();
  for (const r of regencies.data ?? []) regencyOptions.set(r.code, r.name);
  for (const code of pickedRegencies) if (!regencyOptions.has(code)) regencyOptions.set(code, name(code));

  return (
    <Stack gap="xs">
      <MultiSelect
        label={t('directory.form.provinces')}
        description={t('directory.form.provincesHint')}
        placeholder={wholeProvinces.length === 0 ? t('common.searchToPick') : undefined}
        searchable
        clearable
        hidePickedOptions
        data={(provinces.data ?? []).map((p) => ({ value: p.code, label: p.name }))}
        value={wholeProvinces}
        onChange={(next) => onChange([...next, ...pickedRegencies])}
        error={error}
        nothingFoundMessage={t('common.nothingFound')}
        data-testid={`${testId}-provinces`}
        comboboxProps={{ withinPortal: true }}
      />
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <Select
          label={t('directory.form.browseProvince')}
          placeholder={t('common.searchToPick')}
          searchable
          clearable
          data={(provinces.data ?? []).map((p) => ({ value: p.code, label: p.name }))}
          value={province}
          onChange={setProvince}
          nothingFoundMessage={t('common.nothingFound')}
          data-testid={`${testId}-browse`}
          comboboxProps={{ withinPortal: true }}
        />
        <MultiSelect
          label={t('directory.form.regencies')}
          placeholder={province ? t('common.searchToPick') : undefined}
          searchable
          clearable
          hidePickedOptions
          data={[...regencyOptions].map(([code, label]) => ({ value: code, label }))}
          value={pickedRegencies}
          onChange={(next) => onChange([...wholeProvinces, ...next])}
          nothingFoundMessage={province ? t('common.nothingFound') : t('directory.form.pickProvinceFirst')}
          data-testid={`${testId}-regencies`}
          comboboxProps={{ withinPortal: true }}
        />
      </SimpleGrid>
      {value.length > 0 ? (
        <Group gap="xs">
          <Text size="sm" c="gray.7">
            {t('directory.form.regionsChosen', { count: value.length })}
          </Text>
          <Button variant="subtle" size="compact-sm" onClick={() => onChange([])}>
            {t('directory.form.regionsClear')}
          </Button>
        </Group>
      ) : (
        <Text size="sm" c="gray.7">
          {t('directory.form.regionsDefault')}
        </Text>
      )}
    </Stack>
  );
}
