import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { type APIRequestContext, type BrowserContext, expect, type Page, type TestInfo, test } from '@playwright/test';
import { generate } from 'otplib';

export const demoPassword = 'Pulih-Demo-2026-Aman';

/**
 * How long a page that loads its code may take: after a login the browser fetches the application shell, the
 * landing page's chunk and its data one after the other, which on a loaded 2-core machine took over 15 s (the
 * default expect timeout) in a full run. Used where a wait follows a login or a navigation to a fresh page.
 */
export const pageLoad = { timeout: 60_000 };

/**
 * What one server run has taught the tests (TOTP secrets, the last TOTP step used per user).
 * It lives beside that run's database and is wiped with it, so it survives a worker restart.
 */
interface RunState {
  totpSecrets: Record<string, string>;
  lastStep: Record<string, number>;
  /** Server time minus this machine's time, once a spec has moved the server's test clock. */
  clockOffsetMs?: number;
}

function statePath(info: TestInfo): string {
  return join(tmpdir(), 'pulih-e2e', info.project.name, 'e2e-state.json');
}

function readState(info: TestInfo): RunState {
  const path = statePath(info);
  const saved = existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Partial<RunState>) : {};
  // Any spec may write the state first (the clock offset alone), so each part has its default.
  return { totpSecrets: {}, lastStep: {}, ...saved };
}

function writeState(info: TestInfo, state: RunState): void {
  const path = statePath(info);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(state, null, 2));
}

/**
 * Records the server's clock offset (server time minus this machine's) once a spec has moved the server's test
 * clock: TOTP codes are computed at the server's time (the server checks them against its own, moved, clock).
 */
export function rememberClockOffset(info: TestInfo, offsetMs: number): void {
  writeState(info, { ...readState(info), clockOffsetMs: offsetMs });
}

/** A TOTP code for a time step this user has not used yet (the server refuses a replayed code). */
async function freshCode(info: TestInfo, username: string, secret: string): Promise<string> {
  const state = readState(info);
  const last = state.lastStep[username] ?? -1;
  // Codes follow the server's clock, which a spec may have moved ahead (PULIH_TEST_CLOCK).
  const serverNow = () => Date.now() + (state.clockOffsetMs ?? 0);
  let step = Math.floor(serverNow() / 30_000);
  // Also keep 2 s clear of a step boundary so the code is still current when it arrives.
  while (step <= last || serverNow() % 30_000 > 28_000) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    step = Math.floor(serverNow() / 30_000);
  }
  state.lastStep[username] = step;
  writeState(info, state);
  return generate({ secret, epoch: Math.floor(serverNow() / 1000) });
}

/**
 * Fails on any serious or critical WCAG 2.1 A/AA violation on the current page. The pages are the same on
 * both databases, so axe (10–20 s a page on a busy 2-core machine) runs on the SQLite project only unless
 * PULIH_E2E_AXE=all; the PostgreSQL project walks the same journeys for the data.
 */
export async function expectAccessible(page: Page, where: string): Promise<void> {
  if (test.info().project.name !== 'sqlite' && process.env.PULIH_E2E_AXE !== 'all') return;
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
    .analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const summary = bad.map(
    (v) => `${v.impact} ${v.id}: ${v.help}\n    ${v.nodes.map((n) => n.target.join(' ')).join('\n    ')}`,
  );
  expect(summary, `axe violations on ${where}`).toEqual([]);
}

export type LoginStage = 'credentials' | 'totp' | 'totp_enroll' | 'password_change' | 'active';

/** The step the login page shows now, or "active" once the application shell is up. */
export async function currentStage(page: Page): Promise<LoginStage> {
  const card = page.getByTestId('login-card');
  const shell = page.getByTestId('logout');
  await expect(card.or(shell).first()).toBeVisible(pageLoad);
  if (await shell.isVisible()) return 'active';
  return (await card.getAttribute('data-stage')) as LoginStage;
}

/** Submits username and password and waits until the next step (or the app) is shown. */
export async function submitCredentials(page: Page, username: string, password: string): Promise<LoginStage> {
  await page.goto('/login');
  await expect(page.getByTestId('login-card')).toHaveAttribute('data-stage', 'credentials', pageLoad);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await expect(page.getByTestId('login-card').and(page.locator('[data-stage="credentials"]'))).toHaveCount(0, pageLoad);
  return currentStage(page);
}

/**
 * Logs a demo user in through whatever TOTP step the server asks for: enrolment on first login
 * (reads the secret from the page and remembers it), the code on later logins.
 */
export async function loginWithTotp(page: Page, info: TestInfo, username: string, password = demoPassword) {
  const stage = await submitCredentials(page, username, password);
  if (stage === 'totp_enroll') {
    await expect(page.getByTestId('totp-secret')).toBeVisible(pageLoad);
    await expect(page.getByRole('img', { name: /QR/ })).toBeVisible();
    await expectAccessible(page, `TOTP enrolment (${username})`);
    const secret = ((await page.getByTestId('totp-secret').textContent()) ?? '').trim();
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    const state = readState(info);
    state.totpSecrets[username] = secret;
    writeState(info, state);
    await page.getByTestId('totp-code').fill(await freshCode(info, username, secret));
    await page.getByTestId('totp-submit').click();
  } else if (stage === 'totp') {
    await expectAccessible(page, `TOTP code (${username})`);
    const secret = readState(info).totpSecrets[username];
    expect(secret, `no TOTP secret recorded for ${username} in this server run`).toBeTruthy();
    await page.getByTestId('totp-code').fill(await freshCode(info, username, secret as string));
    await page.getByTestId('totp-submit').click();
  } else {
    expect(stage, `unexpected login stage for ${username}`).toBe('active');
  }
  await expect(page.getByTestId('welcome-card')).toBeVisible(pageLoad);
}

/**
 * Picks an option of a Mantine Select/MultiSelect (optionally typing to search first) and checks that it took:
 * the Select's input shows the option, or the MultiSelect has its pill. Every spec picks through here.
 *
 * A dropdown can lose a click: a page still loading (after page.goto or page.reload) or a query that refetches
 * moves the input, Mantine hides a dropdown whose input left the viewport (Popover's hideDetached) and a click
 * meant for an option lands elsewhere. So each attempt has short timeouts, and the next one closes the dropdown
 * (Escape on the input itself, and only while it is open: a stray Escape would close a dialog around it) and
 * opens it again.
 */
export async function pick(page: Page, testId: string, option: string | RegExp, search?: string): Promise<void> {
  const input = page.getByTestId(testId);
  const exact = typeof option === 'string';
  const unchosen = page.getByRole('option', { name: option, exact, selected: false });
  const chosen = page.getByRole('option', { name: option, exact, selected: true });
  // One round trip for what the input says about itself (a busy machine makes every round trip slow):
  // data-expanded while its dropdown is open, even when the dropdown is hidden; data-type on a MultiSelect's input
  // (Mantine's PillsInput field), "hidden" for one without search and placeholder, a 1-pixel field under its
  // pills that takes no pointer and is opened from the keyboard, as a user tabbing to it would.
  const state = (timeout: number) =>
    input.evaluate((el) => ({ type: el.getAttribute('data-type'), expanded: el.hasAttribute('data-expanded') }), null, {
      timeout,
    });
  let type: string | null = null;
  const attempts = 4;
  for (let attempt = 1; ; attempt++) {
    // The first attempt waits for the page itself; later ones are short, and longer each time (an option can
    // come with data still on its way, a server-side search).
    const timeout = 5_000 * attempt;
    try {
      const before = await state(attempt === 1 ? 60_000 : timeout);
      type = before.type;
      // An open dropdown is closed first: a click on the input of a Select without search toggles it.
      if (before.expanded) await input.press('Escape', { timeout });
      if (type === 'hidden') {
        await input.focus({ timeout });
        await input.press('ArrowDown', { timeout });
      } else {
        await input.click({ timeout });
      }
      if (search !== undefined) await input.fill(search, { timeout });
      await unchosen.click({ timeout });
      break;
    } catch (error) {
      // Already chosen (a click that took before the attempt failed, or the value the field had): not clicked
      // again, a second click would deselect it.
      if ((await chosen.count()) > 0) break;
      if (attempt >= attempts) throw error;
    }
  }
  // A MultiSelect stays open after a pick; closed, it cannot cover the next field or leave two lists of options.
  if ((await state(5_000)).expanded) await input.press('Escape');
  if (type !== null) {
    // A MultiSelect's input sits among the pills of what was chosen.
    await expect(
      input.locator('xpath=..').getByText(option, { exact }),
      `pill ${String(option)} in ${testId}`,
    ).toBeVisible();
  } else {
    await expect(input, `choice in ${testId}`).toHaveValue(option);
  }
}

/** Logs out through the header button and waits for the login page. */
export async function logout(page: Page) {
  await page.getByTestId('logout').click();
  await expect(page.getByTestId('login-card')).toHaveAttribute('data-stage', 'credentials', pageLoad);
}

/**
 * Enrols an authenticator from the profile page (a user whose role does not require TOTP at login) and remembers
 * the secret, so stepUpCode can answer a step-up prompt such as break-the-glass.
 */
export async function enrolTotpOnProfile(
  page: Page,
  info: TestInfo,
  username: string,
  password = demoPassword,
): Promise<void> {
  await page.goto('/profile');
  // From a full session the server asks for the password first (a stolen session cannot bind an authenticator).
  await page.getByTestId('profile-totp-password').fill(password);
  await page.getByTestId('profile-totp-start').click();
  // Checking the password and drawing the QR code take a while on a busy machine.
  await expect(page.getByTestId('totp-secret')).toBeVisible(pageLoad);
  const secret = ((await page.getByTestId('totp-secret').textContent()) ?? '').trim();
  expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
  const state = readState(info);
  state.totpSecrets[username] = secret;
  writeState(info, state);
  await page.getByTestId('totp-code').fill(await freshCode(info, username, secret));
  await page.getByTestId('totp-submit').click();
  await expect(page.getByText('Autentikator sekarang aktif.')).toBeVisible();
}

/** A fresh TOTP code for a user whose secret this run recorded (a step-up at the moment of breaking the glass). */
export async function stepUpCode(info: TestInfo, username: string): Promise<string> {
  const secret = readState(info).totpSecrets[username];
  expect(secret, `no TOTP secret recorded for ${username} in this server run`).toBeTruthy();
  return freshCode(info, username, secret as string);
}

/** The CSRF token the server set in this browser context (a mutation through page.request must send it). */
export async function csrfOf(context: BrowserContext): Promise<string> {
  const csrf = (await context.cookies()).find((c) => c.name === 'pulih_csrf')?.value;
  expect(csrf, 'CSRF cookie').toBeTruthy();
  return csrf as string;
}

/** The JSON body of a response that must have succeeded; otherwise fails with its status and body. */
export async function apiOk<T>(response: Awaited<ReturnType<APIRequestContext['get']>>, what: string): Promise<T> {
  expect(response.ok(), `${what}: ${response.status()} ${await response.text()}`).toBe(true);
  return (await response.json()) as T;
}

/** Opens a tab of the case file; with `where`, waits for its data and runs axe on it. */
export async function openTab(page: Page, tab: string, where?: string): Promise<void> {
  await page.getByTestId(`tab-${tab}`).click();
  await expect(page.getByTestId(`tab-${tab}`)).toHaveAttribute('aria-selected', 'true');
  if (where === undefined) return;
  await page.waitForLoadState('networkidle');
  await expectAccessible(page, where);
}
