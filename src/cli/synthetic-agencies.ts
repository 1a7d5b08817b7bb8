import { listAgencies, type TAgency } from '../modules/agencies/index.js';
import { listUsers } from '../modules/users/index.js';
import type { Context } from '../platform/context.js';
import type { Rng, Victim } from './demo-cases.js';

export class NoAgenciesError extends Error {
  constructor() {
    super(
      'this database has no agencies: run `pulih serve --demo` once (demo agencies and users) or create agencies with `pulih agency create`, then run `pulih demo` again',
    );
  }
}

/** The synthetic dataset's agencies: who leads cases, who provides services, and their people (`pulih demo --cases`). */
/* ---------- who works where ---------- */

/** How likely an agency of each type leads a case (case-managing services first). */
export const leadWeights: Record<string, number> = {
  uptd_ppa: 10,
  p2tp2a: 8,
  ppt: 6,
  dinas_sosial: 4,
  police_ppa: 4,
  ngo: 3,
  social_shelter: 2,
  international_org: 1,
  lpsk: 1,
  bp2mi: 1,
  mission_abroad: 1,
};
export const providerTypes = new Set([
  'ngo',
  'social_shelter',
  'hospital',
  'dinas_kesehatan',
  'dinas_sosial',
  'p2tp2a',
  'ppt',
]);
export const repatriationTypes = new Set(['international_org', 'bp2mi', 'mission_abroad']);
export const legalTypes = new Set(['legal_aid', 'lpsk', 'police_ppa']);

export interface Person {
  id: string;
  username: string;
}

export interface AgencyInfo {
  agency: TAgency;
  code: string;
  province: string | null;
  workers: Person[];
  supervisors: Person[];
  /** Case workers, else supervisors, else intake officers: who records and works a case. */
  leads: Person[];
  decidedByOrg: string;
}

/** Case numbers read like AGENCY/2026/00042 (the cases module's rule: short name, letters and digits). */
export const agencyCode = (a: TAgency) =>
  (a.shortName ?? a.name)
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, '')
    .slice(0, 16) || 'PULIH';

export async function allAgencies(ctx: Context): Promise<TAgency[]> {
  const out: TAgency[] = [];
  let cursor: string | undefined;
  do {
    const page = await listAgencies(ctx, { status: 'active', limit: 200, ...(cursor ? { cursor } : {}) });
    out.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  // Deterministic across databases: by name (ids differ from one database to the next).
  return out.sort((a, b) => a.name.localeCompare(b.name) || (a.regionCode ?? '').localeCompare(b.regionCode ?? ''));
}

export async function usersOf(ctx: Context, agencyId: string, role: string): Promise<Person[]> {
  const page = await listUsers(ctx, { agencyId, role, status: 'active', limit: 200 });
  return page.items
    .map((u) => ({ id: u.id, username: u.username }))
    .sort((a, b) => a.username.localeCompare(b.username));
}

export class Directory {
  private constructor(
    readonly leads: [AgencyInfo, number][],
    readonly byProvince: Map<string, [AgencyInfo, number][]>,
    readonly providers: Map<string, AgencyInfo[]>,
    readonly repatriation: AgencyInfo[],
    readonly legal: AgencyInfo[],
  ) {}

  static async load(ctx: Context): Promise<Directory> {
    const agencies = await allAgencies(ctx);
    if (agencies.length === 0) throw new NoAgenciesError();
    const infos: AgencyInfo[] = [];
    for (const agency of agencies) {
      const workers = await usersOf(ctx, agency.id, 'case_worker');
      const supervisors = await usersOf(ctx, agency.id, 'supervisor');
      const intake = workers.length + supervisors.length === 0 ? await usersOf(ctx, agency.id, 'intake_officer') : [];
      infos.push({
        agency,
        code: agencyCode(agency),
        province: agency.countryCode === 'ID' && agency.regionCode ? agency.regionCode.slice(0, 2) : null,
        workers,
        supervisors,
        leads: workers.length > 0 ? workers : supervisors.length > 0 ? supervisors : intake,
        decidedByOrg:
          agency.type === 'police_ppa'
            ? 'Police'
            : agency.type === 'ngo' || agency.type === 'international_org' || agency.type === 'social_shelter'
              ? 'NGO'
              : 'NonPoliceGovernmentalOrganization',
      });
    }
    let leads = infos.filter((i) => leadWeights[i.agency.type]).map((i) => [i, weightOf(i)] as [AgencyInfo, number]);
    // An instance without case-managing agencies still gets cases: every agency may lead then.
    if (leads.length === 0) leads = infos.map((i) => [i, 1]);
    const byProvince = new Map<string, [AgencyInfo, number][]>();
    for (const entry of leads) {
      const p = entry[0].province;
      if (p) byProvince.set(p, [...(byProvince.get(p) ?? []), entry]);
    }
    const providers = new Map<string, AgencyInfo[]>();
    for (const i of infos) {
      if (i.province && providerTypes.has(i.agency.type))
        providers.set(i.province, [...(providers.get(i.province) ?? []), i]);
    }
    return new Directory(
      leads,
      byProvince,
      providers,
      infos.filter((i) => repatriationTypes.has(i.agency.type)),
      infos.filter((i) => legalTypes.has(i.agency.type)),
    );
  }

  /**
   * The lead agency: mostly one in the victim's province; returnees from Malaysia often through West
   * Kalimantan (Entikong, Pontianak); otherwise any case-managing agency, weighted by type and staff.
   */
  leadFor(rng: Rng, v: Victim): AgencyInfo {
    const local = this.byProvince.get(v.provinceCode);
    if (local && rng.chance(0.9)) return rng.weighted(local);
    const border = v.destination.country === 'MY' ? this.byProvince.get('61') : undefined;
    if (border && rng.chance(0.5)) return rng.weighted(border);
    return rng.weighted(this.leads);
  }
}

export function weightOf(i: AgencyInfo): number {
  // Agencies with case workers carry most of the load; one without users records cases under the operator.
  return (leadWeights[i.agency.type] ?? 1) * (i.workers.length > 0 ? 5 : i.leads.length > 0 ? 2 : 1);
}

/* ---------- intake dates ---------- */
