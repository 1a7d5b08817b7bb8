import type { TimeZone } from '../contract/time.js';
import { createAgency, type TAgency, type TAgencyCreate } from '../modules/agencies/index.js';
import type { CaseStage } from '../modules/cases/index.js';
import { hashPassword } from '../modules/users/index.js';
import type { Context } from '../platform/context.js';
import { yearInWib } from '../platform/time.js';
import {
  DAY,
  type DemoUser,
  insertDemoCaseUsers,
  insertDemoUsers,
  runOverdueCheck,
  SimClock,
  seedDemoCases,
  withRelaxedSync,
} from './demo-cases.js';
import { seedDemoCommunity } from './demo-community.js';
import { seedDemoLegal } from './demo-legal.js';

/** The password of every demo account (demo only; real accounts get temporary passwords). */
export const DEMO_PASSWORD = 'Pulih-Demo-2026-Aman';

/** A national secretariat in Jakarta and service agencies in three provinces victims often come from. */
const demoAgencies: (TAgencyCreate & { key: string })[] = [
  {
    key: 'secretariat',
    name: 'Sekretariat Gugus Tugas PP-TPPO Pusat',
    shortName: 'GT-TPPO Pusat',
    type: 'taskforce_secretariat',
    countryCode: 'ID',
    // The national task force's jurisdiction is the whole country (its office in Jakarta is no limit on it).
    regionCode: null,
  },
  {
    key: 'lpsk',
    name: 'Lembaga Perlindungan Saksi dan Korban',
    shortName: 'LPSK',
    type: 'lpsk',
    countryCode: 'ID',
    regionCode: '31.74',
  },
  {
    key: 'iom',
    name: 'IOM Indonesia – Kantor Kupang',
    shortName: 'IOM Kupang',
    type: 'international_org',
    countryCode: 'ID',
    regionCode: '53.71',
  },
  {
    key: 'uptd_ntt',
    name: 'UPTD PPA Provinsi Nusa Tenggara Timur',
    shortName: 'UPTD PPA NTT',
    type: 'uptd_ppa',
    countryCode: 'ID',
    regionCode: '53.71',
  },
  {
    key: 'police_ntt',
    name: 'Unit PPA Polda Nusa Tenggara Timur',
    shortName: 'Unit PPA Polda NTT',
    type: 'police_ppa',
    countryCode: 'ID',
    regionCode: '53.71',
  },
  {
    key: 'prosecutor_ntt',
    name: 'Kejaksaan Tinggi Nusa Tenggara Timur',
    shortName: 'Kejati NTT',
    type: 'prosecutor',
    countryCode: 'ID',
    regionCode: '53.71',
  },
  {
    key: 'court_kupang',
    name: 'Pengadilan Negeri Kupang',
    shortName: 'PN Kupang',
    type: 'court',
    countryCode: 'ID',
    regionCode: '53.71',
  },
  {
    key: 'shelter_ntt',
    name: 'Rumah Aman Sahabat Perempuan Kupang',
    shortName: 'Rumah Aman Kupang',
    type: 'ngo',
    countryCode: 'ID',
    regionCode: '53.71',
  },
  {
    key: 'uptd_jabar',
    name: 'UPTD PPA Provinsi Jawa Barat',
    shortName: 'UPTD PPA Jabar',
    type: 'uptd_ppa',
    countryCode: 'ID',
    regionCode: '32.73',
  },
  {
    key: 'police_jabar',
    name: 'Unit PPA Polda Jawa Barat',
    shortName: 'Unit PPA Polda Jabar',
    type: 'police_ppa',
    countryCode: 'ID',
    regionCode: '32.73',
  },
  {
    key: 'shelter_jabar',
    name: 'Yayasan Rumah Singgah Bandung',
    shortName: 'Rumah Singgah Bandung',
    type: 'ngo',
    countryCode: 'ID',
    regionCode: '32.73',
  },
  {
    key: 'uptd_kalbar',
    name: 'UPTD PPA Provinsi Kalimantan Barat',
    shortName: 'UPTD PPA Kalbar',
    type: 'uptd_ppa',
    countryCode: 'ID',
    regionCode: '61.71',
  },
  {
    key: 'police_kalbar',
    name: 'Unit PPA Polda Kalimantan Barat',
    shortName: 'Unit PPA Polda Kalbar',
    type: 'police_ppa',
    countryCode: 'ID',
    regionCode: '61.71',
  },
  {
    key: 'shelter_kalbar',
    name: 'Rumah Perlindungan Khatulistiwa Pontianak',
    shortName: 'RP Khatulistiwa',
    type: 'ngo',
    countryCode: 'ID',
    regionCode: '61.71',
  },
  // The provincial task force (Gugus Tugas PP-TPPO NTT; Law 21/2007 Art. 58(3), Perpres 69/2008): its jurisdiction is the province.
  {
    key: 'taskforce_ntt',
    name: 'Sekretariat Gugus Tugas PP-TPPO Provinsi Nusa Tenggara Timur',
    shortName: 'GT PP-TPPO NTT',
    type: 'taskforce_secretariat',
    countryCode: 'ID',
    regionCode: '53',
  },
];

/** One user per built-in role. */
export const demoUsers = [
  { username: 'admin', displayName: 'Admin Sistem', agency: 'secretariat', roles: ['sysadmin'] },
  { username: 'dpo', displayName: 'Dewi Pelindung Data', agency: 'secretariat', roles: ['dpo'] },
  { username: 'supervisor.ntt', displayName: 'Maria Supervisor', agency: 'uptd_ntt', roles: ['supervisor'] },
  { username: 'caseworker.ntt', displayName: 'Yohana Manajer Kasus', agency: 'uptd_ntt', roles: ['case_worker'] },
  { username: 'intake.ntt', displayName: 'Agus Penerima Pengaduan', agency: 'uptd_ntt', roles: ['intake_officer'] },
  {
    username: 'provider.shelter',
    displayName: 'Sri Pendamping Rumah Aman',
    agency: 'shelter_ntt',
    roles: ['service_provider'],
  },
  { username: 'legal.ntt', displayName: 'Bripka Hukum', agency: 'police_ntt', roles: ['legal_liaison'] },
  { username: 'police.ntt', displayName: 'Ipda Maria Penyidik', agency: 'police_ntt', roles: ['police_investigator'] },
  { username: 'prosecutor.ntt', displayName: 'Yosef Jaksa Penuntut', agency: 'prosecutor_ntt', roles: ['prosecutor'] },
  { username: 'lpsk.officer', displayName: 'Ratna Petugas LPSK', agency: 'lpsk', roles: ['lpsk_officer'] },
  {
    username: 'programme.jabar',
    displayName: 'Rina Petugas Program',
    agency: 'uptd_jabar',
    roles: ['programme_officer'],
  },
  {
    username: 'analyst.national',
    displayName: 'Budi Analis Gugus Tugas',
    agency: 'secretariat',
    roles: ['taskforce_analyst'],
  },
  { username: 'partner.iom', displayName: 'IOM Partner Kupang', agency: 'iom', roles: ['intl_partner'] },
  {
    username: 'analyst.ntt',
    displayName: 'Maria Analis Gugus Tugas NTT',
    agency: 'taskforce_ntt',
    roles: ['taskforce_analyst'],
  },
] as const;

/**
 * Seeds the demo through the services (so audit events are real). Run only on an empty database.
 * With `cases`, also seeds that many demo cases in every stage (demo-cases.ts): the agencies and users
 * are then created on a simulated clock three years back, so the audit trail runs forward in time.
 */
export async function seedDemo(
  ctx: Context,
  options: { cases?: number; seed?: number } = {},
): Promise<{ agencies: TAgency[]; users: typeof demoUsers; stages: Map<CaseStage, number> }> {
  const cases = options.cases ?? 0;
  const now = ctx.clock.now().getTime();
  const clock = cases > 0 ? new SimClock(now - 3 * 365 * DAY) : undefined;
  const c: Context = clock ? { ...ctx, clock } : ctx;
  const byKey = new Map<string, TAgency>();
  for (const { key, ...input } of demoAgencies) byKey.set(key, await createAgency(c, input));
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const users = new Map<string, DemoUser>();
  // NTT is in WITA; Jakarta, West Java and West Kalimantan in WIB.
  const timeZone = (agency: string): TimeZone =>
    agency.endsWith('ntt') || agency === 'iom' ? 'Asia/Makassar' : 'Asia/Jakarta';
  for (const u of await insertDemoUsers(c, demoUsers, byKey, passwordHash, timeZone)) users.set(u.username, u);
  let stages = new Map<CaseStage, number>();
  if (clock) {
    for (const u of await insertDemoCaseUsers(c, byKey, passwordHash)) users.set(u.username, u);
    stages = await withRelaxedSync(ctx, () =>
      seedDemoCases(c, { clock, now, agencies: byKey, users, cases, seed: options.seed }),
    );
    // Law enforcement for some NTT victims: proceedings in every stage, restitution, protection (in the present).
    await withRelaxedSync(ctx, () => seedDemoLegal(ctx, { users, agencies: byKey, clock: ctx.clock }));
    // Back in the present: the overdue jobs alert about statutory services past their 7 days, referrals nobody
    // answered in time and conference action items past their due date.
    await runOverdueCheck(ctx);
    // Public tips in every state, prevention programmes with surveys, budgets (in the present).
    await seedDemoCommunity(ctx, users, yearInWib(now));
  }
  return { agencies: [...byKey.values()], users: demoUsers, stages };
}
