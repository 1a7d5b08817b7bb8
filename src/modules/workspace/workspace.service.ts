import { requireActor, type ScopeFilter } from '../../platform/access.js';
import type { Context } from '../../platform/context.js';
import { forbidden } from '../../platform/errors.js';
import { grantsSince } from '../access/index.js';
import { agencyFacts } from '../agencies/index.js';
import {
  type Bounded,
  caseloadsOf,
  caseNumbersOf,
  closuresAwaiting,
  lateCases,
  leadTransfersAwaiting,
  openCaseInScope,
  tasksDue,
} from '../cases/index.js';
import { referralsToAnswer, referralsWaitingOnOthers } from '../referrals/index.js';
import { screeningsAwaitingApproval } from '../screening/index.js';
import { lateServiceItems, servicesDueSoon, servicesToRecord, shelterStaysEnding } from '../services/index.js';
import { accessActorsOf, agencyUserIdsWithPermission, userSummaries } from '../users/index.js';
import {
  approvalScope,
  canAnswerReferrals,
  canApprove,
  canReviewPrivacy,
  canWorkCases,
  TEAM_PERMISSIONS,
  workScope,
} from './workspace.policy.js';
import type { approvalKinds, TTodayItem, TTodaySection } from './workspace.schema.js';

/** Items shown per section on the home page; the count links to the full, filtered list. */
export const ITEMS_PER_SECTION = 5;
const DAY = 86_400_000;
/** "Soon due": statutory services falling due within this window (the 7-day rule leaves little slack). */
const SOON_MS = 3 * DAY;
/** Shelter stays whose planned exit is this close (or past) need a decision: extend, exit or transfer. */
const STAY_ENDING_MS = 7 * DAY;
/** Break-the-glass grants the DPO reviews on the home page. */
const GRANT_REVIEW_MS = 7 * DAY;

const daysPast = (at: string | null, now: number) =>
  at && Date.parse(at) < now ? Math.floor((now - Date.parse(at)) / DAY) : null;

const item = (p: Partial<TTodayItem> & { id: string }): TTodayItem => ({
  caseId: null,
  caseNumber: null,
  kind: null,
  title: null,
  at: null,
  daysLate: null,
  agencyName: null,
  href: null,
  ...p,
});

/** A section's count as the home page shows it: bounded, "100+" when capped. */
const counted = (b: Bounded) => ({ count: b.count, countCapped: b.capped });

/**
 * A part of the home page another module adds (e.g. data-subject requests due for the DPO, proceedings for
 * legal liaisons) without this module knowing it: the hook `workspace.todaySection`, one per key.
 */
export interface TodaySectionProvider {
  key: string;
  group: TTodaySection['group'];
  applies(ctx: Context): boolean;
  load(ctx: Context): Promise<Omit<TTodaySection, 'key' | 'group' | 'countCapped'> & { countCapped?: boolean }>;
}

async function agencyNames(ctx: Context, ids: string[]) {
  const out = new Map<string, string>();
  for (const id of new Set(ids)) out.set(id, (await agencyFacts(ctx.database.db, id))?.name ?? '');
  return out;
}

/**
 * The caller's work for today in one request: each part the caller's roles call for, each a count within the
 * caller's scope and the first few items, all queries in parallel and each one indexed.
 */
export async function today(ctx: Context): Promise<{ generatedAt: string; sections: TTodaySection[] }> {
  const actor = requireActor(ctx);
  const db = ctx.database.db;
  const nowDate = ctx.clock.now();
  const now = nowDate.getTime();
  const nowIso = nowDate.toISOString();
  const n = ITEMS_PER_SECTION;
  const parts: Promise<TTodaySection[]>[] = [];
  // Case work and the supervisor's part both show the late services in the caller's scope: asked once, with one
  // scope object (the size of an own caseload, which chooses how tasks and late cases are found, is counted once).
  let work: Promise<ScopeFilter> | undefined;
  const workScopeOnce = () => {
    work ??= workScope(ctx);
    return work;
  };
  let late: Promise<Bounded & { caseIds: string[] }> | undefined;
  const lateCount = () => {
    late ??= workScopeOnce().then((scope) => lateCases(db, scope, nowIso, n));
    return late;
  };

  if (canWorkCases(ctx)) {
    parts.push(
      (async () => {
        const scope = await workScopeOnce();
        // Each part starts from its own few actionable rows and checks the scope per row (openCaseInScope).
        const mine = openCaseInScope(scope);
        const [late, lateItems, soon, tasks, waiting] = await Promise.all([
          lateCount(),
          lateCount().then((l) => lateServiceItems(db, l.caseIds, nowIso, n)),
          servicesDueSoon(db, mine, nowIso, new Date(now + SOON_MS).toISOString(), n),
          tasksDue(db, scope, new Date(now + DAY).toISOString(), n, ctx.keyring),
          referralsWaitingOnOthers(db, mine, n),
        ]);
        const numbers = await caseNumbersOf(db, [
          ...lateItems.map((i) => i.caseId),
          ...soon.items.map((i) => i.caseId),
          ...tasks.items.map((i) => i.caseId),
          ...waiting.items.map((i) => i.caseId),
        ]);
        const names = await agencyNames(
          ctx,
          waiting.items.map((i) => i.recipientAgencyId),
        );
        // An item due on one of the caller's cases: the case's number, how late it is, the case tab it opens.
        const caseItem = (tab: string, p: Partial<TTodayItem> & { id: string; caseId: string; at: string }) =>
          item({
            caseNumber: numbers.get(p.caseId) ?? null,
            daysLate: daysPast(p.at, now),
            href: `/cases/${p.caseId}?tab=${tab}`,
            ...p,
          });
        const svc = (i: (typeof lateItems)[number]) =>
          caseItem('services', { id: i.requestId, caseId: i.caseId, kind: i.type, at: i.dueAt });
        return [
          {
            key: 'lateServices',
            group: 'caseWork',
            ...counted(late),
            items: lateItems.map(svc),
            href: '/cases?late=true',
            urgent: late.count > 0,
          },
          {
            key: 'servicesDueSoon',
            group: 'caseWork',
            ...counted(soon),
            items: soon.items.map(svc),
            href: '/cases?open=true',
            urgent: false,
          },
          {
            key: 'tasksDue',
            group: 'caseWork',
            ...counted(tasks),
            items: tasks.items.map((i) =>
              caseItem('tasks', { id: i.taskId, caseId: i.caseId, kind: i.kind, title: i.title, at: i.dueAt }),
            ),
            href: '/cases?assignedToMe=true',
            urgent: tasks.items.some((i) => Date.parse(i.dueAt) < now),
          },
          {
            key: 'referralsWaiting',
            group: 'caseWork',
            ...counted(waiting),
            items: waiting.items.map((i) =>
              caseItem('referrals', {
                id: i.referralId,
                caseId: i.caseId,
                kind: i.urgency,
                at: i.dueAt,
                agencyName: names.get(i.recipientAgencyId) ?? null,
              }),
            ),
            href: '/cases?assignedToMe=true',
            urgent: waiting.items.some((i) => Date.parse(i.dueAt) < now),
          },
        ];
      })(),
    );
  }

  if (canAnswerReferrals(ctx)) {
    parts.push(
      (async () => {
        const [answer, record, stays] = await Promise.all([
          referralsToAnswer(db, actor.agencyId, n),
          servicesToRecord(db, actor.agencyId, n),
          shelterStaysEnding(db, actor.agencyId, new Date(now + STAY_ENDING_MS).toISOString(), n),
        ]);
        const names = await agencyNames(
          ctx,
          answer.items.map((i) => i.senderAgencyId),
        );
        return [
          {
            key: 'referralsToAnswer',
            group: 'recipient',
            count: answer.count,
            countCapped: false,
            items: answer.items.map((i) =>
              item({
                id: i.referralId,
                kind: i.urgency,
                at: i.dueAt,
                daysLate: daysPast(i.dueAt, now),
                agencyName: names.get(i.senderAgencyId) ?? null,
                href: `/referrals/${i.referralId}`,
              }),
            ),
            href: '/referrals?status=sent',
            urgent: answer.items.some((i) => Date.parse(i.dueAt) < now),
          },
          {
            key: 'servicesToRecord',
            group: 'recipient',
            count: record.count,
            countCapped: false,
            items: record.items.map((i) =>
              item({ id: i.requestId, kind: i.type, at: i.dueAt || null, daysLate: daysPast(i.dueAt || null, now) }),
            ),
            href: '/referrals?status=accepted',
            urgent: record.items.some((i) => i.dueAt && Date.parse(i.dueAt) < now),
          },
          {
            key: 'shelterStaysEnding',
            group: 'recipient',
            count: stays.count,
            countCapped: false,
            items: stays.items.map((i) =>
              item({
                id: i.stayId,
                kind: 'shelter_stay',
                at: i.plannedExitAt,
                daysLate: daysPast(i.plannedExitAt, now),
              }),
            ),
            href: '/referrals?status=accepted',
            urgent: stays.items.some((i) => Date.parse(i.plannedExitAt) < now),
          },
        ];
      })(),
    );
  }

  if (canApprove(ctx)) {
    parts.push(
      (async () => {
        const [approvals, teamLate] = await Promise.all([approvalsList(ctx, { limit: n }), lateCount()]);
        const of = (kind: (typeof approvalKinds)[number], key: string): TTodaySection => ({
          key,
          group: 'supervisor',
          count: approvals.counts[kind],
          countCapped: approvals.capped[kind],
          items: approvals.items
            .filter((a) => a.kind === kind)
            .map((a) =>
              item({
                id: a.id,
                caseId: a.caseId,
                caseNumber: a.caseNumber,
                kind: a.detail,
                at: a.requestedAt,
                href: kind === 'lead_transfer' ? '/approvals?kind=lead_transfer' : `/cases/${a.caseId}`,
              }),
            ),
          // Screenings and closures: the case list filtered to them; a transfer's case is not yet the agency's.
          href: kind === 'lead_transfer' ? '/approvals?kind=lead_transfer' : `/cases?awaitingApproval=${kind}`,
          urgent: false,
        });
        return [
          of('screening', 'screeningApprovals'),
          of('closure', 'closureApprovals'),
          of('lead_transfer', 'leadTransfers'),
          {
            key: 'teamLateServices',
            group: 'supervisor',
            ...counted(teamLate),
            items: [],
            href: '/team',
            urgent: teamLate.count > 0,
          },
        ];
      })(),
    );
  }

  if (canReviewPrivacy(ctx)) {
    parts.push(
      (async () => {
        const grants = await grantsSince(db, new Date(now - GRANT_REVIEW_MS), nowDate, n);
        return [
          {
            key: 'breakGlassToReview',
            group: 'privacy',
            count: grants.count,
            countCapped: false,
            items: grants.items.map((g) =>
              item({ id: g.grantId, kind: g.entityType, at: g.grantedAt, title: g.active ? 'active' : null }),
            ),
            href: '/audit?action=access.breakGlass',
            urgent: grants.items.some((g) => g.active),
          },
        ];
      })(),
    );
  }

  for (const p of ctx.hooks.all('workspace.todaySection')) {
    if (!p.applies(ctx)) continue;
    parts.push(p.load(ctx).then((s) => [{ key: p.key, group: p.group, countCapped: false, ...s }]));
  }

  return { generatedAt: nowIso, sections: (await Promise.all(parts)).flat() };
}

type ApprovalKind = (typeof approvalKinds)[number];
interface Approval {
  kind: ApprovalKind;
  id: string;
  caseId: string;
  caseNumber: string | null;
  detail: string | null;
  requestedAt: string | null;
  requestedBy: string | null;
  ageDays: number;
  mine: boolean;
}

/** Everything waiting for a supervisor of the caller's agency, oldest first, with its age. */
export async function approvalsList(ctx: Context, q: { kind?: ApprovalKind; limit: number }) {
  const actor = requireActor(ctx);
  if (!canApprove(ctx)) throw forbidden();
  const db = ctx.database.db;
  const now = ctx.clock.now().getTime();
  const scope = await approvalScope(ctx);
  const inScope = openCaseInScope(scope);
  // Every kind is asked (the queue's tabs show each count); the kinds not listed only for their count.
  const limitOf = (k: ApprovalKind) => (!q.kind || q.kind === k ? q.limit : 1);
  const [screenings, closures, transfers] = await Promise.all([
    screeningsAwaitingApproval(db, inScope, limitOf('screening')),
    closuresAwaiting(db, scope, limitOf('closure')),
    leadTransfersAwaiting(db, actor.agencyId, limitOf('lead_transfer')),
  ]);
  if (q.kind && q.kind !== 'screening') screenings.items = [];
  if (q.kind && q.kind !== 'closure') closures.items = [];
  if (q.kind && q.kind !== 'lead_transfer') transfers.items = [];
  const counts = { screening: screenings.count, closure: closures.count, lead_transfer: transfers.count };
  const capped = { screening: screenings.capped, closure: closures.capped, lead_transfer: false };
  const numbers = await caseNumbersOf(db, [
    ...screenings.items.map((s) => s.caseId),
    ...transfers.items.map((t) => t.caseId),
  ]);
  const names = await agencyNames(
    ctx,
    transfers.items.map((t) => t.fromAgencyId),
  );
  const age = (at: string | null) => (at ? Math.max(0, Math.floor((now - Date.parse(at)) / 86_400_000)) : 0);
  const items: Approval[] = [
    ...screenings.items.map((s) => ({
      kind: 'screening' as const,
      id: s.screeningId,
      caseId: s.caseId,
      caseNumber: numbers.get(s.caseId) ?? null,
      detail: s.decisionStatus,
      requestedAt: s.decidedAt,
      requestedBy: s.decidedBy,
      ageDays: age(s.decidedAt),
      mine: s.decidedBy === actor.userId,
    })),
    ...closures.items.map((c) => ({
      kind: 'closure' as const,
      id: c.caseId,
      caseId: c.caseId,
      caseNumber: c.caseNumber,
      detail: c.reason,
      requestedAt: c.requestedAt,
      requestedBy: null,
      ageDays: age(c.requestedAt),
      mine: false,
    })),
    ...transfers.items.map((t) => ({
      kind: 'lead_transfer' as const,
      id: t.transferId,
      caseId: t.caseId,
      caseNumber: numbers.get(t.caseId) ?? null,
      detail: names.get(t.fromAgencyId) ?? null,
      requestedAt: t.requestedAt,
      requestedBy: null,
      ageDays: age(t.requestedAt),
      mine: false,
    })),
  ];
  items.sort((a, b) => (a.requestedAt ?? '').localeCompare(b.requestedAt ?? ''));
  return { counts, capped, items };
}

/** The team of the caller's agency: each case worker's and supervisor's open cases, late services and tasks. */
export async function teamOverview(ctx: Context) {
  const actor = requireActor(ctx);
  if (!canApprove(ctx)) throw forbidden();
  const db = ctx.database.db;
  const ids = await agencyUserIdsWithPermission(ctx, actor.agencyId, TEAM_PERMISSIONS);
  const [actors, summaries, loads] = await Promise.all([
    accessActorsOf(ctx, db, ids),
    userSummaries(db, ids),
    caseloadsOf(db, actor.agencyId, ids, ctx.clock.now().toISOString()),
  ]);
  const members = actors
    .map((a) => {
      const s = summaries.get(a.userId)!;
      const l = loads.get(a.userId)!;
      return {
        userId: a.userId,
        username: s.username,
        displayName: s.displayName,
        roles: [...a.roles],
        openCases: l.openCases,
        lateServices: l.lateServices,
        casesWithLateServices: l.casesWithLateServices,
        openTasks: l.openTasks,
        overdueTasks: l.overdueTasks,
      };
    })
    .sort(
      (a, b) =>
        b.lateServices - a.lateServices || b.openCases - a.openCases || a.displayName.localeCompare(b.displayName),
    );
  const sum = (k: 'openCases' | 'lateServices' | 'openTasks') => members.reduce((s, m) => s + m[k], 0);
  return {
    agencyId: actor.agencyId,
    members,
    totals: { openCases: sum('openCases'), lateServices: sum('lateServices'), openTasks: sum('openTasks') },
  };
}
