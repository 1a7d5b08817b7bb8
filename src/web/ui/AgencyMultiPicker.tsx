import { MultiSelect } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAgencySearch } from '../api/admin.js';
import { agencyListScroll } from './AgencyPicker.js';

interface MultiProps {
  label: string;
  value: string[];
  onChange: (value: string[]) => void;
  error?: string;
  required?: boolean;
  description?: string;
  testId?: string;
  /** Names of agencies chosen beforehand (e.g. the user's own), so they show before any search. */
  names?: Record<string, string>;
}

/** Several agencies, searched on the server like AgencyPicker; chosen names stay shown while searching on. */
export function AgencyMultiPicker({ label, value, onChange, error, required, description, testId, names }: MultiProps) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search, 250);
  const [known, setKnown] = useState<Record<string, string>>(names ?? {});
  const results = useAgencySearch(debounced);
  const options = new Map<string, string>();
  for (const id of value) if (known[id]) options.set(id, known[id]);
  for (const agency of results.data?.items ?? []) options.set(agency.id, agency.name);

  return (
    <MultiSelect
      label={label}
      description={description}
      placeholder={value.length === 0 ? t('common.searchToPick') : undefined}
      searchable
      clearable
      hidePickedOptions
      required={required}
      value={value}
      onChange={(next) => {
        const names = { ...known };
        for (const agency of results.data?.items ?? []) if (next.includes(agency.id)) names[agency.id] = agency.name;
        setKnown(names);
        onChange(next);
      }}
      searchValue={search}
      onSearchChange={setSearch}
      data={[...options].map(([id, name]) => ({ value: id, label: name }))}
      nothingFoundMessage={results.isFetching ? t('common.loading') : t('common.nothingFound')}
      filter={({ options: all }) => all}
      error={error}
      data-testid={testId}
      comboboxProps={{ withinPortal: true }}
      scrollAreaProps={agencyListScroll(label)}
    />
  );
}
