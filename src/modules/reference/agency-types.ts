/**
 * Agency types: the Indonesian bodies of the service system (DOMAIN.md §2; PP 9/2008, Permen PPPA 2/2022)
 * each mapped to its HTCDS 2.0 `org_Type` value. One source of truth; a test checks the mapping
 * against shared/standards/htcds.
 */
export const htcdsOrgTypes = [
  'NGO',
  'LawEnforcement',
  'HealthServiceOrganisation',
  'CentralGovernmentOrganisation',
  'LocalGovernmentOrganisation',
  'ImmigrationService',
  'LegalService',
  'CorporateBusiness',
  'SchoolOrCollege',
] as const;
export type HtcdsOrgType = (typeof htcdsOrgTypes)[number];

interface AgencyTypeDef {
  htcds: HtcdsOrgType;
  group:
    | 'service_unit'
    | 'social'
    | 'health'
    | 'justice'
    | 'protection'
    | 'migration'
    | 'civil_society'
    | 'international'
    | 'coordination'
    | 'other';
  label: { id: string; en: string };
}

export const agencyTypes = {
  uptd_ppa: {
    htcds: 'LocalGovernmentOrganisation',
    group: 'service_unit',
    label: { id: 'UPTD PPA', en: 'UPTD PPA (women and children protection service unit)' },
  },
  p2tp2a: {
    htcds: 'LocalGovernmentOrganisation',
    group: 'service_unit',
    label: { id: 'P2TP2A', en: 'P2TP2A (integrated service centre for women and children)' },
  },
  ppt: {
    htcds: 'LocalGovernmentOrganisation',
    group: 'service_unit',
    label: { id: 'Pusat Pelayanan Terpadu (PPT)', en: 'Integrated service centre (PPT)' },
  },
  dinas_sosial: {
    htcds: 'LocalGovernmentOrganisation',
    group: 'social',
    label: { id: 'Dinas Sosial', en: 'Social affairs office' },
  },
  social_shelter: {
    htcds: 'CentralGovernmentOrganisation',
    group: 'social',
    label: { id: 'Rumah perlindungan sosial (RPTC/RPSW)', en: 'Social protection shelter (RPTC/RPSW)' },
  },
  dinas_kesehatan: {
    htcds: 'HealthServiceOrganisation',
    group: 'health',
    label: { id: 'Dinas Kesehatan', en: 'Health office' },
  },
  hospital: {
    htcds: 'HealthServiceOrganisation',
    group: 'health',
    label: { id: 'Rumah sakit / Pusat Krisis Terpadu', en: 'Hospital / integrated crisis centre' },
  },
  police_ppa: {
    htcds: 'LawEnforcement',
    group: 'justice',
    label: { id: 'Unit PPA Kepolisian', en: 'Police women and children unit (Unit PPA)' },
  },
  prosecutor: { htcds: 'LawEnforcement', group: 'justice', label: { id: 'Kejaksaan', en: 'Prosecutor' } },
  court: { htcds: 'LegalService', group: 'justice', label: { id: 'Pengadilan', en: 'Court' } },
  lpsk: {
    htcds: 'CentralGovernmentOrganisation',
    group: 'protection',
    label: { id: 'LPSK', en: 'Witness and victim protection agency (LPSK)' },
  },
  bp2mi: {
    htcds: 'CentralGovernmentOrganisation',
    group: 'migration',
    label: { id: 'BP2MI', en: 'Migrant worker protection agency (BP2MI)' },
  },
  mission_abroad: {
    htcds: 'CentralGovernmentOrganisation',
    group: 'migration',
    label: { id: 'Perwakilan RI (KBRI/KJRI)', en: 'Indonesian mission abroad (KBRI/KJRI)' },
  },
  immigration: { htcds: 'ImmigrationService', group: 'migration', label: { id: 'Imigrasi', en: 'Immigration' } },
  labour_office: {
    htcds: 'LocalGovernmentOrganisation',
    group: 'migration',
    label: { id: 'Dinas Tenaga Kerja', en: 'Labour office (Disnaker)' },
  },
  ngo: { htcds: 'NGO', group: 'civil_society', label: { id: 'LSM', en: 'NGO' } },
  legal_aid: {
    htcds: 'LegalService',
    group: 'civil_society',
    label: { id: 'Lembaga bantuan hukum (LBH)', en: 'Legal aid organisation (LBH)' },
  },
  international_org: {
    htcds: 'NGO',
    group: 'international',
    label: {
      id: 'Organisasi internasional (IOM, UNICEF, UNODC)',
      en: 'International organisation (IOM, UNICEF, UNODC)',
    },
  },
  taskforce_secretariat: {
    htcds: 'CentralGovernmentOrganisation',
    group: 'coordination',
    label: { id: 'Sekretariat Gugus Tugas TPPO', en: 'Anti-trafficking task-force secretariat' },
  },
  ministry: {
    htcds: 'CentralGovernmentOrganisation',
    group: 'coordination',
    label: { id: 'Kementerian / lembaga', en: 'Ministry / national agency' },
  },
  school: {
    htcds: 'SchoolOrCollege',
    group: 'other',
    label: { id: 'Sekolah / perguruan tinggi', en: 'School or college' },
  },
  business: { htcds: 'CorporateBusiness', group: 'other', label: { id: 'Badan usaha', en: 'Business' } },
} as const satisfies Record<string, AgencyTypeDef>;

export type AgencyType = keyof typeof agencyTypes;
export const agencyTypeKeys = Object.keys(agencyTypes) as [AgencyType, ...AgencyType[]];
