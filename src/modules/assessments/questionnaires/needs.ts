import { need03 } from './scales.js';
import type { Labels, Question, QuestionnaireDefinition } from './types.js';

const SOURCE =
  'HTCDS 2.0 Assessment and Planning; IOM Handbook on Protection and Assistance for Migrants Vulnerable to Violence, Exploitation and Abuse (2019)';

const need = (
  id: string,
  dimension: string,
  weight: number,
  label: Labels,
  extra: Partial<Question> = {},
): Question => ({ id, dimension, topic: dimension, scale: need03.id, weight, label, ...extra });

/** Needs of the victim as a person: what services the support plan must cover. Higher = greater need. */
export const needsIndividualV1: QuestionnaireDefinition = {
  key: 'needs_individual',
  version: 1,
  type: 'needs',
  level: 'individual',
  orientation: 'higher_is_more_need',
  title: { id: 'Asesmen kebutuhan — individu', en: 'Needs assessment — individual' },
  source: SOURCE,
  dimensions: [
    { id: 'safety', label: { id: 'Keselamatan dan perlindungan', en: 'Safety and protection' } },
    { id: 'health', label: { id: 'Kesehatan', en: 'Health' } },
    { id: 'psychosocial', label: { id: 'Psikososial', en: 'Psychosocial' } },
    { id: 'shelter', label: { id: 'Tempat tinggal', en: 'Accommodation' } },
    { id: 'legal', label: { id: 'Hukum dan dokumen', en: 'Legal and documents' } },
    { id: 'livelihood', label: { id: 'Penghidupan', en: 'Livelihood' } },
    { id: 'education', label: { id: 'Pendidikan dan keterampilan', en: 'Education and skills' } },
    { id: 'family', label: { id: 'Keluarga', en: 'Family' } },
  ],
  scales: [need03],
  questions: [
    need('need_safety', 'safety', 2, {
      id: 'Kebutuhan akan keselamatan dan perlindungan dari pelaku atau pihak lain',
      en: 'Need for safety and protection from traffickers or others',
    }),
    need('need_medical', 'health', 2, { id: 'Kebutuhan akan perawatan medis', en: 'Need for medical care' }),
    need('need_psychosocial', 'psychosocial', 2, {
      id: 'Kebutuhan akan konseling atau dukungan psikososial',
      en: 'Need for counselling or psychosocial support',
    }),
    need('need_shelter', 'shelter', 1, {
      id: 'Kebutuhan akan tempat tinggal yang aman',
      en: 'Need for safe accommodation',
    }),
    need('need_legal_aid', 'legal', 1, {
      id: 'Kebutuhan akan bantuan hukum (pelaporan, kesaksian, restitusi)',
      en: 'Need for legal aid (reporting, testimony, restitution)',
    }),
    need(
      'need_documents',
      'legal',
      1,
      { id: 'Kebutuhan akan dokumen identitas atau kependudukan', en: 'Need for identity or civil documents' },
      { topic: 'documents' },
    ),
    need('need_livelihood', 'livelihood', 1, {
      id: 'Kebutuhan akan dukungan penghasilan, pekerjaan, atau pelatihan keterampilan',
      en: 'Need for income support, work or skills training',
    }),
    need('need_education', 'education', 1, {
      id: 'Kebutuhan akan pendidikan (kembali bersekolah, kejar paket)',
      en: 'Need for education (return to school, equivalency programme)',
    }),
    need('need_family', 'family', 1, {
      id: 'Kebutuhan akan penelusuran, penyatuan kembali, atau mediasi keluarga',
      en: 'Need for family tracing, reunification or mediation',
    }),
  ],
};

/** Needs of the household the victim returns to. */
export const needsHouseholdV1: QuestionnaireDefinition = {
  key: 'needs_household',
  version: 1,
  type: 'needs',
  level: 'household',
  orientation: 'higher_is_more_need',
  title: { id: 'Asesmen kebutuhan — rumah tangga', en: 'Needs assessment — household' },
  source: SOURCE,
  dimensions: [
    { id: 'economic', label: { id: 'Ekonomi rumah tangga', en: 'Household economy' } },
    { id: 'living', label: { id: 'Kondisi tempat tinggal', en: 'Living conditions' } },
    { id: 'care', label: { id: 'Pengasuhan dan sekolah', en: 'Care and schooling' } },
    { id: 'relationships', label: { id: 'Hubungan keluarga', en: 'Family relationships' } },
  ],
  scales: [need03],
  questions: [
    need(
      'hh_income',
      'economic',
      2,
      { id: 'Kebutuhan rumah tangga akan dukungan penghasilan', en: 'Household need for income or livelihood support' },
      { topic: 'income' },
    ),
    need(
      'hh_food',
      'economic',
      2,
      { id: 'Kebutuhan rumah tangga akan bantuan pangan', en: 'Household need for food assistance' },
      { topic: 'food_security' },
    ),
    need(
      'hh_debt',
      'economic',
      1,
      { id: 'Kebutuhan rumah tangga akan bantuan mengatasi utang', en: 'Household need for help with debts' },
      { topic: 'debt' },
    ),
    need(
      'hh_housing',
      'living',
      1,
      {
        id: 'Kebutuhan akan perbaikan rumah atau tempat tinggal yang aman',
        en: 'Need for housing repair or safe housing',
      },
      { topic: 'housing' },
    ),
    need(
      'hh_schooling',
      'care',
      1,
      { id: 'Kebutuhan akan dukungan sekolah anak-anak', en: "Need for support for the children's schooling" },
      { topic: 'education' },
    ),
    need(
      'hh_care',
      'care',
      1,
      {
        id: 'Kebutuhan akan dukungan merawat tanggungan (anak, lansia, penyandang disabilitas)',
        en: 'Need for support in caring for dependants (children, elderly, persons with disabilities)',
      },
      { topic: 'care' },
    ),
    need(
      'hh_acceptance',
      'relationships',
      1,
      {
        id: 'Kebutuhan akan mediasi keluarga agar korban diterima kembali',
        en: 'Need for family mediation so that the returnee is accepted',
      },
      { topic: 'acceptance' },
    ),
    need(
      'hh_violence',
      'relationships',
      2,
      {
        id: 'Kebutuhan akan bantuan menghadapi kekerasan atau penganiayaan dalam rumah tangga',
        en: 'Need for help with violence or abuse in the household',
      },
      { topic: 'violence' },
    ),
  ],
};

/** Needs of the community of return: what the community lacks to receive and protect returnees. */
export const needsCommunityV1: QuestionnaireDefinition = {
  key: 'needs_community',
  version: 1,
  type: 'needs',
  level: 'community',
  orientation: 'higher_is_more_need',
  title: { id: 'Asesmen kebutuhan — komunitas', en: 'Needs assessment — community' },
  source: SOURCE,
  dimensions: [
    { id: 'services', label: { id: 'Layanan dasar', en: 'Basic services' } },
    { id: 'economy', label: { id: 'Ekonomi lokal', en: 'Local economy' } },
    { id: 'prevention', label: { id: 'Pencegahan dan perlindungan', en: 'Prevention and protection' } },
  ],
  scales: [need03],
  questions: [
    need(
      'com_health_social_services',
      'services',
      1,
      {
        id: 'Kebutuhan akan layanan kesehatan dan sosial yang terjangkau',
        en: 'Need for accessible health and social services',
      },
      { topic: 'health' },
    ),
    need(
      'com_education_services',
      'services',
      1,
      { id: 'Kebutuhan akan layanan pendidikan', en: 'Need for education services' },
      { topic: 'education' },
    ),
    need(
      'com_jobs',
      'economy',
      2,
      { id: 'Kebutuhan akan peluang ekonomi setempat', en: 'Need for local economic opportunities' },
      { topic: 'income' },
    ),
    need(
      'com_awareness',
      'prevention',
      2,
      {
        id: 'Kebutuhan akan pemahaman tentang risiko perdagangan orang dan migrasi aman',
        en: 'Need for awareness of trafficking risks and safe migration',
      },
      { topic: 'awareness' },
    ),
    need(
      'com_stigma',
      'prevention',
      1,
      {
        id: 'Kebutuhan untuk mengurangi stigma terhadap korban dan pekerja migran yang kembali',
        en: 'Need to reduce stigma against victims and returning migrants',
      },
      { topic: 'discrimination' },
    ),
    need(
      'com_protection_mechanism',
      'prevention',
      1,
      {
        id: 'Kebutuhan akan mekanisme perlindungan setempat (gugus tugas desa, pengawasan masyarakat)',
        en: 'Need for a local protection mechanism (village task force, community watch)',
      },
      { topic: 'protection' },
    ),
  ],
};
