// files.test.mjs - uploads by content, who may read a file, scans attached
// to a dossier's components with digitization metadata, the citizen's
// store of reusable documents and results (R-DG-1..3).
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { execFile } from 'node:child_process';
import { after, before, describe, test } from 'node:test';

import { BIN, expectError, startServer } from './lib/server.mjs';

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n');
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from('JFIF\0\x01\x01\0\0\x01\0\x01\0\0'), Buffer.alloc(64), Buffer.from([0xff, 0xd9])]);
const TT = '1.004201.000.00.00.H50';
const APPLICANT = { name: 'Trần Thị Bình', id_number: '044190001234', phone: '0905123456' };

let srv;
before(async () => {
	srv = await startServer({ env: { MOTCUA_TEST_CLOCK: 'on', MOTCUA_MAX_FILE_BYTES: '4096', MOTCUA_MAX_DOSSIER_BYTES: '4000' } });
});
after(async () => {
	await srv?.stop();
});

async function upload(token, bytes, name = 'scan.png', field = 'file') {
	const fd = new FormData();
	fd.append(field, new Blob([bytes]), name);
	const res = await fetch(srv.url('/api/v1/files'), { method: 'POST', body: fd, headers: token ? { Authorization: `Bearer ${token}` } : {} });
	const text = await res.text();
	return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
}
const get = (token, id) => fetch(srv.url(`/api/v1/files/${id}`), { headers: token ? { Authorization: `Bearer ${token}` } : {} });
const at = (now, token, method, p, body) => srv.req(method, p, { token, body, headers: { 'X-Test-Now': now } });

describe('POST /api/v1/files', () => {
	test('a PNG, a PDF and a JPEG are accepted by content, with their SHA-256', async () => {
		const citizen = await srv.login('citizen');
		for (const [bytes, type, name] of [[PNG, 'image/png', 'a.png'], [PDF, 'application/pdf', 'b.pdf'], [JPEG, 'image/jpeg', 'c.jpg']]) {
			const r = await upload(citizen, bytes, name);
			assert.equal(r.status, 201, JSON.stringify(r.body));
			assert.match(r.body.id, /^[0-9a-f]{32}$/);
			assert.equal(r.body.type, type);
			assert.equal(r.body.size, bytes.length);
			assert.equal(r.body.sha256, createHash('sha256').update(bytes).digest('hex'));
			assert.equal(r.body.name, name);
		}
	});

	test('the name does not decide: a text file named .pdf is refused (415)', async () => {
		const r = await upload(await srv.login('citizen'), Buffer.from('just some text, not a PDF'), 'giay-to.pdf');
		assert.equal(r.status, 415);
		assert.equal(r.body.error.code, 'unsupported_type');
		assert.equal(r.body.error.field, 'file');
		assert.match(r.body.error.message, /text\/plain/);
	});

	test('no file part → 400; a JSON body → 415; over the size cap → 413 with the limit', async () => {
		let r = await upload(await srv.login('citizen'), PNG, 'x.png', 'other');
		assert.equal(r.status, 400);
		assert.equal(r.body.error.code, 'missing_file');
		r = await srv.req('POST', '/api/v1/files', { token: await srv.login('citizen'), body: { file: 'x' } });
		assert.equal(r.status, 415);
		r = await upload(await srv.login('citizen'), Buffer.concat([PNG, Buffer.alloc(5000)]), 'big.png');
		assert.equal(r.status, 413);
		assert.match(r.body.error.message, /4096 bytes/);
		expectError(await srv.req('POST', '/api/v1/files', {}), 401, 'unauthorized');
	});
});

describe('reading files and the citizen\'s store', () => {
	let citizen, desk, fileId, code;
	before(async () => {
		citizen = await srv.login('citizen');
		desk = await srv.login('desk');
		fileId = (await upload(citizen, PDF, 'don-de-nghi.pdf')).body.id;
	});

	test('the owner reads the bytes back; another user gets 404; anonymous 401', async () => {
		const r = await get(citizen, fileId);
		assert.equal(r.status, 200);
		assert.equal(r.headers.get('content-type'), 'application/pdf');
		assert.match(r.headers.get('content-disposition'), /filename="don-de-nghi\.pdf"/);
		assert.deepEqual(Buffer.from(await r.arrayBuffer()), PDF);
		assert.equal((await get(desk, fileId)).status, 404, 'not attached to a dossier in the desk\'s scope yet');
		assert.equal((await get(undefined, fileId)).status, 401);
		assert.equal((await get(citizen, '0'.repeat(32))).status, 404);
	});

	test('a citizen files online with the upload: digitized, reuse flag 1; the desk may now read it', async () => {
		const r = await at('2025-04-01T09:00', citizen, 'POST', '/api/v1/dossiers', { procedure: TT, channel: 2, applicant: APPLICANT, documents: [{ code: 'TP1', file_id: fileId }, { code: 'TP2' }, { code: 'TP3' }, { code: 'TP4' }] });
		assert.equal(r.status, 201, r.text);
		code = r.body.code;
		const tp1 = r.body.documents.find((d) => d.code === 'TP1');
		assert.equal(tp1.file_id, fileId);
		assert.equal(tp1.digitized, true);
		assert.equal(tp1.reuse, 1);
		assert.equal(r.body.documents.find((d) => d.code === 'TP2').reuse, 0);
		assert.equal((await get(desk, fileId)).status, 200);
	});

	test('someone else\'s file cannot be used', async () => {
		const other = (await upload(desk, PNG, 'desk.png')).body.id;
		const r = await at('2025-04-01T09:00', citizen, 'POST', '/api/v1/dossiers', { procedure: TT, channel: 2, applicant: APPLICANT, documents: [{ code: 'TP1', file_id: other }] });
		expectError(r, 422, 'file_not_found', 'documents[0].file_id');
	});

	test('the desk attaches a scan with its digitization metadata (R-DG-1)', async () => {
		const scan = (await upload(desk, JPEG, 'cccd.jpg')).body.id;
		const r = await at('2025-04-01T10:00', desk, 'POST', `/api/v1/dossiers/${code}/documents`, {
			code: 'TP2', file_id: scan, kind: 'certified_copy',
			metadata: { document_type: 'Hợp đồng chuyển giao công nghệ', number: '15/2025/HĐCGCN', issuer: 'Công ty TNHH Sấy Quảng Trị', issue_date: '2025-03-20', valid_until: '2030-12-31', owner_id: '044190001234' },
		});
		assert.equal(r.status, 200, r.text);
		const tp2 = r.body.documents.find((d) => d.code === 'TP2');
		assert.equal(tp2.present, true);
		assert.equal(tp2.digitized, true);
		assert.equal(tp2.kind, 'certified_copy');
		assert.equal(tp2.metadata.number, '15/2025/HĐCGCN');
		assert.equal(tp2.digitized_by.username, 'motcua');
		const d = await srv.req('GET', `/api/v1/dossiers/${code}`, { token: desk });
		assert.ok(d.body.events.some((e) => e.action === 'attach_document'));
	});

	test('attach: errors name the field; the per-dossier cap (413); out of scope 404', async () => {
		expectError(await at('2025-04-01T10:00', desk, 'POST', `/api/v1/dossiers/${code}/documents`, { code: 'TP9', file_id: fileId }), 422, 'document_not_in_procedure', 'code');
		expectError(await at('2025-04-01T10:00', desk, 'POST', `/api/v1/dossiers/${code}/documents`, { code: 'TP3', file_id: fileId, metadata: { issue_date: '2025-02-30' } }), 400, 'invalid_input', 'metadata.issue_date');
		expectError(await at('2025-04-01T10:00', citizen, 'POST', `/api/v1/dossiers/${code}/documents`, { code: 'TP3', file_id: fileId }), 403, 'forbidden');
		const big = (await upload(desk, Buffer.concat([PNG, Buffer.alloc(3900)]), 'big.png')).body.id;
		expectError(await at('2025-04-01T10:00', desk, 'POST', `/api/v1/dossiers/${code}/documents`, { code: 'TP3', file_id: big }), 413, 'too_large', 'file_id');
	});

	test('GET /api/v1/me/documents lists the still valid digitized documents; a new dossier reuses one (flag 2)', async () => {
		const mine = await srv.req('GET', '/api/v1/me/documents', { token: citizen, headers: { 'X-Test-Now': '2025-04-02T09:00' } });
		assert.equal(mine.status, 200, mine.text);
		const ids = mine.body.items.map((x) => x.id);
		assert.ok(ids.includes(fileId));
		const contract = mine.body.items.find((x) => x.code === 'TP2');
		assert.equal(contract.metadata.valid_until, '2030-12-31');
		const r = await at('2025-04-02T09:00', citizen, 'POST', '/api/v1/dossiers', { procedure: '1.004202.000.00.00.H50', channel: 2, applicant: APPLICANT, documents: [{ code: 'TP1', reuse_of: contract.id }] });
		assert.equal(r.status, 201, r.text);
		const d = r.body.documents.find((x) => x.code === 'TP1');
		assert.equal(d.reuse, 2);
		assert.equal(d.from_citizen_store, true);
		assert.equal(d.reused_from, code);
		expectError(await at('2025-04-02T09:00', citizen, 'POST', '/api/v1/dossiers', { procedure: TT, channel: 2, applicant: APPLICANT, documents: [{ code: 'TP1', reuse_of: 'f'.repeat(32) }] }), 422, 'not_in_your_documents', 'documents[0].reuse_of');
	});

	test('an electronic result joins the citizen\'s store and can be reused (flag 3)', async () => {
		const officers = Object.fromEntries(await Promise.all(['desk', 'specialist', 'unit_leader', 'agency_leader', 'clerk'].map(async (r) => [r, await srv.login(r)])));
		const act = (now, tok, action, body = {}) => at(now, tok, 'POST', `/api/v1/dossiers/${code}/actions/${action}`, body);
		assert.equal((await act('2025-04-01T11:00', officers.desk, 'receive')).status, 200);
		for (const [now, who] of [['2025-04-01T13:00', 'desk'], ['2025-04-01T14:00', 'unit_leader'], ['2025-04-02T09:00', 'specialist'], ['2025-04-02T10:00', 'unit_leader'], ['2025-04-02T11:00', 'agency_leader']])
			assert.equal((await act(now, officers[who], 'forward')).status, 200, now);
		const result = (await upload(officers.clerk, PDF, 'giay-chung-nhan.pdf')).body.id;
		const done = await act('2025-04-03T09:00', officers.clerk, 'complete', { result_documents: [{ name: 'Giấy chứng nhận đăng ký chuyển giao công nghệ', file_id: result }] });
		assert.equal(done.status, 200, done.text);
		assert.equal(done.body.result_documents[0].electronic, true);
		const mine = await srv.req('GET', '/api/v1/me/documents', { token: citizen, headers: { 'X-Test-Now': '2025-04-03T10:00' } });
		const r = mine.body.items.find((x) => x.kind === 'result');
		assert.equal(r.id, result);
		assert.equal((await get(citizen, result)).status, 200, 'the citizen reads the result of his dossier');
		const again = await at('2025-04-03T10:00', citizen, 'POST', '/api/v1/dossiers', { procedure: '1.004202.000.00.00.H50', channel: 2, applicant: APPLICANT, documents: [{ code: 'TP2', reuse_of: result }] });
		assert.equal(again.status, 201, again.text);
		assert.equal(again.body.documents.find((x) => x.code === 'TP2').reuse, 3);
	});
});

describe('a supplement with its papers (submit_supplement {documents})', () => {
	let citizen, desk, code;
	const act = (now, tok, action, body = {}) => at(now, tok, 'POST', `/api/v1/dossiers/${code}/actions/${action}`, body);
	before(async () => {
		citizen = await srv.login('citizen');
		desk = await srv.login('desk');
		// filed online; the desk finds the contract uncertified and the
		// power of attorney (optional TP4) needed, and asks (Form 02)
		const r = await at('2025-05-05T09:00', citizen, 'POST', '/api/v1/dossiers', { procedure: TT, channel: 2, applicant: APPLICANT, documents: [{ code: 'TP1' }, { code: 'TP2' }, { code: 'TP3' }] });
		assert.equal(r.status, 201, r.text);
		code = r.body.code;
		const s = await act('2025-05-05T10:00', desk, 'request_supplement', { items: ['Bản sao hợp đồng có chứng thực', 'Văn bản ủy quyền'], reason: 'Hợp đồng chưa chứng thực; người nộp là người được ủy quyền' });
		assert.equal(s.status, 200, s.text);
	});

	test('bad papers are refused and change nothing', async () => {
		const other = (await upload(desk, PNG, 'desk.png')).body.id;
		expectError(await act('2025-05-06T09:00', citizen, 'submit_supplement', { documents: [{ code: 'TP2', file_id: other }] }), 422, 'file_not_found', 'documents[0].file_id');
		const mine = (await upload(citizen, PDF, 'hop-dong.pdf')).body.id;
		expectError(await act('2025-05-06T09:00', citizen, 'submit_supplement', { documents: [{ code: 'TP9', file_id: mine }] }), 422, 'document_not_in_procedure', 'documents');
		expectError(await act('2025-05-06T09:00', citizen, 'submit_supplement', { documents: [] }), 400, 'invalid_input', 'documents');
		expectError(await act('2025-05-06T09:00', citizen, 'submit_supplement', { documents: [{ code: 'TP2', file_id: mine, reuse_of: mine }] }), 400, 'invalid_input', 'documents[0].reuse_of');
		expectError(await act('2025-05-06T09:00', citizen, 'submit_supplement', { documents: [{ code: 'TP2', size: 1 }] }), 400, 'unknown_field', 'documents[0].size');
		const d = await at('2025-05-06T09:00', citizen, 'GET', `/api/v1/dossiers/${code}`);
		assert.equal(d.body.status, 5, 'still waiting for the supplement');
		assert.equal(d.body.documents.find((x) => x.code === 'TP4').present, false);
		assert.equal(d.body.documents.find((x) => x.code === 'TP2').file_id, undefined);
	});

	test('the citizen sends the missing papers online: present, digitized, readable by the desk, listed in the event', async () => {
		const f2 = (await upload(citizen, PDF, 'hop-dong-ky.pdf')).body.id;
		const f4 = (await upload(citizen, PNG, 'uy-quyen.png')).body.id;
		assert.equal((await get(desk, f2)).status, 404, 'not the desk\'s before it is sent');
		const r = await act('2025-05-06T09:00', citizen, 'submit_supplement', { note: 'Gửi bổ sung', documents: [{ code: 'TP2', file_id: f2 }, { code: 'TP4', file_id: f4 }] });
		assert.equal(r.status, 200, r.text);
		assert.equal(r.body.status, 1, 'back to the desk for reception (it was never received)');
		for (const [c, f] of [['TP2', f2], ['TP4', f4]]) {
			const comp = r.body.documents.find((x) => x.code === c);
			assert.equal(comp.present, true);
			assert.equal(comp.file_id, f);
			assert.equal(comp.digitized, true);
			assert.equal(comp.supplemented_at, '2025-05-06T09:00:00+07:00');
		}
		const full = await at('2025-05-06T09:00', citizen, 'GET', `/api/v1/dossiers/${code}`);
		const ev = full.body.events.at(-1);
		assert.equal(ev.action, 'submit_supplement');
		assert.deepEqual(ev.detail.documents, ['TP2', 'TP4']);
		assert.equal((await get(desk, f2)).status, 200, 'the desk reads the supplement');
		assert.equal(r.body.documents.find((x) => x.code === 'TP1').supplemented_at, undefined, 'other papers untouched');
		assert.equal((await act('2025-05-06T10:00', desk, 'receive')).status, 200);
	});
});
