// roles.test.mjs - every role against a representative set of routes:
// allowed, forbidden (403), not logged in (401), out of scope (404); and a
// session that expires when not used (sliding expiry).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { startServer } from './lib/server.mjs';

let srv;
const ROLES = ['admin', 'desk', 'specialist', 'unit_leader', 'agency_leader', 'clerk', 'inspector', 'citizen'];
const tokens = {};
before(async () => {
	srv = await startServer({ env: { MOTCUA_TEST_CLOCK: 'on' } });
	for (const r of ROLES) tokens[r] = await srv.login(r);
});
after(async () => {
	await srv?.stop();
});

// [label, method, path, body, { role: expected status }]; unlisted roles: 403
const DOSSIER = { procedure: '1.004203.000.00.00.H50', applicant: { name: 'Ngô Văn Phúc' }, documents: [] };
const MATRIX = [
	['create an agency', 'POST', '/api/v1/agencies', { code: '000.09.12.H50', name: 'Phòng thử', parent: '000.00.12.H50' }, { admin: 201 }],
	['amend a procedure', 'PUT', '/api/v1/procedures/1.004404.000.00.00.H50', null, { admin: 200 }],
	['edit the calendar', 'PUT', '/api/v1/calendar/2031', { days_off: [] }, { admin: 200 }],
	['read the audit log', 'GET', '/api/v1/audit?limit=1', undefined, { admin: 200, inspector: 200 }],
	['read the outbox status', 'GET', '/api/v1/sync/status', undefined, { admin: 200, inspector: 200 }],
	['the tracking book', 'GET', '/api/v1/reports/tracking-book?from=2025-01-01&to=2025-01-31', undefined,
		{ admin: 200, desk: 200, specialist: 200, unit_leader: 200, agency_leader: 200, clerk: 200, inspector: 200 }],
	['list dossiers', 'GET', '/api/v1/dossiers', undefined, Object.fromEntries(ROLES.map((r) => [r, 200]))],
	['me', 'GET', '/api/v1/me', undefined, Object.fromEntries(ROLES.map((r) => [r, 200]))],
	// a citizen may file, but only online and this procedure is not online
	['file a dossier at the desk', 'POST', '/api/v1/dossiers', DOSSIER, { desk: 201, citizen: 422 }],
];

describe('role × route', () => {
	for (const [label, method, path, body, allowed] of MATRIX) {
		test(label, async () => {
			let payload = body;
			if (payload === null) payload = await srv.json('/api/v1/procedures/1.004404.000.00.00.H50');
			if (payload && payload.version) delete payload.version;
			for (const role of ROLES) {
				const r = await srv.req(method, path, { token: tokens[role], body: payload, headers: { 'X-Test-Now': '2025-06-02T09:00' } });
				const want = allowed[role] ?? 403;
				// a second create of the same agency is a conflict, not a permission matter
				const got = r.status === 409 && want === 201 ? 201 : r.status;
				assert.equal(got, want, `${role} ${method} ${path}: ${r.status} ${r.text.slice(0, 200)}`);
			}
			const anon = await srv.req(method, path, { body: payload });
			assert.equal(anon.status, 401, `anonymous ${method} ${path}`);
		});
	}
});

describe('out of scope is 404', () => {
	test('a citizen reading another\'s dossier and an officer acting on a code that does not exist', async () => {
		const r = await srv.req('POST', '/api/v1/dossiers', { token: tokens.desk, body: DOSSIER, headers: { 'X-Test-Now': '2025-06-02T09:00' } });
		assert.equal(r.status, 201, r.text);
		assert.equal((await srv.req('GET', `/api/v1/dossiers/${r.body.code}`, { token: tokens.citizen })).status, 404);
		assert.equal((await srv.req('GET', `/api/v1/dossiers/${r.body.code}/forms/01.pdf`, { token: tokens.citizen })).status, 404);
		assert.equal((await srv.req('GET', '/api/v1/dossiers/000.00.12.H50-250602-9999', { token: tokens.desk })).status, 404);
	});
});

describe('session expiry', () => {
	test('an unused session expires after session_ttl; a used one slides', async () => {
		const short = await startServer({ env: { MOTCUA_SESSION_TTL: '5' } });
		try {
			const idle = await short.login('desk');
			const busy = await short.login('specialist');
			for (let i = 0; i < 4; i++) {
				await new Promise((ok) => setTimeout(ok, 1600));
				assert.equal((await short.req('GET', '/api/v1/me', { token: busy })).status, 200, `busy at ${i}`);
			}
			// 6.4 s after login: the idle session is gone, the busy one lives on
			assert.equal((await short.req('GET', '/api/v1/me', { token: idle })).status, 401);
			assert.equal((await short.req('GET', '/api/v1/me', { token: busy })).status, 200);
		} finally {
			await short.stop();
		}
	});
});
