import {
  type createAllocation as CreateAllocation,
  createAllocation,
  createExpenditure,
  createProgramme,
  createResponse,
  createSession,
} from '../modules/prevention/index.js';
import {
  askReporter,
  closeTip,
  convertTipToCase,
  getTip,
  issueChallenge,
  listTips,
  referTip,
  replyToTip,
  solveChallenge,
  submitTip,
  triageTip,
} from '../modules/tips/index.js';
import type { Context } from '../platform/context.js';
import type { DemoUser } from './demo-cases.js';

type Users = Map<string, DemoUser>;

/** Acts as a demo user: that user's id and agency, every permission (the seed arranges, the services check). */
function as(ctx: Context, user: DemoUser): Context {
  return {
    ...ctx,
    actor: {
      ...ctx.actor!,
      userId: user.id,
      username: user.username,
      agencyId: user.agency.id,
      agencyRegionCode: user.agency.regionCode,
    },
  };
}

/** Deterministic pseudo-random numbers (the demo is the same every time). */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const tipsToSeed = [
  {
    description:
      'Anak tetangga kami (15 tahun) dijemput calo malam-malam untuk kerja di kebun sawit Malaysia. Umurnya di KTP dinaikkan.',
    regionCode: '53.04',
    involvesChild: true,
    heldNow: false,
    indicators: ['unregistered_recruiter', 'false_documents', 'child_sent_away'] as const,
    outcome: 'new',
  },
  {
    description:
      'Beberapa perempuan dari desa kami dikurung di rumah penampungan dekat terminal, paspor mereka ditahan agen.',
    regionCode: '53.71',
    involvesChild: false,
    heldNow: true,
    indicators: ['documents_held', 'cannot_leave', 'no_contact_family'] as const,
    outcome: 'in_review',
  },
  {
    description:
      'Keponakan saya dijanjikan kerja restoran di Batam, sekarang tidak boleh keluar dan gajinya dipotong untuk utang.',
    regionCode: '53.01',
    involvesChild: false,
    heldNow: false,
    indicators: ['job_offer_too_good', 'growing_debt', 'not_paid'] as const,
    outcome: 'converted',
  },
  {
    description: 'Ada mobil travel yang tiap minggu membawa anak-anak muda ke perbatasan Motaain tanpa dokumen.',
    regionCode: '53.04',
    involvesChild: true,
    heldNow: false,
    indicators: ['irregular_border_crossing', 'unregistered_recruiter'] as const,
    outcome: 'referred',
  },
  {
    description:
      'Saya ragu apakah lowongan kerja di media sosial dengan gaji 20 juta per bulan ke luar negeri itu asli.',
    regionCode: '53.71',
    involvesChild: false,
    heldNow: false,
    indicators: ['job_offer_too_good'] as const,
    outcome: 'closed',
  },
];

/**
 * Public tips in every state (new, in review with a question answered by the reporter, converted to a case,
 * referred to the police, closed), three prevention programmes with sessions and before/after surveys that show
 * a measurable change, and budgets with expenditures — all through the services.
 */
export async function seedDemoCommunity(ctx: Context, users: Users, year: number): Promise<void> {
  const intake = users.get('intake.ntt');
  const programmeOfficer = users.get('programme.jabar');
  const supervisor = users.get('supervisor.ntt');
  const police = users.get('legal.ntt');
  if (!intake || !programmeOfficer || !supervisor || !police) throw new Error('demo users missing');
  const staff = as(ctx, intake);

  for (const tip of tipsToSeed) {
    const { challenge, difficulty } = issueChallenge(ctx);
    const { code } = await submitTip(ctx, {
      description: tip.description,
      regionCode: tip.regionCode,
      involvesChild: tip.involvesChild,
      heldNow: tip.heldNow,
      nearBorder: false,
      indicators: [...tip.indicators],
      pow: { challenge, nonce: solveChallenge(challenge, difficulty) },
    });
    if (tip.outcome === 'new') continue;
    const queued = (await listTips(staff, { status: 'new', limit: 100 })).items.find(
      (t) => t.regionCode === tip.regionCode && t.indicators.join() === [...new Set(tip.indicators)].join(),
    );
    if (!queued) throw new Error('demo tip not found in the queue');
    let version = (await triageTip(staff, queued.id, { version: queued.version, assignedTo: intake.id })).version;
    if (tip.outcome === 'in_review') {
      version = (
        await askReporter(staff, queued.id, {
          version,
          question: 'Di rumah mana tepatnya mereka dikurung? Ada berapa orang?',
        })
      ).version;
      await replyToTip(ctx, code, 'Rumah bercat hijau di belakang terminal Oebobo, sekitar enam orang.');
    } else if (tip.outcome === 'converted') {
      const detail = await getTip(staff, queued.id);
      await convertTipToCase(staff, queued.id, {
        version,
        confirmNewPerson: true,
        case: {
          ...detail.caseDraft,
          person: { ...detail.caseDraft.person, sex: 'Feminine', birthYear: year - 19 },
          identity: { fullName: 'Keponakan Pelapor (belum diketahui)' },
        },
      });
    } else if (tip.outcome === 'referred') {
      await referTip(staff, queued.id, {
        version,
        agencyId: police.agency.id,
        note: 'Dugaan jaringan penyelundupan anak lintas batas; mohon penyelidikan.',
      });
    } else if (tip.outcome === 'closed') {
      await closeTip(staff, queued.id, {
        version,
        reason: 'not_trafficking',
        note: 'Informasi umum; pelapor diarahkan ke layanan informasi BP2MI.',
      });
    }
  }

  const officer = as(ctx, programmeOfficer);
  const random = rng(15);
  const programmes = [
    {
      type: 'school_outreach' as const,
      name: 'Sekolah Waspada TPPO Indramayu',
      regions: ['32.12'],
      groups: ['students', 'teachers'] as const,
      sessions: [
        { month: 2, place: 'SMPN 1 Haurgeulis', paired: true },
        { month: 3, place: 'SMAN 1 Juntinyuat', paired: true },
      ],
      source: 'apbd' as const,
      amount: 60_000_000,
    },
    {
      type: 'pre_departure_orientation' as const,
      name: 'Orientasi Pra-Pemberangkatan Desa Migran',
      regions: ['32.12'],
      groups: ['prospective_migrant_workers', 'parents'] as const,
      sessions: [{ month: 4, place: 'Balai Desa Kertasemaya', paired: true }],
      source: 'apbn' as const,
      amount: 45_000_000,
    },
    {
      type: 'village_campaign' as const,
      name: 'Kampanye Desa Aman Bandung',
      regions: ['32.73'],
      groups: ['general_public', 'village_officials'] as const,
      sessions: [{ month: 5, place: 'Aula Kelurahan Cibangkong', paired: false }],
      source: 'village_fund' as const,
      amount: 20_000_000,
    },
  ];
  const mm = (n: number) => String(n).padStart(2, '0');
  for (const p of programmes) {
    const programme = await createProgramme(officer, {
      type: p.type,
      name: p.name,
      regionCodes: p.regions,
      startsOn: `${year}-01-01`,
      endsOn: `${year}-12-31`,
      targetGroups: [...p.groups],
    });
    for (const s of p.sessions) {
      const session = await createSession(officer, programme.id, {
        heldOn: `${year}-${mm(s.month)}-1${s.month}`,
        place: s.place,
        regionCode: p.regions[0]!,
        facilitator: 'Tim UPTD PPA Jawa Barat',
        participants: {
          female: { '0_17': 9, '18_24': 4, '25_59': 3, '60_plus': 0 },
          male: { '0_17': 8, '18_24': 3, '25_59': 3, '60_plus': 1 },
        },
        materials: ['Modul Kenali Tanda TPPO', 'Leaflet SAPA 129'],
      });
      // Twelve participants: about four right answers out of ten before, about seven after.
      for (let i = 0; i < 12; i++) {
        const before = Math.min(10, Math.max(0, Math.round(3 + random() * 3)));
        const after = Math.min(10, before + Math.round(1 + random() * 4));
        for (const [phase, right] of [
          ['pre', before],
          ['post', after],
        ] as const) {
          const answers = Object.fromEntries(
            [
              'job_offer_trap',
              'passport_kept',
              'debt_bondage',
              'child_consent',
              'victim_punished',
              'legal_route',
              'where_to_report',
              'reporter_protected',
              'restitution',
              'only_women',
            ].map((id, k) => [
              id,
              k < right
                ? ['passport_kept', 'child_consent', 'victim_punished', 'only_women'].includes(id)
                  ? 'false'
                  : 'true'
                : 'dont_know',
            ]),
          ) as Record<string, 'true' | 'false' | 'dont_know'>;
          await createResponse(officer, session.id, {
            phase,
            ...(s.paired ? { participantCode: `S${s.month}-${String(i + 1).padStart(2, '0')}` } : {}),
            questionnaire: 'tip_awareness',
            version: 1,
            answers,
          });
        }
      }
    }
    const allocation = await createAllocation(officer, {
      programmeId: programme.id,
      purpose: 'prevention',
      year,
      source: p.source,
      amount: p.amount,
    });
    await spend(officer, allocation, year, [
      [Math.round(p.amount * 0.4), 'Konsumsi dan modul peserta', 'KW-001'],
      [Math.round(p.amount * 0.25), 'Honor fasilitator', 'SP2D-0042'],
    ]);
  }
  const services = await createAllocation(as(ctx, supervisor), {
    purpose: 'victim_services',
    year,
    source: 'donor',
    amount: 150_000_000,
    note: 'Hibah layanan rehabilitasi korban',
  });
  await spend(as(ctx, supervisor), services, year, [[38_500_000, 'Rumah aman dan konseling', 'KW-RA-07']]);
}

async function spend(
  ctx: Context,
  allocation: Awaited<ReturnType<typeof CreateAllocation>>,
  year: number,
  items: [number, string, string][],
) {
  for (const [amount, description, evidenceRef] of items)
    await createExpenditure(ctx, allocation.id, { spentOn: `${year}-06-30`, amount, description, evidenceRef });
}
