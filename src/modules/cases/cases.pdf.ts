import PDFDocument from 'pdfkit';
import { appendAudit } from '../../platform/audit.js';
import { type Context, transact } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { translate } from '../../platform/i18n/index.js';
import { indonesianZones, zoneOfOffset } from '../../platform/time.js';
import { agencyFacts } from '../agencies/index.js';
import { revealIdentityForDocument } from '../persons/index.js';
import { fillTemplate, webLabel } from './cases.labels.js';
import { casePermissions, requireIdentityInSummary } from './cases.policy.js';
import { getCase, listTimeline } from './cases.read.js';
import { loadCase } from './cases.record.js';

export type SummaryIdentityField =
  | 'fullName'
  | 'aliases'
  | 'dateOfBirth'
  | 'nik'
  | 'passportNumber'
  | 'phones'
  | 'address';

/** How the summary writes codes, dates and timeline entries: in the caller's language, in the agency's zone. */
export interface SummaryFormat {
  /** The words for a code under a catalogue path (`htcds.prs_Gender`, `cases.services.types` …); never the code. */
  label(path: string, code: string | null | undefined): string;
  /** A calendar date in the agency's zone, e.g. "6 Des 2026". */
  date(iso: string | null | undefined): string;
  /** Date and time in the agency's zone with its name, e.g. "6 Des 2026 13.05 WITA". */
  dateTime(iso: string | null | undefined): string;
  /** A timeline entry in words. */
  timeline(kind: string, params: Record<string, unknown>): string;
  t(key: string, params?: Record<string, unknown>): string;
}

/** A part of the summary another module writes (services, consents, referrals): the hook `cases.summarySection`. */
export type SummarySectionProvider = (
  ctx: Context,
  caseId: string,
  f: SummaryFormat,
) => Promise<{ title: string; lines: { label: string; value: string }[] } | null>;

/** UTC offset (hours) of an agency's region: WIB 7, WITA 8, WIT 9 (the hook `cases.summaryZone`). */
export type SummaryZoneResolver = (regionCode: string | null | undefined) => number;

async function summaryFormat(ctx: Context, agencyId: string): Promise<SummaryFormat> {
  const locale = ctx.locale;
  const offset = ctx.hooks.one('cases.summaryZone')((await agencyFacts(ctx.database.db, agencyId))?.regionCode);
  const zone = zoneOfOffset(offset);
  const timeZone = indonesianZones[zone].iana;
  const lang = locale === 'en' ? 'en-GB' : 'id-ID';
  const dateFmt = new Intl.DateTimeFormat(lang, { timeZone, day: 'numeric', month: 'short', year: 'numeric' });
  const timeFmt = new Intl.DateTimeFormat(lang, {
    timeZone,
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });
  const dateTimeOf = (iso: string | null | undefined) => (iso ? `${timeFmt.format(new Date(iso))} ${zone}` : '—');
  const label = (path: string, code: string | null | undefined) => {
    if (!code) return '—';
    return webLabel(locale, `${path}.${code}`) ?? webLabel('id', `${path}.${code}`) ?? code.replace(/_/g, ' ');
  };
  return {
    label,
    t: (key, params) => translate(locale, key, params),
    date: (iso) => {
      if (!iso) return '—';
      // A calendar date (yyyy-mm-dd) is already a date in the agency's zone.
      if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) return dateFmt.format(new Date(`${iso}T12:00:00Z`));
      return dateFmt.format(new Date(iso));
    },
    dateTime: dateTimeOf,
    // The same words as the case page's timeline (TimelineTab): codes in its parameters become labels.
    timeline: (kind, p) => {
      const str = (v: unknown) => (typeof v === 'string' ? v : '');
      const values: Record<string, unknown> = {
        ...p,
        fromStage: p.from ? label('cases.stage', str(p.from)) : '',
        toStage: p.to ? label('cases.stage', str(p.to)) : '',
        reasonLabel: p.reason ? label('cases.closureReason', str(p.reason)) : '',
        referralLabel: p.referralSource ? label('cases.referralSource', str(p.referralSource)) : '',
        serviceType: p.type ? label('cases.services.types', str(p.type)) : '',
        fromStatus: p.from ? label('cases.services.status', str(p.from)) : '',
        toStatus: p.to ? label('cases.services.status', str(p.to)) : '',
        types: Array.isArray(p.types) ? p.types.map((x) => label('htcds.hte_Type', str(x))).join(', ') : '',
        role: p.role ? label('cases.memberRole', str(p.role)) : '',
        sensitivity: p.sensitivity ? label('cases.notes.sensitivities', str(p.sensitivity)) : '',
        recommendation: p.recommendation ? label('htcds.vic_TraffickingStatus', str(p.recommendation)) : '',
        status: p.status ? label('htcds.vic_TraffickingStatus', str(p.status)) : '',
        kind: p.kind ? label('cases.attachments.kinds', str(p.kind)) : '',
        exitReason: p.reason ? label('cases.shelter.exitReasons', str(p.reason)) : '',
        assessmentKind: p.kind ? label('cases.assessments.kinds', str(p.kind)) : '',
        due: typeof p.dueAt === 'string' ? dateTimeOf(p.dueAt) : '',
      };
      const key = kind === 'task.created' && p.dueAt ? 'task.created.due' : kind;
      const template = webLabel(locale, `cases.timeline.${key.replace(/\./g, '_')}`);
      // The standard PDF fonts (WinAnsi) have no arrow: » reads the same on paper.
      return (template ? fillTemplate(template, values) : kind.replace(/[._]/g, ' ')).replace(/→/g, '»');
    },
  };
}

/**
 * The case summary for the paper file. Identity appears only when the caller asks for named fields with a
 * purpose and holds persons.identity.reveal; the export and the reveal are audited (Law 21/2007 Art. 24, 44).
 */
export async function caseSummaryPdf(
  ctx: Context,
  id: string,
  options: { purpose?: string; identityFields?: SummaryIdentityField[] },
): Promise<Buffer> {
  const row = await loadCase(ctx, id, casePermissions.read);
  const wantsIdentity = (options.identityFields?.length ?? 0) > 0;
  if (wantsIdentity) {
    await requireIdentityInSummary(ctx);
    if (!options.purpose || options.purpose.length < 10) {
      throw new AppError('validation', 'validation', {}, [{ field: 'purpose', code: 'required' }]);
    }
  }
  const detail = await getCase(ctx, id);
  const timeline = await listTimeline(ctx, id, undefined, 200);
  const identity = await transact(ctx, async (tx) => {
    const revealed = wantsIdentity
      ? await revealIdentityForDocument(tx, ctx, row.person_id, options.purpose!, options.identityFields!)
      : undefined;
    await appendAudit(tx, ctx, {
      action: 'cases.summaryPdf',
      entityType: 'case',
      entityId: id,
      purpose: options.purpose,
      details: { identityFields: options.identityFields ?? [] },
    });
    return revealed;
  });

  const t = (key: string, params?: Record<string, unknown>) => translate(ctx.locale, key, params);
  const f = await summaryFormat(ctx, row.lead_agency_id);
  // A part the caller may not see (e.g. services without services.manage) is left out, not an error.
  const extra = await Promise.all(
    ctx.hooks.all('cases.summarySection').map((p) =>
      p(ctx, id, f).catch((error: unknown) => {
        if (error instanceof AppError && (error.kind === 'not_found' || error.kind === 'forbidden')) return null;
        throw error;
      }),
    ),
  );
  const doc = new PDFDocument({
    size: 'A4',
    margin: 50,
    info: { Title: `${t('pdf.title')} ${detail.caseNumber}`, Author: 'Pulih' },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));

  const line = (label: string, value: unknown) => {
    doc
      .font('Helvetica-Bold')
      .fontSize(10)
      .text(`${label}: `, { continued: true })
      .font('Helvetica')
      .text(value == null || value === '' ? '—' : String(value));
  };
  const heading = (text: string) => doc.moveDown(0.8).font('Helvetica-Bold').fontSize(13).text(text).moveDown(0.3);
  const list = (path: string, codes: readonly string[]) => codes.map((c) => f.label(path, c)).join(', ');

  doc
    .font('Helvetica-Bold')
    .fontSize(18)
    .text(`Pulih — ${t('pdf.title')}`);
  doc.font('Helvetica').fontSize(9).fillColor('#a00').text(t('pdf.confidential')).fillColor('black');
  doc.moveDown();
  line(t('pdf.caseNumber'), detail.caseNumber);
  line(t('pdf.leadAgency'), detail.leadAgency.name);
  line(t('pdf.stage'), t(`stage.${detail.stage}`));
  line(t('pdf.intakeAt'), f.dateTime(detail.intakeAt));
  line(t('pdf.identifiedAt'), f.date(detail.identifiedAt));
  line(t('pdf.child'), detail.isChild ? t('pdf.yes') : t('pdf.no'));
  // The screening decision in words: what was decided and by which kind of organisation (HTCDS).
  line(t('pdf.traffickingStatus'), f.label('htcds.vic_TraffickingStatus', detail.traffickingStatus));
  line(t('pdf.riskLevel'), f.label('cases.risk', detail.riskLevel));

  heading(t('pdf.person'));
  line(t('pdf.pseudonym'), `${detail.person.pseudonym} (${detail.person.initials ?? ''})`);
  line(t('pdf.sex'), f.label('htcds.prs_Gender', detail.person.sex));
  line(t('pdf.birthYear'), detail.person.birthYear);
  line(t('pdf.citizenship'), detail.person.citizenship);
  line(t('pdf.origin'), detail.person.regionCode);
  if (identity) {
    doc
      .moveDown(0.3)
      .font('Helvetica-Oblique')
      .fontSize(9)
      .text(t('pdf.identityRevealed', { purpose: options.purpose }));
    for (const [field, value] of Object.entries(identity))
      line(t(`pdf.identity.${field}`), Array.isArray(value) ? value.join(', ') : value);
  }

  heading(t('pdf.profile'));
  line(t('pdf.exploitation'), list('htcds.vic_TypeOfExploitation', detail.profile.exploitationTypes));
  line(t('pdf.control'), list('htcds.vic_MethodsOfControl', detail.profile.methodsOfControl));
  line(t('pdf.recruitment'), list('htcds.vic_MethodOfRecruitment', detail.profile.recruitmentMethods));
  line(t('pdf.industry'), f.label('htcds.vic_ForcedLabourIndustry', detail.profile.forcedLabourIndustry));
  line(t('pdf.exploitationCountry'), detail.profile.exploitationCountry);
  if (detail.summary) {
    doc.moveDown(0.3).font('Helvetica').fontSize(10).text(detail.summary);
  }

  heading(t('pdf.events'));
  for (const e of detail.events)
    line(
      f.label('htcds.hte_Type', e.type),
      [e.countryCode, e.regionCode, e.city, f.date(e.startedOn), f.date(e.endedOn)]
        .filter((x) => x && x !== '—')
        .join(' · '),
    );

  heading(t('pdf.team'));
  for (const m of detail.team) line(f.label('cases.memberRole', m.role), `${m.displayName} (${m.username})`);

  // Services with their statutory due and delivery dates, consents in force, referrals and their answers.
  for (const section of extra) {
    if (!section) continue;
    heading(section.title);
    if (section.lines.length === 0) doc.font('Helvetica').fontSize(10).text('—');
    for (const l of section.lines) line(l.label, l.value);
  }

  heading(t('pdf.timeline'));
  for (const e of [...timeline.items].reverse()) {
    doc
      .font('Helvetica')
      .fontSize(9)
      .text(
        `${f.dateTime(e.at)}  ${f.timeline(e.kind, e.params ?? {})}${e.actorUsername ? ` — ${e.actorUsername}` : ''}`,
      );
  }
  doc
    .moveDown()
    .font('Helvetica-Oblique')
    .fontSize(8)
    .text(
      t('pdf.footer', {
        at: f.dateTime(ctx.clock.now().toISOString()),
        by: ctx.actor?.username ?? '',
      }),
    );
  doc.end();
  return done;
}
