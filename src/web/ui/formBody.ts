/**
 * A form's values as a request body sends them: an empty optional field is left out (undefined), by value,
 * so the body never carries a blank the server would have to tell apart from a given value.
 */

/** Text trimmed; left out when blank. */
export const text = (value: string): string | undefined => value.trim() || undefined;

/** A number input's value (Mantine gives '' when it is emptied); left out when empty. */
export const num = (value: number | string): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) ? value : undefined;

/** A picked value (a select, a picker); left out when none is picked. */
export const picked = <T>(value: T | null): T | undefined => value ?? undefined;
