import { riskFactor03 } from './scales.js';
import type { Labels, Question, QuestionnaireDefinition } from './types.js';

/**
 * HTCDS 2.0 "Assessment and Planning — Individual / Household / Community Risk and Vulnerability", which
 * follows IOM's Determinants of Migrant Vulnerability model. The standard gives example questions of the form
 * "is X a risk factor in this context?"; those examples are included word for word. Higher = more risk.
 */
const SOURCE =
  'HTCDS 2.0 Assessment and Planning (Risk and Vulnerability); IOM Handbook on Protection and Assistance for Migrants Vulnerable to Violence, Exploitation and Abuse (2019)';

const factor = (id: string, dimension: string, topic: string, weight: number, label: Labels): Question => ({
  id,
  dimension,
  topic,
  scale: riskFactor03.id,
  weight,
  label,
});

export const riskIndividualV1: QuestionnaireDefinition = {
  key: 'risk_individual',
  version: 1,
  type: 'risk',
  level: 'individual',
  orientation: 'higher_is_more_risk',
  title: { id: 'Asesmen risiko dan kerentanan — individu', en: 'Risk and vulnerability assessment — individual' },
  source: SOURCE,
  dimensions: [
    { id: 'personal', label: { id: 'Faktor pribadi', en: 'Personal factors' } },
    { id: 'health', label: { id: 'Kesehatan', en: 'Health' } },
    { id: 'economic', label: { id: 'Ekonomi dan status', en: 'Economy and status' } },
    { id: 'exposure', label: { id: 'Paparan terhadap pelaku', en: 'Exposure to traffickers' } },
  ],
  scales: [riskFactor03],
  questions: [
    factor('risk_ind_ethnicity', 'personal', 'ethnicity', 1, {
      id: 'Apakah kewarganegaraan, ras, atau etnis orang ini merupakan faktor risiko dalam konteks ini?',
      en: "Is the individual's nationality, race or ethnicity a risk factor in this context?",
    }),
    factor('risk_ind_sexual_orientation', 'personal', 'sexual_orientation', 1, {
      id: 'Apakah orientasi seksual orang ini merupakan faktor risiko dalam konteks ini?',
      en: "Is the individual's sexual orientation a risk factor in this context?",
    }),
    factor('risk_ind_age', 'personal', 'age', 1, {
      id: 'Apakah usia orang ini merupakan faktor risiko dalam konteks ini?',
      en: "Is the individual's age a risk factor in this context?",
    }),
    factor('risk_ind_disability', 'health', 'disability', 1, {
      id: 'Apakah disabilitas atau kondisi kesehatan fisik merupakan faktor risiko?',
      en: 'Is a disability or physical health condition a risk factor?',
    }),
    factor('risk_ind_mental_health', 'health', 'mental_health', 1, {
      id: 'Apakah kesehatan jiwa (trauma, penggunaan zat) merupakan faktor risiko?',
      en: 'Is mental health (trauma, substance use) a risk factor?',
    }),
    factor('risk_ind_debt', 'economic', 'debt', 2, {
      id: 'Apakah utang orang ini (termasuk kepada perekrut) merupakan faktor risiko?',
      en: "Are the individual's debts (including to recruiters) a risk factor?",
    }),
    factor('risk_ind_income', 'economic', 'income', 1, {
      id: 'Apakah tidak adanya penghasilan atau pekerjaan merupakan faktor risiko?',
      en: 'Is a lack of income or work a risk factor?',
    }),
    factor('risk_ind_documents', 'economic', 'documents', 1, {
      id: 'Apakah tidak adanya dokumen identitas atau dokumen migrasi merupakan faktor risiko?',
      en: 'Is a lack of identity or migration documents a risk factor?',
    }),
    factor('risk_ind_trafficker_contact', 'exposure', 'trafficker_contact', 2, {
      id: 'Apakah kontak atau ancaman yang masih berlangsung dari pelaku merupakan faktor risiko?',
      en: 'Is continued contact with, or threats from, the traffickers a risk factor?',
    }),
    factor('risk_ind_remigration', 'exposure', 'remigration', 2, {
      id: 'Apakah niat untuk bermigrasi lagi melalui jalur tidak resmi merupakan faktor risiko?',
      en: 'Is an intention to migrate again through irregular channels a risk factor?',
    }),
  ],
};

export const riskHouseholdV1: QuestionnaireDefinition = {
  key: 'risk_household',
  version: 1,
  type: 'risk',
  level: 'household',
  orientation: 'higher_is_more_risk',
  title: { id: 'Asesmen risiko dan kerentanan — rumah tangga', en: 'Risk and vulnerability assessment — household' },
  source: SOURCE,
  dimensions: [
    { id: 'economic', label: { id: 'Ekonomi rumah tangga', en: 'Household economy' } },
    { id: 'protection', label: { id: 'Perlindungan dalam rumah tangga', en: 'Protection in the household' } },
    { id: 'migration', label: { id: 'Tekanan migrasi', en: 'Migration pressure' } },
  ],
  scales: [riskFactor03],
  questions: [
    factor('risk_hh_income_source', 'economic', 'income', 1, {
      id: 'Apakah sumber penghasilan rumah tangga merupakan faktor risiko dalam konteks ini?',
      en: 'Is the household source of income a risk factor in this context?',
    }),
    factor('risk_hh_debt', 'economic', 'debt', 2, {
      id: 'Apakah utang rumah tangga merupakan faktor risiko?',
      en: 'Is household debt a risk factor?',
    }),
    factor('risk_hh_care_burden', 'economic', 'care', 1, {
      id: 'Apakah besarnya rumah tangga atau beban pengasuhan merupakan faktor risiko?',
      en: "Is the household's size or care burden a risk factor?",
    }),
    factor('risk_hh_violence', 'protection', 'violence', 2, {
      id: 'Apakah kekerasan atau penganiayaan dalam rumah tangga merupakan faktor risiko dalam konteks ini?',
      en: 'Is violence or abuse in the household a risk factor in this context?',
    }),
    factor('risk_hh_discrimination', 'protection', 'discrimination', 1, {
      id: 'Apakah perlakuan istimewa atau diskriminasi dalam rumah tangga merupakan faktor risiko dalam konteks ini?',
      en: 'Is preferential treatment or discrimination in the household a risk factor in this context?',
    }),
    factor('risk_hh_family_involvement', 'protection', 'family_involvement', 2, {
      id: 'Apakah keterlibatan anggota rumah tangga dalam perekrutan atau eksploitasi merupakan faktor risiko?',
      en: "Is a household member's involvement in the recruitment or exploitation a risk factor?",
    }),
    factor('risk_hh_migration_pressure', 'migration', 'remigration', 1, {
      id: 'Apakah tekanan keluarga untuk bermigrasi atau mengirim uang merupakan faktor risiko?',
      en: 'Is family pressure to migrate or to send remittances a risk factor?',
    }),
  ],
};

export const riskCommunityV1: QuestionnaireDefinition = {
  key: 'risk_community',
  version: 1,
  type: 'risk',
  level: 'community',
  orientation: 'higher_is_more_risk',
  title: { id: 'Asesmen risiko dan kerentanan — komunitas', en: 'Risk and vulnerability assessment — community' },
  source: SOURCE,
  dimensions: [
    { id: 'governance', label: { id: 'Tata kelola dan penegakan hukum', en: 'Governance and law enforcement' } },
    { id: 'services', label: { id: 'Layanan', en: 'Services' } },
    { id: 'social', label: { id: 'Ekonomi dan norma sosial', en: 'Economy and social norms' } },
    { id: 'environment', label: { id: 'Bencana dan konflik', en: 'Hazards and conflict' } },
  ],
  scales: [riskFactor03],
  questions: [
    factor('risk_com_law_enforcement', 'governance', 'law_enforcement', 2, {
      id: 'Apakah akses komunitas terhadap penegakan hukum yang memadai merupakan faktor risiko dalam konteks ini?',
      en: "Is the community's access to appropriate law enforcement a risk factor in this context?",
    }),
    factor('risk_com_governance', 'governance', 'governance', 1, {
      id: 'Apakah kemampuan komunitas menjalankan tata kelola setempat atau aksi bersama merupakan faktor risiko dalam konteks ini?',
      en: "Is the community's ability to implement local governance or collective action a risk factor in this context?",
    }),
    factor('risk_com_education', 'services', 'education', 1, {
      id: 'Apakah akses komunitas terhadap layanan pendidikan merupakan faktor risiko dalam konteks ini?',
      en: "Is the community's access to education services a risk factor in this context?",
    }),
    factor('risk_com_health', 'services', 'health', 1, {
      id: 'Apakah akses komunitas terhadap layanan kesehatan merupakan faktor risiko?',
      en: "Is the community's access to health services a risk factor?",
    }),
    factor('risk_com_jobs', 'social', 'income', 1, {
      id: 'Apakah kurangnya peluang kerja setempat merupakan faktor risiko?',
      en: 'Is a lack of local work opportunities a risk factor?',
    }),
    factor('risk_com_recruiters', 'social', 'recruiters', 2, {
      id: 'Apakah kehadiran perekrut atau calo yang menawarkan kerja ke luar negeri merupakan faktor risiko?',
      en: 'Is the presence of recruiters or brokers offering work abroad a risk factor?',
    }),
    factor('risk_com_norms', 'social', 'social_norms', 1, {
      id: 'Apakah norma sosial (perkawinan anak, pembiaran eksploitasi, stigma) merupakan faktor risiko?',
      en: 'Are social norms (child marriage, tolerance of exploitation, stigma) a risk factor?',
    }),
    factor('risk_com_hazards', 'environment', 'hazards', 1, {
      id: 'Apakah bencana alam atau konflik merupakan faktor risiko?',
      en: 'Are natural hazards or conflict a risk factor?',
    }),
  ],
};
