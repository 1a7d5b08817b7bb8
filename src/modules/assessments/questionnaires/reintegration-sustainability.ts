import { agreement04, frequency04, quality04, satisfaction04, yesNo, yesPartlyNo } from './scales.js';
import type { QuestionnaireDefinition } from './types.js';

/**
 * IOM Reintegration Sustainability Survey (IOM Reintegration Handbook, 2019, annex 4): economic, social and
 * psychosocial dimensions, taken at baseline and at follow-ups. Questions follow the survey's elements in
 * our own words; scores are 0–1, higher is better.
 */
export const reintegrationSustainabilityV1: QuestionnaireDefinition = {
  key: 'reintegration_sustainability',
  version: 1,
  type: 'reintegration',
  level: 'individual',
  orientation: 'higher_is_better',
  title: { id: 'Survei Keberlanjutan Reintegrasi (IOM)', en: 'Reintegration Sustainability Survey (IOM)' },
  source: 'IOM Reintegration Handbook (2019), Annex 4: Reintegration Sustainability Survey',
  dimensions: [
    { id: 'economic', label: { id: 'Ekonomi', en: 'Economic' } },
    { id: 'social', label: { id: 'Sosial', en: 'Social' } },
    { id: 'psychosocial', label: { id: 'Psikososial', en: 'Psychosocial' } },
  ],
  scales: [quality04, satisfaction04, frequency04, agreement04, yesNo, yesPartlyNo],
  questions: [
    // Economic: income, debt, food security, assets.
    {
      id: 'econ_income_source',
      dimension: 'economic',
      topic: 'income',
      scale: 'yes_partly_no',
      weight: 2,
      label: {
        id: 'Apakah Anda saat ini memiliki sumber penghasilan tetap (pekerjaan, usaha, atau lainnya)?',
        en: 'Do you currently have a regular source of income (work, a business or other)?',
      },
    },
    {
      id: 'econ_income_satisfaction',
      dimension: 'economic',
      topic: 'income',
      scale: 'satisfaction_0_4',
      weight: 1,
      label: {
        id: 'Seberapa puas Anda dengan keadaan ekonomi Anda saat ini?',
        en: 'How satisfied are you with your current economic situation?',
      },
    },
    {
      id: 'econ_debt',
      dimension: 'economic',
      topic: 'debt',
      scale: 'yes_no',
      weight: 2,
      reverse: true,
      label: {
        id: 'Apakah Anda memiliki utang yang tidak dapat Anda bayar (termasuk utang kepada perekrut atau calo)?',
        en: 'Do you have debts you cannot repay (including debts to recruiters or brokers)?',
      },
    },
    {
      id: 'econ_borrowing',
      dimension: 'economic',
      topic: 'debt',
      scale: 'yes_no',
      weight: 1,
      label: {
        id: 'Jika perlu, dapatkah Anda meminjam uang (dari keluarga, koperasi, atau bank)?',
        en: 'If you needed to, could you borrow money (from family, a cooperative or a bank)?',
      },
    },
    {
      id: 'econ_food_security',
      dimension: 'economic',
      topic: 'food_security',
      scale: 'frequency_0_4',
      weight: 2,
      reverse: true,
      label: {
        id: 'Dalam sebulan terakhir, seberapa sering Anda mengurangi jumlah atau mutu makanan karena harganya?',
        en: 'In the last month, how often did you reduce the amount or quality of food you eat because of its cost?',
      },
    },
    {
      id: 'econ_assets',
      dimension: 'economic',
      topic: 'assets',
      scale: 'yes_no',
      weight: 1,
      label: {
        id: 'Apakah Anda atau rumah tangga Anda memiliki aset produktif (tanah, ternak, peralatan, usaha)?',
        en: 'Do you or your household own productive assets (land, livestock, tools, a business)?',
      },
    },
    // Social: housing, education, documents, health, justice.
    {
      id: 'soc_housing_access',
      dimension: 'social',
      topic: 'housing',
      scale: 'quality_0_4',
      weight: 1,
      label: {
        id: 'Bagaimana Anda menilai akses terhadap tempat tinggal di komunitas Anda?',
        en: 'How would you rate access to housing in your community?',
      },
    },
    {
      id: 'soc_housing_standard',
      dimension: 'social',
      topic: 'housing',
      scale: 'quality_0_4',
      weight: 1,
      label: {
        id: 'Bagaimana Anda menilai kelayakan tempat tinggal Anda saat ini?',
        en: 'How would you rate the standard of the housing you live in now?',
      },
    },
    {
      id: 'soc_education',
      dimension: 'social',
      topic: 'education',
      scale: 'yes_partly_no',
      weight: 1,
      optional: true,
      label: {
        id: 'Apakah semua anak usia sekolah di rumah tangga Anda bersekolah? (lewati jika tidak ada)',
        en: 'Are all school-age children in your household attending school? (skip if there are none)',
      },
    },
    {
      id: 'soc_documents',
      dimension: 'social',
      topic: 'documents',
      scale: 'yes_partly_no',
      weight: 2,
      label: {
        id: 'Apakah Anda memiliki dokumen identitas yang Anda perlukan (KTP, Kartu Keluarga, akta kelahiran)?',
        en: 'Do you have the identity documents you need (identity card, family card, birth certificate)?',
      },
    },
    {
      id: 'soc_health_access',
      dimension: 'social',
      topic: 'health',
      scale: 'quality_0_4',
      weight: 1,
      label: {
        id: 'Bagaimana Anda menilai akses Anda terhadap layanan kesehatan saat dibutuhkan?',
        en: 'How would you rate your access to health care when you need it?',
      },
    },
    {
      id: 'soc_justice_access',
      dimension: 'social',
      topic: 'justice',
      scale: 'quality_0_4',
      weight: 1,
      label: {
        id: 'Bagaimana Anda menilai akses Anda terhadap keadilan dan penegakan hukum (polisi, pengadilan, bantuan hukum)?',
        en: 'How would you rate your access to justice and law enforcement (police, courts, legal aid)?',
      },
    },
    // Psychosocial: support network, belonging, discrimination, distress, wish to re-migrate.
    {
      id: 'psy_support_network',
      dimension: 'psychosocial',
      topic: 'support_network',
      scale: 'yes_partly_no',
      weight: 2,
      label: {
        id: 'Jika membutuhkan bantuan, dapatkah Anda mengandalkan orang di sekitar Anda (keluarga, teman, komunitas)?',
        en: 'If you needed help, could you rely on people around you (family, friends, community)?',
      },
    },
    {
      id: 'psy_social_activities',
      dimension: 'psychosocial',
      topic: 'support_network',
      scale: 'frequency_0_4',
      weight: 1,
      label: {
        id: 'Seberapa sering Anda ikut kegiatan sosial atau perayaan di komunitas Anda?',
        en: 'How often do you take part in social activities or celebrations in your community?',
      },
    },
    {
      id: 'psy_belonging',
      dimension: 'psychosocial',
      topic: 'belonging',
      scale: 'agreement_0_4',
      weight: 1,
      label: {
        id: 'Saya merasa menjadi bagian dari komunitas saya.',
        en: 'I feel that I belong to my community.',
      },
    },
    {
      id: 'psy_discrimination',
      dimension: 'psychosocial',
      topic: 'discrimination',
      scale: 'frequency_0_4',
      weight: 2,
      reverse: true,
      label: {
        id: 'Sejak kembali, seberapa sering Anda diperlakukan buruk atau didiskriminasi?',
        en: 'Since your return, how often have you been treated badly or discriminated against?',
      },
    },
    {
      id: 'psy_distress',
      dimension: 'psychosocial',
      topic: 'distress',
      scale: 'frequency_0_4',
      weight: 2,
      reverse: true,
      label: {
        id: 'Dalam sebulan terakhir, seberapa sering Anda merasa sedih, takut, marah, atau tidak sanggup menghadapi keadaan?',
        en: 'In the last month, how often have you felt sad, afraid, angry or unable to cope?',
      },
    },
    {
      id: 'psy_remigration',
      dimension: 'psychosocial',
      topic: 'wish_to_remigrate',
      scale: 'agreement_0_4',
      weight: 1,
      reverse: true,
      label: {
        id: 'Saya merasa harus pergi lagi (bermigrasi) untuk mencari nafkah.',
        en: 'I feel I have to leave again (migrate) to make a living.',
      },
    },
  ],
};
