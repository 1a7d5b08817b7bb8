import { Alert, Select } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/** What was just done, said politely (role="status") until the user closes it. */
export function SavedNotice({
  onClose,
  testId,
  children,
}: {
  onClose: () => void;
  testId?: string;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Alert
      color="green"
      variant="light"
      role="status"
      withCloseButton
      closeButtonLabel={t('common.close')}
      onClose={onClose}
      data-testid={testId}
    >
      {children}
    </Alert>
  );
}

/** The filter on an account's or agency's status (active or disabled; empty: both). */
export function StatusFilter({ value, onChange }: { value: string | null; onChange: (value: string | null) => void }) {
  const { t } = useTranslation();
  return (
    <Select
      label={t('common.status')}
      value={value}
      onChange={onChange}
      clearable
      data={[
        { value: 'active', label: t('status.active') },
        { value: 'disabled', label: t('status.disabled') },
      ]}
    />
  );
}
