import PDFDocument from 'pdfkit';
import { requireAccess } from '../../platform/access.js';
import { appendAudit } from '../../platform/audit.js';
import { type Context, transact } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { translate } from '../../platform/i18n/index.js';
import { revealIdentityForDocument } from '../persons/index.js';
import { getCase, listTimeline, loadCase } from './cases.service.js';

export type SummaryIdentityField =
  | 'fullName'
  | 'aliases'
  | 'dateOfBirth'
  | 'nik'
  | 'passportNumber'
  | 'phones'
  | 'address';

/**
 * The case summary for the paper file. Identity appears only when the caller asks for named fields with a
 * purpose and holds persons.identity.reveal; the export and the reveal are audited (Law 21/2007 Art. 24, 44).
 */
export async function caseSummaryPdf(
  ctx: Context,
  id: string,
  options: { purpose?: string; identityFields?: SummaryIdentityField[] },
): Promise<Buffer> {
  const row = await loadCase(ctx, id, 'cases.read');
  const wantsIdentity = (options.identityFields?.length ?? 0) > 0;
  if (wantsIdentity) {
    await requireAccess(ctx, 'persons.identity.reveal');
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

  doc
    .font('Helvetica-Bold')
    .fontSize(18)
    .text(`Pulih — ${t('pdf.title')}`);
  doc.font('Helvetica').fontSize(9).fillColor('#a00').text(t('pdf.confidential')).fillColor('black');
  doc.moveDown();
  line(t('pdf.caseNumber'), detail.caseNumber);
  line(t('pdf.leadAgency'), detail.leadAgency.name);
  line(t('pdf.stage'), t(`stage.${detail.stage}`));
  line(t('pdf.intakeAt'), detail.intakeAt.slice(0, 10));
  line(t('pdf.identifiedAt'), detail.identifiedAt?.slice(0, 10));
  line(t('pdf.child'), detail.isChild ? t('pdf.yes') : t('pdf.no'));
  line(t('pdf.traffickingStatus'), detail.traffickingStatus);
  line(t('pdf.riskLevel'), detail.riskLevel);

  heading(t('pdf.person'));
  line(t('pdf.pseudonym'), `${detail.person.pseudonym} (${detail.person.initials ?? ''})`);
  line(t('pdf.sex'), detail.person.sex);
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
  line(t('pdf.exploitation'), detail.profile.exploitationTypes.join(', '));
  line(t('pdf.control'), detail.profile.methodsOfControl.join(', '));
  line(t('pdf.recruitment'), detail.profile.recruitmentMethods.join(', '));
  line(t('pdf.industry'), detail.profile.forcedLabourIndustry);
  line(t('pdf.exploitationCountry'), detail.profile.exploitationCountry);
  if (detail.summary) {
    doc.moveDown(0.3).font('Helvetica').fontSize(10).text(detail.summary);
  }

  heading(t('pdf.events'));
  for (const e of detail.events)
    line(e.type, [e.countryCode, e.regionCode, e.city, e.startedOn, e.endedOn].filter(Boolean).join(' · '));

  heading(t('pdf.team'));
  for (const m of detail.team) line(m.role, `${m.displayName} (${m.username})`);

  heading(t('pdf.timeline'));
  for (const e of [...timeline.items].reverse()) {
    doc
      .font('Helvetica')
      .fontSize(9)
      .text(`${e.at.slice(0, 16).replace('T', ' ')}  ${e.kind}  ${e.actorUsername ?? ''}`);
  }
  doc
    .moveDown()
    .font('Helvetica-Oblique')
    .fontSize(8)
    .text(
      t('pdf.footer', {
        at: ctx.clock.now().toISOString().slice(0, 16).replace('T', ' '),
        by: ctx.actor?.username ?? '',
      }),
    );
  doc.end();
  return done;
}
