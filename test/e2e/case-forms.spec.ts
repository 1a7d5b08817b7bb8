import { expect, test } from '@playwright/test';
import { expectFieldError, requiredMessage as required } from './fields.js';
import {
  apiOk,
  csrfOf,
  demoPassword,
  expectAccessible,
  loginWithTotp,
  logout,
  openTab,
  pick,
  submitCredentials,
} from './helpers.js';

/**
 * The case file's smaller forms in the browser, on both databases: a stage change, a task, an assessment, the
 * PDF summary, a closure approved with a note, reopening, and a lead-transfer request. Each form first meets a
 * mistake — its own rule (a field left empty) or the server's (a reason too short, a question unanswered, a
 * purpose missing) — and the message must stand on the field it names (aria-invalid, the text beside it);
 * then the form is sent as it should be.
 */
test.describe.configure({ mode: 'serial', timeout: 12 * 60_000 });

const jabar = 'UPTD PPA Provinsi Jawa Barat';
let caseUrl = '';

test('1. the case worker changes the stage, adds a task, records an assessment and downloads the PDF summary', async ({
  page,
}) => {
  expect(await submitCredentials(page, 'caseworker.ntt', demoPassword)).toBe('active');
  const created = await apiOk<{ id: string }>(
    await page.request.post('/api/cases', {
      headers: { 'x-csrf-token': await csrfOf(page.context()) },
      data: {
        person: { sex: 'Feminine', birthYear: 1998, citizenship: 'ID', regionCode: '53.71' },
        identity: { fullName: 'Yuliana Bria' },
        referralSource: 'police',
        profile: { exploitationTypes: ['ForcedLabour'], exploitationCountry: 'MY' },
      },
    }),
    'intake',
  );
  caseUrl = `/cases/${created.id}`;
  await page.goto(caseUrl);

  // Stage change: a reason of two letters is refused by the server, on the reason field.
  await page.getByTestId('transition-screening').click();
  const reason = page.getByTestId('transition-reason');
  await reason.fill('ok');
  await page.getByTestId('transition-confirm').click();
  // (In a dialog the focus trap may take the focus back from a field; the message is what must show.)
  await expectFieldError(reason, /3/);
  await expectAccessible(page, 'stage change dialog with a field error');
  await reason.fill('Rujukan kepolisian lengkap, mulai penapisan.');
  await page.getByTestId('transition-confirm').click();
  await expect(page.getByTestId('stage-badge')).toHaveAttribute('data-stage', 'screening');

  // Task: the title is the form's own rule, then the server's (two characters at least).
  await openTab(page, 'tasks', 'tasks tab');
  const title = page.getByTestId('task-title');
  await page.getByTestId('task-submit').click();
  await expectFieldError(title, required);
  await expect(title).toBeFocused();
  await title.fill('x');
  await page.getByTestId('task-submit').click();
  await expectFieldError(title, /2/);
  await title.fill('Kunjungan rumah keluarga di Kupang');
  await page.getByTestId('task-due').fill('2031-03-04T09:30');
  await page.getByTestId('task-submit').click();
  await expect(page.locator('[data-testid="task-row"]', { hasText: 'Kunjungan rumah keluarga di Kupang' })).toHaveCount(
    1,
  );
  await expect(title).toHaveValue('');

  // Assessment: sent unanswered, the server names each question left open, on that question.
  const questionnaires = (await (await page.request.get('/api/assessments/questionnaires')).json()) as {
    key: string;
    scales: { id: string; options: { value: number | string }[] }[];
    questions: { id: string; scale: string; optional: boolean }[];
  }[];
  const survey = questionnaires.find((q) => q.key === 'reintegration_sustainability');
  expect(survey).toBeTruthy();
  const first = survey!.questions.find((q) => !q.optional)!;
  await openTab(page, 'assessments', 'assessments tab');
  await page.getByTestId('assessment-new').click();
  await page.getByTestId('assessment-submit').click();
  await expect(page.getByTestId(`question-${first.id}`)).toContainText(required);
  await expectAccessible(page, 'assessment form with field errors');
  for (const question of survey!.questions) {
    const options = survey!.scales.find((s) => s.id === question.scale)!.options;
    await page.getByTestId(`answer-${question.id}-${options[0]!.value}`).check();
  }
  await page.getByTestId('assessment-submit').click();
  await expect(page.getByTestId('assessment-form')).toHaveCount(0);
  await expect(page.getByTestId('assessment-row')).toHaveCount(1);

  // PDF summary: identity named without a purpose is refused by the server, on the purpose.
  await page.getByTestId('summary-pdf-open').click();
  await page.getByTestId('summary-pdf-field-fullName').check();
  await page.getByTestId('summary-pdf-download').click();
  const purpose = page.getByTestId('summary-pdf-purpose');
  await expectFieldError(purpose, required);
  await expectAccessible(page, 'PDF summary dialog with a field error');
  await purpose.fill('Berkas untuk rapat koordinasi gugus tugas');
  const pdf = page.waitForEvent('download');
  await page.getByTestId('summary-pdf-download').click();
  expect((await pdf).suggestedFilename()).toMatch(/^ringkasan-kasus-.*\.pdf$/);
  await expect(page.getByTestId('summary-pdf-download')).toHaveCount(0);

  // The closure is asked for (that form has its own journey); the supervisor decides in step 2.
  await openTab(page, 'closure', 'closure tab');
  await pick(page, 'closure-reason-select', 'Hilang kontak');
  await page.getByTestId('closure-submit').click();
  await expect(page.getByTestId('closure-pending')).toBeVisible();
  await logout(page);
});

test('2. the supervisor approves the closure with a note, reopens the case and asks for a lead transfer', async ({
  page,
}, info) => {
  await loginWithTotp(page, info, 'supervisor.ntt');
  await page.goto(`${caseUrl}?tab=closure`);
  await page.getByTestId('closure-approval-note').fill('Tiga kali kunjungan tanpa hasil.');
  await page.getByTestId('closure-approve').click();
  await expect(page.getByTestId('case-closed')).toBeVisible();
  await expect(page.getByTestId('closure-reason')).toHaveText('Hilang kontak');

  // Reopening: the reason is the form's own rule, then the server's (ten characters at least).
  const reason = page.getByTestId('reopen-reason');
  await page.getByTestId('reopen-submit').click();
  await expectFieldError(reason, required);
  await expect(reason).toBeFocused();
  await reason.fill('Kembali');
  await page.getByTestId('reopen-submit').click();
  await expectFieldError(reason, /10/);
  await expectAccessible(page, 'reopen form with a field error');
  await reason.fill('Korban menghubungi kembali lewat keluarganya.');
  await page.getByTestId('reopen-submit').click();
  await expect(page.getByTestId('case-closed')).toHaveCount(0);
  await expect(page.getByTestId('stage-badge')).not.toHaveAttribute('data-stage', 'closed');

  // Lead transfer: the receiving agency and the reason are the form's own rules.
  await page.goto(`${caseUrl}?tab=referrals`);
  const card = page.getByTestId('lead-transfer');
  await card.getByTestId('lead-transfer-open').click();
  await card.getByTestId('lead-transfer-send').click();
  const agency = card.getByTestId('lead-transfer-agency');
  await expectFieldError(agency, required);
  await expect(agency).toBeFocused();
  await expectFieldError(card.getByTestId('lead-transfer-reason'), required);
  // The focused agency search opens its list of agencies, longer than it shows: axe checks that its scroll
  // area is keyboard-reachable (scrollable-region-focusable), then looks at the form with the list closed.
  const list = page.locator('[role="listbox"] [role="group"][tabindex="0"]');
  await expect(page.getByRole('option').nth(8)).toBeAttached();
  expect(await list.evaluate((el) => el.scrollHeight > el.clientHeight), 'the agency list scrolls').toBe(true);
  await expectAccessible(page, 'lead transfer form with the agency list open');
  await page.keyboard.press('Escape');
  await expectAccessible(page, 'lead transfer form with field errors');
  await pick(page, 'lead-transfer-agency', jabar, 'Jawa Barat');
  await card.getByTestId('lead-transfer-reason').fill('Korban pindah ke Bandung bersama kakaknya.');
  await card.getByTestId('lead-transfer-send').click();
  await expect(card.getByTestId('lead-transfer-requested')).toBeVisible();
  await logout(page);
});

test('3. the supervisor adds a colleague to the case team', async ({ page }, info) => {
  await loginWithTotp(page, info, 'supervisor.ntt');
  await page.goto(caseUrl);
  // The colleague is the form's own rule; the role starts as a team member.
  await page.getByTestId('team-add-open').click();
  await page.getByTestId('team-add-submit').click();
  const user = page.getByTestId('team-user');
  await expectFieldError(user, required);
  await expectAccessible(page, 'team member dialog with a field error');
  await pick(page, 'team-user', /\(supervisor\.ntt\)/);
  await page.getByTestId('team-add-submit').click();
  await expect(page.getByTestId('team-add-submit')).toHaveCount(0);
  await expect(page.getByTestId('team-row').filter({ hasText: 'supervisor.ntt' })).toContainText('Anggota tim');
  await logout(page);
});

test('4. the case worker writes a note, uploads an identity document and downloads it with a purpose', async ({
  page,
}) => {
  expect(await submitCredentials(page, 'caseworker.ntt', demoPassword)).toBe('active');
  await page.goto(caseUrl);

  // Note: the body is the form's own rule.
  await openTab(page, 'notes', 'notes tab');
  const body = page.getByTestId('note-body');
  await page.getByTestId('note-submit').click();
  await expectFieldError(body, required);
  await expect(body).toBeFocused();
  await body.fill('Korban minta didampingi saat pemeriksaan di kepolisian.');
  await page.getByTestId('note-submit').click();
  await expect(page.getByTestId('note-item').filter({ hasText: 'didampingi saat pemeriksaan' })).toHaveCount(1);
  await expect(body).toHaveValue('');

  // Attachment: a text file is refused by the server (the bytes are neither PDF nor image), on the file.
  await openTab(page, 'attachments', 'attachments tab');
  const file = page.getByTestId('attachment-file');
  const chooser = page.getByTestId('attachment-form').locator('input[type="file"]');
  await chooser.setInputFiles({ name: 'catatan.txt', mimeType: 'text/plain', buffer: Buffer.from('bukan PDF\n') });
  await page.getByTestId('attachment-submit').click();
  await expectFieldError(file, /PDF, JPEG, PNG/);
  await expect(file).toBeFocused();
  await expectAccessible(page, 'attachment form with a field error');
  await chooser.setInputFiles({
    name: 'ktp.pdf',
    mimeType: 'application/pdf',
    buffer: Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n'),
  });
  await pick(page, 'attachment-kind', 'Dokumen identitas');
  await page.getByTestId('attachment-submit').click();
  const row = page.getByTestId('attachment-row').filter({ hasText: 'ktp.pdf' });
  await expect(row).toHaveCount(1);

  // An identity document is downloaded only with a stated purpose: the form's rule, then the server's (ten
  // characters at least), then the file.
  await row.getByTestId('attachment-download').click();
  const purpose = page.getByTestId('attachment-purpose');
  await page.getByTestId('attachment-purpose-submit').click();
  await expectFieldError(purpose, required);
  await purpose.fill('Cek');
  await page.getByTestId('attachment-purpose-submit').click();
  await expectFieldError(purpose, /10/);
  await expectAccessible(page, 'download purpose dialog with a field error');
  await purpose.fill('Verifikasi identitas untuk laporan polisi');
  const download = page.waitForEvent('download');
  await page.getByTestId('attachment-purpose-submit').click();
  expect((await download).suggestedFilename()).toBe('ktp.pdf');
  await expect(purpose).toHaveCount(0);
  await logout(page);
});
