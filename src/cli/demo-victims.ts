import { listRegions } from '../modules/reference/index.js';
import { yearInWib } from '../platform/time.js';
import { type Geo, loadGeo, originProvinces, provinceLanguages, provinceNames } from './demo-geo.js';
import { DAY, drawName, drawPhone, type Rng } from './demo-random.js';
import {
  type Destination,
  educationAdult,
  type Scenario,
  scenarios,
  vulnerabilities,
  type Weighted,
} from './demo-scenarios.js';

/** Victims as met at intake, drawn from the national demographics and the scenarios. */
/** A victim as met at intake: profile, identity, journey and what happened. */
export interface Victim {
  scenario: string;
  female: boolean;
  sex: 'Feminine' | 'Masculine';
  fullName: string;
  phone: string | null;
  birthYear: number;
  ageWhenTrafficked: number;
  isChild: boolean;
  provinceCode: string;
  regionCode: string;
  regionName: string;
  languages: string[];
  education: string | null;
  maritalStatus: string;
  destination: Destination;
  abroad: boolean;
  exploitationTypes: string[];
  forcedLabourIndustry: string | null;
  sexExploitationTypes: string[];
  methodsOfControl: string[];
  recruitmentMethods: string[];
  recruitmentWebsites: string[];
  exploitationWebsites: string[];
  vulnerabilities: string[];
  relationshipToTrafficker: string;
  referralSource: string;
  riskLevel: 'low' | 'medium' | 'high';
  events: {
    type: string;
    countryCode: string;
    regionCode?: string;
    city?: string;
    startedOn: string;
    endedOn?: string;
  }[];
  summary: string;
}

export const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Scenario weights per origin province and intake year, cached (drawing a million victims stays cheap). */
export const scenarioTables = new Map<string, Weighted<Scenario>>();
export function scenariosFor(province: string, year: number): Weighted<Scenario> {
  const key = `${province}|${year}`;
  let table = scenarioTables.get(key);
  if (!table) {
    table = scenarios.map((s) => [s, s.weight * (s.origin?.[province] ?? 1) * (s.years?.[year] ?? 1)] as const);
    scenarioTables.set(key, table);
  }
  return table;
}

/** Draws one victim whose intake is at `intakeAt` (ms). */
export function drawVictim(rng: Rng, geo: Geo, intakeAt: number): Victim {
  const provinceCode = rng.weighted(originProvinces);
  const regencies = geo.regencies.get(provinceCode) ?? [];
  const regionCode = regencies.length > 0 ? rng.weighted(regencies) : provinceCode;
  const year = yearInWib(intakeAt);
  const s = rng.weighted(scenariosFor(provinceCode, year));
  const female = rng.chance(s.female);
  const isChild = rng.chance(s.child);
  const ageWhenTrafficked = isChild ? rng.weighted(childAges) : adultAge(rng);
  const months = Math.round(rng.between(s.months[0], s.months[1]) * (isChild ? 0.6 : 1));
  const exploitedFrom = intakeAt - Math.max(1, months) * 30 * DAY - rng.int(1, 20) * DAY;
  const recruitedAt = exploitedFrom - rng.int(3, 45) * DAY;
  const birthYear = new Date(recruitedAt).getUTCFullYear() - ageWhenTrafficked - (rng.chance(0.5) ? 1 : 0);
  const destination = rng.weighted(s.destinations);
  const abroad = destination.country !== 'ID';
  const city = destination.city;
  const exploitationTypes = [...rng.weighted(s.exploitation)];
  if (isChild && ageWhenTrafficked < 15 && exploitationTypes.includes('ForcedLabour'))
    exploitationTypes.push('ChildLabour');
  const uniqueTypes = [...new Set(exploitationTypes)];
  const forcedLabour = uniqueTypes.includes('ForcedLabour') || uniqueTypes.includes('ForcedMarriage');
  const sexual = uniqueTypes.includes('SexualExploitation');
  const transitKey = s.transit ? rng.weighted(s.transit) : null;
  const transitCode = transitKey ? geo.places[transitKey] : undefined;
  const regionName = regionNames.get(regionCode) ?? regionCode;
  const events: Victim['events'] = [
    { type: 'Recruitment', countryCode: 'ID', regionCode, startedOn: isoDate(recruitedAt) },
  ];
  if (transitCode && transitCode !== regionCode) {
    events.push({
      type: 'Transit',
      countryCode: 'ID',
      regionCode: transitCode,
      city: transitLabel[transitKey!] ?? undefined,
      startedOn: isoDate(recruitedAt + rng.int(1, 10) * DAY),
    });
  }
  const place = destination.place ? geo.places[destination.place] : undefined;
  events.push({
    type: 'Exploitation',
    countryCode: destination.country,
    ...(place ? { regionCode: place } : {}),
    city,
    startedOn: isoDate(exploitedFrom),
    endedOn: isoDate(intakeAt - rng.int(1, 14) * DAY),
  });
  const online = s.websites !== undefined;
  const recruitmentWebsites = online ? rng.subset(s.websites!, 1) : [];
  const highRisk = isChild || sexual || (s.key === 'online_scam' && rng.chance(0.5));
  return {
    scenario: s.key,
    female,
    sex: female ? 'Feminine' : 'Masculine',
    fullName: drawName(rng, provinceNames[provinceCode] ?? 'malay', female),
    phone: rng.chance(isChild ? 0.5 : 0.8) ? drawPhone(rng) : null,
    birthYear,
    ageWhenTrafficked,
    isChild,
    provinceCode,
    regionCode,
    regionName,
    languages: provinceLanguages[provinceCode] && rng.chance(0.6) ? ['id', provinceLanguages[provinceCode]] : ['id'],
    education: isChild
      ? rng.weighted([
          ['PrimaryEducation', 3],
          ['LowerSecondaryEducation', 2],
        ] as const)
      : rng.chance(0.85)
        ? rng.weighted(educationAdult)
        : null,
    maritalStatus: isChild
      ? 'Single'
      : rng.weighted([
          ['Single', 4],
          ['Married', 4],
          ['Divorced', 1],
          ['Widowed', 0.3],
        ] as const),
    destination,
    abroad,
    exploitationTypes: uniqueTypes,
    forcedLabourIndustry: forcedLabour && s.industry ? rng.weighted(s.industry) : null,
    sexExploitationTypes: sexual && s.sexTypes ? [rng.weighted(s.sexTypes)] : [],
    methodsOfControl: rng.subset(s.control, 1),
    recruitmentMethods: [rng.weighted(s.recruitment)],
    recruitmentWebsites,
    exploitationWebsites: sexual && online && rng.chance(0.4) ? recruitmentWebsites.slice(0, 1) : [],
    vulnerabilities: rng.subset(abroad ? vulnerabilities : vulnerabilities.filter(([v]) => v !== 'Migration'), 1),
    relationshipToTrafficker: online
      ? rng.weighted([
          ['Unaquainted', 6],
          ['Acquainted', 3],
          ['Familial', 1],
        ] as const)
      : rng.weighted([
          ['Acquainted', 6],
          ['Familial', 2],
          ['Unaquainted', 2],
        ] as const),
    referralSource: rng.weighted(s.referral),
    riskLevel: highRisk ? (rng.chance(0.7) ? 'high' : 'medium') : rng.chance(0.6) ? 'medium' : 'low',
    events,
    summary: s.summary(city, regionName),
  };
}

export const childAges: Weighted<number> = [
  [12, 0.5],
  [13, 1],
  [14, 2],
  [15, 3],
  [16, 4],
  [17, 4],
];
export function adultAge(rng: Rng): number {
  // Mostly young adults: 18–30, fewer up to 50.
  return rng.chance(0.75) ? rng.int(18, 30) : rng.int(31, 50);
}

export const transitLabel: Record<string, string> = {
  batam: 'Batam',
  entikong: 'Entikong',
  nunukan: 'Nunukan',
  jakarta: 'Jakarta',
  tanjungPinang: 'Tanjung Pinang',
};

export const regionNames = new Map<string, string>();
/** Fills the display names of regencies used in summaries (once). */
export async function loadRegionNames(geo: Geo): Promise<void> {
  if (regionNames.size > 0) return;
  for (const province of geo.regencies.keys()) {
    for (const r of await listRegions(province)) regionNames.set(r.code, r.name.replace(/^Kabupaten /, 'Kab. '));
  }
}

/** Geography with region names for summaries. */
export async function loadGeoWithNames(): Promise<Geo> {
  const geo = await loadGeo();
  await loadRegionNames(geo);
  return geo;
}
