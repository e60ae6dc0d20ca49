// security.test.mjs - login throttling, the common-password check, the
// audit log (API and `motcua audit verify`), account commands.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';

import { BIN, expectError, rawSql, startServer } from './lib/server.mjs';

const exec = promisify(execFile);
let srv;
before(async () => {
	srv = await startServer();
});
after(async () => {
	await srv?.stop();
});

const login = (username, password) => srv.req('POST', '/api/v1/session', { body: { username, password } });

/* run the CLI on the server's database; resolves to {code, stdout, stderr} */
async function cli(args, input) {
	return new Promise((resolve) => {
		const p = execFile(BIN, args, (err, stdout, stderr) => resolve({ code: err ? err.code : 0, stdout, stderr }));
		if (input !== undefined) p.stdin.end(input);
	});
}

describe('login throttling (5 failures in 15 minutes)', () => {
	let admin;
	test('the 6th attempt on an account is refused with 429 and Retry-After, even with the right password', async () => {
		admin = await srv.login('admin'); // before this address is throttled
		for (let i = 0; i < 5; i++)
			expectError(await login('thanhtra', `wrong-password-${i}`), 401, 'invalid_credentials');
		const r = await login('thanhtra', 'ThanhTra@Demo2025');
		expectError(r, 429, 'too_many_attempts');
		const ra = Number(r.headers.get('retry-after'));
		assert.ok(ra > 800 && ra <= 900, `Retry-After ${ra}`);
	});

	test('the failures and the refusal are in the audit log', async () => {
		const r = await srv.req('GET', '/api/v1/audit?object=user:thanhtra', { token: admin });
		assert.equal(r.status, 200, r.text);
		const failed = r.body.items.filter((x) => x.action === 'session.login_failed');
		assert.equal(failed.length, 5);
		assert.equal(failed[0].summary.after.ip, '127.0.0.1');
	});

	test('the same address is throttled for other accounts too', async () => {
		// 5 failures from 127.0.0.1 already happened above
		expectError(await login('vanthu', 'VanThu@Demo2025'), 429, 'too_many_attempts');
	});
});

describe('behind a reverse proxy (trusted_proxies)', () => {
	const as = (server, xff, username, password) =>
		server.req('POST', '/api/v1/session', { body: { username, password }, headers: { 'X-Forwarded-For': xff } });

	test('from a trusted proxy the client is the last untrusted X-Forwarded-For address: throttled alone, audited', async () => {
		const px = await startServer({ env: { MOTCUA_TRUSTED_PROXIES: '127.0.0.1, 10.0.0.9' } });
		try {
			const admin = await px.login('admin');
			// a client that writes its own X-Forwarded-For cannot pick its address
			for (let i = 0; i < 5; i++)
				expectError(await as(px, `198.51.100.${i}, 203.0.113.5, 10.0.0.9`, 'thanhtra', `wrong-${i}`), 401, 'invalid_credentials');
			expectError(await as(px, '203.0.113.5', 'vanthu', 'VanThu@Demo2025'), 429, 'too_many_attempts');
			// another citizen behind the same proxy is not locked out
			assert.equal((await as(px, '203.0.113.6', 'vanthu', 'VanThu@Demo2025')).status, 201);
			const r = await px.req('GET', '/api/v1/audit?object=user:thanhtra', { token: admin });
			const failed = r.body.items.filter((x) => x.action === 'session.login_failed');
			assert.deepEqual([...new Set(failed.map((x) => x.summary.after.ip))], ['203.0.113.5']);
			// garbage in the header: the proxy's own address counts
			expectError(await as(px, 'not-an-address', 'motcua', 'wrong-x'), 401, 'invalid_credentials');
			const g = await px.req('GET', '/api/v1/audit?object=user:motcua', { token: admin });
			assert.equal(g.body.items.filter((x) => x.action === 'session.login_failed')[0].summary.after.ip, '127.0.0.1');
		} finally {
			await px.stop();
		}
	});

	test('without trusted_proxies X-Forwarded-For is ignored', async () => {
		const plain = await startServer();
		try {
			for (let i = 0; i < 5; i++) expectError(await as(plain, `203.0.113.${i}`, 'thanhtra', `wrong-${i}`), 401, 'invalid_credentials');
			expectError(await as(plain, '203.0.113.99', 'vanthu', 'VanThu@Demo2025'), 429, 'too_many_attempts');
		} finally {
			await plain.stop();
		}
	});
});

describe('the audit log', () => {
	let token;
	before(async () => {
		// a fresh server: the throttling above blocks 127.0.0.1 on the first one
		await srv.stop();
		srv = await startServer();
		token = await srv.login('admin');
	});

	test('a change is audited with who, what, before/after and the request id', async () => {
		const r = await srv.req('PATCH', '/api/v1/agencies/000.02.12.H50', { token, body: { phone: '0233 3852 333' } });
		assert.equal(r.status, 200, r.text);
		const rid = r.headers.get('x-request-id');
		const a = await srv.req('GET', '/api/v1/audit?object=agency:000.02.12.H50', { token });
		const row = a.body.items.at(-1);
		assert.equal(row.action, 'agency.update');
		assert.equal(row.actor, 'admin');
		assert.equal(row.roles, 'admin');
		assert.equal(row.request_id, rid);
		assert.equal(row.ip, '127.0.0.1');
		assert.equal(row.summary.before.phone, undefined);
		assert.equal(row.summary.after.phone, '0233 3852 333');
		assert.match(row.hash, /^[0-9a-f]{64}$/);
	});

	test('paging with cursor walks the whole log in order', async () => {
		let cursor = '';
		const ids = [];
		for (let i = 0; i < 100; i++) {
			const r = await srv.req('GET', `/api/v1/audit?limit=20${cursor ? `&cursor=${cursor}` : ''}`, { token });
			assert.equal(r.status, 200);
			ids.push(...r.body.items.map((x) => x.id));
			if (!r.body.next_cursor) break;
			cursor = r.body.next_cursor;
		}
		assert.ok(ids.length > 40);
		assert.deepEqual(ids, ids.map((_, i) => i + 1));
	});

	test('verify over the API says intact', async () => {
		const r = await srv.req('GET', '/api/v1/audit/verify', { token });
		assert.equal(r.status, 200);
		assert.equal(r.body.intact, true);
		assert.equal(r.body.first_broken_row, null);
	});

	test('an inspector may read it, a desk officer or a citizen may not, anonymous 401', async () => {
		assert.equal((await srv.req('GET', '/api/v1/audit', { token: await srv.login('inspector') })).status, 200);
		expectError(await srv.req('GET', '/api/v1/audit', { token: await srv.login('desk') }), 403, 'forbidden');
		expectError(await srv.req('GET', '/api/v1/audit', { token: await srv.login('citizen') }), 403, 'forbidden');
		expectError(await srv.req('GET', '/api/v1/audit'), 401, 'unauthorized');
	});

	test('tampering with a row in the database file is detected by `motcua audit verify`', async () => {
		const ok = await cli(['audit', 'verify', '--db', srv.db]);
		assert.equal(ok.code, 0, ok.stderr);
		assert.match(ok.stdout, /intact/);
		// edit the database with its own shell (sqlite3 or psql): drop the guard trigger, alter row 3
		await rawSql(srv, {
			sqlite: "DROP TRIGGER audit_no_update; UPDATE audit_log SET actor = 'mallory' WHERE id = 3;",
			pg: "DROP TRIGGER audit_no_update ON audit_log; UPDATE audit_log SET actor = 'mallory' WHERE id = 3;",
		});
		const bad = await cli(['audit', 'verify', '--db', srv.db]);
		assert.equal(bad.code, 3);
		assert.match(bad.stdout, /BROKEN at row 3/);
		const r = await srv.req('GET', '/api/v1/audit/verify', { token });
		assert.equal(r.body.intact, false);
		assert.equal(r.body.first_broken_row, 3);
	});

	test('the log refuses updates and deletes through SQL', async () => {
		const del = 'DELETE FROM audit_log WHERE id = 1;';
		await assert.rejects(rawSql(srv, { sqlite: del, pg: del }), /append-only/);
	});
});

describe('accounts on the command line', () => {
	test('a common password is refused; a good one ends the user\'s sessions', async () => {
		const token = await srv.login('citizen');
		const weak = await cli(['user', 'passwd', '--db', srv.db, '--username', 'congdan', '--password-stdin'], 'qwertyuiop\n');
		assert.equal(weak.code, 2);
		assert.match(weak.stderr, /10,000 most common/);
		const short = await cli(['user', 'passwd', '--db', srv.db, '--username', 'congdan', '--password-stdin'], 'short\n');
		assert.equal(short.code, 2);
		assert.match(short.stderr, /at least 10/);
		const good = await cli(['user', 'passwd', '--db', srv.db, '--username', 'congdan', '--password-stdin'], 'Một mật khẩu mới 2026\n');
		assert.equal(good.code, 0, good.stderr);
		expectError(await srv.req('GET', '/api/v1/me', { token }), 401, 'invalid_token');
		assert.equal((await login('congdan', 'Một mật khẩu mới 2026')).status, 201);
	});

	test('a disabled account cannot log in and its sessions end', async () => {
		const token = await srv.login('clerk');
		const r = await cli(['user', 'disable', '--db', srv.db, '--username', 'vanthu']);
		assert.equal(r.code, 0, r.stderr);
		expectError(await srv.req('GET', '/api/v1/me', { token }), 401, 'invalid_token');
		expectError(await login('vanthu', 'VanThu@Demo2025'), 401, 'invalid_credentials');
		assert.equal((await cli(['user', 'enable', '--db', srv.db, '--username', 'vanthu'])).code, 0);
		assert.equal((await login('vanthu', 'VanThu@Demo2025')).status, 201);
	});

	test('user list shows every account; unknown users and roles are refused', async () => {
		const l = await cli(['user', 'list', '--db', srv.db]);
		assert.equal(l.code, 0);
		assert.match(l.stdout, /^admin\s+admin\s+000\.00\.12\.H50\s+active/m);
		const u = await cli(['user', 'disable', '--db', srv.db, '--username', 'nobody']);
		assert.equal(u.code, 2);
		const a = await cli(['user', 'add', '--db', srv.db, '--username', 'x.y', '--role', 'janitor', '--agency', '000.00.12.H50', '--password-stdin'], 'Mot mat khau dai 2026\n');
		assert.equal(a.code, 2);
		assert.match(a.stderr, /unknown role 'janitor'/);
	});
});
