import type { TToolDefinition } from './screening.schema.js';

/**
 * Version 1 of the screening tool: the ILO/European Commission "Delphi" operational indicators of
 * trafficking in human beings (September 2009), six dimensions with Strong/Medium/Weak indicators,
 * plus the acts of Law 21/2007 Art. 1(1).
 *
 * Frozen once shipped: the screening module stores it in `screening_tools` on first use
 * (`syncScreeningTools`), and past screenings are scored against the version they used. A revised list is
 * a new file (indicators.v2.ts) added to the module's tool list; the scoring code reads weights, dimensions
 * and rules from the stored definition.
 */
export const delphiV1: TToolDefinition = {
  version: 1,
  name: {
    id: 'Indikator operasional perdagangan orang (ILO/Komisi Eropa, Delphi 2009)',
    en: 'Operational indicators of trafficking in human beings (ILO/European Commission, Delphi 2009)',
  },
  source: 'ILO & European Commission, Operational indicators of trafficking in human beings, September 2009',
  publishedOn: '2009-09-01',
  dimensions: [
    {
      id: 1,
      key: 'deceptive_recruitment',
      labels: { id: 'Perekrutan dengan tipu daya', en: 'Deceptive recruitment' },
      indicators: [
        {
          id: 'd1.deceived_nature_of_job',
          weight: 'S',
          labels: {
            id: 'Ditipu mengenai jenis pekerjaan, lokasi, atau pemberi kerja',
            en: 'Deceived about the nature of the job, location or employer',
          },
        },
        {
          id: 'd1.deceived_wages',
          weight: 'M',
          labels: { id: 'Ditipu mengenai upah atau penghasilan', en: 'Deceived about wages or earnings' },
        },
        {
          id: 'd1.deceived_working_conditions',
          weight: 'M',
          labels: { id: 'Ditipu mengenai kondisi kerja', en: 'Deceived about conditions of work' },
        },
        {
          id: 'd1.deceived_contract',
          weight: 'M',
          labels: {
            id: 'Ditipu mengenai isi atau keabsahan kontrak kerja',
            en: 'Deceived about the content or legality of the work contract',
          },
        },
        {
          id: 'd1.deceived_housing',
          weight: 'M',
          labels: {
            id: 'Ditipu mengenai tempat tinggal dan kondisi hidup',
            en: 'Deceived about housing and living conditions',
          },
        },
        {
          id: 'd1.deceived_documents',
          weight: 'M',
          labels: {
            id: 'Ditipu mengenai dokumen resmi atau perolehan status migrasi yang sah',
            en: 'Deceived about legal documents or obtaining legal migration status',
          },
        },
        {
          id: 'd1.deceived_travel_recruitment',
          weight: 'M',
          labels: {
            id: 'Ditipu mengenai kondisi perjalanan dan perekrutan',
            en: 'Deceived about travel and recruitment conditions',
          },
        },
        {
          id: 'd1.deceived_family_reunification',
          weight: 'M',
          labels: {
            id: 'Ditipu mengenai penyatuan kembali dengan keluarga',
            en: 'Deceived about family reunification',
          },
        },
        {
          id: 'd1.deceived_marriage_adoption',
          weight: 'M',
          labels: {
            id: 'Ditipu dengan janji pernikahan atau adopsi',
            en: 'Deceived through promises of marriage or adoption',
          },
        },
        {
          id: 'd1.deceived_education',
          weight: 'W',
          labels: {
            id: 'Ditipu mengenai akses ke kesempatan pendidikan',
            en: 'Deceived about access to education opportunities',
          },
        },
      ],
    },
    {
      id: 2,
      key: 'coercive_recruitment',
      labels: { id: 'Perekrutan dengan paksaan', en: 'Coercive recruitment' },
      indicators: [
        {
          id: 'd2.violence_on_person',
          weight: 'S',
          labels: { id: 'Kekerasan terhadap korban', en: 'Violence on the person' },
        },
        {
          id: 'd2.threats_of_violence',
          weight: 'M',
          labels: { id: 'Ancaman kekerasan terhadap korban', en: 'Threats of violence against the person' },
        },
        {
          id: 'd2.abduction_forced_marriage_adoption_sale',
          weight: 'M',
          labels: {
            id: 'Penculikan, kawin paksa, adopsi paksa, atau penjualan korban',
            en: 'Abduction, forced marriage, forced adoption or sale of the person',
          },
        },
        { id: 'd2.debt_bondage', weight: 'M', labels: { id: 'Jeratan utang', en: 'Debt bondage' } },
        {
          id: 'd2.confiscation_of_documents',
          weight: 'M',
          labels: { id: 'Penyitaan dokumen', en: 'Confiscation of documents' },
        },
        {
          id: 'd2.isolation_confinement_surveillance',
          weight: 'M',
          labels: { id: 'Isolasi, penyekapan, atau pengawasan', en: 'Isolation, confinement or surveillance' },
        },
        {
          id: 'd2.threat_of_denunciation',
          weight: 'M',
          labels: {
            id: 'Ancaman dilaporkan kepada pihak berwenang',
            en: 'Threat of denunciation to the authorities',
          },
        },
        {
          id: 'd2.threat_to_inform_family',
          weight: 'M',
          labels: {
            id: 'Ancaman memberi tahu keluarga, komunitas, atau publik',
            en: 'Threat to inform family, community or the public',
          },
        },
        {
          id: 'd2.violence_on_family',
          weight: 'M',
          labels: {
            id: 'Kekerasan (ancaman atau nyata) terhadap keluarga',
            en: 'Violence on family (threatened or actual)',
          },
        },
        {
          id: 'd2.withholding_of_money',
          weight: 'M',
          labels: { id: 'Penahanan uang', en: 'Withholding of money' },
        },
      ],
    },
    {
      id: 3,
      key: 'recruitment_abuse_of_vulnerability',
      labels: {
        id: 'Perekrutan dengan penyalahgunaan posisi rentan',
        en: 'Recruitment by abuse of vulnerability',
      },
      indicators: [
        {
          id: 'd3.difficult_family_situation',
          weight: 'M',
          labels: {
            id: 'Penyalahgunaan situasi keluarga yang sulit',
            en: 'Abuse of a difficult family situation',
          },
        },
        {
          id: 'd3.illegal_status',
          weight: 'M',
          labels: { id: 'Penyalahgunaan status tidak sah (ilegal)', en: 'Abuse of illegal status' },
        },
        {
          id: 'd3.lack_of_education_or_language',
          weight: 'M',
          labels: {
            id: 'Penyalahgunaan kurangnya pendidikan atau kemampuan bahasa',
            en: 'Abuse of lack of education or language',
          },
        },
        {
          id: 'd3.lack_of_information',
          weight: 'M',
          labels: { id: 'Penyalahgunaan kurangnya informasi', en: 'Abuse of lack of information' },
        },
        {
          id: 'd3.control_by_exploiters',
          weight: 'M',
          labels: { id: 'Kendali oleh pelaku eksploitasi', en: 'Control by exploiters' },
        },
        { id: 'd3.economic_reasons', weight: 'M', labels: { id: 'Alasan ekonomi', en: 'Economic reasons' } },
        {
          id: 'd3.false_information_migration_law',
          weight: 'M',
          labels: {
            id: 'Informasi palsu tentang hukum, sikap aparat, atau keberhasilan migrasi',
            en: 'False information about the law, the attitude of authorities or successful migration',
          },
        },
        { id: 'd3.personal_situation', weight: 'M', labels: { id: 'Situasi pribadi', en: 'Personal situation' } },
        {
          id: 'd3.emotional_dependency',
          weight: 'M',
          labels: {
            id: 'Ketergantungan psikologis dan emosional',
            en: 'Psychological and emotional dependency',
          },
        },
        {
          id: 'd3.relationship_with_authorities',
          weight: 'M',
          labels: {
            id: 'Hubungan dengan aparat atau status hukum',
            en: 'Relationship with authorities or legal status',
          },
        },
        {
          id: 'd3.past_difficulties',
          weight: 'M',
          labels: { id: 'Kesulitan di masa lalu', en: 'Difficulties in the past' },
        },
        {
          id: 'd3.difficulty_organising_travel',
          weight: 'M',
          labels: { id: 'Kesulitan mengatur perjalanan', en: 'Difficulty organising the travel' },
        },
        {
          id: 'd3.cultural_religious_beliefs',
          weight: 'W',
          labels: {
            id: 'Penyalahgunaan keyakinan budaya atau agama',
            en: 'Abuse of cultural or religious beliefs',
          },
        },
        { id: 'd3.general_context', weight: 'W', labels: { id: 'Konteks umum', en: 'General context' } },
      ],
    },
    {
      id: 4,
      key: 'exploitative_conditions',
      labels: { id: 'Kondisi eksploitatif', en: 'Exploitative conditions' },
      indicators: [
        {
          id: 'd4.excessive_working_hours',
          weight: 'S',
          labels: { id: 'Hari atau jam kerja yang berlebihan', en: 'Excessive working days or hours' },
        },
        {
          id: 'd4.low_or_no_salary',
          weight: 'M',
          labels: { id: 'Upah rendah atau tidak dibayar', en: 'Low or no salary' },
        },
        { id: 'd4.wage_manipulation', weight: 'M', labels: { id: 'Manipulasi upah', en: 'Wage manipulation' } },
        {
          id: 'd4.bad_living_conditions',
          weight: 'M',
          labels: { id: 'Kondisi hidup yang buruk', en: 'Bad living conditions' },
        },
        {
          id: 'd4.very_bad_working_conditions',
          weight: 'M',
          labels: { id: 'Kondisi kerja yang sangat buruk', en: 'Very bad working conditions' },
        },
        { id: 'd4.hazardous_work', weight: 'M', labels: { id: 'Pekerjaan berbahaya', en: 'Hazardous work' } },
        {
          id: 'd4.no_respect_labour_law_contract',
          weight: 'M',
          labels: {
            id: 'Hukum ketenagakerjaan atau kontrak yang ditandatangani tidak dipatuhi',
            en: 'No respect of labour law or of the contract signed',
          },
        },
        {
          id: 'd4.no_social_protection',
          weight: 'M',
          labels: {
            id: 'Tanpa perlindungan sosial (kontrak, jaminan sosial, dll.)',
            en: 'No social protection (contract, social insurance, etc.)',
          },
        },
        {
          id: 'd4.no_access_to_education',
          weight: 'W',
          labels: { id: 'Tidak ada akses ke pendidikan', en: 'No access to education' },
        },
      ],
    },
    {
      id: 5,
      key: 'coercion_at_destination',
      labels: { id: 'Pemaksaan di tempat tujuan', en: 'Coercion at destination' },
      indicators: [
        {
          id: 'd5.confiscation_of_documents',
          weight: 'S',
          labels: { id: 'Penyitaan dokumen', en: 'Confiscation of documents' },
        },
        { id: 'd5.debt_bondage', weight: 'S', labels: { id: 'Jeratan utang', en: 'Debt bondage' } },
        {
          id: 'd5.isolation_confinement_surveillance',
          weight: 'S',
          labels: { id: 'Isolasi, penyekapan, atau pengawasan', en: 'Isolation, confinement or surveillance' },
        },
        {
          id: 'd5.violence_on_person',
          weight: 'S',
          labels: { id: 'Kekerasan terhadap korban', en: 'Violence on the person' },
        },
        {
          id: 'd5.threats_of_violence',
          weight: 'M',
          labels: { id: 'Ancaman kekerasan terhadap korban', en: 'Threats of violence against the person' },
        },
        {
          id: 'd5.forced_illicit_activities',
          weight: 'M',
          labels: {
            id: 'Dipaksa melakukan kegiatan terlarang atau kriminal',
            en: 'Forced into illicit or criminal activities',
          },
        },
        {
          id: 'd5.forced_tasks_or_clients',
          weight: 'M',
          labels: {
            id: 'Dipaksa melakukan tugas tertentu atau melayani klien',
            en: 'Forced tasks or clients',
          },
        },
        {
          id: 'd5.under_strong_influence',
          weight: 'M',
          labels: { id: 'Berada di bawah pengaruh yang kuat', en: 'Under strong influence' },
        },
        {
          id: 'd5.forced_to_act_against_peers',
          weight: 'M',
          labels: { id: 'Dipaksa bertindak melawan sesama korban', en: 'Forced to act against peers' },
        },
        {
          id: 'd5.forced_to_lie',
          weight: 'M',
          labels: {
            id: 'Dipaksa berbohong kepada aparat, keluarga, dan lainnya',
            en: 'Forced to lie to authorities, family and others',
          },
        },
        {
          id: 'd5.threat_of_denunciation',
          weight: 'M',
          labels: {
            id: 'Ancaman dilaporkan kepada pihak berwenang',
            en: 'Threat of denunciation to the authorities',
          },
        },
        {
          id: 'd5.threat_of_worse_conditions',
          weight: 'M',
          labels: {
            id: 'Ancaman diberi kondisi kerja yang lebih buruk',
            en: 'Threat to impose even worse working conditions',
          },
        },
        {
          id: 'd5.violence_on_family',
          weight: 'M',
          labels: {
            id: 'Kekerasan (ancaman atau nyata) terhadap keluarga',
            en: 'Violence on family (threatened or actual)',
          },
        },
        {
          id: 'd5.withholding_of_wages',
          weight: 'M',
          labels: { id: 'Penahanan upah', en: 'Withholding of wages' },
        },
        {
          id: 'd5.threat_to_inform_family',
          weight: 'W',
          labels: {
            id: 'Ancaman memberi tahu keluarga, komunitas, atau publik',
            en: 'Threats to inform family, community or the public',
          },
        },
      ],
    },
    {
      id: 6,
      key: 'abuse_of_vulnerability_at_destination',
      labels: {
        id: 'Penyalahgunaan posisi rentan di tempat tujuan',
        en: 'Abuse of vulnerability at destination',
      },
      indicators: [
        {
          id: 'd6.dependency_on_exploiters',
          weight: 'M',
          labels: { id: 'Ketergantungan pada pelaku eksploitasi', en: 'Dependency on exploiters' },
        },
        {
          id: 'd6.unfamiliar_area_or_language',
          weight: 'M',
          labels: {
            id: 'Kesulitan hidup di daerah atau dengan bahasa yang tidak dikenal',
            en: 'Difficulty living in an unfamiliar area or language',
          },
        },
        { id: 'd6.economic_reasons', weight: 'M', labels: { id: 'Alasan ekonomi', en: 'Economic reasons' } },
        { id: 'd6.family_situation', weight: 'M', labels: { id: 'Situasi keluarga', en: 'Family situation' } },
        {
          id: 'd6.relationship_with_authorities',
          weight: 'M',
          labels: {
            id: 'Hubungan dengan aparat atau status hukum',
            en: 'Relationship with authorities or legal status',
          },
        },
        {
          id: 'd6.past_difficulties',
          weight: 'W',
          labels: { id: 'Kesulitan di masa lalu', en: 'Difficulties in the past' },
        },
        {
          id: 'd6.personal_characteristics',
          weight: 'W',
          labels: { id: 'Karakteristik pribadi', en: 'Personal characteristics' },
        },
      ],
    },
  ],
  // The acts element of the definition (Law 21/2007 Art. 1(1)).
  acts: [
    { id: 'recruitment', labels: { id: 'Perekrutan', en: 'Recruitment' } },
    { id: 'transport', labels: { id: 'Pengangkutan', en: 'Transport' } },
    { id: 'harbouring', labels: { id: 'Penampungan', en: 'Harbouring' } },
    { id: 'sending', labels: { id: 'Pengiriman', en: 'Sending' } },
    { id: 'transfer', labels: { id: 'Pemindahan', en: 'Transfer' } },
    { id: 'receipt', labels: { id: 'Penerimaan', en: 'Receipt' } },
  ],
  rules: {
    // Adult: recruitment (1, 2 or 3) AND exploitation (4) AND coercion (5 or 6) — the act, means and
    // purpose elements of Law 21/2007 Art. 1(1).
    adult: { allOf: [[1, 2, 3], [4], [5, 6]] },
    // Child (under 18, Art. 1(5)): the means element is not needed — an act AND (4 or 5).
    child: { requiresAct: true, allOf: [[4, 5]] },
  },
};
