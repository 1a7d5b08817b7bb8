import { type ScrollAreaProps, Select } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAgency, useAgencySearch } from '../api/admin.js';

interface Props {
  label: string;
  value: string | null;
  /** The chosen agency's id, and its name when it was picked from the list. */
  onChange: (value: string | null, name?: string) => void;
  error?: string;
  required?: boolean;
  /** Leave this agency out (an agency cannot be its own parent). */
  exclude?: string;
  description?: string;
  testId?: string;
}

/**
 * The open list of agencies scrolls: axe asks that a scroll region be reachable from the keyboard
 * (scrollable-region-focusable, WCAG 2.1.1). Its viewport becomes focusable and named; as a group of the
 * listbox, since a listbox may hold only options and groups, and a name on a role-less element is not allowed.
 */
export function agencyListScroll(label: string): ScrollAreaProps {
  return { viewportProps: { tabIndex: 0, role: 'group', 'aria-label': label } };
}

/** Searchable agency choice backed by the server's search, so it works with thousands of agencies. */
export function AgencyPicker({ label, value, onChange, error, required, exclude, description, testId }: Props) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search, 250);
  const [known, setKnown] = useState<Record<string, string>>({});
  const results = useAgencySearch(debounced);
  const selected = useAgency(value, !known[value ?? ''] && !results.data?.items.some((a) => a.id === value));

  const options = new Map<string, string>();
  for (const agency of results.data?.items ?? []) if (agency.id !== exclude) options.set(agency.id, agency.name);
  if (value && !options.has(value)) {
    const name = known[value] ?? selected.data?.name;
    if (name) options.set(value, name);
  }

  return (
    <Select
      label={label}
      description={description}
      placeholder={t('common.searchToPick')}
      searchable
      clearable={!required}
      required={required}
      value={value}
      onChange={(next, option) => {
        if (next && option) setKnown((k) => ({ ...k, [next]: option.label }));
        onChange(next, option?.label);
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
