import type { output, ZodType } from 'zod';
import type { TAgency } from '../modules/agencies/index.js';
import type { CaseStage } from '../modules/cases/index.js';
import { accessActorsOf } from '../modules/users/index.js';
import type { Clock } from '../platform/clock.js';
import type { Context } from '../platform/context.js';
import type { History } from './demo-history.js';
import { DAY, type Rng } from './demo-random.js';
import type { shelterExitNotes } from './demo-referrals.js';
import type { Weighted } from './demo-scenarios.js';
import type { Victim } from './demo-victims.js';

/** Who acts in the demo seed and how: the extra demo users, stage shares, the simulated clock, each user's context and the bodies they send. */
/* ---------- the demo seed: histories played through the services ---------- */

/** Extra demo accounts for the West Java and West Kalimantan agencies (seeded with demo cases). */
export const demoCaseUsers = [
  { username: 'caseworker.jabar', displayName: 'Euis Pendamping Kasus', agency: 'uptd_jabar', roles: ['case_worker'] },
  { username: 'supervisor.jabar', displayName: 'Dadang Supervisor Jabar', agency: 'uptd_jabar', roles: ['supervisor'] },
  {
    username: 'caseworker.kalbar',
    displayName: 'Yuliana Manajer Kasus',
    agency: 'uptd_kalbar',
    roles: ['case_worker'],
  },
  {
    username: 'supervisor.kalbar',
    displayName: 'Hendra Supervisor Kalbar',
    agency: 'uptd_kalbar',
    roles: ['supervisor'],
  },
  // Staff of the other shelters and of LPSK who answer referrals and keep their directory entries current.
  {
    username: 'provider.jabar',
    displayName: 'Neng Pendamping Rumah Singgah',
    agency: 'shelter_jabar',
    roles: ['service_provider'],
  },
  {
    username: 'provider.kalbar',
    displayName: 'Agnes Pendamping RP Khatulistiwa',
    agency: 'shelter_kalbar',
    roles: ['service_provider'],
  },
  { username: 'provider.lpsk', displayName: 'Rudi Layanan Korban LPSK', agency: 'lpsk', roles: ['service_provider'] },
] as const;

/** Stage shares of the demo (every stage present). */
export const demoStageShares: readonly (readonly [CaseStage, number])[] = [
  ['intake', 8],
  ['screening', 9],
  ['identified', 7],
  ['not_victim', 6],
  ['protection', 20],
  ['repatriation', 10],
  ['reintegration', 14],
  ['follow_up', 12],
  ['closed', 14],
];

/** How many demo cases end in each stage: proportional, at least one of each when n allows. */
export function demoStageCounts(n: number): Map<CaseStage, number> {
  const total = demoStageShares.reduce((s, [, w]) => s + w, 0);
  const counts = new Map(demoStageShares.map(([s, w]) => [s, Math.max(n >= 9 ? 1 : 0, Math.floor((n * w) / total))]));
  let sum = [...counts.values()].reduce((a, b) => a + b, 0);
  const order = [...demoStageShares].sort((a, b) => b[1] - a[1]).map(([s]) => s);
  for (let i = 0; sum !== n; i++) {
    const stage = order[i % order.length]!;
    const c = counts.get(stage)!;
    if (sum < n) {
      counts.set(stage, c + 1);
      sum++;
    } else if (c > 1) {
      counts.set(stage, c - 1);
      sum--;
    }
  }
  return counts;
}

/** A clock the seed moves through the simulated past (never backwards). */
export class SimClock implements Clock {
  constructor(public at: number) {}
  now(): Date {
    return new Date(this.at);
  }
  set(at: number) {
    if (at > this.at) this.at = at;
  }
}

export interface DemoUser {
  id: string;
  username: string;
  agency: TAgency;
  roles: string[];
}

/**
 * A context acting as a demo user: the actor resolved from the user's roles and agency in the database, the way
 * a login resolves it (users module: the same permissions at the same scopes, the agency's jurisdiction).
 */
export async function userContext(base: Context, user: DemoUser, clock: Clock): Promise<Context> {
  const [actor] = await accessActorsOf(base, base.database.db, [user.id]);
  if (!actor) throw new Error(`demo user ${user.username} is not active`);
  return { ...base, clock, actor, locale: 'id', ip: null, requestId: 'demo-seed' };
}

/**
 * A body checked against its operation's own schema, as the route checks it before it calls the service (with
 * the schema's defaults and trimming); a bad draw stops the seed and names the fields.
 */
export function valid<S extends ZodType>(schema: S, body: unknown): output<S> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const fields = result.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; ');
  throw new Error(`demo seed: invalid body (${fields})`);
}

export interface Team {
  worker: DemoUser;
  supervisor: DemoUser;
  lead: TAgency;
  shelter: TAgency;
  police: TAgency;
}

/** A service request as the seed tracks it (its id once created, its status as the history moves it). */
export interface RequestEntry {
  id: string;
  type: string;
  status: string;
  provider: TAgency;
}

/** A referral as the seed tracks it ('withdrawn': its consent was withdrawn, the recipient no longer sees it). */
export interface ReferralEntry {
  id: string;
  status: 'sent' | 'accepted' | 'declined' | 'in_progress' | 'completed' | 'revoked' | 'withdrawn';
  consentId: string;
  entries: RequestEntry[];
}

/** A referral consent of a case as the seed tracks it. */
export interface ConsentEntry {
  id: string;
  agencyId: string;
  types: Set<string>;
  active: boolean;
}

/** What the seed knows about a case while its history plays. */
export interface CaseState {
  caseId?: string;
  screeningId?: string;
  isChild: boolean;
  /** The relative who consents for her while she is a child (recorded at the first such consent). */
  guardian?: { personId: string; relationship: string };
  requests: RequestEntry[];
  consents: ConsentEntry[];
  referrals: ReferralEntry[];
}

export const openStatuses = ['requested', 'accepted', 'in_progress'];
/** The consent wording version the demo's consents were given under (consent-wording.v1.ts). */
export const CONSENT_WORDING = 'v1';
export type ReferralKind = 'shelter' | 'reintegration' | 'iom' | 'legal';
export type Outcome = 'accept' | 'decline' | 'revoke' | 'unanswered' | 'withdraw';
export interface ReferralItem {
  entry: RequestEntry;
  appliedAt: number;
  /** Statutory services delivered after their 7 days. */
  late: boolean;
}
export interface ConsentDraw {
  groups: string[];
  anticipate: string[];
  relationship: string;
}
export const guardians: Weighted = [
  ['parent', 6],
  ['grandparent', 1],
  ['legal_guardian', 1],
  ['other_relative', 1],
  ['state_guardian', 0.5],
];
/** A shelter stay as the seed tracks it (its id once admitted; open until the exit is recorded). */
export interface StayEntry {
  id: string;
  open: boolean;
}
export type ExitReason = keyof typeof shelterExitNotes;
/** The service charter's planned stay (DOMAIN.md §2: 7 days, extendable). */
export const CHARTER_STAY = 7 * DAY;
/** Why a stay that ran its course ended. */
export const stayExits: Weighted<ExitReason> = [
  ['planned_exit', 48],
  ['reintegrated', 14],
  ['transferred', 10],
  ['left_voluntarily', 14],
  ['absconded', 4],
  ['other', 3],
];
export const activeReferral = (r: ReferralEntry) => ['sent', 'accepted', 'in_progress'].includes(r.status);

export interface Step {
  at: number;
  order: number;
  run: () => Promise<void>;
}

/** An open case past protection that may still get a fresh shelter referral in the last days. */
export interface OpenCase {
  team: Team;
  lastStep: number;
  refer: (t0: number, waiting: boolean) => void;
}

/** The seed as every case's history sees it: the present, the demo's agencies and users, shared draws, the steps. */
export interface DemoRun {
  /** The simulated clock every step runs on. */
  clock: SimClock;
  /** The real present: every history ends before it. */
  now: number;
  teams: Record<'ntt' | 'jabar' | 'kalbar', Team>;
  iom: TAgency;
  lpsk: TAgency;
  /** Who answers referrals at each receiving agency. */
  receivers: Map<string, DemoUser>;
  /** Who completes conference action items at each assigned agency (else the case team). */
  assignees: Map<string, DemoUser>;
  /** Draws of the directory, consents, referrals and conferences: a stream of their own. */
  extra: Rng;
  /** Draws of shelter stays: a stream of their own. */
  stays: Rng;
  /** Consents withdrawn so far (the demo shows a few). */
  withdrawals: number;
  /** Open stays left past their planned exit (the demo shows one overstay). */
  overstays: number;
  openCases: OpenCase[];
  /** Schedules a step at a simulated time (steps at the same time run in the order scheduled). */
  at: (t: number, run: () => Promise<void>) => void;
  /** The context of a demo user (one per user). */
  as: (u: DemoUser) => Context;
}

/** One case's history as it is scheduled: its plan, victim, team, draws and what the seed knows while it plays. */
export interface CaseRun {
  run: DemoRun;
  h: History;
  v: Victim;
  team: Team;
  /** A protection case whose first service is left open past its due time. */
  lateOpen: boolean;
  /** Draws of the history's own steps. */
  r: Rng;
  /** Draws of consents, referrals and conferences (kept apart so the rest of the history stays as planned). */
  x: Rng;
  /** Draws of this case's shelter stays. */
  s: Rng;
  state: CaseState;
  /** Steps of the case stop before it is closed (or before the present). */
  until: number;
  /** The stay open at this point of the history (one at a time per case). */
  currentStay?: StayEntry;
  worker: () => Context;
  supervisor: () => Context;
}
