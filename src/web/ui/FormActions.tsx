import { Button, Group } from '@mantine/core';
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
