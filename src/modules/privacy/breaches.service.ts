import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import { type Context, transact } from '../../platform/context.js';
import { type Executor, tables } from '../../platform/db/index.js';
import { AppError, notFound } from '../../platform/errors.js';
import { decodeCursor, encodeCursor } from '../../platform/http.js';
import type { Job } from '../../platform/jobs.js';
import { raiseAlerts } from '../alerts/index.js';
import { audit } from './privacy.audit.js';
import { requireBreaches } from './privacy.policy.js';

/**
 * The breach register (Law 27/2022 Art. 46): what happened, whose data (categories) and how many people,
 * and the 3×24-hour clock, from when the controller became aware, for notifying the data subjects and the
 * authority. Notices come from templates in Indonesian and English; the DPO is alerted when under a day is left.
 */

const CLOCK_MS = 3 * 24 * 3_600_000;
const LOW_MS = 24 * 3_600_000;
export const dataCategories = [
  'identity',
  'contact',
  'health',
  'criminal',
  'child',
  'financial',
  'location',
  'case_narrative',
  'other',
] as const;
export const audiences = ['subjects', 'authority'] as const;

interface BreachRow {
  id: string;
  title_enc: string;
  description_enc: string;
  data_categories: unknown;
  affected_count: number;
  discovered_at: string;
  deadline_at: string;
  subjects_notified_at: string | null;
  authority_notified_at: string | null;
  low_alerted_at: string | null;
  recorded_by: string;
  recorded_at: string;
}
const t = (db: Executor) => tables<{ breaches: BreachRow }>(db);

export const breachCreateBody = z.strictObject({
  title: z.string().trim().min(5).max(200),
  description: z.string().trim().min(10).max(8000),
  dataCategories: z.array(z.enum(dataCategories)).min(1).max(dataCategories.length),
  affectedCount: z.number().int().min(0).max(100_000_000),
  /** When the breach came to light; now (the server's clock) when left out. */
  discoveredAt: z.iso.datetime({ offset: true }).optional(),
});
export const breachListQuery = z.strictObject({
  open: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(500).optional(),
});
export const breachNotifyBody = z.strictObject({
  audience: z.enum(audiences),
  language: z.enum(['id', 'en']).default('id'),
});
export const breachSchema = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  dataCategories: z.array(z.string()),
  affectedCount: z.number(),
  discoveredAt: z.string(),
  deadlineAt: z.string(),
  /** Milliseconds left on the 3×24 h clock (negative: late); null once both notices went out. */
  remainingMs: z.number().nullable(),
  clock: z.enum(['running', 'low', 'overdue', 'done']),
  subjectsNotifiedAt: z.string().nullable(),
  authorityNotifiedAt: z.string().nullable(),
  recordedAt: z.string(),
});

function present(ctx: Context, r: BreachRow) {
  const now = ctx.clock.now().getTime();
  const done = r.subjects_notified_at !== null && r.authority_notified_at !== null;
  const remaining = new Date(r.deadline_at).getTime() - now;
  return {
    id: r.id,
    title: ctx.keyring.decrypt('breaches', 'title_enc', r.id, r.title_enc),
    description: ctx.keyring.decrypt('breaches', 'description_enc', r.id, r.description_enc),
    dataCategories: ctx.database.adapter.fromJson<string[]>(r.data_categories),
    affectedCount: Number(r.affected_count),
    discoveredAt: r.discovered_at,
    deadlineAt: r.deadline_at,
    remainingMs: done ? null : remaining,
    clock: done
      ? ('done' as const)
      : remaining < 0
        ? ('overdue' as const)
        : remaining < LOW_MS
          ? ('low' as const)
          : ('running' as const),
    subjectsNotifiedAt: r.subjects_notified_at,
    authorityNotifiedAt: r.authority_notified_at,
    recordedAt: r.recorded_at,
  };
}

export async function createBreach(ctx: Context, input: z.infer<typeof breachCreateBody>) {
  await requireBreaches(ctx);
  const now = ctx.clock.now();
  const discovered = input.discoveredAt ? new Date(input.discoveredAt) : now;
  if (discovered.getTime() > now.getTime()) {
    throw new AppError('validation', 'validation', {}, [{ field: 'discoveredAt', code: 'date_in_future' }]);
  }
  const id = uuidv7();
  const row: BreachRow = {
    id,
    title_enc: ctx.keyring.encrypt('breaches', 'title_enc', id, input.title),
    description_enc: ctx.keyring.encrypt('breaches', 'description_enc', id, input.description),
    data_categories: ctx.database.adapter.toJson([...new Set(input.dataCategories)]),
    affected_count: input.affectedCount,
    discovered_at: discovered.toISOString(),
    // Art. 46(1): written notice to the subjects and the authority within 3×24 hours.
    deadline_at: new Date(discovered.getTime() + CLOCK_MS).toISOString(),
    subjects_notified_at: null,
    authority_notified_at: null,
    low_alerted_at: null,
    recorded_by: ctx.actor!.userId,
    recorded_at: now.toISOString(),
  };
  await transact(ctx, async (tx) => {
    await t(tx).insertInto('breaches').values(row).execute();
    await audit(tx, ctx, 'breachCreate', id, { affectedCount: input.affectedCount, categories: input.dataCategories });
  });
  return present(ctx, row);
}

export async function listBreaches(ctx: Context, q: z.infer<typeof breachListQuery>) {
  await requireBreaches(ctx);
  let query = t(ctx.database.db).selectFrom('breaches').selectAll();
  if (q.open === 'true')
    query = query.where((eb) =>
      eb.or([eb('subjects_notified_at', 'is', null), eb('authority_notified_at', 'is', null)]),
    );
  const after = decodeCursor(q.cursor, z.tuple([z.string()]));
  if (after) query = query.where('id', '<', after[0]);
  const rows = await query
    .orderBy('id', 'desc')
    .limit(q.limit + 1)
    .execute();
  const items = rows.slice(0, q.limit).map((r) => present(ctx, r));
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > q.limit && last ? encodeCursor([last.id]) : null };
}

/** The notice text (Art. 46(2): what data, when and how it was exposed, how it is being handled and contained). */
export function breachNotice(
  b: ReturnType<typeof present>,
  audience: (typeof audiences)[number],
  language: 'id' | 'en',
) {
  const cats = b.dataCategories
    .map((c) => categoryNames[language][c as (typeof dataCategories)[number]] ?? c)
    .join(', ');
  const date = b.discoveredAt.slice(0, 10);
  if (language === 'en') {
    return [
      audience === 'authority' ? 'To: the personal data protection authority' : 'To: the person whose data we hold',
      `Subject: notice of a personal data breach (Law 27/2022 Art. 46)`,
      '',
      `On ${date} we became aware of an incident: ${b.title}.`,
      `Personal data concerned: ${cats}. People affected: ${b.affectedCount}.`,
      `What happened and what we are doing: ${b.description}`,
      audience === 'subjects'
        ? 'You may ask our data protection officer what data about you is held and request its correction, restriction or erasure.'
        : 'Our data protection officer is the contact for this incident and will report further findings.',
    ].join('\n');
  }
  return [
    audience === 'authority' ? 'Kepada: lembaga pelindungan data pribadi' : 'Kepada: subjek data pribadi',
    'Perihal: pemberitahuan kegagalan pelindungan data pribadi (UU 27/2022 Pasal 46)',
    '',
    `Pada ${date} kami mengetahui terjadinya insiden: ${b.title}.`,
    `Data pribadi yang terungkap: ${cats}. Jumlah orang terdampak: ${b.affectedCount}.`,
    `Kejadian dan upaya penanganan serta pemulihan: ${b.description}`,
    audience === 'subjects'
      ? 'Anda dapat meminta pejabat pelindungan data pribadi kami menjelaskan data Anda yang kami simpan serta meminta pembetulan, pembatasan, atau penghapusannya.'
      : 'Pejabat pelindungan data pribadi kami menjadi narahubung insiden ini dan akan melaporkan temuan lanjutan.',
  ].join('\n');
}

const categoryNames = {
  id: {
    identity: 'identitas',
    contact: 'kontak',
    health: 'kesehatan',
    criminal: 'catatan pidana',
    child: 'data anak',
    financial: 'keuangan',
    location: 'lokasi',
    case_narrative: 'catatan kasus',
    other: 'lainnya',
  },
  en: {
    identity: 'identity',
    contact: 'contact details',
    health: 'health',
    criminal: 'criminal records',
    child: "children's data",
    financial: 'financial',
    location: 'location',
    case_narrative: 'case notes',
    other: 'other',
  },
} as const;

/** Records that the notice went to one audience (once) and returns its text in the chosen language. */
export async function notifyBreach(ctx: Context, id: string, input: z.infer<typeof breachNotifyBody>) {
  await requireBreaches(ctx);
  return transact(ctx, async (tx) => {
    const row = await t(tx).selectFrom('breaches').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound();
    const column = input.audience === 'subjects' ? 'subjects_notified_at' : 'authority_notified_at';
    const now = ctx.clock.now().toISOString();
    const r = await t(tx)
      .updateTable('breaches')
      .set({ [column]: now })
      .where('id', '=', id)
      .where(column, 'is', null)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) throw new AppError('conflict', 'breach_already_notified');
    await audit(tx, ctx, 'breachNotify', id, { audience: input.audience, late: row.deadline_at < now });
    const breach = present(ctx, { ...row, [column]: now });
    return { breach, notice: breachNotice(breach, input.audience, input.language) };
  });
}

/** Who is alerted when a clock runs low: the instance's DPOs (hook `privacy.officers`) — plus the recorder. */
export type PrivacyOfficers = (db: Executor) => Promise<string[]>;

export const BREACH_CLOCK_JOB = 'breach-clock';

/** Alerts once per breach when less than 24 h of its 3×24 h clock is left and a notice is still missing. */
export async function checkBreachClocks(ctx: Context): Promise<number> {
  const db = ctx.database.db;
  const now = ctx.clock.now();
  const due = await t(db)
    .selectFrom('breaches')
    .selectAll()
    .where('low_alerted_at', 'is', null)
    .where('deadline_at', '<', new Date(now.getTime() + LOW_MS).toISOString())
    .where((eb) => eb.or([eb('subjects_notified_at', 'is', null), eb('authority_notified_at', 'is', null)]))
    .orderBy('deadline_at')
    .limit(100)
    .execute();
  let handled = 0;
  for (const row of due) {
    await transact(ctx, async (tx) => {
      const claimed = await t(tx)
        .updateTable('breaches')
        .set({ low_alerted_at: now.toISOString() })
        .where('id', '=', row.id)
        .where('low_alerted_at', 'is', null)
        .executeTakeFirst();
      if (Number(claimed.numUpdatedRows) !== 1) return;
      await raiseAlerts(tx, ctx, [row.recorded_by, ...(await ctx.hooks.one('privacy.officers')(tx))], {
        kind: 'breach_clock_low',
        entityType: 'breach',
        entityId: row.id,
        params: { deadlineAt: row.deadline_at },
      });
      await audit(tx, ctx, 'breachClockLow', row.id, { deadlineAt: row.deadline_at });
      handled++;
    });
  }
  return handled;
}

export const breachJobs: Job[] = [{ name: BREACH_CLOCK_JOB, intervalMs: 5 * 60_000, run: checkBreachClocks }];
