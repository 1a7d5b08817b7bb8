import { Alert, List } from '@mantine/core';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, fieldMatches, readableFieldMessage } from '../api.js';

interface Props {
  error: unknown;
  /** Fields shown next to their inputs; their messages are not repeated here. */
  fields?: readonly string[];
  testId?: string;
}

/** Shows a failed call: the server's localised title and detail, plus field messages no input shows. */
export function ProblemAlert({ error, fields = [], testId = 'problem-alert' }: Props) {
  const { t } = useTranslation();
  // After a refused submit, the keyboard lands on the first field marked invalid (WCAG 3.3.1).
  useEffect(() => {
    if (!(error instanceof ApiError) || !error.problem.errors?.length) return;
    const first = document.querySelector<HTMLElement>('main [aria-invalid="true"]');
    first?.focus();
  }, [error]);
  if (!error) return null;
  if (!(error instanceof ApiError)) {
    return (
      <Alert color="red" variant="light" title={t('error.unexpected.title')} role="alert" data-testid={testId}>
        {t('error.unexpected.detail', { status: '?' })}
      </Alert>
    );
  }
  const { problem } = error;
  const unplaced = (problem.errors ?? []).filter((e) => !fields.some((f) => fieldMatches(e.field, f)));
  return (
    <Alert color="red" variant="light" title={problem.title} role="alert" data-testid={testId}>
      {problem.detail}
      {unplaced.length > 0 && (
        <List size="sm" mt="xs">
          {unplaced.map((e) => (
            <List.Item key={`${e.field}-${e.code}`}>
              {e.field ? `${e.field}: ` : ''}
              {readableFieldMessage(e)}
            </List.Item>
          ))}
        </List>
      )}
    </Alert>
  );
}

/** The server's message for one form field, if the last call failed on it. */
export function fieldError(error: unknown, field: string): string | undefined {
  return error instanceof ApiError ? error.fieldMessage(field) : undefined;
}
