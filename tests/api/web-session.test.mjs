// web-session.test.mjs - the portal's login: HttpOnly session cookie,
// CSRF token on state-changing posts, same-origin login form.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { startServer } from './lib/server.mjs';

let srv;
before(async () => {
	srv = await startServer();
});
after(async () => {
	await srv?.stop();
});

const form = (o) => new URLSearchParams(o).toString();
async function post(path, body, headers = {}) {
	return fetch(srv.url(path), {
		method: 'POST',
		redirect: 'manual',
		headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
		body,
	});
}
function cookieOf(res) {
	const c = res.headers.get('set-cookie') || '';
	const m = c.match(/motcua_session=([0-9a-f]*)/);
	return m ? m[1] : null;
}

describe('portal login', () => {
	test('the login form is a page with labelled fields', async () => {
		const r = await fetch(srv.url('/dang-nhap'));
		assert.equal(r.status, 200);
		const html = await r.text();
		assert.match(html, /<label for="username">Tên đăng nhập<\/label>/);
		assert.match(html, /<label for="password">Mật khẩu<\/label>/);
	});

	test('good credentials set an HttpOnly, SameSite=Lax cookie and go to next', async () => {
		const r = await post('/dang-nhap', form({ username: 'motcua', password: 'MotCua@Demo2025', next: '/co-quan' }));
		assert.equal(r.status, 303);
		assert.equal(r.headers.get('location'), '/co-quan');
		const sc = r.headers.get('set-cookie');
		assert.match(sc, /HttpOnly/);
		assert.match(sc, /SameSite=Lax/);
		assert.doesNotMatch(sc, /Secure/); // plain http on loopback
		assert.match(cookieOf(r), /^[0-9a-f]{64}$/);
	});

	test('Secure is added behind a TLS proxy', async () => {
		const r = await post('/dang-nhap', form({ username: 'motcua', password: 'MotCua@Demo2025' }), { 'X-Forwarded-Proto': 'https' });
		assert.match(r.headers.get('set-cookie'), /; Secure/);
	});

	test('next never leaves the site', async () => {
		for (const next of ['//evil.example/x', 'https://evil.example/', '/\\evil']) {
			const r = await post('/dang-nhap', form({ username: 'motcua', password: 'MotCua@Demo2025', next }));
			assert.equal(r.headers.get('location'), '/', next);
		}
	});

	test('wrong password: 401, the form again with the error and the username kept', async () => {
		const r = await post('/dang-nhap', form({ username: 'motcua', password: 'nope-nope-nope' }));
		assert.equal(r.status, 401);
		const html = await r.text();
		assert.match(html, /Sai tên đăng nhập hoặc mật khẩu/);
		assert.match(html, /value="motcua"/);
		assert.equal(r.headers.get('set-cookie'), null);
	});

	test('a login posted from another site is refused', async () => {
		const r = await post('/dang-nhap', form({ username: 'motcua', password: 'MotCua@Demo2025' }), { Origin: 'http://evil.example' });
		assert.equal(r.status, 403);
		assert.equal(r.headers.get('set-cookie'), null);
	});

	test('the cookie works for the API and pages; logout needs the CSRF token', async () => {
		const login = await post('/dang-nhap', form({ username: 'admin', password: 'QuanTri@Demo2025' }));
		const cookie = `motcua_session=${cookieOf(login)}`;
		const me = await fetch(srv.url('/api/v1/me'), { headers: { Cookie: cookie } });
		assert.equal(me.status, 200);
		assert.equal((await me.json()).username, 'admin');
		const page = await (await fetch(srv.url('/'), { headers: { Cookie: cookie } })).text();
		const csrf = page.match(/name="csrf" value="([0-9a-f]{64})"/)[1];
		// a cross-site form post carries the cookie but not the token
		const noToken = await post('/dang-xuat', '', { Cookie: cookie });
		assert.equal(noToken.status, 403);
		assert.match(noToken.headers.get('content-type'), /^text\/html/, 'a page route answers with a page');
		assert.match(await noToken.text(), /biểu mẫu đã hết hạn/);
		// the same for a state-changing API call on the cookie
		const api = await fetch(srv.url('/api/v1/agencies/000.02.12.H50'), {
			method: 'PATCH', headers: { Cookie: cookie, 'Content-Type': 'application/json' }, body: '{"phone":"1"}',
		});
		assert.equal(api.status, 403);
		const withHeader = await fetch(srv.url('/api/v1/agencies/000.02.12.H50'), {
			method: 'PATCH', headers: { Cookie: cookie, 'Content-Type': 'application/json', 'X-CSRF-Token': csrf }, body: '{"phone":"1"}',
		});
		assert.equal(withHeader.status, 200);
		const out = await post('/dang-xuat', form({ csrf }), { Cookie: cookie });
		assert.equal(out.status, 303);
		assert.match(out.headers.get('set-cookie'), /Max-Age=0/);
		const after = await fetch(srv.url('/api/v1/me'), { headers: { Cookie: cookie } });
		assert.equal(after.status, 401);
	});
});
