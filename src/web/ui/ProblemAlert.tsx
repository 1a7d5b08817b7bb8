import { Alert, List } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ApiError, fieldMatches } from '../api.js';

interface Props {
  error: unknown;
  /** Fields shown next to their inputs; their messages are not repeated here. */
  fields?: readonly string[];
  testId?: string;
}

/** Shows a failed call: the server's localised title and detail, plus field messages no input shows. */
export function ProblemAlert({ error, fields = [], testId = 'problem-alert' }: Props) {
  const { t } = useTranslation();
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
              {e.message}
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
