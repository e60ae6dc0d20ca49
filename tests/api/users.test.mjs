// users.test.mjs - the accounts over the API (administrators only):
// GET/POST /api/v1/users, GET/PATCH /api/v1/users/{username}. Each error
// with its status, code and field; every change written to the audit log;
// a password reset and a lock end the user's sessions; an administrator
// cannot lock themselves out nor drop their own admin role.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { expectError, startServer } from './lib/server.mjs';

let srv, admin;
const PW = 'Một mật khẩu dài 2026';
const NEW = { username: 'le.thi.hoa', name: 'Lê Thị Hoa', password: PW, roles: ['specialist'], agency: '000.02.12.H50' };

before(async () => {
	srv = await startServer();
	admin = await srv.login('admin');
});
after(async () => {
	await srv?.stop();
});

const post = (body, token = admin) => srv.req('POST', '/api/v1/users', { token, body });
const patch = (u, body, token = admin) => srv.req('PATCH', `/api/v1/users/${u}`, { token, body });
async function audit(username) {
	const r = await srv.req('GET', `/api/v1/audit?object=user:${username}&limit=500`, { token: admin });
	assert.equal(r.status, 200, r.text);
	return r.body.items;
}

describe('who may manage accounts', () => {
	test('anonymous: 401 on every endpoint', async () => {
		expectError(await srv.req('GET', '/api/v1/users'), 401, 'unauthorized');
		expectError(await srv.req('POST', '/api/v1/users', { body: NEW }), 401, 'unauthorized');
		expectError(await srv.req('GET', '/api/v1/users/admin'), 401, 'unauthorized');
		expectError(await srv.req('PATCH', '/api/v1/users/admin', { body: { name: 'x' } }), 401, 'unauthorized');
	});
	test('any role but admin: 403, nothing changed', async () => {
		for (const role of ['desk', 'specialist', 'agency_leader', 'inspector', 'citizen']) {
			const tok = await srv.login(role);
			expectError(await srv.req('GET', '/api/v1/users', { token: tok }), 403, 'forbidden');
			expectError(await post({ ...NEW, username: `x.${role}` }, tok), 403, 'forbidden');
			expectError(await srv.req('GET', '/api/v1/users/admin', { token: tok }), 403, 'forbidden');
			expectError(await patch('congdan', { name: 'Hacked' }, tok), 403, 'forbidden');
		}
		assert.equal((await srv.json('/api/v1/users/congdan', admin)).name, 'Nguyễn Văn An (công dân)');
	});
});

describe('GET /api/v1/users', () => {
	test('lists every account with roles as an array, citizens without agency', async () => {
		const r = await srv.json('/api/v1/users', admin);
		assert.equal(r.next_cursor, null);
		const byName = Object.fromEntries(r.items.map((u) => [u.username, u]));
		assert.deepEqual(byName.admin, { username: 'admin', name: 'Quản trị hệ thống', roles: ['admin'], agency: '000.00.12.H50', disabled: false });
		assert.deepEqual(byName.congdan.roles, ['citizen']);
		assert.equal(byName.congdan.agency, null);
		assert.equal(byName.chuyenvien.agency, '000.02.12.H50');
		assert.ok(r.items.every((u) => !('pwhash' in u) && !('password' in u)), 'no password material');
		assert.deepEqual(r.items.map((u) => u.username), [...r.items.map((u) => u.username)].sort());
	});
});

describe('POST /api/v1/users', () => {
	test('creates an account (201, Location), audited, and it can log in', async () => {
		const r = await post(NEW);
		assert.equal(r.status, 201, r.text);
		assert.deepEqual(r.body, { username: 'le.thi.hoa', name: 'Lê Thị Hoa', roles: ['specialist'], agency: '000.02.12.H50', disabled: false });
		assert.equal(r.headers.get('location'), '/api/v1/users/le.thi.hoa');
		const rows = await audit('le.thi.hoa');
		const row = rows.find((a) => a.action === 'user.create');
		assert.ok(row, JSON.stringify(rows));
		assert.equal(row.actor, 'admin');
		assert.deepEqual(row.summary.after, { name: 'Lê Thị Hoa', roles: 'specialist', agency: '000.02.12.H50' });
		assert.ok(!JSON.stringify(rows).includes(PW), 'the password is not in the audit log');
		const tok = await srv.login('le.thi.hoa', PW);
		assert.deepEqual((await srv.json('/api/v1/me', tok)).roles, ['specialist']);
	});
	test('409 when the username exists', async () => {
		expectError(await post({ ...NEW, name: 'Someone else' }), 409, 'conflict', 'username');
		expectError(await post({ ...NEW, username: 'admin' }), 409, 'conflict', 'username');
	});
	test('422 for a weak password, with the reason', async () => {
		let r = await post({ ...NEW, username: 'w1', password: 'short' });
		expectError(r, 422, 'weak_password', 'password');
		assert.match(r.body.error.message, /at least 10/);
		r = await post({ ...NEW, username: 'w2', password: 'qwertyuiop' });
		expectError(r, 422, 'weak_password', 'password');
		assert.match(r.body.error.message, /most common/);
		r = await post({ ...NEW, username: 'hoang.van.w3', password: 'xx hoang.van.w3 yy' });
		expectError(r, 422, 'weak_password', 'password');
		assert.match(r.body.error.message, /username/);
	});
	test('422 for an unknown role, an official without agency, an unknown agency, a citizen with one', async () => {
		expectError(await post({ ...NEW, username: 'r1', roles: ['janitor'] }), 422, 'unknown_role', 'roles');
		expectError(await post({ ...NEW, username: 'r2', roles: [] }), 422, 'roles_required', 'roles');
		expectError(await post({ ...NEW, username: 'r3', agency: undefined }), 422, 'agency_required', 'agency');
		expectError(await post({ ...NEW, username: 'r4', agency: '000.77.12.H50' }), 422, 'unknown_agency', 'agency');
		expectError(await post({ ...NEW, username: 'r5', roles: ['citizen'] }), 422, 'citizen_agency', 'agency');
		const list = (await srv.json('/api/v1/users', admin)).items.map((u) => u.username);
		for (const u of ['r1', 'r2', 'r3', 'r4', 'r5']) assert.ok(!list.includes(u), `${u} was not created`);
	});
	test('400 for a malformed body', async () => {
		expectError(await post({ ...NEW, username: 'b1', extra: 1 }), 400, 'unknown_field', 'extra');
		expectError(await post({ ...NEW, username: undefined }), 400, 'missing_field', 'username');
		expectError(await post({ ...NEW, username: 'b2', password: undefined }), 400, 'missing_field', 'password');
		expectError(await post({ ...NEW, username: 'b3', roles: undefined }), 400, 'missing_field', 'roles');
		expectError(await post({ ...NEW, username: 'b4', roles: 'specialist' }), 400, 'invalid_input', 'roles');
		expectError(await post({ ...NEW, username: 'Không Hợp Lệ' }), 400, 'invalid_input', 'username');
		expectError(await post([NEW]), 400, 'invalid_input');
		expectError(await srv.req('POST', '/api/v1/users', { token: admin, body: '{"username": ' }), 400, 'malformed_json');
	});
});

describe('GET /api/v1/users/{username}', () => {
	test('one account; 404 for an unknown one', async () => {
		assert.deepEqual(await srv.json('/api/v1/users/chuyenvien', admin),
			{ username: 'chuyenvien', name: 'Trần Văn Hùng (chuyên viên)', roles: ['specialist'], agency: '000.02.12.H50', disabled: false });
		expectError(await srv.req('GET', '/api/v1/users/nobody', { token: admin }), 404, 'user_not_found', 'username');
	});
});

describe('PATCH /api/v1/users/{username}', () => {
	const U = 'pham.van.minh';
	before(async () => {
		const r = await post({ username: U, name: 'Phạm Văn Minh', password: PW, roles: ['desk'], agency: '000.00.12.H50' });
		assert.equal(r.status, 201, r.text);
	});

	test('name, roles and agency change together; audited with before and after', async () => {
		const r = await patch(U, { name: 'Phạm Văn Minh (trưởng phòng)', roles: ['unit_leader', 'specialist'], agency: '000.02.12.H50' });
		assert.equal(r.status, 200, r.text);
		assert.deepEqual(r.body, { username: U, name: 'Phạm Văn Minh (trưởng phòng)', roles: ['specialist', 'unit_leader'], agency: '000.02.12.H50', disabled: false });
		const row = (await audit(U)).find((a) => a.action === 'user.update');
		assert.deepEqual(row.summary.before, { name: 'Phạm Văn Minh', roles: 'desk', agency: '000.00.12.H50' });
		assert.deepEqual(row.summary.after, { name: 'Phạm Văn Minh (trưởng phòng)', roles: 'specialist,unit_leader', agency: '000.02.12.H50' });
		assert.equal(row.actor, 'admin');
	});

	test('a password reset ends every session of the user; the new password works', async () => {
		const tok = await srv.login(U, PW);
		assert.equal((await srv.req('GET', '/api/v1/me', { token: tok })).status, 200);
		const before = (await audit(U)).length;
		const r = await patch(U, { password: 'Mật khẩu mới hoàn toàn 2027' });
		assert.equal(r.status, 200, r.text);
		expectError(await srv.req('GET', '/api/v1/me', { token: tok }), 401, 'invalid_token');
		srv.forgetTokens();
		expectError(await srv.req('POST', '/api/v1/session', { body: { username: U, password: PW } }), 401, 'invalid_credentials');
		const again = await srv.req('POST', '/api/v1/session', { body: { username: U, password: 'Mật khẩu mới hoàn toàn 2027' } });
		assert.equal(again.status, 201, again.text);
		const rows = await audit(U);
		assert.equal(rows.filter((a) => a.action === 'user.password').length, 1);
		assert.equal(rows.filter((a) => a.action === 'user.update').length, 1, 'a reset alone writes no user.update row');
		assert.ok(rows.length > before);
		expectError(await patch(U, { password: 'qwertyuiop' }), 422, 'weak_password', 'password');
	});

	test('disabled: true locks the account and ends its sessions; false unlocks it', async () => {
		const tok = (await srv.req('POST', '/api/v1/session', { body: { username: U, password: 'Mật khẩu mới hoàn toàn 2027' } })).body.token;
		let r = await patch(U, { disabled: true });
		assert.equal(r.status, 200, r.text);
		assert.equal(r.body.disabled, true);
		expectError(await srv.req('GET', '/api/v1/me', { token: tok }), 401, 'invalid_token');
		expectError(await srv.req('POST', '/api/v1/session', { body: { username: U, password: 'Mật khẩu mới hoàn toàn 2027' } }), 401, 'invalid_credentials');
		r = await patch(U, { disabled: false });
		assert.equal(r.body.disabled, false);
		const rows = await audit(U);
		assert.ok(rows.some((a) => a.action === 'user.disable'), 'user.disable audited');
		assert.ok(rows.some((a) => a.action === 'user.enable'), 'user.enable audited');
	});

	test('the rules of creation hold on a change (422), and nothing is half-done', async () => {
		expectError(await patch(U, { roles: ['janitor'] }), 422, 'unknown_role', 'roles');
		expectError(await patch(U, { agency: null }), 422, 'agency_required', 'agency');
		expectError(await patch(U, { agency: '000.77.12.H50' }), 422, 'unknown_agency', 'agency');
		expectError(await patch('congdan', { agency: '000.02.12.H50' }), 422, 'citizen_agency', 'agency');
		// a bad role with a good name: the name is not saved either
		expectError(await patch(U, { name: 'Không lưu', roles: ['janitor'] }), 422, 'unknown_role', 'roles');
		assert.equal((await srv.json(`/api/v1/users/${U}`, admin)).name, 'Phạm Văn Minh (trưởng phòng)');
	});

	test('an administrator cannot lock themselves nor drop their own admin role (422)', async () => {
		expectError(await patch('admin', { disabled: true }), 422, 'cannot_disable_self', 'disabled');
		expectError(await patch('admin', { roles: ['desk'] }), 422, 'cannot_remove_own_admin', 'roles');
		assert.equal((await patch('admin', { roles: ['admin', 'inspector'] })).status, 200);
		assert.equal((await srv.req('GET', '/api/v1/me', { token: admin })).status, 200, 'still logged in');
		assert.equal((await patch('admin', { roles: ['admin'] })).status, 200);
	});

	test('400 for a malformed body, 404 for an unknown user', async () => {
		expectError(await patch(U, { username: 'renamed' }), 400, 'unknown_field', 'username');
		expectError(await patch(U, { disabled: 'yes' }), 400, 'invalid_input', 'disabled');
		expectError(await patch(U, { roles: [1] }), 400, 'invalid_input', 'roles');
		expectError(await patch(U, { name: 'x'.repeat(121) }), 400, 'invalid_input', 'name');
		expectError(await patch('nobody', { name: 'x' }), 404, 'user_not_found', 'username');
	});
});
