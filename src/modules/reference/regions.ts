import { getProvinces, getRegencies } from 'idn-area-data';

/** Indonesian provinces and regencies/cities (Kemendagri codes) from the maintained idn-area-data set. */
export interface Region {
  code: string;
  name: string;
  level: 'province' | 'regency';
  provinceCode: string;
}

const titleCase = (s: string) =>
  s.toLowerCase().replace(/(^|[\s(/-])([a-z])/g, (_, p: string, c: string) => p + c.toUpperCase());

let loaded: Promise<Map<string, Region>> | undefined;

/** All regions by code, loaded once per process. */
export function regions(): Promise<Map<string, Region>> {
  loaded ??= (async () => {
    const map = new Map<string, Region>();
    for (const p of await getProvinces()) {
      map.set(p.code, { code: p.code, name: titleCase(p.name), level: 'province', provinceCode: p.code });
    }
    for (const r of await getRegencies()) {
      map.set(r.code, { code: r.code, name: titleCase(r.name), level: 'regency', provinceCode: r.province_code });
    }
    return map;
  })();
  return loaded;
}

export async function findRegion(code: string): Promise<Region | undefined> {
  return (await regions()).get(code);
}

/** Provinces, or the regencies/cities of one province. */
export async function listRegions(parent?: string): Promise<Region[]> {
  const all = [...(await regions()).values()];
  return parent
    ? all.filter((r) => r.level === 'regency' && r.provinceCode === parent)
    : all.filter((r) => r.level === 'province');
}
