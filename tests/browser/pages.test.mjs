// pages.test.mjs - the pages over plain HTTP (fetch, no browser): every
// page is HTML under the CSP with no inline script or style and a label
// for every field; who may open what (login redirects, the desk's and the
// administrator's pages, other people's dossiers); the CSRF token on page
// posts; the npm front-end files served from the binary; escaping; the
// language (Accept-Language, ?lang= and its cookie); Vietnamese money.
import assert from 'node:assert/strict';
import http from 'node:http';
import zlib from 'node:zlib';
import { after, before, describe, test } from 'node:test';

import { DEMO_USERS, startServer } from '../api/lib/server.mjs';

const TT = '1.004201.000.00.00.H50';
let srv;
const sessions = {};

before(async () => {
	srv = await startServer({ env: { MOTCUA_TEST_CLOCK: 'on' } });
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

async function get(path, role, headers = {}) {
	const h = { 'Accept-Language': 'vi', 'X-Test-Now': '2025-10-07T09:00', ...headers };
	if (role) h.Cookie = (await session(role)).cookie;
	const r = await fetch(srv.url(path), { headers: h, redirect: 'manual' });
	return { status: r.status, headers: r.headers, text: await r.text() };
}

async function post(path, role, fields, { csrf = true } = {}) {
	const s = await session(role);
	const body = new URLSearchParams(csrf ? { csrf: s.csrf } : {});
	for (const [k, v] of Object.entries(fields)) for (const x of [].concat(v)) body.append(k, x);
	const r = await fetch(srv.url(path), {
		method: 'POST',
		redirect: 'manual',
		headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: s.cookie, 'Accept-Language': 'vi', 'X-Test-Now': '2025-10-07T09:00' },
		body: body.toString(),
	});
	return { status: r.status, headers: r.headers, text: await r.text() };
}

/* Every visible field has a label pointing at its id. */
function checkLabels(html, where) {
	const labels = new Set([...html.matchAll(/<label[^>]*\bfor="([^"]+)"/g)].map((m) => m[1]));
	for (const m of html.matchAll(/<(input|select|textarea)\b([^>]*)>/g)) {
		const attrs = m[2];
		if (/type="(hidden|submit)"/.test(attrs)) continue;
		const id = /\bid="([^"]+)"/.exec(attrs);
		assert.ok(id, `${where}: a <${m[1]}> without an id: ${m[0]}`);
		assert.ok(labels.has(id[1]), `${where}: no <label for="${id[1]}">`);
	}
	const ids = [...html.matchAll(/\bid="([^"]+)"/g)].map((m) => m[1]);
	assert.equal(new Set(ids).size, ids.length, `${where}: duplicate ids`);
}

describe('every page: HTML under the CSP, no inline script or style, labelled fields, unique ids', () => {
	const pages = [
		[null, '/'],
		[null, `/thu-tuc/${TT}`],
		[null, '/co-quan'],
		[null, '/tra-cuu'],
		[null, '/lich-lam-viec?year=2025'],
		[null, '/dang-nhap'],
		[null, '/dang-ky'],
		['citizen', '/tai-khoan'],
		['desk', '/tai-khoan'],
		['citizen', '/ho-so'],
		['citizen', `/thu-tuc/${TT}/nop-truc-tuyen`],
		['citizen', '/giay-to'],
		['desk', '/can-bo/so-theo-doi'],
		['inspector', '/can-bo/so-theo-doi?from=01/10/2025&to=2025-10-07'],
		['desk', '/can-bo'],
		['desk', '/can-bo/tiep-nhan'],
		['desk', `/can-bo/tiep-nhan?procedure=${TT}`],
		['admin', '/quan-tri'],
		['admin', '/quan-tri/thu-tuc'],
		['admin', '/quan-tri/nguoi-dung'],
		['admin', '/lich-lam-viec?year=2026'],
		['admin', '/lich-lam-viec?year=2026&agency=000.00.12.H50'],
		[null, '/lich-lam-viec?year=2025&agency=000.00.12.H50'],
		['inspector', '/can-bo?queue=all'],
	];
	for (const [role, path] of pages) {
		test(`${path}${role ? ` (${role})` : ''}`, async () => {
			const r = await get(path, role);
			assert.equal(r.status, 200, r.text.slice(0, 300));
			assert.match(r.headers.get('content-type'), /^text\/html; charset=utf-8/);
			assert.match(r.headers.get('content-security-policy'), /script-src 'self'; style-src 'self'/);
			assert.match(r.text, /^<!doctype html>\n<html lang="vi"/);
			assert.doesNotMatch(r.text, /<script(?![^>]*\bsrc=)[^>]*>/, 'no inline script');
			assert.doesNotMatch(r.text, /<style|\sstyle="/, 'no inline style');
			assert.doesNotMatch(r.text, /\son[a-z]+="/, 'no inline event handler');
			checkLabels(r.text, path);
		});
	}
});

describe('who may open what', () => {
	test('anonymous users of a workspace page go to the login form, and back after it', async () => {
		const r = await get('/can-bo?queue=mine');
		assert.equal(r.status, 303);
		assert.equal(r.headers.get('location'), '/dang-nhap?next=/can-bo');
	});

	test('a login interrupted by an expired session on an action form comes back to the dossier', async () => {
		const r = await get('/ho-so/000.00.12.H50-251007-0001/forward', 'desk');
		assert.equal(r.status, 303);
		assert.equal(r.headers.get('location'), '/ho-so/000.00.12.H50-251007-0001');
		assert.equal((await get('/quan-tri/lich', 'admin')).headers.get('location'), '/lich-lam-viec');
		assert.equal((await get('/quan-tri/lich/lam-bu', 'admin')).headers.get('location'), '/lich-lam-viec');
	});

	test('a citizen\'s workspace is "my dossiers"; an officer\'s "my dossiers" is the workspace', async () => {
		assert.equal((await get('/can-bo', 'citizen')).headers.get('location'), '/ho-so');
		assert.equal((await get('/ho-so', 'desk')).headers.get('location'), '/can-bo');
	});

	test('intake is the desk\'s: a specialist gets a 403 page in Vietnamese', async () => {
		const r = await get('/can-bo/tiep-nhan', 'specialist');
		assert.equal(r.status, 403);
		assert.match(r.text, /Chỉ Bộ phận Một cửa tiếp nhận hồ sơ tại quầy/);
	});

	test('an official does not file online for applicants', async () => {
		const r = await get(`/thu-tuc/${TT}/nop-truc-tuyen`, 'desk');
		assert.equal(r.status, 200);
		assert.match(r.text, /Tài khoản cán bộ không nộp hồ sơ trực tuyến/);
		assert.doesNotMatch(r.text, /<form method="post" action="\/thu-tuc/);
	});

	test('a procedure without online service has no filing button', async () => {
		const r = await get('/thu-tuc/1.004106.000.00.00.H50', 'citizen');
		assert.doesNotMatch(r.text, /nop-truc-tuyen/);
		const f = await get('/thu-tuc/1.004106.000.00.00.H50/nop-truc-tuyen', 'citizen');
		assert.match(f.text, /chưa cung cấp dịch vụ công trực tuyến/);
	});

	test('a day off typed as 25/12/2026 (no date picker) is understood, and removed again', async () => {
		let r = await post('/quan-tri/lich', 'admin', { year: '2026', date: '25/12/2026', name: 'Ngày thử', kind: 'local' });
		assert.equal(r.status, 303, r.text.slice(0, 300));
		assert.equal(r.headers.get('location'), '/lich-lam-viec?year=2026&ok=added#ngay-nghi');
		const cal = await srv.json('/api/v1/calendar/2026');
		assert.ok(cal.days_off.some((d) => d.date === '2026-12-25' && d.name === 'Ngày thử' && d.kind === 'local'));
		r = await post('/quan-tri/lich', 'admin', { year: '2026', date: '31/02/2026', name: 'x', kind: 'local' });
		assert.equal(r.status, 400);
		assert.match(r.text, /id="cal-date-error">Ngày không hợp lệ/);
		r = await post('/quan-tri/lich/xoa', 'admin', { date: '2026-12-25' });
		assert.equal(r.status, 303);
		assert.ok(!(await srv.json('/api/v1/calendar/2026')).days_off.some((d) => d.date === '2026-12-25'));
	});

	test('a make-up day typed as 05/12/2026 is understood and removed; an unknown agency\'s calendar is 404', async () => {
		let r = await post('/quan-tri/lich/lam-bu', 'admin', { year: '2026', date: '05/12/2026', name: 'Làm bù thử' });
		assert.equal(r.status, 303, r.text.slice(0, 300));
		assert.equal(r.headers.get('location'), '/lich-lam-viec?year=2026&ok=mu_added#lam-bu');
		assert.ok((await srv.json('/api/v1/calendar/2026')).make_up_workdays.some((d) => d.date === '2026-12-05' && d.name === 'Làm bù thử'));
		r = await post('/quan-tri/lich/lam-bu', 'admin', { year: '2026', date: '2026-12-05', name: 'Lần nữa' });
		assert.equal(r.status, 400);
		assert.match(r.text, /id="cal-mu-date-error">Ngày này đã là ngày làm bù\./);
		r = await post('/quan-tri/lich/lam-bu/xoa', 'admin', { date: '2026-12-05' });
		assert.equal(r.status, 303);
		assert.ok(!(await srv.json('/api/v1/calendar/2026')).make_up_workdays.some((d) => d.date === '2026-12-05'));
		// a national day cannot be removed from an agency's calendar
		r = await post('/quan-tri/lich/xoa', 'admin', { date: '2026-09-02', agency: '000.00.12.H50' });
		assert.equal(r.status, 409);
		assert.match(r.text, /thuộc lịch nghỉ toàn quốc/);
		assert.ok((await srv.json('/api/v1/calendar/2026')).days_off.some((d) => d.date === '2026-09-02'));
		assert.equal((await get('/lich-lam-viec?year=2026&agency=000.00.99.H50')).status, 404);
		assert.equal((await get('/lich-lam-viec?year=2026&agency=%3Cb%3E')).status, 404);
	});

	test('administration needs the administrator', async () => {
		assert.equal((await get('/quan-tri', 'citizen')).status, 403);
		assert.equal((await post('/quan-tri/lich', 'desk', { date: '2026-12-01', name: 'x', kind: 'holiday' })).status, 403);
		assert.equal((await post('/quan-tri/lich/lam-bu', 'desk', { date: '2026-12-05', name: 'x' })).status, 403);
		assert.equal((await post('/quan-tri/lich/lam-bu/xoa', 'desk', { date: '2026-12-05' })).status, 403);
		assert.equal((await post('/quan-tri/lich', 'desk', { date: '2026-12-01', name: 'x', agency: '000.00.12.H50' })).status, 403);
	});

	test('a dossier filed at the desk is not the citizen\'s: 404, not 403', async () => {
		const r = await post('/can-bo/tiep-nhan', 'desk', { procedure: TT, doc: ['TP1', 'TP2', 'TP3'], applicant_name: 'Lê Văn Cường', do: 'receive', sets: '1', channel: '1' });
		assert.equal(r.status, 303, r.text.slice(0, 500));
		const code = /\/ho-so\/([^?]+)\?ok=received$/.exec(r.headers.get('location'))[1];
		const mine = await get(`/ho-so/${code}`, 'desk');
		assert.equal(mine.status, 200);
		assert.doesNotMatch(mine.text, /class="flash"/, 'no confirmation without ?ok');
		checkLabels(mine.text, 'the dossier page with its action forms');
		assert.doesNotMatch(mine.text, /<script(?![^>]*\bsrc=)[^>]*>|<style|\sstyle="/);
		const pub = await get(`/tra-cuu/${code}`);
		assert.equal(pub.status, 200);
		assert.match(pub.text, /L\* V\*\*\* C\*|Lê V\*\*\* C\*/);
		checkLabels(pub.text, 'the lookup page');
		const other = await get(`/ho-so/${code}`, 'citizen');
		assert.equal(other.status, 404);
		assert.match(other.text, /Không tìm thấy hồ sơ này/);
		const act = await post(`/ho-so/${code}/withdraw`, 'citizen', { reason: 'x' });
		assert.equal(act.status, 404);
	});
});

describe('forms post with the CSRF token and answer in Vietnamese', () => {
	test('a page post without the token is refused (403)', async () => {
		const r = await post(`/thu-tuc/${TT}/nop-truc-tuyen`, 'citizen', { applicant_name: 'x' }, { csrf: false });
		assert.equal(r.status, 403);
		assert.match(r.headers.get('content-type'), /^text\/html/, 'refused as a page, not JSON');
		assert.match(r.text, /biểu mẫu đã hết hạn/);
	});

	test('an unknown action is a 404 page', async () => {
		const r = await post('/ho-so/000.00.12.H50-251007-0001/explode', 'desk', {});
		assert.equal(r.status, 404);
		assert.match(r.headers.get('content-type'), /^text\/html/);
	});

	test('what people type is escaped on the way back', async () => {
		const r = await post(`/thu-tuc/${TT}/nop-truc-tuyen`, 'citizen', { applicant_name: '<script>alert(1)</script>', summary: '"><img src=x onerror=alert(1)>' });
		assert.equal(r.status, 400);
		assert.ok(r.text.includes('value="&lt;script&gt;alert(1)&lt;/script&gt;"'));
		assert.ok(r.text.includes('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;</textarea>'));
		assert.doesNotMatch(r.text, /<script>alert/);
	});

	test('an action refused by the rules shows the reason next to its form, with what was typed', async () => {
		const r = await post('/can-bo/tiep-nhan', 'desk', { procedure: TT, doc: ['TP1', 'TP2', 'TP3'], applicant_name: 'Phan Thị Dung', do: 'receive', sets: '1', channel: '1' });
		const code = /\/ho-so\/([^?]+)\?/.exec(r.headers.get('location'))[1];
		// at the first step the dossier cannot be sent back
		const back = await post(`/ho-so/${code}/apologize`, 'desk', { reason: 'Chờ ý kiến', new_due_at: '2025-10-01T17:00' });
		assert.equal(back.status, 422);
		assert.match(back.text, /id="apologize-new_due_at-error">Thời hạn mới phải sau thời hạn hiện tại\.</);
		assert.match(back.text, /<details id="act-apologize" open>/);
		assert.ok(back.text.includes('>Chờ ý kiến</textarea>'), 'the reason typed is kept');
		assert.match(back.text, /value="2025-10-01T17:00"/);
	});
});

describe('the user form keeps what it does not show', () => {
	test('saving an account with the system role from the page keeps that role', async () => {
		const token = await srv.login('admin');
		const c = await srv.req('POST', '/api/v1/users', { token, body: { username: 'dongbo.qg', name: 'Đồng bộ Cổng quốc gia', password: 'Mot-Mat-Khau-Dai-2025', roles: ['specialist', 'system'], agency: '000.00.12.H50' } });
		assert.equal(c.status, 201, c.text);
		const r = await post('/quan-tri/nguoi-dung/dongbo.qg', 'admin', { do: 'save', name: 'Tài khoản đồng bộ', roles: ['specialist', 'clerk'], agency: '000.00.12.H50' });
		assert.equal(r.status, 303, r.text.slice(0, 300));
		const u = await srv.req('GET', '/api/v1/users/dongbo.qg', { token });
		assert.equal(u.body.name, 'Tài khoản đồng bộ');
		assert.deepEqual([...u.body.roles].sort(), ['clerk', 'specialist', 'system']);
	});
});

describe('the other action forms: payment, supplement, transfer', () => {
	let code;
	before(async () => {
		const r = await post('/can-bo/tiep-nhan', 'desk', { procedure: TT, doc: ['TP1', 'TP2', 'TP3'], applicant_name: 'Đỗ Văn Em', do: 'receive', sets: '1', channel: '1' });
		code = /\/ho-so\/([^?]+)\?/.exec(r.headers.get('location'))[1];
	});
	const status = async () => /class="badge status status-(\d+)"/.exec((await get(`/ho-so/${code}`, 'desk')).text)[1];

	test('a payment is requested with the amount as people write it, and recorded only for that amount (R-DS-6)', async () => {
		let r = await post(`/ho-so/${code}/request_payment`, 'desk', { amount: '5.000.000 đ', note: 'Phí thẩm định' });
		assert.equal(r.status, 303, r.text.slice(0, 300));
		assert.equal(r.headers.get('location'), `/ho-so/${code}?ok=request_payment`);
		assert.equal(await status(), '6');
		const page = (await get(`/ho-so/${code}`, 'desk')).text;
		assert.match(page, /Đề nghị thực hiện nghĩa vụ tài chính: <strong>5\.000\.000 đ<\/strong>/);
		assert.match(page, /id="record_payment-amount"[^>]*value="5000000"/, 'the amount to record is prefilled');
		r = await post(`/ho-so/${code}/record_payment`, 'desk', { amount: '4.000.000', channel: 'desk', reference: 'BL-1' });
		assert.equal(r.status, 422);
		assert.match(r.text, /id="record_payment-amount-error">Số tiền khác số tiền đã yêu cầu\.</);
		assert.match(r.text, /value="4\.000\.000"/);
		r = await post(`/ho-so/${code}/record_payment`, 'desk', { amount: 'năm triệu', channel: 'desk' });
		assert.equal(r.status, 400);
		assert.match(r.text, /Số tiền chỉ gồm chữ số/);
		r = await post(`/ho-so/${code}/record_payment`, 'desk', { amount: '5000000', channel: 'desk', reference: 'BL-1' });
		assert.equal(r.status, 303);
		assert.equal(await status(), '2');
	});

	test('a supplement request needs its papers and reason; the supplied papers restart the clock', async () => {
		let r = await post(`/ho-so/${code}/request_supplement`, 'desk', { items: '  \n ' });
		assert.equal(r.status, 400);
		assert.match(r.text, /id="request_supplement-items-error">Hãy nhập thông tin này\.</);
		assert.match(r.text, /id="request_supplement-reason-error">Hãy nhập thông tin này\.</);
		r = await post(`/ho-so/${code}/request_supplement`, 'desk', { items: 'Bản sao hợp đồng có chứng thực\nGiấy ủy quyền', reason: 'Bản sao chưa chứng thực' });
		assert.equal(r.status, 303);
		assert.equal(await status(), '5');
		const page = (await get(`/ho-so/${code}`, 'desk')).text;
		assert.match(page, /<li>Bản sao hợp đồng có chứng thực<\/li><li>Giấy ủy quyền<\/li>/);
		assert.match(page, /Mẫu 02 — Phiếu yêu cầu bổ sung/);
		r = await post(`/ho-so/${code}/submit_supplement`, 'desk', {});
		assert.equal(r.status, 303);
		assert.equal(await status(), '2');
	});

	test('a transfer names agencies by code; a wrong code is explained next to the field', async () => {
		let r = await post(`/ho-so/${code}/forward`, 'desk', { user: 'truongphong' });
		assert.equal(r.status, 303);
		r = await post(`/ho-so/${code}/transfer`, 'unit_leader', { agencies: 'so-tttt', mode: 'parallel' });
		assert.equal(r.status, 400);
		assert.match(r.text, /id="transfer-agencies-error">Mã cơ quan không hợp lệ/);
		assert.ok(r.text.includes('>so-tttt</textarea>'));
		r = await post(`/ho-so/${code}/transfer`, 'unit_leader', { agencies: '000.00.15.H50', mode: 'parallel', lead: '000.00.15.H50' });
		assert.equal(r.status, 303, r.text.slice(0, 300));
		const page = (await get(`/ho-so/${code}`, 'unit_leader')).text;
		assert.match(page, /<option value="000\.00\.15\.H50">/, 'the hand-back form lists the open transfer');
		r = await post(`/ho-so/${code}/transfer_return`, 'unit_leader', { agency: '000.00.15.H50' });
		assert.equal(r.status, 303);
	});
});

describe('lookup', () => {
	test('a code typed in lower case goes to its page; a malformed one is explained', async () => {
		let r = await get('/tra-cuu?code=%20000.00.12.h50-251007-0001%20');
		assert.equal(r.status, 303);
		assert.equal(r.headers.get('location'), '/tra-cuu/000.00.12.H50-251007-0001');
		r = await get('/tra-cuu?code=abc');
		assert.equal(r.status, 400);
		assert.match(r.text, /Mã hồ sơ có dạng 000\.00\.12\.H50-250127-0001\./);
	});

	test('an unknown code is a 404 with the form to try again', async () => {
		const r = await get('/tra-cuu/000.00.12.H50-200101-9999');
		assert.equal(r.status, 404);
		assert.match(r.text, /Không tìm thấy hồ sơ có mã này/);
		assert.match(r.text, /<form method="get" action="\/tra-cuu"/);
	});
});

describe('static files from the binary', () => {
	for (const [file, type] of [['pico.min.css', /^text\/css/], ['htmx.min.js', /^text\/javascript/], ['motcua.css', /^text\/css/]]) {
		test(`/static/${file}`, async () => {
			const r = await get(`/static/${file}`);
			assert.equal(r.status, 200);
			assert.match(r.headers.get('content-type'), type);
			assert.ok(r.text.length > 1000);
		});
	}
	test('anything else is 404', async () => {
		for (const p of ['/static/nope.css', '/static/..%2Fmotcua.db', '/static/motcua.exe']) assert.equal((await get(p)).status, 404, p);
	});

	/* GET without fetch's automatic decompression: { status, headers, bytes } */
	const raw = (p, headers = {}) =>
		new Promise((resolve, reject) => {
			http.get(srv.url(p), { headers }, (res) => {
				const chunks = [];
				res.on('data', (c) => chunks.push(c));
				res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, bytes: Buffer.concat(chunks) }));
			}).on('error', reject);
		});

	test('gzip for browsers that accept it (a quarter of the bytes), the same file unpacked', async () => {
		const plain = await raw('/static/pico.min.css');
		assert.equal(plain.status, 200);
		assert.equal(plain.headers['content-encoding'], undefined);
		const gz = await raw('/static/pico.min.css', { 'Accept-Encoding': 'gzip, deflate, br' });
		assert.equal(gz.status, 200);
		assert.equal(gz.headers['content-encoding'], 'gzip');
		assert.equal(gz.headers.vary, 'Accept-Encoding');
		assert.ok(gz.bytes.length * 4 < plain.bytes.length, `${gz.bytes.length} gzip bytes vs ${plain.bytes.length}`);
		assert.ok(zlib.gunzipSync(gz.bytes).equals(plain.bytes));
		const refused = await raw('/static/pico.min.css', { 'Accept-Encoding': 'gzip;q=0, br' });
		assert.equal(refused.headers['content-encoding'], undefined, 'q=0 refuses gzip');
	});

	test('cached for an hour, then revalidated by ETag: 304 without a body', async () => {
		const a = await raw('/static/htmx.min.js', { 'Accept-Encoding': 'gzip' });
		assert.equal(a.headers['cache-control'], 'public, max-age=3600');
		assert.match(a.headers.etag, /^"[0-9a-f]{16}-gz"$/);
		const b = await raw('/static/htmx.min.js');
		assert.match(b.headers.etag, /^"[0-9a-f]{16}"$/, 'the unpacked file has its own ETag');
		const again = await raw('/static/htmx.min.js', { 'Accept-Encoding': 'gzip', 'If-None-Match': a.headers.etag });
		assert.equal(again.status, 304);
		assert.equal(again.bytes.length, 0);
		const other = await raw('/static/htmx.min.js', { 'If-None-Match': '"0000000000000000"' });
		assert.equal(other.status, 200);
		// pages are never cached
		assert.equal((await raw('/')).headers['cache-control'], 'no-store');
	});
});

describe('language', () => {
	test('Accept-Language: en gives English, money in VND with commas', async () => {
		const r = await get(`/thu-tuc/${TT}`, null, { 'Accept-Language': 'en-GB,en;q=0.9' });
		assert.match(r.text, /<html lang="en"/);
		assert.match(r.text, /5,000,000 VND/);
		assert.match(r.text, /File online/);
	});

	test('Vietnamese money and dates by default', async () => {
		const r = await get(`/thu-tuc/${TT}`);
		assert.match(r.text, /5\.000\.000 đ/);
		assert.match(r.text, /hiệu lực từ 01\/05\/2025/);
	});

	test('?lang= is remembered in a cookie, over Accept-Language', async () => {
		const r = await get('/?lang=vi', null, { 'Accept-Language': 'en' });
		assert.match(r.text, /<html lang="vi"/);
		const c = r.headers.get('set-cookie');
		assert.match(c, /motcua_lang=vi; Path=\/; SameSite=Lax/);
		const next = await get('/co-quan', null, { 'Accept-Language': 'en', Cookie: 'motcua_lang=vi' });
		assert.match(next.text, /<html lang="vi"/);
		assert.match(next.text, /href="\/co-quan\?lang=en"/, 'the switch points at the same page');
	});
});
