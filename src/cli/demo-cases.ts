import { sql } from 'kysely';
import type { TimeZone } from '../contract/time.js';
import type { TAgency } from '../modules/agencies/index.js';
import { checkOverdueResponses } from '../modules/cases/index.js';
import { checkOverdueActionItems } from '../modules/conferences/index.js';
import { checkOverdueReferrals } from '../modules/referrals/index.js';
import { checkOverdueServiceRequests, checkShelterOverstays } from '../modules/services/index.js';
import { insertUserWithRoles } from '../modules/users/index.js';
import { type Context, transact } from '../platform/context.js';
import { type DemoUser, demoCaseUsers } from './demo-actors.js';

export { type DemoUser, demoCaseUsers, demoStageCounts, SimClock, userContext } from './demo-actors.js';
export {
  drawAnswers,
  drawReintegrationAnswers,
  drawScreeningAnswers,
  questionnaire,
  type ScreeningAnswers,
} from './demo-answers.js';
export { type Geo, loadGeo } from './demo-geo.js';
export { type History, lastStepAt, planHistory, shiftHistory } from './demo-history.js';
export { DAY, drawName, drawPhone, Rng } from './demo-random.js';
export { seedDemoCases } from './demo-runner.js';
export { drawVictim, loadGeoWithNames, type Victim } from './demo-victims.js';

/*
 * Realistic demo cases, by concern: demo-random (seeded draws), demo-geo, demo-scenarios and demo-victims
 * (victims and journeys from Indonesian trafficking data), demo-history (the history planner), demo-answers
 * (questionnaire answers); `pulih demo` (synthetic.ts) reuses those. The seed itself: demo-actors (who acts,
 * and how), demo-runner (plays every case's history in time order), demo-case (one case's history) with
 * demo-case-services, demo-case-referrals and demo-case-conference. This file is what demo-seed.ts and the
 * synthetic generator import.
 */

/** A demo user to create: its agency by the demo agencies' key. */
export interface DemoUserSpec {
  username: string;
  displayName: string;
  agency: string;
  roles: readonly string[];
}

/** Creates demo users (one password hash for all), each in its own transaction; `timeZone` by agency key. */
export async function insertDemoUsers(
  ctx: Context,
  specs: readonly DemoUserSpec[],
  agencies: Map<string, TAgency>,
  passwordHash: string,
  timeZone: (agencyKey: string) => TimeZone = () => 'Asia/Jakarta',
): Promise<DemoUser[]> {
  const created: DemoUser[] = [];
  for (const u of specs) {
    const agency = agencies.get(u.agency);
    if (!agency) throw new Error(`demo agency ${u.agency} missing`);
    const row = await transact(ctx, (tx) =>
      insertUserWithRoles(tx, ctx, {
        username: u.username,
        displayName: u.displayName,
        agencyId: agency.id,
        roles: [...u.roles],
        locale: 'id',
        timeZone: timeZone(u.agency),
        passwordHash,
        mustChangePassword: false,
      }),
    );
    created.push({ id: row.id, username: row.username, agency, roles: [...u.roles] });
  }
  return created;
}

/** Creates the extra demo users that demo cases need (one password hash for all). */
export function insertDemoCaseUsers(
  ctx: Context,
  agencies: Map<string, TAgency>,
  passwordHash: string,
): Promise<DemoUser[]> {
  return insertDemoUsers(ctx, demoCaseUsers, agencies, passwordHash);
}

/**
 * Runs a bulk load with SQLite's `synchronous = NORMAL` (WAL stays consistent; only the last commits could
 * be lost on a power cut, which a re-run repairs), then restores FULL. PostgreSQL is left as it is.
 */
export async function withRelaxedSync<T>(ctx: Context, fn: () => Promise<T>): Promise<T> {
  if (ctx.database.adapter.name !== 'sqlite') return fn();
  await sql`pragma synchronous = normal`.execute(ctx.database.db);
  try {
    return await fn();
  } finally {
    await sql`pragma synchronous = full`.execute(ctx.database.db);
  }
}

/**
 * After the simulated history the overdue jobs run once at the real time: alerts for late services, referrals
 * nobody answered in time and conference action items past their due date.
 */
export async function runOverdueCheck(ctx: Context): Promise<number> {
  const services = await checkOverdueServiceRequests(ctx);
  const referrals = await checkOverdueReferrals(ctx);
  const actionItems = await checkOverdueActionItems(ctx);
  const stays = await checkShelterOverstays(ctx);
  const responses = await checkOverdueResponses(ctx);
  return services + referrals + actionItems + stays + responses;
}
