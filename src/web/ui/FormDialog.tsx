import { Modal, Stack } from '@mantine/core';
import type { FormEvent, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { FormActions } from './FormActions.js';
import { ProblemAlert } from './ProblemAlert.js';

interface Props {
  title: string;
  onClose: () => void;
  /** useApiForm's submit. */
  onSubmit: (event: FormEvent<HTMLFormElement>) => void;
  /** The last call's failure: its title and detail, and the field messages no input shows. */
  error: unknown;
  /** Server fields shown next to their inputs (not repeated in the alert). */
  fields: readonly string[];
  pending: boolean;
  /** Test ids of the form and of its save button. */
  testId: string;
  saveTestId: string;
  children: ReactNode;
}

/**
 * A record's create/edit dialog: a modal that a stray click outside does not close (the typing would be lost),
 * the form (browser validation off: the form's rules and the server's speak on the fields), the failure, the
 * fields, and Cancel + Save.
 */
export function FormDialog({ title, onClose, onSubmit, error, fields, pending, testId, saveTestId, children }: Props) {
  const { t } = useTranslation();
  return (
    <Modal
      opened
      closeButtonProps={{ 'aria-label': t('common.close') }}
      onClose={onClose}
      title={title}
      size="lg"
      closeOnClickOutside={false}
    >
      <form onSubmit={onSubmit} noValidate data-testid={testId}>
        <Stack>
          <ProblemAlert error={error} fields={fields} />
          {children}
          <FormActions onCancel={onClose} pending={pending} submitLabel={t('common.save')} testId={saveTestId} />
        </Stack>
      </form>
    </Modal>
  );
}
