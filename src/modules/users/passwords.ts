import { randomInt } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import type { ZxcvbnFactory } from '@zxcvbn-ts/core';
import type { FieldIssue } from '../../platform/errors.js';

/** argon2id with the library defaults (m=19 MiB, t=2, p=1), as OWASP recommends. */
export const hashPassword = (password: string) => hash(password);

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

// A hash of a random value, so that an unknown username costs as much time as a wrong password.
let decoy: Promise<string> | undefined;
export async function burnPasswordTime(password: string): Promise<void> {
  decoy ??= hash(`decoy-${randomInt(1e9)}`);
  await verifyPassword(await decoy, password);
}

// Loaded on first use: the dictionaries take most of a second to load, which every CLI start would pay.
let zxcvbn: Promise<ZxcvbnFactory> | undefined;
function strengthChecker(): Promise<ZxcvbnFactory> {
  zxcvbn ??= (async () => {
    const [{ ZxcvbnFactory }, common, en, idn] = await Promise.all([
      import('@zxcvbn-ts/core'),
      import('@zxcvbn-ts/language-common'),
      import('@zxcvbn-ts/language-en'),
      import('@zxcvbn-ts/language-id'),
    ]);
    return new ZxcvbnFactory({
      translations: en.translations,
      graphs: common.adjacencyGraphs,
      dictionary: { ...common.dictionary, ...en.dictionary, ...idn.dictionary },
    });
  })();
  return zxcvbn;
}

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

/**
 * NIST SP 800-63B: length first (≥ 12), no composition rules, reject guessable passwords —
 * common, breached-style, keyboard patterns and Indonesian and English words — and the user's own names.
 */
export async function checkPasswordPolicy(
  field: string,
  password: string,
  userInputs: string[],
): Promise<FieldIssue | null> {
  if (password.length < MIN_PASSWORD_LENGTH) return { field, code: 'password_too_short' };
  const lower = password.toLowerCase();
  for (const input of userInputs) {
    if (input.length >= 4 && lower.includes(input.toLowerCase())) return { field, code: 'password_contains_username' };
  }
  const result = (await strengthChecker()).check(password, ['pulih', 'tppo', 'uptd', 'ppa', ...userInputs]);
  if (result.score < 3) return { field, code: 'password_weak' };
  return null;
}

const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
/** A temporary password an administrator hands over; it must be changed at first login. */
export function generateTemporaryPassword(): string {
  const groups = Array.from({ length: 4 }, () =>
    Array.from({ length: 5 }, () => alphabet[randomInt(alphabet.length)]).join(''),
  );
  return groups.join('-');
}
