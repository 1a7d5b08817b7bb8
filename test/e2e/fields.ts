import { expect, type Locator } from '@playwright/test';

/**
 * A field marked invalid with its message tied to it (aria-describedby names the element that says what is
 * wrong), as useApiForm puts a form rule's or the server's field error on the field it names.
 */
export async function expectFieldError(input: Locator, message: string | RegExp): Promise<void> {
  await expect(input).toHaveAttribute('aria-invalid', 'true');
  const describedBy = (await input.getAttribute('aria-describedby')) ?? '';
  const errorId = describedBy.split(' ').find((id) => id.endsWith('-error'));
  expect(errorId, 'the field error is tied to the input').toBeTruthy();
  await expect(input.page().locator(`[id="${errorId}"]`)).toContainText(message);
}

/** The form rule's message for a field left empty. */
export const requiredMessage = 'Kolom ini wajib diisi.';
