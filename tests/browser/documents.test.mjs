// documents.test.mjs - documents in the pages, in a real browser:
//   1. a citizen files online uploading a real PDF for one paper (after a
//      text file named .pdf is refused next to another, the good file
//      kept) and reusing a document of their store for another (seeded
//      through the API), and finds both on the dossier page and on
//      "Giấy tờ của tôi";
//   2. the desk attaches a scan with its metadata on the dossier page;
//   3. the clerk completes with the electronic result and the citizen
//      downloads it from "Giấy tờ của tôi";
//   4. a unit leader transfers a dossier picking agencies by name;
//   5. the tracking book page shows the dossier and its CSV downloads;
// at 1280 px with JavaScript; the filing, the store and the book again at
// 360 px without JavaScript (no sideways scrolling, no console error).
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';

import { checkClean, launch, login, person, shot, startServer, submit } from './lib/browser.mjs';

const TT = '1.004201.000.00.00.H50';
const DAY = '2025-10-21'; // a Tuesday
const at = (hhmm, d = DAY) => `${d}T${hhmm}`;
const APPLICANT = { name: 'Hoàng Thị Lan', id: '045190007777', phone: '0913555777' };

let srv, browser;
before(async () => {
	[srv, browser] = await Promise.all([startServer({ env: { MOTCUA_TEST_CLOCK: 'on' } }), launch()]);
});
after(async () => {
	await browser?.close();
	await srv?.stop();
});

const api = (role, method, path, body, now = at('08:00')) =>
	srv.login(role).then((token) => srv.req(method, path, { token, body, headers: { 'X-Test-Now': now } }));

/* A real PDF: the official Form 01 the server prints for a dossier. */
async function realPdf(code) {
	const r = await fetch(srv.url(`/api/v1/dossiers/${code}/forms/01.pdf`), { headers: { Authorization: `Bearer ${await srv.login('desk')}` } });
	assert.equal(r.status, 200);
	const b = Buffer.from(await r.arrayBuffer());
	assert.equal(b.subarray(0, 5).toString(), '%PDF-');
	return b;
}

/* Seed the citizen's store: a dossier filed through the API with an
 * uploaded file for TP2 (its reusable document). */
async function seedStore(pdf) {
	const token = await srv.login('citizen');
	const fd = new FormData();
	fd.append('file', new Blob([pdf]), 'hop-dong-nam-2024.pdf');
	const up = await (await fetch(srv.url('/api/v1/files'), { method: 'POST', body: fd, headers: { Authorization: `Bearer ${token}` } })).json();
	const r = await api('citizen', 'POST', '/api/v1/dossiers', {
		procedure: TT, channel: 2,
		applicant: { kind: 'citizen', name: APPLICANT.name, id_number: APPLICANT.id, phone: APPLICANT.phone },
		documents: [{ code: 'TP1' }, { code: 'TP2', file_id: up.id }, { code: 'TP3' }],
	}, at('07:00'));
	assert.equal(r.status, 201, r.text);
	return { fileId: up.id, code: r.body.code };
}

/* A dossier received at the desk and forwarded to the unit leader
 * (processing), through the API. */
async function processingDossier(name) {
	const r = await api('desk', 'POST', '/api/v1/dossiers', {
		procedure: TT, channel: 1, receive: true,
		applicant: { kind: 'citizen', name, id_number: '045190008888' },
		documents: [{ code: 'TP1' }, { code: 'TP2' }, { code: 'TP3' }],
	}, at('08:10'));
	assert.equal(r.status, 201, r.text);
	const f = await api('desk', 'POST', `/api/v1/dossiers/${r.body.code}/actions/forward`, { user: 'truongphong' }, at('08:20'));
	assert.equal(f.status, 200, f.text);
	return r.body.code;
}

/* The citizen's filing: a first try with a text file as TP3's upload,
 * then the good one; TP1 uploaded, TP2 reused. Returns the code. */
async function fileOnline(who, pdf, seeded, tag) {
	const { page } = who;
	await page.goto(srv.base + `/thu-tuc/${TT}/nop-truc-tuyen`);
	await page.getByLabel('Họ và tên (hoặc tên tổ chức)').fill(APPLICANT.name);
	await page.getByLabel('Số CCCD/CMND').fill(APPLICANT.id);
	await page.getByLabel('Số điện thoại').fill(APPLICANT.phone);
	await page.getByLabel('Nội dung yêu cầu (tóm tắt)').fill('Đăng ký hợp đồng chuyển giao máy sấy');
	const comp = (c) => page.locator(`#comp-${c}`);
	await comp('TP1').getByLabel('Tải tệp lên (PDF, JPEG, PNG)').setInputFiles({ name: 'van-ban-de-nghi.pdf', mimeType: 'application/pdf', buffer: pdf });
	// the reusable document is offered for TP2, labelled by its name and dossier
	const reuse = comp('TP2').getByLabel('Hoặc dùng giấy tờ đã có');
	const label = await reuse.locator(`option[value="${seeded.fileId}"]`).innerText();
	assert.match(label, new RegExp(`Hợp đồng chuyển giao công nghệ.* — từ hồ sơ ${seeded.code.replace(/\./g, '\\.')}`));
	await reuse.selectOption(seeded.fileId);
	await comp('TP3').getByLabel('Tải tệp lên (PDF, JPEG, PNG)').setInputFiles({ name: 'danh-muc.pdf', mimeType: 'application/pdf', buffer: Buffer.from('chỉ là chữ, không phải PDF') });
	await page.getByLabel('Tôi cam đoan').check();
	await submit(page, page.getByRole('button', { name: 'Nộp hồ sơ' }));
	// refused next to TP3 only; what was typed and the accepted TP1 file are kept
	assert.match(await page.locator('#doc_TP3-error').innerText(), /Tệp này không phải PDF, JPEG hay PNG/);
	assert.equal(await page.locator('.field-error').count(), 1);
	assert.equal(await page.getByLabel('Họ và tên (hoặc tên tổ chức)').inputValue(), APPLICANT.name);
	assert.match(await page.locator('#kept-TP1').innerText(), /Đã nhận tệp van-ban-de-nghi\.pdf/);
	assert.equal(await comp('TP2').getByLabel('Hoặc dùng giấy tờ đã có').inputValue(), seeded.fileId);
	assert.equal(await page.getByLabel('Tôi cam đoan').isChecked(), true);
	await shot(page, 'doc-filing-errors' + tag);
	await checkClean(who, 'filing with a refused file');
	// TP3: the paper will be brought to the desk
	await page.getByLabel('TP3').check();
	await submit(page, page.getByRole('button', { name: 'Nộp hồ sơ' }));
	const url = new URL(page.url());
	assert.match(url.pathname, /^\/ho-so\/000\.00\.12\.H50-\d{6}-\d{4}$/);
	const code = url.pathname.split('/')[2];
	// the dossier page: TP1 uploaded, TP2 reused from the earlier dossier
	const row = (c) => page.locator(`#doc-row-${c}`);
	assert.match(await row('TP1').innerText(), /Tải về/);
	assert.match(await row('TP2').innerText(), new RegExp(`Dùng lại giấy tờ của hồ sơ trước.*${seeded.code.replace(/\./g, '\\.')}`, 's'));
	assert.match(await row('TP3').innerText(), /Chưa có tệp/);
	const got = await page.request.get(srv.base + (await row('TP1').getByRole('link', { name: /Tải về/ }).getAttribute('href')));
	assert.equal(got.status(), 200);
	assert.deepEqual(await got.body(), pdf);
	await shot(page, 'doc-dossier-citizen' + tag);
	await checkClean(who, 'the citizen\'s dossier with files');
	return code;
}

describe('at 1280 px with JavaScript', () => {
	const people = {};
	const open = async (role) => {
		if (!people[role]) {
			people[role] = await person(browser, { width: 1280, now: at('08:00') });
			await login(people[role], srv.base, role);
		}
		return people[role];
	};
	after(async () => {
		for (const p of Object.values(people)) await p.ctx.close();
	});
	let pdf, seeded, code;

	test('1. a citizen files online with an uploaded PDF and a reused document, and finds them in "Giấy tờ của tôi"', async () => {
		const first = await processingDossier('Người thử nghiệm');
		pdf = await realPdf(first);
		seeded = await seedStore(pdf);
		const who = await open('citizen');
		await who.setNow(at('08:30'));
		code = await fileOnline(who, pdf, seeded, '');
		const { page } = who;
		await Promise.all([page.waitForEvent('load'), page.getByRole('navigation', { name: 'Menu chính' }).getByRole('link', { name: 'Giấy tờ của tôi' }).click()]);
		assert.equal(new URL(page.url()).pathname, '/giay-to');
		const papers = await page.locator('#papers').innerText();
		assert.match(papers, /Văn bản đề nghị đăng ký chuyển giao công nghệ/, 'the uploaded paper');
		assert.match(papers, /Hợp đồng chuyển giao công nghệ/, 'the reused paper');
		assert.ok(papers.includes(code));
		await shot(page, 'doc-store');
		await checkClean(who, 'my documents');
	});

	test('2. the desk receives it and attaches the scan of the paper brought in, with its metadata', async () => {
		const desk = await open('desk');
		await desk.setNow(at('09:00'));
		const { page } = desk;
		await page.goto(srv.base + `/ho-so/${code}`);
		await submit(page, page.locator('#act-receive').getByRole('button', { name: 'Tiếp nhận hồ sơ' }));
		const attach = page.locator('#attach');
		await attach.locator('summary').click();
		await attach.getByLabel('Thành phần hồ sơ').selectOption('TP3');
		await attach.getByLabel('Tệp scan (PDF, JPEG, PNG)').setInputFiles({ name: 'scan-danh-muc.pdf', mimeType: 'application/pdf', buffer: pdf });
		await attach.getByLabel('Loại bản').selectOption('original');
		await attach.getByLabel('Số, ký hiệu').fill('07/DM-2025');
		await attach.getByLabel('Cơ quan cấp').fill('Công ty TNHH Cơ khí Đông Hà');
		await attach.getByLabel('Ngày cấp').fill('30/09/2025');
		await submit(page, attach.getByRole('button', { name: 'Đính kèm' }));
		assert.match(await page.getByRole('status').innerText(), /Đã đính kèm bản số hóa/);
		const row = await page.locator('#doc-row-TP3').innerText();
		assert.match(row, /Tải về/);
		assert.match(row, /Số, ký hiệu: 07\/DM-2025/);
		assert.match(row, /Ngày cấp: 30\/09\/2025/);
		assert.match(row, /Số hóa bởi .*09:00, 21\/10\/2025/);
		await shot(page, 'doc-attach');
		await checkClean(desk, 'dossier after attaching a scan');
	});

	test('3. the clerk completes with the electronic result; the citizen downloads it', async () => {
		// the workflow's steps through the API, to the clerk's last one
		for (const [role, user, t] of [['desk', 'truongphong', '09:10'], ['unit_leader', 'chuyenvien', '09:20'], ['specialist', 'truongphong', '09:30'], ['unit_leader', 'giamdoc', '09:40'], ['agency_leader', 'vanthu', '09:50']]) {
			const r = await api(role, 'POST', `/api/v1/dossiers/${code}/actions/forward`, { user }, at(t));
			assert.equal(r.status, 200, `${role}: ${r.text}`);
		}
		const clerk = await open('clerk');
		await clerk.setNow(at('10:30'));
		const { page } = clerk;
		await page.goto(srv.base + `/ho-so/${code}`);
		const complete = page.locator('#act-complete');
		assert.equal(await complete.getAttribute('open'), '');
		await complete.getByLabel('Tệp kết quả điện tử (PDF đã ký số)').setInputFiles({ name: 'giay-chung-nhan.pdf', mimeType: 'application/pdf', buffer: pdf });
		await submit(page, complete.getByRole('button', { name: 'Hoàn thành, có kết quả' }));
		assert.equal(await page.locator('.status-line .status').innerText(), 'Đã xử lý xong');
		assert.match(await page.locator('ul.results').innerText(), /Giấy chứng nhận đăng ký chuyển giao công nghệ Bản điện tử — Tải về/);
		await checkClean(clerk, 'completed with an electronic result');

		const who = await open('citizen');
		await who.setNow(at('11:00'));
		await who.page.goto(srv.base + '/giay-to');
		const results = who.page.locator('#results');
		assert.match(await results.innerText(), new RegExp(`Giấy chứng nhận đăng ký chuyển giao công nghệ\\s+${code.replace(/\./g, '\\.')}\\s+10:30, 21/10/2025`));
		const [dl] = await Promise.all([who.page.waitForEvent('download'), results.getByRole('link', { name: /Tải về/ }).click()]);
		assert.equal(dl.suggestedFilename(), 'giay-chung-nhan.pdf');
		assert.deepEqual(await readFile(await dl.path()), pdf);
		await shot(who.page, 'doc-store-result');
		await checkClean(who, 'my documents with a result');
	});

	test('4. a unit leader transfers a dossier, picking the agencies by name', async () => {
		const other = await processingDossier('Trương Văn Nam');
		const leader = await open('unit_leader');
		await leader.setNow(at('10:00'));
		const { page } = leader;
		await page.goto(srv.base + `/ho-so/${other}`);
		const form = page.locator('#act-transfer');
		await form.locator('summary').click();
		// no agency ticked: explained next to the list
		await submit(page, form.getByRole('button', { name: 'Chuyển cơ quan phối hợp' }));
		assert.notEqual(await page.locator('#transfer-agencies-error').innerText(), '');
		assert.equal(await page.locator('#act-transfer').getAttribute('open'), '');
		const again = page.locator('#act-transfer');
		assert.equal(await again.getByLabel('Sở Khoa học và Công nghệ tỉnh Quảng Trị', { exact: true }).count(), 0, 'not the dossier\'s own agency');
		await again.getByLabel('Sở Thông tin và Truyền thông tỉnh Quảng Trị', { exact: true }).check();
		await again.getByLabel('Ủy ban nhân dân tỉnh Quảng Trị', { exact: true }).check();
		await again.getByLabel('Cách chuyển').selectOption('parallel');
		await again.getByLabel('Cơ quan chủ trì').selectOption({ label: 'Sở Thông tin và Truyền thông tỉnh Quảng Trị' });
		await shot(page, 'doc-transfer');
		await submit(page, again.getByRole('button', { name: 'Chuyển cơ quan phối hợp' }));
		assert.match(await page.getByRole('status').innerText(), /Đã chuyển cơ quan phối hợp/);
		const d = (await api('unit_leader', 'GET', `/api/v1/dossiers/${other}`)).body;
		assert.deepEqual(d.transfers.map((t) => [t.to, t.mode, t.lead]).sort(), [['000.00.00.H50', 'parallel', false], ['000.00.15.H50', 'parallel', true]]);
		await checkClean(leader, 'after a transfer');
	});

	test('5. the tracking book shows the dossier, and its CSV downloads', async () => {
		const desk = await open('desk');
		await desk.setNow(at('11:00'));
		const { page } = desk;
		await page.goto(srv.base + '/can-bo');
		await Promise.all([page.waitForEvent('load'), page.getByRole('navigation', { name: 'Menu chính' }).getByRole('link', { name: 'Sổ theo dõi' }).click()]);
		assert.equal(await page.getByLabel('Từ ngày').inputValue(), '01/10/2025', 'the month so far by default');
		assert.equal(await page.getByLabel('Đến ngày').inputValue(), '21/10/2025');
		await page.getByLabel('Từ ngày').fill('21/10/2025');
		await page.getByLabel('Đến ngày').fill('2025-10-21');
		await submit(page, page.getByRole('button', { name: 'Xem sổ' }));
		assert.equal(await page.getByLabel('Đến ngày').inputValue(), '21/10/2025', 'ISO typed, shown the Vietnamese way');
		const book = page.locator('#book');
		const row = book.locator('tr', { hasText: code });
		assert.match(await row.innerText(), /Hoàng Thị Lan/);
		assert.match(await row.innerText(), /Đã xử lý xong/);
		const csv = page.getByRole('link', { name: 'CSV' });
		assert.equal(await csv.getAttribute('href'), '/api/v1/reports/tracking-book.csv?from=2025-10-21&to=2025-10-21');
		const [dl] = await Promise.all([page.waitForEvent('download'), csv.click()]);
		const text = (await readFile(await dl.path())).toString('utf8');
		assert.ok(text.includes(code), 'the CSV lists the dossier');
		assert.match(dl.suggestedFilename(), /^so-theo-doi-2025-10-21-2025-10-21\.csv$/);
		const xlsx = await page.request.get(srv.base + (await page.getByRole('link', { name: 'Excel (.xlsx)' }).getAttribute('href')));
		assert.equal(xlsx.status(), 200);
		assert.equal((await xlsx.body()).subarray(0, 2).toString(), 'PK');
		const pdf = await page.request.get(srv.base + (await page.getByRole('link', { name: 'PDF' }).getAttribute('href')));
		assert.equal(pdf.headers()['content-type'], 'application/pdf');
		await shot(page, 'report-book');
		await checkClean(desk, 'tracking book');
		// a date that is none is explained next to its field, as typed
		await page.getByLabel('Từ ngày').fill('32/10/2025');
		await submit(page, page.getByRole('button', { name: 'Xem sổ' }));
		assert.equal(await page.locator('#rep-from-error').innerText(), '⚠ Ngày viết theo dạng 27/01/2025.'.replace(/^⚠ /, ''));
		assert.equal(await page.getByLabel('Từ ngày').inputValue(), '32/10/2025');
	});
});

describe('at 360 px without JavaScript', () => {
	test('filing with an upload and a reuse, "Giấy tờ của tôi" and the tracking book fit the phone', async () => {
		const citizen = await person(browser, { width: 360, js: false, now: at('13:00', '2025-10-22') });
		const desk = await person(browser, { width: 360, js: false, now: at('14:00', '2025-10-22') });
		try {
			await login(citizen, srv.base, 'citizen');
			const first = await processingDossier('Người thử nghiệm hai');
			const pdf = await realPdf(first);
			const seeded = await seedStore(pdf);
			const code = await fileOnline(citizen, pdf, seeded, '-360');
			await citizen.page.goto(srv.base + '/giay-to');
			assert.ok((await citizen.page.locator('#papers').innerText()).includes(code));
			await shot(citizen.page, 'doc-store-360');
			await checkClean(citizen, 'my documents at 360 px');

			await login(desk, srv.base, 'desk');
			await desk.page.goto(srv.base + '/can-bo/so-theo-doi?from=21/10/2025&to=22/10/2025');
			assert.ok((await desk.page.locator('#book').innerText()).includes(first));
			await shot(desk.page, 'report-book-360');
			await checkClean(desk, 'tracking book at 360 px');
			await desk.page.goto(srv.base + `/ho-so/${first}`);
			await checkClean(desk, 'dossier with the attach form at 360 px');
		} finally {
			await citizen.ctx.close();
			await desk.ctx.close();
		}
	});
});
