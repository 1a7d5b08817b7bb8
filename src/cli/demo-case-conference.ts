import type { TAgency } from '../modules/agencies/index.js';
import { completeActionItem, conferenceCreateSchema, createConference } from '../modules/conferences/index.js';
import { dateInZone, endOfDayWib } from '../platform/time.js';
import { type CaseRun, valid } from './demo-actors.js';
import { DAY, HOUR } from './demo-random.js';
import { actionItemTexts, conferenceDecisions } from './demo-referrals.js';

/**
 * A case conference: the agencies present, what they decided, and action items with due dates. Most items
 * are done by the assigned agency (or the case team) around their due date; on open cases some are not,
 * and the overdue job alerts about them. A case that closes finishes its items first.
 */
export function scheduleConference(c: CaseRun, heldAt: number, stage: 'protection' | 'reintegration') {
  const { run, h, v, team, x, until, worker } = c;
  const { at, as, iom, lpsk, assignees } = run;
  if (heldAt >= until - DAY) return;
  const closes = h.closeRequestedAt !== undefined;
  const heldOn = dateInZone(heldAt, 'WIB');
  const present: { agency: TAgency; role: keyof typeof actionItemTexts }[] = [{ agency: team.lead, role: 'lead' }];
  if (x.chance(0.75)) present.push({ agency: team.shelter, role: 'shelter' });
  if (x.chance(0.6)) present.push({ agency: team.police, role: 'police' });
  if (v.abroad && x.chance(0.6)) present.push({ agency: iom, role: 'iom' });
  if (x.chance(0.15)) present.push({ agency: lpsk, role: 'lpsk' });
  const assigned = present.filter((_, i) => x.chance(i === 0 ? 0.6 : 0.7));
  if (assigned.length === 0) assigned.push(present.at(-1)!);
  const decisions = x.pick(conferenceDecisions[stage]);
  const items = assigned.map((p) => {
    const dueOn = dateInZone(heldAt + x.int(7, 30) * DAY, 'WIB');
    const dueAt = Date.parse(endOfDayWib(dueOn));
    let doneAt: number | undefined = Math.max(dueAt - x.between(-6, 12) * DAY, heldAt + x.between(2, 48) * HOUR);
    const done = closes || x.chance(0.75);
    if (doneAt >= until) doneAt = closes ? until - x.between(2, 20) * HOUR : undefined;
    return {
      agency: p.agency,
      description: x.pick(actionItemTexts[p.role]),
      dueOn,
      doneAt: done && doneAt !== undefined && doneAt > heldAt ? doneAt : undefined,
      id: '',
    };
  });
  const conference = { id: '' };
  at(heldAt, async () => {
    const body = {
      heldOn,
      agencyIds: present.map((p) => p.agency.id),
      decisions,
      actionItems: items.map((i) => ({ agencyId: i.agency.id, description: i.description, dueOn: i.dueOn })),
    };
    const created = await createConference(worker(), c.state.caseId!, valid(conferenceCreateSchema, body));
    conference.id = created.id;
    created.actionItems.forEach((item, i) => {
      items[i]!.id = item.id;
    });
  });
  for (const item of items) {
    if (item.doneAt === undefined) continue;
    const by = assignees.get(item.agency.id) ?? team.worker;
    at(item.doneAt, async () => {
      await completeActionItem(as(by), conference.id, item.id);
    });
  }
}
