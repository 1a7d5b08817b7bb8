/**
 * The standard awareness question set, as versioned data (like the assessments' questionnaires): a version never
 * changes once used; a revision is a new version and every response keeps the version it was answered with.
 * Knowledge statements a participant marks true, false or "don't know"; each right answer is one point, the score
 * is the share of right answers on 0–100. Statements follow Law 21/2007 (child consent irrelevant Art. 1(5) & 26,
 * victims not punished Art. 18, restitution Art. 48, reporters protected Art. 60–63) and the legal migration route.
 */
export interface Labels {
  id: string;
  en: string;
}
export interface AwarenessQuestion {
  id: string;
  statement: Labels;
  correct: 'true' | 'false';
}
export interface AwarenessQuestionnaire {
  key: string;
  version: number;
  title: Labels;
  options: readonly { value: 'true' | 'false' | 'dont_know'; label: Labels }[];
  questions: readonly AwarenessQuestion[];
}

export const awarenessV1: AwarenessQuestionnaire = {
  key: 'tip_awareness',
  version: 1,
  title: { id: 'Pengetahuan tentang perdagangan orang', en: 'Knowledge about trafficking in persons' },
  options: [
    { value: 'true', label: { id: 'Benar', en: 'True' } },
    { value: 'false', label: { id: 'Salah', en: 'False' } },
    { value: 'dont_know', label: { id: 'Tidak tahu', en: "Don't know" } },
  ],
  questions: [
    {
      id: 'job_offer_trap',
      correct: 'true',
      statement: {
        id: 'Tawaran kerja ke luar negeri dengan gaji sangat tinggi dan tanpa biaya bisa menjadi jebakan perdagangan orang.',
        en: 'A job offer abroad with very high pay and no costs can be a trafficking trap.',
      },
    },
    {
      id: 'passport_kept',
      correct: 'false',
      statement: {
        id: 'Wajar jika majikan menyimpan paspor pekerjanya.',
        en: "It is normal for an employer to keep a worker's passport.",
      },
    },
    {
      id: 'debt_bondage',
      correct: 'true',
      statement: {
        id: 'Utang kepada perekrut yang terus bertambah dapat dipakai untuk memaksa orang bekerja.',
        en: 'A debt to the recruiter that keeps growing can be used to force someone to work.',
      },
    },
    {
      id: 'child_consent',
      correct: 'false',
      statement: {
        id: 'Jika seorang anak setuju pergi bekerja, itu tidak mungkin perdagangan orang.',
        en: 'If a child agrees to go and work, it cannot be trafficking.',
      },
    },
    {
      id: 'victim_punished',
      correct: 'false',
      statement: {
        id: 'Korban perdagangan orang yang terpaksa memakai dokumen palsu harus dihukum.',
        en: 'A trafficking victim who was forced to use false documents must be punished.',
      },
    },
    {
      id: 'legal_route',
      correct: 'true',
      statement: {
        id: 'Pekerja migran sebaiknya berangkat melalui perusahaan resmi (P3MI) dan mengikuti orientasi pra-pemberangkatan.',
        en: 'Migrant workers should leave through a licensed company (P3MI) and attend pre-departure orientation.',
      },
    },
    {
      id: 'where_to_report',
      correct: 'true',
      statement: {
        id: 'Dugaan perdagangan orang dapat dilaporkan ke polisi, UPTD PPA, atau layanan SAPA 129.',
        en: 'Suspected trafficking can be reported to the police, the UPTD PPA or the SAPA 129 hotline.',
      },
    },
    {
      id: 'reporter_protected',
      correct: 'true',
      statement: {
        id: 'Orang yang melaporkan perdagangan orang dilindungi oleh hukum.',
        en: 'People who report trafficking are protected by law.',
      },
    },
    {
      id: 'restitution',
      correct: 'true',
      statement: {
        id: 'Korban berhak atas restitusi (ganti rugi) dari pelaku.',
        en: 'Victims have a right to restitution (compensation) from the trafficker.',
      },
    },
    {
      id: 'only_women',
      correct: 'false',
      statement: {
        id: 'Hanya perempuan dan anak perempuan yang bisa menjadi korban perdagangan orang.',
        en: 'Only women and girls can become victims of trafficking.',
      },
    },
  ],
};

/** Every version ever published; responses are scored against the exact version they name. */
export const awarenessQuestionnaires: readonly AwarenessQuestionnaire[] = [awarenessV1];
export const currentAwareness = awarenessV1;

export function findAwareness(key: string, version: number): AwarenessQuestionnaire | undefined {
  return awarenessQuestionnaires.find((q) => q.key === key && q.version === version);
}

/** Share of right answers, 0–100. Every question must be answered ("don't know" counts as not right). */
export function awarenessScore(q: AwarenessQuestionnaire, answers: Record<string, string>): number {
  const right = q.questions.filter((item) => answers[item.id] === item.correct).length;
  return (100 * right) / q.questions.length;
}
