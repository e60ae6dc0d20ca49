// web-uploads.test.mjs - page forms that carry files (multipart/form-data
// posted by a browser without any script): the online filing form with a
// file or a reused document per paper, and the desk's scan on the dossier
// page. Fields reach the page as they do from an urlencoded form (the
// CSRF token too); each file is capped by max_file_bytes, all of them by
// max_dossier_bytes, the parts by number - each refusal an HTML page that
// names the limit; a file that is not a PDF, JPEG or PNG by its content
// is refused next to its paper with what was typed kept.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { DEMO_USERS, startServer } from './lib/server.mjs';

const TT = '1.004201.000.00.00.H50';
const NOW = '2025-10-07T09:00';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n');
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
const APPLICANT = { applicant_name: 'Lê Thị Hoa', applicant_id_number: '044190001234', applicant_phone: '0905123456' };

let srv;
const sessions = {};
before(async () => {
	srv = await startServer({ env: { MOTCUA_TEST_CLOCK: 'on', MOTCUA_MAX_FILE_BYTES: '4096', MOTCUA_MAX_DOSSIER_BYTES: '8192' } });
});
after(async () => {
	await srv?.stop();
});

/* A cookie session of a demo role: { cookie, csrf }. */
async function session(role) {
	if (sessions[role]) return sessions[role];
	const [username, password] = DEMO_USERS[role];
	const r = await fetch(srv.url('/dang-nhap'), {
		method: 'POST',
		redirect: 'manual',
		headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({ username, password }).toString(),
	});
	assert.equal(r.status, 303);
	const cookie = /motcua_session=[0-9a-f]+/.exec(r.headers.get('set-cookie'))[0];
	const page = await (await fetch(srv.url('/'), { headers: { Cookie: cookie } })).text();
	const csrf = /name="csrf" value="([0-9a-f]{64})"/.exec(page)[1];
	return (sessions[role] = { cookie, csrf });
}

/* Post a multipart form as a browser does: fields (arrays repeat the
 * name) and files { field: [bytes, name] }. */
async function postForm(path, role, fields, files = {}, { csrf = true } = {}) {
	const s = await session(role);
	const fd = new FormData();
	if (csrf) fd.append('csrf', s.csrf);
	for (const [k, v] of Object.entries(fields)) for (const x of [].concat(v)) fd.append(k, x);
	for (const [k, [bytes, name]] of Object.entries(files)) fd.append(k, new Blob([bytes]), name);
	const r = await fetch(srv.url(path), {
		method: 'POST',
		redirect: 'manual',
		headers: { Cookie: s.cookie, 'Accept-Language': 'vi', 'X-Test-Now': NOW },
		body: fd,
	});
	return { status: r.status, headers: r.headers, text: await r.text() };
}

const filing = `/thu-tuc/${TT}/nop-truc-tuyen`;
const dossierJson = async (code, role = 'citizen') =>
	(await srv.req('GET', `/api/v1/dossiers/${code}`, { token: await srv.login(role) })).body;

describe('online filing with files', () => {
	test('a text file named .pdf is refused next to its paper; what was typed and the good file are kept; then it files', async () => {
		let r = await postForm(filing, 'citizen', { ...APPLICANT, summary: 'Chuyển giao quy trình sấy', doc: 'TP3', pledge: '1' }, {
			doc_TP1: [Buffer.from('only text, not a PDF at all'), 'don-de-nghi.pdf'],
			doc_TP2: [PDF, 'hop-dong.pdf'],
		});
		assert.equal(r.status, 400, r.text.slice(0, 300));
		assert.match(r.headers.get('content-type'), /text\/html/);
		assert.match(r.text, /id="doc_TP1-error">Tệp này không phải PDF, JPEG hay PNG/);
		assert.doesNotMatch(r.text, /id="doc_TP2-error"/);
		assert.doesNotMatch(r.text, /id="doc_TP3-error"/, 'a ticked paper is fine');
		assert.match(r.text, /id="applicant_name"[^>]*value="Lê Thị Hoa"/);
		assert.match(r.text, />Chuyển giao quy trình sấy<\/textarea>/);
		assert.match(r.text, /id="doc-TP3" name="doc" value="TP3" checked/);
		// the accepted file is stored and its id kept, so it need not be sent again
		const kept = /name="file_TP2" value="([0-9a-f]{32})"/.exec(r.text);
		assert.ok(kept, 'the accepted file is kept in a hidden field');
		assert.match(r.text, /Đã nhận tệp <strong>hop-dong\.pdf<\/strong>/);

		r = await postForm(filing, 'citizen', { ...APPLICANT, doc: 'TP3', pledge: '1', file_TP2: kept[1] }, { doc_TP1: [PNG, 'don.png'] });
		assert.equal(r.status, 303, [...r.text.matchAll(/class="(?:field-)?error"[^>]*>([^<]*)/g)].map((m) => m[1]).join(' / ') || r.text.slice(0, 400));
		const code = /^\/ho-so\/([^?]+)\?ok=filed$/.exec(r.headers.get('location'))[1];
		const d = await dossierJson(code);
		const byCode = Object.fromEntries(d.documents.map((x) => [x.code, x]));
		assert.equal(byCode.TP1.present, true);
		assert.match(byCode.TP1.file_id, /^[0-9a-f]{32}$/);
		assert.equal(byCode.TP1.digitized, true);
		assert.equal(byCode.TP2.file_id, kept[1]);
		assert.equal(byCode.TP3.present, true);
		assert.equal(byCode.TP3.file_id, undefined);
		// the dossier page links the files
		const page = await (await fetch(srv.url(`/ho-so/${code}`), { headers: { Cookie: (await session('citizen')).cookie } })).text();
		assert.ok(page.includes(`href="/tep/${kept[1]}"`));
		const file = await fetch(srv.url(`/tep/${kept[1]}`), { headers: { Cookie: (await session('citizen')).cookie } });
		assert.equal(file.status, 200);
		assert.equal(file.headers.get('content-type'), 'application/pdf');
		assert.match(file.headers.get('content-disposition'), /^attachment; filename="hop-dong\.pdf"/);
		assert.deepEqual(Buffer.from(await file.arrayBuffer()), PDF);
		// a file the citizen may not read (the desk's own upload, attached nowhere) is a 404 page
		const fd = new FormData();
		fd.append('file', new Blob([PNG]), 'desk.png');
		const deskFile = await (await fetch(srv.url('/api/v1/files'), { method: 'POST', body: fd, headers: { Authorization: `Bearer ${await srv.login('desk')}` } })).json();
		const other = await fetch(srv.url(`/tep/${deskFile.id}`), { headers: { Cookie: (await session('citizen')).cookie } });
		assert.equal(other.status, 404);
		assert.match(await other.text(), /Không tìm thấy tệp/);
		assert.equal((await fetch(srv.url(`/tep/${deskFile.id}`), { headers: { Cookie: (await session('desk')).cookie } })).status, 200);
	});

	test('a required paper given in no way is named next to it', async () => {
		const r = await postForm(filing, 'citizen', { ...APPLICANT, doc: ['TP2', 'TP3'], pledge: '1' });
		assert.equal(r.status, 400);
		assert.match(r.text, /id="doc_TP1-error">Giấy tờ bắt buộc: hãy tải tệp lên, chọn giấy tờ đã có, hoặc đánh dấu để nộp bản giấy\.</);
		assert.match(r.text, /id="documents-error">[^<]*Văn bản đề nghị đăng ký chuyển giao công nghệ/);
		assert.doesNotMatch(r.text, /id="doc_TP2-error"/);
	});

	test('a document of the citizen\'s store is reused (R-DG-2); one not in it is refused next to the paper', async () => {
		const token = await srv.login('citizen');
		// seed the store: a dossier filed through the API with an uploaded file
		const fd = new FormData();
		fd.append('file', new Blob([PDF]), 'hop-dong-cu.pdf');
		const up = await (await fetch(srv.url('/api/v1/files'), { method: 'POST', body: fd, headers: { Authorization: `Bearer ${token}` } })).json();
		const seeded = await srv.req('POST', '/api/v1/dossiers', {
			token,
			headers: { 'X-Test-Now': NOW },
			body: { procedure: TT, channel: 2, applicant: { kind: 'citizen', name: 'Lê Thị Hoa', id_number: '044190001234', phone: '0905123456' }, documents: [{ code: 'TP2', file_id: up.id }, { code: 'TP1' }, { code: 'TP3' }] },
		});
		assert.equal(seeded.status, 201, seeded.text);
		const form = await (await fetch(srv.url(filing), { headers: { Cookie: (await session('citizen')).cookie } })).text();
		assert.match(form, new RegExp(`<select id="reuse-TP2" name="reuse_TP2"><option value="">— Không dùng —</option>(<option [^>]*>[^<]*</option>)*<option value="${up.id}">Hợp đồng chuyển giao công nghệ[^<]* — từ hồ sơ ${seeded.body.code.replace(/\./g, '\\.')}</option>`));

		let r = await postForm(filing, 'citizen', { ...APPLICANT, doc: ['TP1', 'TP3'], pledge: '1', reuse_TP2: 'f'.repeat(32) });
		assert.equal(r.status, 400);
		assert.match(r.text, /id="doc_TP2-error">Giấy tờ đã chọn không còn trong kho giấy tờ của bạn/);
		r = await postForm(filing, 'citizen', { ...APPLICANT, doc: ['TP1', 'TP3'], pledge: '1', reuse_TP2: up.id });
		assert.equal(r.status, 303, [...r.text.matchAll(/class="(?:field-)?error"[^>]*>([^<]*)/g)].map((m) => m[1]).join(' / ') || r.text.slice(0, 400));
		const code = /^\/ho-so\/([^?]+)\?/.exec(r.headers.get('location'))[1];
		const tp2 = (await dossierJson(code)).documents.find((x) => x.code === 'TP2');
		assert.equal(tp2.file_id, up.id);
		assert.equal(tp2.reuse, 2);
		assert.equal(tp2.from_citizen_store, true);
		assert.equal(tp2.reused_from, seeded.body.code);
		// "Giấy tờ của tôi" lists it once, with its download link
		const mine = await (await fetch(srv.url('/giay-to'), { headers: { Cookie: (await session('citizen')).cookie } })).text();
		assert.equal(mine.split(`href="/tep/${up.id}"`).length - 1, 1);
	});
});

describe('the limits of a page form with files', () => {
	test('a file over max_file_bytes → 413, an HTML page naming the limit', async () => {
		const r = await postForm(filing, 'citizen', { ...APPLICANT, pledge: '1' }, { doc_TP1: [Buffer.concat([PDF, Buffer.alloc(5000)]), 'lon.pdf'] });
		assert.equal(r.status, 413);
		assert.match(r.headers.get('content-type'), /text\/html/);
		assert.match(r.text, /tệp lon\.pdf lớn hơn giới hạn 4 KB \(4096 byte\) cho mỗi tệp/);
	});

	test('files together over max_dossier_bytes → 413 naming that limit', async () => {
		const f = Buffer.concat([PDF, Buffer.alloc(3000)]);
		const r = await postForm(filing, 'citizen', { ...APPLICANT }, { doc_TP1: [f, 'a.pdf'], doc_TP2: [f, 'b.pdf'], doc_TP3: [f, 'c.pdf'] });
		assert.equal(r.status, 413);
		assert.match(r.text, /các tệp gửi cùng lúc lớn hơn giới hạn 8 KB \(8192 byte\)/);
	});

	test('too many parts or too many files → 413', async () => {
		let r = await postForm(filing, 'citizen', { x: Array.from({ length: 300 }, (_, i) => String(i)) });
		assert.equal(r.status, 413);
		assert.match(r.text, /biểu mẫu có quá 256 trường và tệp/);
		const files = Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`doc_X${i}`, [PNG, `${i}.png`]]));
		r = await postForm(filing, 'citizen', {}, files);
		assert.equal(r.status, 413);
		assert.match(r.text, /mỗi lần chỉ gửi được tối đa 16 tệp/);
	});

	test('a multipart form without the CSRF token → 403, nothing filed', async () => {
		const before = (await srv.req('GET', '/api/v1/dossiers?limit=500', { token: await srv.login('desk') })).body.items.length;
		const r = await postForm(filing, 'citizen', { ...APPLICANT, doc: ['TP1', 'TP2', 'TP3'], pledge: '1' }, { doc_TP1: [PDF, 'a.pdf'] }, { csrf: false });
		assert.equal(r.status, 403);
		assert.match(r.headers.get('content-type'), /text\/html/);
		assert.match(r.text, /biểu mẫu đã hết hạn hoặc không gửi từ trang này/);
		const after = (await srv.req('GET', '/api/v1/dossiers?limit=500', { token: await srv.login('desk') })).body.items.length;
		assert.equal(after, before);
		// a wrong token is refused the same way
		const s = await session('citizen');
		const fd = new FormData();
		fd.append('csrf', '0'.repeat(64));
		fd.append('doc', 'TP1');
		const w = await fetch(srv.url(filing), { method: 'POST', redirect: 'manual', headers: { Cookie: s.cookie }, body: fd });
		assert.equal(w.status, 403);
	});

	test('the API upload keeps its single "file" part and JSON answers', async () => {
		const fd = new FormData();
		fd.append('file', new Blob([Buffer.concat([PDF, Buffer.alloc(5000)])]), 'big.pdf');
		const r = await fetch(srv.url('/api/v1/files'), { method: 'POST', body: fd, headers: { Authorization: `Bearer ${await srv.login('citizen')}` } });
		assert.equal(r.status, 413);
		assert.match((await r.json()).error.message, /4096 bytes/);
	});
});

describe('the desk attaches a scan from the dossier page', () => {
	let code;
	before(async () => {
		const r = await srv.req('POST', '/api/v1/dossiers', {
			token: await srv.login('desk'),
			headers: { 'X-Test-Now': NOW },
			body: { procedure: TT, channel: 1, receive: true, applicant: { kind: 'citizen', name: 'Phan Văn Minh', id_number: '044190005678' }, documents: [{ code: 'TP1' }, { code: 'TP2' }, { code: 'TP3' }] },
		});
		assert.equal(r.status, 201, r.text);
		code = r.body.code;
	});

	test('a bad date and a missing file are explained next to the fields, what was typed kept', async () => {
		const r = await postForm(`/ho-so/${code}/dinh-kem`, 'desk', { component: 'TP2', number: '12/2025/HĐ', issue_date: '31/02/2025x' });
		assert.equal(r.status, 400);
		assert.match(r.text, /id="attach-file-error">Hãy chọn tệp cần đính kèm\.</);
		assert.match(r.text, /id="attach-issue_date-error">Ngày viết theo dạng 27\/01\/2025\.</);
		assert.match(r.text, /id="attach-number"[^>]*value="12\/2025\/HĐ"/);
		assert.match(r.text, /<details id="attach" open>/);
		assert.match(r.text, /<option value="TP2" selected>/);
	});

	test('a text file is refused; a PDF scan is attached with its metadata (R-DG-1)', async () => {
		let r = await postForm(`/ho-so/${code}/dinh-kem`, 'desk', { component: 'TP2' }, { file: [Buffer.from('plain text'), 'scan.pdf'] });
		assert.equal(r.status, 400);
		assert.match(r.text, /id="attach-file-error">Tệp này không phải PDF/);
		r = await postForm(`/ho-so/${code}/dinh-kem`, 'desk', { component: 'TP2', kind: 'certified_copy', document_type: 'Hợp đồng', number: '12/2025/HĐ', issuer: 'Công ty A', issue_date: '15/09/2025', owner_id: '044190005678' }, { file: [PDF, 'scan-tp2.pdf'] });
		assert.equal(r.status, 303, [...r.text.matchAll(/class="(?:field-)?error"[^>]*>([^<]*)/g)].map((m) => m[1]).join(' / ') || r.text.slice(0, 400));
		assert.equal(r.headers.get('location'), `/ho-so/${code}?ok=attach#docs-h`);
		const tp2 = (await dossierJson(code, 'desk')).documents.find((x) => x.code === 'TP2');
		assert.match(tp2.file_id, /^[0-9a-f]{32}$/);
		assert.equal(tp2.kind, 'certified_copy');
		assert.equal(tp2.metadata.issue_date, '2025-09-15');
		assert.equal(tp2.metadata.number, '12/2025/HĐ');
		assert.equal(tp2.digitized_by.username, 'motcua');
		const page = await (await fetch(srv.url(`/ho-so/${code}?ok=attach`), { headers: { Cookie: (await session('desk')).cookie } })).text();
		assert.match(page, /Đã đính kèm bản số hóa/);
		assert.match(page, /<span class="meta">Ngày cấp:<\/span> 15\/09\/2025/);
		assert.ok(page.includes(`href="/tep/${tp2.file_id}"`));
	});

	test('the citizen has no attach form; a posted one is refused', async () => {
		const r = await postForm(`/ho-so/${code}/dinh-kem`, 'citizen', { component: 'TP2' }, { file: [PDF, 'x.pdf'] });
		assert.ok(r.status === 404 || r.status === 403, String(r.status));
	});
});
