import { Button, Group } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/** A form's or dialog's last row: cancel, and the submit button (busy while the call runs). */
export function FormActions({
  onCancel,
  pending,
  submitLabel,
  testId,
  disabled,
}: {
  onCancel: () => void;
  pending: boolean;
  submitLabel: string;
  testId?: string;
  /** Nothing to send yet (e.g. every row removed). */
  disabled?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <Group justify="flex-end">
      <Button variant="default" onClick={onCancel}>
        {t('common.cancel')}
      </Button>
      <Button type="submit" loading={pending} disabled={disabled} data-testid={testId}>
        {submitLabel}
      </Button>
    </Group>
  );
}

/**
 * A form's submit button on its own row (busy while the call runs), at the row's end or, with `start`, its start;
 * what follows it (a saved notice) comes as children.
 */
export function SubmitRow({
  pending,
  label,
  testId,
  disabled,
  start,
  children,
}: {
  pending: boolean;
  label: string;
  testId?: string;
  disabled?: boolean;
  start?: boolean;
  children?: ReactNode;
}) {
  return (
    <Group justify={start ? undefined : 'flex-end'}>
      <Button type="submit" loading={pending} disabled={disabled} data-testid={testId}>
        {label}
      </Button>
      {children}
    </Group>
  );
}
