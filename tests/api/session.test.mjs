// session.test.mjs - POST/DELETE /api/v1/session and GET /api/v1/me.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { DEMO_USERS, expectError, startServer } from './lib/server.mjs';

let srv;
before(async () => {
	srv = await startServer();
});
after(async () => {
	await srv?.stop();
});

const post = (body) => srv.req('POST', '/api/v1/session', { body });

describe('POST /api/v1/session', () => {
	test('good credentials → 201 with a token and the user', async () => {
		const r = await post({ username: 'admin', password: 'QuanTri@Demo2025' });
		assert.equal(r.status, 201);
		assert.match(r.headers.get('content-type'), /^application\/json/);
		assert.equal(typeof r.body.token, 'string');
		assert.ok(r.body.token.length >= 32, 'a long random token');
		assert.deepEqual(r.body.user, { username: 'admin', name: r.body.user.name, roles: ['admin'], agency: '000.00.12.H50' });
		assert.equal(typeof r.body.user.name, 'string');
		assert.ok(r.body.user.name.length > 0);
		// a reply carrying a token is never cached
		assert.equal(r.headers.get('cache-control'), 'no-store');
	});

	test('every demo login works and carries its role', async () => {
		for (const [role, [username, password]] of Object.entries(DEMO_USERS)) {
			const r = await post({ username, password });
			assert.equal(r.status, 201, `${username}: ${r.text}`);
			assert.equal(r.body.user.username, username);
			assert.ok(r.body.user.roles.includes(role), `${username} roles ${r.body.user.roles}`);
		}
	});

	test('two logins give two different tokens', async () => {
		const a = await post({ username: 'congdan', password: 'CongDan@Demo2025' });
		const b = await post({ username: 'congdan', password: 'CongDan@Demo2025' });
		assert.notEqual(a.body.token, b.body.token);
	});

	test('wrong password → 401 invalid_credentials', async () => {
		expectError(await post({ username: 'admin', password: 'wrong' }), 401, 'invalid_credentials', null);
	});

	test('password is case-sensitive', async () => {
		expectError(await post({ username: 'admin', password: 'quantri@demo2025' }), 401, 'invalid_credentials', null);
	});

	test('unknown user → the same 401 invalid_credentials as a wrong password', async () => {
		const a = await post({ username: 'nobody-here', password: 'QuanTri@Demo2025' });
		const b = await post({ username: 'admin', password: 'nope' });
		expectError(a, 401, 'invalid_credentials', null);
		assert.equal(a.body.error.message, b.body.error.message, 'no hint whether the user exists');
	});

	test('missing username → 400 missing_field username', async () => {
		expectError(await post({ password: 'x' }), 400, 'missing_field', 'username');
	});

	test('missing password → 400 missing_field password', async () => {
		expectError(await post({ username: 'admin' }), 400, 'missing_field', 'password');
	});

	test('null password counts as missing', async () => {
		expectError(await post({ username: 'admin', password: null }), 400, 'missing_field', 'password');
	});

	test('empty username → 400 invalid_input username', async () => {
		expectError(await post({ username: '', password: 'x' }), 400, 'invalid_input', 'username');
	});

	test('unknown field → 400 unknown_field', async () => {
		expectError(await post({ username: 'admin', password: 'QuanTri@Demo2025', remember: true }), 400, 'unknown_field', 'remember');
	});

	test('wrong types → 400 invalid_input with the field', async () => {
		expectError(await post({ username: 42, password: 'x' }), 400, 'invalid_input', 'username');
		expectError(await post({ username: 'admin', password: ['QuanTri@Demo2025'] }), 400, 'invalid_input', 'password');
	});

	test('a body that is not an object → 400', async () => {
		expectError(await post([]), 400, 'invalid_input', null);
		expectError(await post('"admin"'), 400, 'malformed_json', null);
	});
});

describe('GET /api/v1/me', () => {
	test('with a token → the current user', async () => {
		const tok = await srv.login('desk');
		const r = await srv.req('GET', '/api/v1/me', { token: tok });
		assert.equal(r.status, 200);
		assert.deepEqual(Object.keys(r.body).sort(), ['agency', 'name', 'roles', 'username']);
		assert.equal(r.body.username, 'motcua');
		assert.deepEqual(r.body.roles, ['desk']);
		assert.equal(typeof r.body.agency, 'string');
	});

	test('a citizen has no agency', async () => {
		const r = await srv.req('GET', '/api/v1/me', { token: await srv.login('citizen') });
		assert.equal(r.status, 200);
		assert.equal(r.body.username, 'congdan');
		assert.deepEqual(r.body.roles, ['citizen']);
		assert.equal(r.body.agency, null);
	});

	test('the user in the login answer equals GET /me', async () => {
		const s = await post({ username: 'admin', password: 'QuanTri@Demo2025' });
		const me = await srv.req('GET', '/api/v1/me', { token: s.body.token });
		assert.deepEqual(me.body, s.body.user);
	});

	test('without a token → 401 unauthorized', async () => {
		expectError(await srv.req('GET', '/api/v1/me'), 401, 'unauthorized', null);
	});

	test('a made-up token → 401', async () => {
		const r = await srv.req('GET', '/api/v1/me', { token: 'f'.repeat(64) });
		expectError(r, 401, 'invalid_token', null);
	});

	test('a non-Bearer Authorization → 401 unauthorized', async () => {
		const r = await srv.req('GET', '/api/v1/me', { headers: { Authorization: 'Basic YWRtaW46UXVhblRyaUBEZW1vMjAyNQ==' } });
		expectError(r, 401, 'unauthorized', null);
	});

	test('the bearer scheme name is case-insensitive', async () => {
		const tok = await srv.login('admin');
		const r = await srv.req('GET', '/api/v1/me', { headers: { Authorization: `bearer ${tok}` } });
		assert.equal(r.status, 200);
		assert.equal(r.body.username, 'admin');
	});
});

describe('DELETE /api/v1/session', () => {
	test('logs out: 204, then the token no longer works', async () => {
		const s = await post({ username: 'congdan', password: 'CongDan@Demo2025' });
		const tok = s.body.token;
		assert.equal((await srv.req('GET', '/api/v1/me', { token: tok })).status, 200);
		const d = await srv.req('DELETE', '/api/v1/session', { token: tok });
		assert.equal(d.status, 204);
		assert.equal(d.text, '');
		expectError(await srv.req('GET', '/api/v1/me', { token: tok }), 401, 'invalid_token', null);
		// a second logout with the dead token is refused too
		expectError(await srv.req('DELETE', '/api/v1/session', { token: tok }), 401, 'invalid_token', null);
	});

	test('ends only that session: another login of the same user keeps working', async () => {
		const a = (await post({ username: 'motcua', password: 'MotCua@Demo2025' })).body.token;
		const b = (await post({ username: 'motcua', password: 'MotCua@Demo2025' })).body.token;
		assert.equal((await srv.req('DELETE', '/api/v1/session', { token: a })).status, 204);
		assert.equal((await srv.req('GET', '/api/v1/me', { token: a })).status, 401);
		const me = await srv.req('GET', '/api/v1/me', { token: b });
		assert.equal(me.status, 200);
		assert.equal(me.body.username, 'motcua');
	});

	test('without a token → 401 unauthorized', async () => {
		expectError(await srv.req('DELETE', '/api/v1/session'), 401, 'unauthorized', null);
	});

	test('a logged-out token cannot be used for admin work either', async () => {
		const tok = (await post({ username: 'admin', password: 'QuanTri@Demo2025' })).body.token;
		assert.equal((await srv.req('DELETE', '/api/v1/session', { token: tok })).status, 204);
		const r = await srv.req('PATCH', '/api/v1/agencies/000.00.12.H50', { token: tok, body: { name: 'Hacked' } });
		expectError(r, 401, 'invalid_token', null);
		const a = await srv.json('/api/v1/agencies/000.00.12.H50');
		assert.equal(a.name, 'Sở Khoa học và Công nghệ tỉnh Quảng Trị');
	});
});
