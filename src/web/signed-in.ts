/*
 * Whether this device had a session open last time: a flag only, no identity. The session code sets it
 * (auth.tsx) and the boot's preload reads it (preload.ts); it lives apart so that neither imports the other
 * (preload.ts loads the shell, which imports the session code).
 */
const hintKey = 'pulih.signedIn';

/** Remembers on this device whether a session was open (no identity: a flag only). */
export function rememberSignedIn(signedIn: boolean): void {
  try {
    if (signedIn) localStorage.setItem(hintKey, '1');
    else localStorage.removeItem(hintKey);
  } catch {
    // Private mode without storage: no head start.
  }
}

export function wasSignedIn(): boolean {
  try {
    return localStorage.getItem(hintKey) === '1';
  } catch {
    return false;
  }
}
