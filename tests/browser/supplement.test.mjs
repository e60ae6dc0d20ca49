// supplement.test.mjs - an online applicant asked for a supplement sends
// the papers from the dossier page, in a real browser: a text file named
// .pdf is refused next to its paper (the note typed is kept), then a real
// PDF for one paper and a document from "Giấy tờ của tôi" for another go
// in; the dossier goes back to the desk with both papers present and the
// desk can open the new file. At 1280 px with JavaScript and at 360 px
// without.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { checkClean, launch, login, person, shot, startServer, submit } from './lib/browser.mjs';

const TT = '1.004201.000.00.00.H50';
const APPLICANT = { kind: 'citizen', name: 'Đặng Văn Hùng', id_number: '048085004321', phone: '0935111222' };

let srv, browser;
before(async () => {
	[srv, browser] = await Promise.all([startServer({ env: { MOTCUA_TEST_CLOCK: 'on' } }), launch()]);
});
after(async () => {
	await browser?.close();
	await srv?.stop();
});

const api = (role, method, path, body, now) =>
	srv.login(role).then((token) => srv.req(method, path, { token, body, headers: { 'X-Test-Now': now } }));

async function upload(role, bytes, name) {
	const fd = new FormData();
	fd.append('file', new Blob([bytes]), name);
	const r = await fetch(srv.url('/api/v1/files'), { method: 'POST', body: fd, headers: { Authorization: `Bearer ${await srv.login(role)}` } });
	assert.equal(r.status, 201);
	return (await r.json()).id;
}

for (const mode of [{ width: 1280, js: true, day: '2025-11-04', tag: '' }, { width: 360, js: false, day: '2025-11-11', tag: '-360' }]) {
	describe(`a supplement sent online at ${mode.width} px${mode.js ? '' : ', without JavaScript'}`, () => {
		let code, pdf, stored;
		const at = (hhmm) => `${mode.day}T${hhmm}`;
		before(async () => {
			// a real PDF (a printed Form 01) and a document in the citizen's store
			const first = await api('desk', 'POST', '/api/v1/dossiers', { procedure: TT, applicant: APPLICANT, documents: [{ code: 'TP1' }, { code: 'TP2' }, { code: 'TP3' }], receive: true }, at('07:40'));
			pdf = Buffer.from(await (await fetch(srv.url(`/api/v1/dossiers/${first.body.code}/forms/01.pdf`), { headers: { Authorization: `Bearer ${await srv.login('desk')}` } })).arrayBuffer());
			stored = await upload('citizen', pdf, 'giay-uy-quyen-2025.pdf');
			const seed = await api('citizen', 'POST', '/api/v1/dossiers', { procedure: TT, channel: 2, applicant: APPLICANT, documents: [{ code: 'TP1' }, { code: 'TP2' }, { code: 'TP3' }, { code: 'TP4', file_id: stored }] }, at('07:45'));
			assert.equal(seed.status, 201, seed.text);
			// the dossier of this test, and the desk's request for papers
			const r = await api('citizen', 'POST', '/api/v1/dossiers', { procedure: TT, channel: 2, applicant: APPLICANT, documents: [{ code: 'TP1' }, { code: 'TP2' }, { code: 'TP3' }] }, at('08:00'));
			assert.equal(r.status, 201, r.text);
			code = r.body.code;
			const s = await api('desk', 'POST', `/api/v1/dossiers/${code}/actions/request_supplement`, { items: ['Hợp đồng có chứng thực', 'Văn bản ủy quyền'], reason: 'Hợp đồng chưa chứng thực' }, at('08:30'));
			assert.equal(s.status, 200, s.text);
		});

		test('the applicant uploads one paper and reuses another from the dossier page', async () => {
			const who = await person(browser, { width: mode.width, js: mode.js, now: at('09:00') });
			try {
				await login(who, srv.base, 'citizen');
				const { page } = who;
				await page.goto(`${srv.base}/ho-so/${code}`);
				const form = page.locator('#act-submit_supplement');
				if (!(await form.evaluate((el) => el.open))) await form.locator('summary').click();
				const paper = (c) => form.locator(`#sup-comp-${c}`);
				await paper('TP2').getByLabel('Tải tệp lên (PDF, JPEG, PNG)').setInputFiles({ name: 'hop-dong.pdf', mimeType: 'application/pdf', buffer: Buffer.from('chỉ là chữ, không phải PDF') });
				await form.getByLabel('Ghi chú').fill('Gửi hợp đồng có chứng thực');
				await submit(page, form.getByRole('button', { name: 'Nộp bổ sung' }));
				await page.locator('#sup_TP2-error').getByText(/không phải PDF, JPEG hay PNG/).waitFor();
				assert.equal(await page.locator('#act-submit_supplement').getByLabel('Ghi chú').inputValue(), 'Gửi hợp đồng có chứng thực', 'the note is kept');
				await checkClean(who, 'supplement refused');

				const form2 = page.locator('#act-submit_supplement');
				await form2.locator('#sup-comp-TP2').getByLabel('Tải tệp lên (PDF, JPEG, PNG)').setInputFiles({ name: 'hop-dong-chung-thuc.pdf', mimeType: 'application/pdf', buffer: pdf });
				await form2.locator('#sup-comp-TP4').getByLabel('Hoặc dùng giấy tờ đã có').selectOption(stored);
				await submit(page, form2.getByRole('button', { name: 'Nộp bổ sung' }));
				assert.match(page.url(), /\?ok=submit_supplement/);
				await checkClean(who, 'supplement sent');
				await shot(page, `supplement-sent${mode.tag}`);
			} finally {
				await who.ctx.close();
			}
			const d = await api('desk', 'GET', `/api/v1/dossiers/${code}`, undefined, at('09:05'));
			assert.equal(d.body.status, 1, 'back to the desk');
			const tp2 = d.body.documents.find((x) => x.code === 'TP2');
			const tp4 = d.body.documents.find((x) => x.code === 'TP4');
			assert.equal(tp2.present, true);
			assert.ok(tp2.file_id, 'TP2 has the uploaded file');
			assert.equal(tp4.present, true);
			assert.equal(tp4.file_id, stored, 'TP4 reuses the stored document');
			assert.equal(tp4.reuse, 2);
			const f = await fetch(srv.url(`/api/v1/files/${tp2.file_id}`), { headers: { Authorization: `Bearer ${await srv.login('desk')}` } });
			assert.equal(f.status, 200, 'the desk opens the new paper');
			assert.ok(Buffer.from(await f.arrayBuffer()).equals(pdf));
		});
	});
}
