/**
 * A form kept by @mantine/form whose submit is a mutation (useMutation). Its own rules are checked first; then
 * the server's field errors (problem+json `errors`) are put on the fields they name. Either way the keyboard
 * lands on the first field marked invalid (WCAG 3.3.1). The server remains the judge of every value: the
 * form's rules only spare a round trip for what is plainly missing.
 */
import { type FormErrors, type FormValidateInput, useForm } from '@mantine/form';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useEffect, useRef } from 'react';
import { ApiError, fieldMatches, readableFieldMessage } from '../api.js';
import i18n from '../i18n/index.js';

interface Options<V, R> {
  initialValues: V;
  validate?: FormValidateInput<V>;
  /** Sends the values (a typed call from src/web/api/). */
  send: (values: V) => Promise<R>;
  onSuccess?: (result: R, values: V) => unknown;
  onError?: (error: Error) => void;
  /**
   * Server field paths that belong to a differently named form field (`providerAgencyId` → `provider`), or a
   * function of the values sent when that depends on them (one server field given by either of two inputs).
   */
  fieldOf?: Record<string, keyof V & string> | ((values: V) => Record<string, keyof V & string>);
}

/** A rule for a field that must be given (an empty string, null or empty list is missing). */
export const required = (value: unknown): string | null =>
  value === null ||
  value === undefined ||
  (typeof value === 'string' && value.trim() === '') ||
  (Array.isArray(value) && value.length === 0)
    ? i18n.t('forms.required')
    : null;

/** The form fields a server error list names, with their messages (the first message per field wins). */
export function serverFieldErrors(error: unknown, fields: readonly string[], fieldOf: Record<string, string> = {}) {
  const errors: FormErrors = {};
  if (!(error instanceof ApiError)) return errors;
  for (const issue of error.problem.errors ?? []) {
    const direct = fields.find((f) => fieldMatches(issue.field, f));
    const renamed = Object.entries(fieldOf).find(([server]) => fieldMatches(issue.field, server))?.[1];
    const field = direct ?? renamed;
    if (field && errors[field] === undefined) errors[field] = readableFieldMessage(issue);
  }
  return errors;
}

export function useApiForm<V extends Record<string, unknown>, R>(options: Options<V, R>) {
  const form = useForm<V>({ mode: 'controlled', initialValues: options.initialValues, validate: options.validate });
  const element = useRef<HTMLFormElement | null>(null);
  // The keyboard moves once the errors are rendered (Mantine sets aria-invalid on the input), so after the commit
  // that shows them: a frame scheduled when they were set may run before React renders on a busy machine, and
  // then finds nothing to focus.
  const focusPending = useRef(false);
  useEffect(() => {
    if (!focusPending.current) return;
    const invalid = element.current?.querySelector<HTMLElement>('[aria-invalid="true"]');
    if (!invalid) return;
    focusPending.current = false;
    invalid.focus();
  });
  const mutation = useMutation({
    mutationFn: options.send,
    onSuccess: (result, values) => options.onSuccess?.(result, values),
    onError: (error, values) => {
      // The caller's handling first: a value it resets (a spent code) would otherwise wipe the field's error.
      options.onError?.(error);
      const fieldOf = typeof options.fieldOf === 'function' ? options.fieldOf(values) : options.fieldOf;
      const errors = serverFieldErrors(error, Object.keys(form.getValues()), fieldOf);
      focusPending.current = Object.keys(errors).length > 0;
      form.setErrors(errors);
    },
  });
  const submit = (event?: FormEvent<HTMLFormElement>) => {
    event?.preventDefault();
    if (event) element.current = event.currentTarget;
    // The errors render after this handler returns (React batches the update), so the flag is set in time.
    if (form.validate().hasErrors) {
      focusPending.current = true;
      return;
    }
    mutation.mutate(form.getValues());
  };
  /** A control that is not a plain input (a select, a picker): its value, change and error. */
  const bind = <K extends keyof V & string>(field: K) => ({
    value: form.getValues()[field],
    onChange: (value: V[K]) => form.setFieldValue(field, value as never),
    // Only messages (strings) are set: the rules' and the server's.
    error: form.errors[field] as string | undefined,
  });
  return { form, mutation, submit, bind };
}
