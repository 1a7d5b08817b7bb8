import type { TAgency } from '../modules/agencies/index.js';
import type { CaseStage } from '../modules/cases/index.js';
import { directoryServiceUpsertSchema, upsertDirectoryService } from '../modules/directory/index.js';
import { listRegions } from '../modules/reference/index.js';
import type { Context } from '../platform/context.js';
import {
  type DemoRun,
  type DemoUser,
  demoStageCounts,
  type SimClock,
  type Step,
  type Team,
  userContext,
  valid,
} from './demo-actors.js';
import { scheduleCase } from './demo-case.js';
import { lastStepAt, planHistory, shiftHistory } from './demo-history.js';
import { DAY, HOUR, Rng } from './demo-random.js';
import { demoDirectoryOffers } from './demo-referrals.js';
import { drawVictim, loadGeoWithNames, type Victim } from './demo-victims.js';

/**
 * Seeds `n` demo cases spread over every stage, created and moved through the module services by the
 * demo users of the right agencies, in time order on a simulated clock (audit trail, timelines, alerts
 * and late services are the real thing). Requires the demo agencies and users of demo-seed.ts.
 * Each case's history is scheduled by demo-case.ts; every step then runs in time order.
 */
export async function seedDemoCases(
  base: Context,
  options: {
    /** The simulated clock every step runs on (the contexts' clock). */
    clock: SimClock;
    /** The real present: every history ends before it. */
    now: number;
    agencies: Map<string, TAgency>;
    users: Map<string, DemoUser>;
    cases: number;
    seed?: number;
  },
): Promise<Map<CaseStage, number>> {
  const { clock, now, agencies, users, cases: n } = options;
  const rng = new Rng(options.seed ?? 2007);
  const geo = await loadGeoWithNames();
  const agency = (key: string) => {
    const a = agencies.get(key);
    if (!a) throw new Error(`demo agency ${key} missing`);
    return a;
  };
  const user = (name: string) => {
    const u = users.get(name);
    if (!u) throw new Error(`demo user ${name} missing`);
    return u;
  };
  const teams: Record<'ntt' | 'jabar' | 'kalbar', Team> = {
    ntt: {
      worker: user('caseworker.ntt'),
      supervisor: user('supervisor.ntt'),
      lead: agency('uptd_ntt'),
      shelter: agency('shelter_ntt'),
      police: agency('police_ntt'),
    },
    jabar: {
      worker: user('caseworker.jabar'),
      supervisor: user('supervisor.jabar'),
      lead: agency('uptd_jabar'),
      shelter: agency('shelter_jabar'),
      police: agency('police_jabar'),
    },
    kalbar: {
      worker: user('caseworker.kalbar'),
      supervisor: user('supervisor.kalbar'),
      lead: agency('uptd_kalbar'),
      shelter: agency('shelter_kalbar'),
      police: agency('police_kalbar'),
    },
  };
  const iom = agency('iom');
  const lpsk = agency('lpsk');
  const teamFor = (v: Victim): Team => {
    if (v.provinceCode === '53') return teams.ntt;
    if (v.provinceCode === '61') return teams.kalbar;
    if (['32', '36', '31'].includes(v.provinceCode)) return teams.jabar;
    // Returnees from Malaysia and brides from China come home through Pontianak; the rest through Jakarta.
    return v.destination.country === 'MY' || v.destination.country === 'CN' ? teams.kalbar : teams.jabar;
  };
  // Who answers referrals at each receiving agency (the police Unit PPA has no referral staff in the demo).
  const receivers = new Map<string, DemoUser>([
    [agency('shelter_ntt').id, user('provider.shelter')],
    [agency('shelter_jabar').id, user('provider.jabar')],
    [agency('shelter_kalbar').id, user('provider.kalbar')],
    [iom.id, user('partner.iom')],
    [lpsk.id, user('provider.lpsk')],
  ]);
  // Action items are completed by the assigned agency's staff where it has some, else by the case team.
  const assignees = new Map<string, DemoUser>([...receivers, [agency('police_ntt').id, user('legal.ntt')]]);
  // Every demo user acts with the permissions a login would give her (resolved once, before the history plays).
  const contexts = new Map<string, Context>();
  for (const u of users.values()) contexts.set(u.id, await userContext(base, u, clock));
  const steps: Step[] = [];
  let order = 0;
  const run: DemoRun = {
    clock,
    now,
    teams,
    iom,
    lpsk,
    receivers,
    assignees,
    /** Draws of the issue-4 features (directory, consents, referrals, conferences): a stream of their own. */
    extra: new Rng(((options.seed ?? 2007) * 7919) ^ 0x5bd1e995),
    /** Draws of shelter stays: a stream of their own, so the histories above stay as they were. */
    stays: new Rng(((options.seed ?? 2007) * 104_729) ^ 0x27d4eb2f),
    withdrawals: 0,
    overstays: 0,
    openCases: [],
    at: (t, step) => {
      steps.push({ at: t, order: order++, run: step });
    },
    as: (u) => {
      const c = contexts.get(u.id);
      if (!c) throw new Error(`demo user ${u.username} has no context`);
      return c;
    },
  };
  const { at, as, extra } = run;

  const counts = demoStageCounts(n);
  const targets: CaseStage[] = [];
  for (const [stage, c] of counts) for (let i = 0; i < c; i++) targets.push(stage);
  // Deterministic shuffle.
  for (let i = targets.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [targets[i], targets[j]] = [targets[j]!, targets[i]!];
  }

  // The service directory: each agency publishes its services soon after it joins; shelters update their free
  // beds now and then, the last time shortly before the present.
  const provinces = (await listRegions()).map((r) => r.code);
  const publishedFrom = clock.at;
  demoDirectoryOffers(provinces).forEach((offer, i) => {
    const agencyId = agency(offer.agency).id;
    const publisher = user(offer.publisher);
    const publish = (entry: unknown) =>
      upsertDirectoryService(as(publisher), agencyId, offer.type, valid(directoryServiceUpsertSchema, entry));
    at(publishedFrom + extra.between(1, 20) * DAY + i * 60_000, async () => {
      await publish(offer.entry);
    });
    const beds = offer.type === 'shelter' ? offer.entry.capacity : undefined;
    if (beds) {
      for (const ago of [extra.between(60, 120) * DAY, extra.between(2, 30) * HOUR]) {
        const free = offer.agency === 'shelter_kalbar' ? 0 : extra.int(offer.agency === 'shelter_ntt' ? 2 : 0, 8);
        at(now - ago, async () => {
          await publish({ ...offer.entry, capacity: { total: beds.total, free } });
        });
      }
    }
  });

  // Open cases past protection: some get a fresh referral in the last days (the inboxes' unanswered ones).
  const openAfterProtection = new Set<CaseStage>(['protection', 'repatriation', 'reintegration', 'follow_up']);
  const lastOpen = targets.findLastIndex((t) => openAfterProtection.has(t));
  let nttOpen = 0;

  for (const [index, target] of targets.entries()) {
    // Plan the whole history from a provisional intake, then shift it to end a little before now.
    const abroad = rng.chance(0.72);
    const closeAsNotVictim = target === 'closed' && rng.chance(0.12);
    const plan = planHistory(new Rng(rng.int(1, 2 ** 31)), 0, target, Number.POSITIVE_INFINITY, {
      abroad,
      closeAsNotVictim,
    });
    const lateOpen = target === 'protection' && rng.chance(0.35);
    const idle =
      target === 'intake' || target === 'screening'
        ? rng.between(0.1, 4) * DAY
        : lateOpen
          ? rng.between(10, 20) * DAY
          : target === 'closed'
            ? rng.between(2, 240) * DAY
            : rng.between(1, 30) * DAY;
    const h = shiftHistory(plan, Math.round(now - idle - lastStepAt(plan)));
    // A victim whose journey matches the plan (abroad or not), drawn for the shifted intake date.
    let victim = drawVictim(rng, geo, h.intakeAt);
    for (let i = 0; i < 50 && victim.abroad !== abroad; i++) victim = drawVictim(rng, geo, h.intakeAt);
    // The Kupang shelter's inbox always has something to show: at least one open NTT case past protection.
    if (index === lastOpen && nttOpen === 0) {
      for (let i = 0; i < 500 && (victim.provinceCode !== '53' || victim.abroad !== abroad); i++)
        victim = drawVictim(rng, geo, h.intakeAt);
    }
    const team = teamFor(victim);
    if (openAfterProtection.has(target) && team === teams.ntt) nttOpen += 1;
    scheduleCase(run, new Rng(rng.int(1, 2 ** 31)), h, victim, team, lateOpen);
  }
  scheduleRecentReferrals(run);

  steps.sort((a, b) => a.at - b.at || a.order - b.order);
  for (const step of steps) {
    clock.set(step.at);
    await step.run();
  }
  return counts;
}

/** Fresh shelter referrals in the last days on some open cases of each team (more in NTT, the demo's home). */
function scheduleRecentReferrals(run: DemoRun) {
  const { teams, openCases, extra, now } = run;
  for (const team of Object.values(teams)) {
    const list = openCases.filter((c) => c.team === team);
    for (let i = list.length - 1; i > 0; i--) {
      const j = extra.int(0, i);
      [list[i], list[j]] = [list[j]!, list[i]!];
    }
    const n = team === teams.ntt ? Math.max(2, Math.ceil(list.length * 0.3)) : Math.ceil(list.length * 0.12);
    for (const [i, c] of list.slice(0, n).entries()) {
      const t0 = Math.max(c.lastStep + HOUR, now - extra.between(9 * HOUR, 6 * DAY));
      // The first of each team always waits for an answer (the inbox is never without one).
      if (t0 < now - 9 * HOUR) c.refer(t0, i === 0 || extra.chance(0.75));
    }
  }
}
