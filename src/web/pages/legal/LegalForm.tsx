import { Button, Group, Stack } from '@mantine/core';
import type { FormEvent, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '../../ui/ProblemAlert.js';

/** The button that opens a form of the proceeding page. */
export function OpenFormButton({ label, testId, onOpen }: { label: string; testId: string; onOpen: () => void }) {
  return (
    <Group>
      <Button variant="light" onClick={onOpen} data-testid={testId}>
        {label}
      </Button>
    </Group>
  );
}

/**
 * A form of the proceeding page (a useApiForm's submit): named by its label, the server's problem on top
 * (leaving out the fields whose inputs show their own message), then its fields.
 */
export function LegalForm({
  label,
  onSubmit,
  error,
  fields,
  testId,
  children,
}: {
  label: string;
  onSubmit: (event: FormEvent<HTMLFormElement>) => void;
  error: unknown;
  fields: readonly string[];
  testId?: string;
  children: ReactNode;
}) {
  return (
    <form noValidate onSubmit={onSubmit} aria-label={label} data-testid={testId}>
      <Stack gap="xs">
        <ProblemAlert error={error} fields={fields} />
        {children}
      </Stack>
    </form>
  );
}

/** A form's last row: save (busy while the call runs) and cancel, after any extra buttons. */
export function SaveCancel({
  pending,
  testId,
  onCancel,
  children,
}: {
  pending: boolean;
  testId: string;
  onCancel: () => void;
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Group>
      {children}
      <Button type="submit" loading={pending} data-testid={testId}>
        {t('legal.page.save')}
      </Button>
      <Button variant="default" onClick={onCancel}>
        {t('legal.page.cancel')}
      </Button>
    </Group>
  );
}
