/** Authentication: login with throttling, TOTP enrolment and verification, step-up, password change, logout. */

import { randomBytes } from 'node:crypto';
import { requireActor } from '../../platform/access.js';
import { appendAudit } from '../../platform/audit.js';
import { type Context, type Services, transact } from '../../platform/context.js';
import { AppError, unauthenticated } from '../../platform/errors.js';
import { agencyFacts } from '../agencies/index.js';
import { requiresTotp } from './auth.roles.js';
import { sessionIdHash } from './auth.sessions.js';
import { burnPasswordTime, checkPasswordPolicy, hashPassword, verifyPassword } from './passwords.js';
import type { TStage } from './users.schema.js';
import {
  bumpThrottle,
  bumpTotpFailures,
  claimTotpStep,
  clearThrottle,
  endUserSessions,
  insertSession,
  type SessionRow,
  selectRoleKeys,
  selectUser,
  selectUserByUsername,
  throttleCounts,
  type UserRow,
  updateSession,
  updateUserRow,
} from './users.store.js';

/** The step a session must take next: TOTP code, new password, TOTP enrolment, or none. */
function nextStage(services: Services, user: UserRow, roles: string[], totpPassed: boolean): TStage {
  if (user.totp_enabled === 1 && !totpPassed) return 'totp';
  if (user.must_change_password === 1) return 'password_change';
  if (user.totp_enabled !== 1 && requiresTotp(services, roles)) return 'totp_enroll';
  return 'active';
}

export interface LoginResult {
  sessionId: string;
  csrfToken: string;
  stage: TStage;
}

const auditActor = (u: UserRow) => ({ userId: u.id, username: u.username, agencyId: u.agency_id });

/** Throttle keys: keyed fingerprints of the address, the user, and the user from that address (never plaintext). */
function throttleKeys(ctx: Context, username: string, userId: string | undefined) {
  const ip = ctx.ip ?? 'unknown';
  const who = userId ?? `?${username.trim().toLowerCase()}`;
  return {
    address: `a:${ctx.keyring.blindIndex('throttle', ip)}`,
    pair: `p:${ctx.keyring.blindIndex('throttle', `${who}\u0000${ip}`)}`,
    user: `u:${ctx.keyring.blindIndex('throttle', who)}`,
  };
}

/** A keyed fingerprint of a username typed at login: the DPO can match attempts without a stored typo. */
export const usernameFingerprint = (ctx: Context, username: string) =>
  ctx.keyring.blindIndex('login-username', username.trim().toLowerCase());

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Password login. A wrong password, an unknown user, a disabled account or agency, and a throttled
 * attempt all get the same answer (no enumeration). There is no lockout by name: failures are counted
 * atomically per address, per user from that address, and per user: that address stops being heard for
 * the user after PULIH_LOGIN_MAX_FAILURES failures (others, and the user elsewhere, still log in), an
 * address failing 4× as often is refused outright (429), and every further failure against the same user
 * from anywhere slows its answer (up to 5 s). Every attempt is audited.
 */
export async function login(ctx: Context, username: string, password: string): Promise<LoginResult> {
  const now = ctx.clock.now();
  const iso = now.toISOString();
  const cutoff = new Date(now.getTime() - ctx.config.loginLockMs).toISOString();
  const db = ctx.database.db;
  const found = await selectUserByUsername(db, username);
  const keys = throttleKeys(ctx, username, found?.id);
  const counts = await throttleCounts(db, [keys.address, keys.pair, keys.user], cutoff);
  const max = ctx.config.loginMaxFailures;
  if ((counts.get(keys.address) ?? 0) >= max * 4) throw new AppError('rate_limited', 'rate_limited');
  const userFailures = counts.get(keys.user) ?? 0;
  if (userFailures >= max) await sleep(Math.min(5_000, 100 * 2 ** (userFailures - max)));
  const pairBlocked = (counts.get(keys.pair) ?? 0) >= max;
  const agency = found ? await agencyFacts(db, found.agency_id) : undefined;
  const passwordOk =
    found && !pairBlocked
      ? await verifyPassword(found.password_hash, password)
      : (await burnPasswordTime(password), false);
  const user = found;
  if (!user || !passwordOk || user.status !== 'active' || agency?.status !== 'active') {
    const reason = !user
      ? 'unknown_user'
      : pairBlocked
        ? 'throttled'
        : !passwordOk
          ? 'wrong_password'
          : user.status !== 'active'
            ? 'disabled'
            : 'agency_disabled';
    await transact(ctx, async (tx) => {
      const failures = {
        address: await bumpThrottle(tx, keys.address, iso, cutoff),
        pair: await bumpThrottle(tx, keys.pair, iso, cutoff),
        user: await bumpThrottle(tx, keys.user, iso, cutoff),
      };
      await appendAudit(tx, ctx, {
        action: 'auth.login',
        outcome: 'failure',
        ...(user
          ? { actor: auditActor(user), entityType: 'user', entityId: user.id }
          : { actor: { userId: null, username: null, agencyId: null } }),
        details: {
          reason,
          failures: failures.user,
          throttled: failures.pair >= max,
          ...(user ? {} : { usernameFingerprint: usernameFingerprint(ctx, username) }),
        },
      });
    });
    throw new AppError('unauthenticated', 'invalid_credentials');
  }
  const roles = await selectRoleKeys(ctx.database.db, user.id);
  const stage = nextStage(ctx, user, roles, false);
  const sessionId = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  await transact(ctx, async (tx) => {
    const session: SessionRow = {
      id_hash: sessionIdHash(sessionId),
      user_id: user.id,
      stage,
      csrf_token: csrfToken,
      created_at: iso,
      last_seen_at: iso,
      expires_at: new Date(now.getTime() + ctx.config.sessionAbsoluteMs).toISOString(),
      ended_at: null,
      ip: ctx.ip,
    };
    await insertSession(tx, session);
    await clearThrottle(tx, [keys.pair, keys.user]);
    await updateUserRow(tx, user.id, { last_login_at: iso });
    await appendAudit(tx, ctx, {
      action: 'auth.login',
      actor: auditActor(user),
      entityType: 'user',
      entityId: user.id,
      details: { stage },
    });
  });
  return { sessionId, csrfToken, stage };
}

async function currentUser(ctx: Context): Promise<UserRow> {
  const actor = requireActor(ctx);
  const user = await selectUser(ctx.database.db, actor.userId);
  if (!user) throw unauthenticated('session_expired');
  return user;
}

async function advanceStage(ctx: Context, user: UserRow, totpPassed: boolean): Promise<TStage> {
  const actor = requireActor(ctx);
  return nextStage(ctx, user, [...actor.roles], totpPassed);
}

/**
 * Starts TOTP enrolment: a new secret (stored encrypted, not yet active) and its QR code. Replacing an
 * enrolled authenticator from a full session asks for the password again: a borrowed, unlocked screen
 * must not be enough to take over the second factor.
 */
export async function enrollTotp(ctx: Context, stage: TStage, password?: string) {
  const user = await currentUser(ctx);
  if (user.totp_enabled === 1 && stage !== 'active') throw new AppError('forbidden', 'session_incomplete', { stage });
  if (stage === 'active' && !(password && (await verifyPassword(user.password_hash, password)))) {
    await transact(ctx, (tx) =>
      appendAudit(tx, ctx, {
        action: 'auth.totp.enroll',
        outcome: 'failure',
        entityType: 'user',
        entityId: user.id,
        details: { reason: password ? 'wrong_password' : 'password_missing' },
      }),
    );
    throw new AppError('validation', 'validation', {}, [
      { field: 'password', code: password ? 'invalid' : 'required' },
    ]);
  }
  // TOTP and QR code libraries load on first use: most requests never need them (resident memory).
  const { generateSecret, generateURI } = await import('otplib');
  const secret = generateSecret();
  const otpauthUrl = generateURI({ issuer: 'Pulih', label: user.username, secret });
  await transact(ctx, async (tx) => {
    await updateUserRow(tx, user.id, {
      totp_secret_enc: ctx.keyring.encrypt('users', 'totp_secret_enc', user.id, secret),
      totp_enabled: 0,
      updated_at: ctx.clock.now().toISOString(),
    });
    await appendAudit(tx, ctx, { action: 'auth.totp.enroll', entityType: 'user', entityId: user.id });
  });
  const { default: QRCode } = await import('qrcode');
  return { secret, otpauthUrl, qrDataUrl: await QRCode.toDataURL(otpauthUrl) };
}

/** Verifies a TOTP code: completes login (stage totp) or enrolment. Failures count toward lockout. */
export async function verifyTotp(ctx: Context, stage: TStage, code: string): Promise<TStage> {
  const actor = requireActor(ctx);
  const user = await currentUser(ctx);
  if (!user.totp_secret_enc) throw new AppError('validation', 'totp_not_enrolled');
  const secret = ctx.keyring.decrypt('users', 'totp_secret_enc', user.id, user.totp_secret_enc);
  const now = ctx.clock.now();
  const { verify: verifyTotpCode } = await import('otplib');
  // While locked, no code is even checked: the answer is the same as for a wrong one.
  const totpLocked = user.locked_until !== null && Date.parse(user.locked_until) > now.getTime();
  const result = await verifyTotpCode({
    secret,
    token: code,
    epoch: Math.floor(now.getTime() / 1000),
    epochTolerance: 30,
    ...(user.totp_last_step ? { afterTimeStep: user.totp_last_step } : {}),
  });
  if (!result.valid || totpLocked) {
    // Counted in one statement, so parallel guesses all count; at the limit the user's TOTP is locked
    // (whoever guesses codes already knows the password) and every session of the user ends.
    const lockUntil = new Date(now.getTime() + ctx.config.loginLockMs).toISOString();
    await transact(ctx, async (tx) => {
      const { failures, locked } = await bumpTotpFailures(tx, user.id, ctx.config.loginMaxFailures, lockUntil);
      if (locked) await endUserSessions(tx, user.id, now.toISOString());
      await appendAudit(tx, ctx, {
        action: 'auth.totp.verify',
        outcome: 'failure',
        entityType: 'user',
        entityId: user.id,
        details: { failures, locked, whileLocked: totpLocked },
      });
    });
    throw new AppError('validation', 'totp_invalid', {}, [{ field: 'code', code: 'invalid' }]);
  }
  // Remember the step used so the same code cannot be replayed.
  const timeStep = 'timeStep' in result ? (result.timeStep as number) : Math.floor(now.getTime() / 30_000);
  const enrolling = user.totp_enabled !== 1;
  const updated: UserRow = { ...user, totp_enabled: 1, failed_logins: 0, totp_last_step: timeStep };
  const next = await advanceStage(ctx, updated, true);
  await transact(ctx, async (tx) => {
    await updateUserRow(tx, user.id, {
      totp_enabled: 1,
      failed_logins: 0,
      locked_until: null,
      totp_last_step: timeStep,
      updated_at: now.toISOString(),
    });
    if (actor.sessionIdHash && stage !== 'active') await updateSession(tx, actor.sessionIdHash, { stage: next });
    await appendAudit(tx, ctx, {
      action: enrolling ? 'auth.totp.enrolled' : 'auth.totp.verify',
      entityType: 'user',
      entityId: user.id,
    });
  });
  return stage === 'active' ? 'active' : next;
}

/**
 * A fresh second factor at the moment of a dangerous act (break-the-glass): the caller's current TOTP code,
 * never one already used (replay), counted like a login code toward the TOTP lock. A user without an
 * authenticator must enrol one first.
 */
export async function verifyStepUp(ctx: Context, code: string | undefined): Promise<void> {
  const user = await currentUser(ctx);
  if (user.totp_enabled !== 1 || !user.totp_secret_enc) {
    throw new AppError('forbidden', 'step_up_needs_totp', {}, [{ field: 'totpCode', code: 'totp_not_enrolled' }]);
  }
  if (!code) throw new AppError('validation', 'validation', {}, [{ field: 'totpCode', code: 'required' }]);
  const now = ctx.clock.now();
  const locked = user.locked_until !== null && Date.parse(user.locked_until) > now.getTime();
  const secret = ctx.keyring.decrypt('users', 'totp_secret_enc', user.id, user.totp_secret_enc);
  const { verify: verifyTotpCode } = await import('otplib');
  const result = await verifyTotpCode({
    secret,
    token: code,
    epoch: Math.floor(now.getTime() / 1000),
    epochTolerance: 30,
    ...(user.totp_last_step ? { afterTimeStep: user.totp_last_step } : {}),
  });
  await transact(ctx, async (tx) => {
    if (!result.valid || locked) {
      const lockUntil = new Date(now.getTime() + ctx.config.loginLockMs).toISOString();
      const { failures, locked: nowLocked } = await bumpTotpFailures(
        tx,
        user.id,
        ctx.config.loginMaxFailures,
        lockUntil,
      );
      await appendAudit(tx, ctx, {
        action: 'auth.totp.stepUp',
        outcome: 'failure',
        entityType: 'user',
        entityId: user.id,
        details: { failures, locked: nowLocked },
      });
      return;
    }
    const timeStep = 'timeStep' in result ? (result.timeStep as number) : Math.floor(now.getTime() / 30_000);
    // Conditional: two requests racing with the same code cannot both pass.
    const claimed = await claimTotpStep(tx, user.id, user.totp_last_step, timeStep);
    if (!claimed) throw new AppError('validation', 'totp_invalid', {}, [{ field: 'totpCode', code: 'invalid' }]);
  });
  if (!result.valid || locked) {
    throw new AppError('validation', 'totp_invalid', {}, [{ field: 'totpCode', code: 'invalid' }]);
  }
}

/** Changes the caller's password (NIST rules), ends their other sessions, moves the login on. */
export async function changePassword(
  ctx: Context,
  stage: TStage,
  currentPassword: string,
  newPassword: string,
): Promise<TStage> {
  const actor = requireActor(ctx);
  const user = await currentUser(ctx);
  if (!(await verifyPassword(user.password_hash, currentPassword))) {
    await transact(ctx, (tx) =>
      appendAudit(tx, ctx, {
        action: 'auth.password.change',
        outcome: 'failure',
        entityType: 'user',
        entityId: user.id,
        details: { reason: 'wrong_current' },
      }),
    );
    throw new AppError('validation', 'password_wrong', {}, [{ field: 'currentPassword', code: 'invalid' }]);
  }
  const issue = await checkPasswordPolicy('newPassword', newPassword, [
    user.username,
    ...user.display_name.split(/\s+/),
  ]);
  if (issue) throw new AppError('validation', 'validation', {}, [issue]);
  if (await verifyPassword(user.password_hash, newPassword)) {
    throw new AppError('validation', 'validation', {}, [{ field: 'newPassword', code: 'password_reused' }]);
  }
  const hash = await hashPassword(newPassword);
  const now = ctx.clock.now().toISOString();
  const updated: UserRow = { ...user, must_change_password: 0 };
  const next = await advanceStage(ctx, updated, true);
  await transact(ctx, async (tx) => {
    await updateUserRow(tx, user.id, {
      password_hash: hash,
      must_change_password: 0,
      password_changed_at: now,
      updated_at: now,
    });
    const ended = await endUserSessions(tx, user.id, now, actor.sessionIdHash ?? undefined);
    if (actor.sessionIdHash && stage !== 'active') await updateSession(tx, actor.sessionIdHash, { stage: next });
    await appendAudit(tx, ctx, {
      action: 'auth.password.change',
      entityType: 'user',
      entityId: user.id,
      details: { otherSessionsEnded: ended },
    });
  });
  return stage === 'active' ? 'active' : next;
}

export async function logout(ctx: Context): Promise<void> {
  const actor = requireActor(ctx);
  await transact(ctx, async (tx) => {
    if (actor.sessionIdHash) await updateSession(tx, actor.sessionIdHash, { ended_at: ctx.clock.now().toISOString() });
    await appendAudit(tx, ctx, { action: 'auth.logout', entityType: 'user', entityId: actor.userId });
  });
}

/** Ends every session of the caller, on every device. */
export async function logoutEverywhere(ctx: Context): Promise<number> {
  const actor = requireActor(ctx);
  return transact(ctx, async (tx) => {
    const ended = await endUserSessions(tx, actor.userId, ctx.clock.now().toISOString());
    await appendAudit(tx, ctx, {
      action: 'auth.logoutAll',
      entityType: 'user',
      entityId: actor.userId,
      details: { sessionsEnded: ended },
    });
    return ended;
  });
}

/** Saves the caller's language and time zone. */
export async function updatePreferences(
  ctx: Context,
  prefs: { locale?: 'id' | 'en'; timeZone?: string },
): Promise<void> {
  const actor = requireActor(ctx);
  await transact(ctx, async (tx) => {
    await updateUserRow(tx, actor.userId, {
      ...(prefs.locale ? { locale: prefs.locale } : {}),
      ...(prefs.timeZone ? { time_zone: prefs.timeZone } : {}),
      updated_at: ctx.clock.now().toISOString(),
    });
    await appendAudit(tx, ctx, {
      action: 'auth.preferences.update',
      entityType: 'user',
      entityId: actor.userId,
      details: { fields: Object.keys(prefs) },
    });
  });
}
