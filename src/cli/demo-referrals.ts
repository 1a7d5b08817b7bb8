import type { TDirectoryService } from '../modules/directory/index.js';

/*
 * Data for the demo's issue-4 features (directory, consents, referrals, case conferences): what each demo
 * agency publishes in the service directory, and the words case workers, shelters and partners write.
 * demo-cases.ts plays them through the module routes as the right demo users.
 */

type ServiceType = TDirectoryService['serviceType'];

/** The body of PUT /api/agencies/:id/services/:serviceType. */
export interface DirectoryEntry {
  regions: string[];
  eligibility: { ageMin?: number | null; ageMax?: number | null; sexes: string[]; nationalities: string[] };
  languages: string[];
  capacity?: { total: number; free: number } | null;
  hours?: string | null;
  contact: { phone?: string | null; email?: string | null };
  urgent24x7: boolean;
}

/** One published service: which demo agency, published by which demo user. */
export interface DirectoryOffer {
  agency: string;
  publisher: string;
  type: ServiceType;
  entry: DirectoryEntry;
}

const anyone = { sexes: [], nationalities: [] };
const adults = { ageMin: 18, sexes: [], nationalities: [] };

/**
 * What the demo agencies offer. Shelters publish the services the case histories ask of them (shelter with
 * beds, counselling, vocational training, economic empowerment); UPTD PPA the statutory rehabilitation and
 * reintegration services; Unit PPA and LPSK legal aid; IOM repatriation from abroad, family tracing and
 * interpretation. Contacts are institutional desks (example addresses).
 * `provinces` are every province code (national services).
 */
export function demoDirectoryOffers(provinces: string[]): DirectoryOffer[] {
  const offers: DirectoryOffer[] = [];
  const add = (agency: string, publisher: string, type: ServiceType, entry: DirectoryEntry) =>
    offers.push({ agency, publisher, type, entry });

  const shelters = [
    {
      agency: 'shelter_ntt',
      publisher: 'provider.shelter',
      province: '53',
      zone: 'WITA',
      languages: ['id', 'en'],
      beds: { total: 24, free: 6 },
      phone: '(0380) 833-410',
      email: 'rumahaman.kupang@example.org',
    },
    {
      agency: 'shelter_jabar',
      publisher: 'provider.jabar',
      province: '32',
      zone: 'WIB',
      languages: ['id', 'su', 'en'],
      beds: { total: 30, free: 4 },
      phone: '(022) 7305-118',
      email: 'rumahsinggah.bandung@example.org',
    },
    {
      agency: 'shelter_kalbar',
      publisher: 'provider.kalbar',
      province: '61',
      zone: 'WIB',
      languages: ['id', 'ms', 'zh'],
      beds: { total: 16, free: 0 },
      phone: '(0561) 742-905',
      email: 'rp.khatulistiwa@example.org',
    },
  ];
  for (const s of shelters) {
    const contact = { phone: s.phone, email: s.email };
    add(s.agency, s.publisher, 'shelter', {
      regions: [s.province],
      eligibility: anyone,
      languages: s.languages,
      capacity: s.beds,
      hours: 'Penerimaan 24 jam, setiap hari',
      contact,
      urgent24x7: true,
    });
    add(s.agency, s.publisher, 'psychosocial_counselling', {
      regions: [s.province],
      eligibility: anyone,
      languages: s.languages,
      hours: `Senin–Sabtu 08.00–17.00 ${s.zone}`,
      contact,
      urgent24x7: false,
    });
    add(s.agency, s.publisher, 'vocational_training', {
      regions: [],
      eligibility: { ageMin: 15, sexes: [], nationalities: [] },
      languages: ['id'],
      capacity: { total: 20, free: 8 },
      hours: `Senin–Jumat 09.00–15.00 ${s.zone}`,
      contact,
      urgent24x7: false,
    });
    add(s.agency, s.publisher, 'economic_empowerment', {
      regions: [s.province],
      eligibility: adults,
      languages: ['id'],
      hours: `Senin–Jumat 09.00–15.00 ${s.zone}`,
      contact,
      urgent24x7: false,
    });
  }

  const uptds = [
    {
      agency: 'uptd_ntt',
      publisher: 'supervisor.ntt',
      province: '53',
      zone: 'WITA',
      phone: '(0380) 825-371',
      email: 'uptdppa.ntt@example.org',
    },
    {
      agency: 'uptd_jabar',
      publisher: 'supervisor.jabar',
      province: '32',
      zone: 'WIB',
      phone: '(022) 2031-446',
      email: 'uptdppa.jabar@example.org',
    },
    {
      agency: 'uptd_kalbar',
      publisher: 'supervisor.kalbar',
      province: '61',
      zone: 'WIB',
      phone: '(0561) 731-284',
      email: 'uptdppa.kalbar@example.org',
    },
  ];
  for (const u of uptds) {
    const contact = { phone: u.phone, email: u.email };
    const office = `Senin–Jumat 08.00–16.00 ${u.zone}`;
    const base = { regions: [u.province], eligibility: anyone, languages: ['id'], contact };
    add(u.agency, u.publisher, 'emergency_first_aid', {
      ...base,
      hours: 'Pengaduan dan penjangkauan darurat 24 jam',
      urgent24x7: true,
    });
    for (const type of [
      'social_rehabilitation',
      'health_rehabilitation',
      'psychosocial_counselling',
      'legal_aid',
      'repatriation_domestic',
      'social_reintegration',
    ] as const) {
      add(u.agency, u.publisher, type, { ...base, hours: office, urgent24x7: false });
    }
  }

  const police = [
    { agency: 'police_ntt', province: '53', phone: '(0380) 833-110' },
    { agency: 'police_jabar', province: '32', phone: '(022) 7800-110' },
    { agency: 'police_kalbar', province: '61', phone: '(0561) 734-110' },
  ];
  for (const p of police) {
    // Unit PPA: reports, victim statements and accompaniment through the criminal process (the admin publishes).
    add(p.agency, 'admin', 'legal_aid', {
      regions: [p.province],
      eligibility: anyone,
      languages: ['id'],
      hours: 'Layanan pengaduan (SPKT) 24 jam',
      contact: { phone: p.phone },
      urgent24x7: true,
    });
  }

  const lpsk = { phone: '(021) 2968-1560', email: 'layanan.korban@example.org' };
  for (const type of ['legal_aid', 'psychosocial_counselling', 'health_rehabilitation'] as const) {
    // Law 31/2014: protection, restitution, medical and psychosocial assistance for victims, nationwide.
    add('lpsk', 'provider.lpsk', type, {
      regions: provinces,
      eligibility: anyone,
      languages: ['id', 'en'],
      hours: 'Senin–Jumat 08.00–16.00 WIB',
      contact: lpsk,
      urgent24x7: false,
    });
  }

  const iom = { phone: '(0380) 855-020', email: 'iom.kupang@example.org' };
  add('iom', 'admin', 'repatriation_from_abroad', {
    regions: provinces,
    eligibility: anyone,
    languages: ['id', 'en', 'ms'],
    hours: 'Senin–Jumat 08.00–17.00 WITA',
    contact: iom,
    urgent24x7: false,
  });
  add('iom', 'admin', 'family_tracing', {
    regions: ['53', '52'],
    eligibility: anyone,
    languages: ['id', 'en'],
    hours: 'Senin–Jumat 08.00–17.00 WITA',
    contact: iom,
    urgent24x7: false,
  });
  add('iom', 'admin', 'interpretation', {
    regions: ['53', '52', '61'],
    eligibility: anyone,
    languages: ['id', 'en', 'ms', 'zh', 'ar', 'km', 'my'],
    hours: 'Dengan perjanjian, Senin–Sabtu',
    contact: iom,
    urgent24x7: false,
  });
  return offers;
}

/* ---------- words ---------- */

export const referralNotes = {
  shelter: [
    'Korban membutuhkan tempat tinggal aman segera; pendamping UPTD mengantar ke rumah aman.',
    'Mohon penerimaan di rumah aman dan konseling awal; korban masih trauma setelah pemulangan.',
    'Korban anak, didampingi orang tua; mohon konseling psikososial dan pendampingan selama pemeriksaan.',
    'Korban bersedia mengikuti konseling; jadwal dapat disesuaikan dengan pemeriksaan di Polda.',
  ],
  reintegration: [
    'Korban ingin mengikuti pelatihan keterampilan (menjahit/tata boga) sebelum kembali ke desa.',
    'Mohon pendampingan usaha kecil; korban sudah memiliki rencana usaha warung di kampung asal.',
    'Korban tertarik pelatihan kerja; mohon informasi jadwal angkatan berikutnya.',
  ],
  iom: [
    'Mohon bantuan pemulangan dari negara tujuan; dokumen perjalanan sedang diurus perwakilan RI.',
    'Korban menunggu di penampungan perwakilan RI; mohon koordinasi kepulangan dan penjemputan di bandara.',
    'Mohon bantuan pemulangan dan penelusuran keluarga di kampung asal.',
  ],
  legal: [
    'Korban bersedia memberi keterangan; mohon perlindungan saksi dan pendampingan pengajuan restitusi.',
    'Mohon pendampingan hukum dan penghitungan restitusi; perkara sedang disidik Unit PPA.',
  ],
} as const;

export const declineReasons = [
  'Rumah aman sedang penuh; mohon dirujuk ke lembaga lain atau dijadwalkan ulang minggu depan.',
  'Tidak ada konselor yang tersedia untuk bahasa korban saat ini.',
  'Layanan ini di luar wilayah kerja kami; silakan hubungi lembaga di kabupaten asal korban.',
  'Angkatan pelatihan sudah penuh; pendaftaran berikutnya dibuka bulan depan.',
] as const;

export const revokeReasons = [
  'Korban memilih tinggal bersama keluarga; layanan tidak lagi dibutuhkan.',
  'Korban dipindahkan ke rumah perlindungan yang lebih dekat dengan kampung asal.',
  'Layanan sudah diberikan langsung oleh UPTD PPA.',
] as const;

export const closingRevokeReason = 'Kasus ditutup oleh lembaga pengirim; rujukan diakhiri.';

export const withdrawalReasons = [
  'Korban menyatakan tidak ingin datanya dibagikan lagi kepada lembaga lain; disampaikan langsung kepada manajer kasus.',
  'Orang tua korban mencabut persetujuan setelah berdiskusi dengan keluarga besar.',
  'Korban memilih didampingi keluarga dan meminta rujukan dihentikan.',
] as const;

export const cancelAfterDecline = 'Rujukan ditolak penyedia; layanan dialihkan ke UPTD PPA.';

export const deliveryNotes: Partial<Record<ServiceType, readonly string[]>> = {
  shelter: ['Korban diterima di rumah aman; kamar dan kebutuhan dasar disediakan.', 'Penempatan di rumah aman.'],
  psychosocial_counselling: [
    'Konseling individual 4 sesi; korban mulai dapat tidur dan makan teratur.',
    'Konseling trauma dan kelompok dukungan sebaya.',
    'Asesmen psikologis dan 3 sesi konseling.',
  ],
  vocational_training: ['Pelatihan menjahit 6 minggu selesai; sertifikat diterima.', 'Pelatihan tata boga selesai.'],
  economic_empowerment: ['Bantuan modal usaha dan pendampingan pembukuan sederhana.', 'Pelatihan usaha mikro.'],
  repatriation_from_abroad: [
    'Korban dipulangkan dan diterima keluarga di kampung asal.',
    'Penjemputan di bandara dan pengantaran ke UPTD PPA.',
  ],
  family_tracing: ['Keluarga ditemukan dan dihubungi; bersedia menerima korban.'],
  legal_aid: [
    'Pendampingan pemeriksaan saksi dan penghitungan restitusi.',
    'Perlindungan saksi dan pendampingan sidang.',
  ],
};

/** Why shelter stays end (shelterExitReasons) and what the case worker writes about it. */
export const shelterExitNotes: Record<
  'planned_exit' | 'reintegrated' | 'repatriated' | 'transferred' | 'left_voluntarily' | 'absconded' | 'other',
  readonly string[]
> = {
  planned_exit: [
    'Masa tinggal selesai sesuai rencana; korban kembali ke rumah keluarga dengan pendampingan.',
    'Keluar sesuai rencana layanan; kontrol lanjutan di UPTD PPA.',
  ],
  reintegrated: [
    'Korban kembali ke keluarga; kunjungan rumah dijadwalkan dua minggu lagi.',
    'Diterima kembali oleh keluarga setelah mediasi; rencana reintegrasi disepakati.',
  ],
  repatriated: [
    'Korban diantar pulang ke daerah asal; diserahkan kepada dinas sosial setempat.',
    'Pemulangan ke kampung asal bersama petugas pendamping.',
  ],
  transferred: [
    'Dipindahkan ke rumah perlindungan sosial milik pemerintah provinsi.',
    'Dirujuk ke rumah aman yang lebih dekat dengan keluarga.',
  ],
  left_voluntarily: [
    'Korban memilih tinggal bersama kerabat; nomor kontak pendamping sudah diberikan.',
    'Keluar atas permintaan sendiri setelah konseling; risiko dibahas bersama korban.',
  ],
  absconded: ['Korban meninggalkan rumah aman tanpa pemberitahuan; keluarga dan Unit PPA sudah dihubungi.'],
  other: ['Korban dirawat inap di rumah sakit daerah; layanan rumah aman dihentikan.'],
};

/** Indonesian missions abroad for cross-border consents, by destination country and city. */
export function missionFor(country: string, city: string): string {
  const byCity: [RegExp, string][] = [
    [/Johor/, 'KJRI Johor Bahru'],
    [/Penang/, 'KJRI Penang'],
    [/Kuching|Miri/, 'KJRI Kuching'],
    [/Tawau/, 'KRI Tawau'],
    [/Sandakan/, 'KJRI Kota Kinabalu'],
    [/Jeddah/, 'KJRI Jeddah'],
    [/Dubai/, 'KJRI Dubai'],
  ];
  for (const [re, name] of byCity) if (re.test(city)) return name;
  const byCountry: Record<string, string> = {
    MY: 'KBRI Kuala Lumpur',
    SA: 'KBRI Riyadh',
    AE: 'KBRI Abu Dhabi',
    QA: 'KBRI Doha',
    HK: 'KJRI Hong Kong',
    TW: 'KDEI Taipei',
    SG: 'KBRI Singapura',
    KH: 'KBRI Phnom Penh',
    MM: 'KBRI Yangon',
    LA: 'KBRI Vientiane',
    PH: 'KBRI Manila',
    CN: 'KBRI Beijing',
    KR: 'KBRI Seoul',
    JP: 'KBRI Tokyo',
    MU: 'KBRI Antananarivo',
  };
  return byCountry[country] ?? 'Kementerian Luar Negeri RI (Direktorat Pelindungan WNI)';
}

export const conferenceDecisions = {
  protection: [
    'Korban tetap di rumah aman sampai kondisi psikologis stabil. Konseling dilanjutkan dua kali seminggu. Unit PPA menjadwalkan pemeriksaan saksi dengan pendampingan. Keluarga dihubungi melalui UPTD PPA kabupaten asal.',
    'Rencana layanan disepakati: rehabilitasi kesehatan di RSUD, konseling psikososial oleh rumah aman, pendampingan hukum oleh Unit PPA dan LPSK untuk restitusi.',
    'Korban anak: pendampingan oleh pekerja sosial selama pemeriksaan; sekolah dihubungi untuk kelanjutan pendidikan; orang tua dilibatkan dalam setiap keputusan.',
  ],
  reintegration: [
    'Korban siap kembali ke keluarga. Kunjungan rumah dilakukan sebelum kepulangan; pelatihan keterampilan dan bantuan modal usaha diusulkan melalui rumah aman.',
    'Rencana reintegrasi: pemantauan bulanan oleh UPTD PPA, dukungan ekonomi melalui program pemberdayaan, koordinasi dengan desa asal untuk pencegahan perekrutan ulang.',
    'Keluarga menerima korban kembali. Disepakati pendampingan psikososial lanjutan dan penelusuran hak restitusi yang belum dibayar.',
  ],
} as const;

export const actionItemTexts: Record<'lead' | 'shelter' | 'police' | 'iom' | 'lpsk', readonly string[]> = {
  lead: [
    'Kunjungan rumah dan asesmen kesiapan keluarga.',
    'Menyusun rencana layanan lanjutan dan jadwal pemantauan.',
    'Koordinasi dengan dinas sosial kabupaten asal untuk bantuan sosial.',
  ],
  shelter: [
    'Menyampaikan laporan perkembangan konseling psikososial.',
    'Menyiapkan jadwal pelatihan keterampilan untuk korban.',
    'Pendampingan korban pada pemeriksaan kesehatan lanjutan.',
  ],
  police: [
    'Menyampaikan perkembangan penyidikan (SP2HP) kepada korban dan pendamping.',
    'Menjadwalkan pemeriksaan saksi korban dengan pendampingan.',
  ],
  iom: [
    'Koordinasi dokumen perjalanan dan jadwal pemulangan dengan perwakilan RI.',
    'Penelusuran keluarga di kampung asal dan penilaian kesiapan penerimaan.',
  ],
  lpsk: ['Menilai permohonan perlindungan dan menghitung restitusi.', 'Menyiapkan pendampingan korban pada sidang.'],
};
