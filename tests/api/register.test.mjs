// register.test.mjs - citizens sign up (POST /api/v1/register, /dang-ky)
// and change their own password (POST /api/v1/me/password, /tai-khoan).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { expectError, startServer } from './lib/server.mjs';

let srv, admin;
before(async () => {
	srv = await startServer();
	admin = await srv.login('admin');
});
after(async () => {
	await srv?.stop();
});

const PW = 'Hoa-Sen-Vang-2026';
const register = (body) => srv.req('POST', '/api/v1/register', { body });
const form = (o) => new URLSearchParams(o).toString();
async function postForm(path, body, headers = {}) {
	const res = await fetch(srv.url(path), {
		method: 'POST',
		redirect: 'manual',
		headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
		body: form(body),
	});
	return { status: res.status, headers: res.headers, text: await res.text() };
}
const cookieOf = (res) => (res.headers.get('set-cookie') || '').match(/motcua_session=([0-9a-f]*)/)?.[1] || null;

describe('POST /api/v1/register', () => {
	test('a new citizen gets 201, a token that works and the citizen role only', async () => {
		const r = await register({ username: 'tranthib', name: 'Trần Thị B', password: PW });
		assert.equal(r.status, 201, r.text);
		assert.deepEqual(r.body.user, { username: 'tranthib', name: 'Trần Thị B', roles: ['citizen'], agency: null });
		const me = await srv.req('GET', '/api/v1/me', { token: r.body.token });
		assert.equal(me.status, 200);
		assert.equal(me.body.name, 'Trần Thị B');
		// a citizen's token cannot reach the audit log
		expectError(await srv.req('GET', '/api/v1/audit', { token: r.body.token }), 403, 'forbidden');
	});

	test('the sign-up is in the audit log', async () => {
		await register({ username: 'audited.one', name: 'Lê Văn C', password: PW });
		const a = await srv.req('GET', '/api/v1/audit?object=user:audited.one', { token: admin });
		assert.equal(a.status, 200);
		assert.ok(a.body.items.some((x) => x.action === 'user.create'), JSON.stringify(a.body.items));
	});

	test('a taken username → 409 username_taken and the first account is untouched', async () => {
		assert.equal((await register({ username: 'phamd', name: 'Phạm D', password: PW })).status, 201);
		expectError(await register({ username: 'phamd', name: 'Kẻ Khác', password: 'Another-Good-Pass-9' }), 409, 'username_taken', 'username');
		// the demo accounts cannot be taken over either
		expectError(await register({ username: 'admin', name: 'X', password: PW }), 409, 'username_taken', 'username');
		const again = await srv.req('POST', '/api/v1/session', { body: { username: 'phamd', password: PW } });
		assert.equal(again.status, 201);
		assert.equal(again.body.user.name, 'Phạm D');
	});

	test('weak passwords → 422 weak_password naming the field', async () => {
		expectError(await register({ username: 'weak1', name: 'A', password: 'short' }), 422, 'weak_password', 'password');
		expectError(await register({ username: 'weak2', name: 'A', password: 'xxweak2xx-long' }), 422, 'weak_password', 'password');
		expectError(await register({ username: 'weak3', name: 'A', password: 'qwertyuiop' }), 422, 'weak_password', 'password');
		const r = await srv.req('POST', '/api/v1/session', { body: { username: 'weak1', password: 'short' } });
		assert.equal(r.status, 401, 'no account was created');
	});

	test('bad input → 400 naming the field', async () => {
		expectError(await register({ username: 'Có Dấu', name: 'A', password: PW }), 400, 'invalid_input', 'username');
		expectError(await register({ username: 'x', name: 'A', password: PW }), 400, 'invalid_input', 'username');
		expectError(await register({ username: 'noname', password: PW }), 400, 'missing_field', 'name');
		expectError(await register({ username: 'noname', name: '', password: PW }), 400, 'invalid_input', 'name');
		expectError(await register({ username: 'extra', name: 'A', password: PW, roles: ['admin'] }), 400, 'unknown_field', 'roles');
		expectError(await srv.req('POST', '/api/v1/register', { body: '[1]' }), 400, 'invalid_input');
		expectError(await srv.req('POST', '/api/v1/register', { body: '{"username":' }), 400, 'malformed_json');
	});

	test('more than 10 sign-ups from one address in 15 minutes → 429 with Retry-After', async () => {
		const own = await startServer();
		try {
			for (let i = 0; i < 10; i++) {
				const r = await own.req('POST', '/api/v1/register', { body: { username: `many${i}`, name: `Người ${i}`, password: PW } });
				assert.equal(r.status, 201, r.text);
			}
			const r = await own.req('POST', '/api/v1/register', { body: { username: 'many10', name: 'Người 10', password: PW } });
			expectError(r, 429, 'too_many_attempts', null);
			assert.ok(Number(r.headers.get('retry-after')) > 0);
			const s = await own.req('POST', '/api/v1/session', { body: { username: 'many10', password: PW } });
			assert.equal(s.status, 401, 'the refused sign-up created nothing');
		} finally {
			await own.stop();
		}
	});
});

describe('POST /api/v1/me/password', () => {
	test('the right current password → 201 with a new token; old sessions end; the new password works', async () => {
		const reg = await register({ username: 'doiMK'.toLowerCase(), name: 'Đỗ Mai K', password: PW });
		const other = (await srv.req('POST', '/api/v1/session', { body: { username: 'doimk', password: PW } })).body.token;
		const r = await srv.req('POST', '/api/v1/me/password', { token: reg.body.token, body: { current_password: PW, new_password: 'Mat-Khau-Moi-2027' } });
		assert.equal(r.status, 201, r.text);
		assert.notEqual(r.body.token, reg.body.token);
		expectError(await srv.req('GET', '/api/v1/me', { token: other }), 401, 'invalid_token');
		expectError(await srv.req('GET', '/api/v1/me', { token: reg.body.token }), 401, 'invalid_token');
		assert.equal((await srv.req('GET', '/api/v1/me', { token: r.body.token })).status, 200);
		assert.equal((await srv.req('POST', '/api/v1/session', { body: { username: 'doimk', password: PW } })).status, 401);
		assert.equal((await srv.req('POST', '/api/v1/session', { body: { username: 'doimk', password: 'Mat-Khau-Moi-2027' } })).status, 201);
		const a = await srv.req('GET', '/api/v1/audit?object=user:doimk', { token: admin });
		assert.ok(a.body.items.some((x) => x.action === 'user.password'));
	});

	test('errors leave the password as it was', async () => {
		const reg = await register({ username: 'giuMK'.toLowerCase(), name: 'Giữ MK', password: PW });
		const t = reg.body.token;
		expectError(await srv.req('POST', '/api/v1/me/password', { token: t, body: { current_password: 'Not-The-One-99', new_password: 'Mat-Khau-Moi-2027' } }), 422, 'wrong_password', 'current_password');
		expectError(await srv.req('POST', '/api/v1/me/password', { token: t, body: { current_password: PW, new_password: PW } }), 422, 'same_password', 'new_password');
		expectError(await srv.req('POST', '/api/v1/me/password', { token: t, body: { current_password: PW, new_password: 'short' } }), 422, 'weak_password', 'new_password');
		expectError(await srv.req('POST', '/api/v1/me/password', { token: t, body: { current_password: PW } }), 400, 'missing_field', 'new_password');
		expectError(await srv.req('POST', '/api/v1/me/password', { body: { current_password: PW, new_password: 'Mat-Khau-Moi-2027' } }), 401, 'unauthorized');
		assert.equal((await srv.req('GET', '/api/v1/me', { token: t })).status, 200, 'the session still works');
		assert.equal((await srv.req('POST', '/api/v1/session', { body: { username: 'giumk', password: PW } })).status, 201);
	});
});

describe('the sign-up page /dang-ky', () => {
	test('the form has labelled fields, in Vietnamese', async () => {
		const r = await fetch(srv.url('/dang-ky'));
		assert.equal(r.status, 200);
		const html = await r.text();
		for (const [id, label] of [['name', 'Họ và tên'], ['username', 'Tên đăng nhập'], ['password', 'Mật khẩu'], ['password2', 'Nhập lại mật khẩu']])
			assert.match(html, new RegExp(`<label for="${id}">${label}`));
	});

	test('errors come back next to the fields, keeping what was typed but never the password', async () => {
		const r = await postForm('/dang-ky', { name: 'Ngô Thị E', username: 'ngothie', password: 'Mot-Mat-Khau-1', password2: 'Khac-Mat-Khau-2' });
		assert.equal(r.status, 400);
		assert.match(r.text, /id="password2-error">Hai lần nhập mật khẩu không giống nhau/);
		assert.match(r.text, /id="agree-error">/);
		assert.match(r.text, /value="Ngô Thị E"/);
		assert.match(r.text, /value="ngothie"/);
		assert.doesNotMatch(r.text, /Mot-Mat-Khau-1/);
		const w = await postForm('/dang-ky', { name: 'Ngô Thị E', username: 'ngothie', password: 'short', password2: 'short', agree: '1' });
		assert.equal(w.status, 422);
		assert.match(w.text, /id="password-error">Mật khẩu phải có ít nhất 10 ký tự/);
		const t = await postForm('/dang-ky', { name: 'Ngô Thị E', username: 'admin', password: PW, password2: PW, agree: '1' });
		assert.equal(t.status, 409);
		assert.match(t.text, /id="username-error">Tên đăng nhập này đã có người dùng/);
	});

	test('a good form logs the new citizen in with the session cookie and goes to next', async () => {
		const r = await postForm('/dang-ky', { name: 'Võ Văn F', username: 'vovanf', password: PW, password2: PW, agree: '1', next: '/ho-so' });
		assert.equal(r.status, 303, r.text);
		assert.equal(r.headers.get('location'), '/ho-so');
		const c = cookieOf(r);
		assert.ok(c, 'session cookie set');
		assert.match(r.headers.get('set-cookie'), /HttpOnly/);
		const page = await fetch(srv.url('/ho-so'), { headers: { Cookie: `motcua_session=${c}` }, redirect: 'manual' });
		assert.equal(page.status, 200);
		assert.match(await page.text(), /Võ Văn F/);
	});

	test('a cross-site post is refused', async () => {
		const r = await postForm('/dang-ky', { name: 'X', username: 'crosssite', password: PW, password2: PW, agree: '1' }, { Origin: 'http://evil.example' });
		assert.equal(r.status, 403);
		assert.equal((await srv.req('POST', '/api/v1/session', { body: { username: 'crosssite', password: PW } })).status, 401);
	});
});

describe('the account page /tai-khoan', () => {
	async function cookieLogin(username, password) {
		const r = await postForm('/dang-nhap', { username, password, next: '/tai-khoan' });
		assert.equal(r.status, 303);
		return cookieOf(r);
	}
	async function csrfOf(c) {
		const html = await (await fetch(srv.url('/tai-khoan'), { headers: { Cookie: `motcua_session=${c}` } })).text();
		return html.match(/name="csrf" value="([0-9a-f]+)"/)[1];
	}

	test('shows the name, roles and agency of an official', async () => {
		const c = await cookieLogin('chuyenvien', 'ChuyenVien@Demo2025');
		const r = await fetch(srv.url('/tai-khoan'), { headers: { Cookie: `motcua_session=${c}` } });
		assert.equal(r.status, 200);
		const html = await r.text();
		assert.match(html, /Chuyên viên/);
		assert.match(html, /Sở Khoa học và Công nghệ/);
	});

	test('anonymous → the login form', async () => {
		const r = await fetch(srv.url('/tai-khoan'), { redirect: 'manual' });
		assert.equal(r.status, 303);
		assert.match(r.headers.get('location'), /^\/dang-nhap\?next=/);
	});

	test('the password change needs the CSRF token, checks the current password and starts a new session', async () => {
		await register({ username: 'hoangg', name: 'Hoàng G', password: PW });
		const c = await cookieLogin('hoangg', PW);
		const csrf = await csrfOf(c);
		const noToken = await postForm('/tai-khoan/mat-khau', { current_password: PW, new_password: 'Mat-Khau-Moi-2027', new_password2: 'Mat-Khau-Moi-2027' }, { Cookie: `motcua_session=${c}` });
		assert.equal(noToken.status, 403);
		const wrong = await postForm('/tai-khoan/mat-khau', { csrf, current_password: 'Not-It-12345', new_password: 'Mat-Khau-Moi-2027', new_password2: 'Mat-Khau-Moi-2027' }, { Cookie: `motcua_session=${c}` });
		assert.equal(wrong.status, 422);
		assert.match(wrong.text, /id="current_password-error">Mật khẩu hiện tại không đúng/);
		const ok = await postForm('/tai-khoan/mat-khau', { csrf, current_password: PW, new_password: 'Mat-Khau-Moi-2027', new_password2: 'Mat-Khau-Moi-2027' }, { Cookie: `motcua_session=${c}` });
		assert.equal(ok.status, 303, ok.text);
		assert.equal(ok.headers.get('location'), '/tai-khoan?changed=1');
		const c2 = cookieOf(ok);
		assert.ok(c2 && c2 !== c);
		const old = await fetch(srv.url('/tai-khoan'), { headers: { Cookie: `motcua_session=${c}` }, redirect: 'manual' });
		assert.equal(old.status, 303, 'the old cookie no longer works');
		const now = await fetch(srv.url('/tai-khoan?changed=1'), { headers: { Cookie: `motcua_session=${c2}` } });
		assert.match(await now.text(), /Đã đổi mật khẩu/);
	});
});
