// persistence.test.mjs - an acknowledged write survives kill -9: restart
// the server on the same database file and read it back.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { startServer } from './lib/server.mjs';

let srv; // the first server, killed with SIGKILL
let again; // the second one, on the same database
before(async () => {
	srv = await startServer();
});
after(async () => {
	await again?.stop();
	if (srv) {
		await srv.stop({ keepDir: true });
		await srv.cleanup();
	}
});

const PROC = {
	code: '9.000900.000.00.00.H50',
	name: 'Thủ tục kiểm tra độ bền dữ liệu',
	field: 'Thử nghiệm',
	agency: '000.00.12.H50',
	online: 'full',
	time_limit: { value: 1, unit: 'working_days' },
	steps: [{ name: 'Giải quyết', role: 'specialist', unit: '000.02.12.H50', hours: 8 }],
	fees: [{ code: 'PHI1', name: 'Phí', amount: 50000 }],
	effective_from: '2025-03-01',
};

test('acknowledged writes survive kill -9 of the server', async () => {
	const admin = await srv.login('admin');
	const w = [];
	let r = await srv.req('POST', '/api/v1/procedures', { token: admin, body: PROC });
	assert.equal(r.status, 201, r.text);
	r = await srv.req('PUT', `/api/v1/procedures/${PROC.code}`, { token: admin, body: { ...PROC, name: `${PROC.name} (v2)`, effective_from: '2025-04-01' } });
	assert.equal(r.status, 200, r.text);
	assert.equal(r.body.version, 2);
	r = await srv.req('POST', '/api/v1/procedures/import', {
		token: admin,
		body: [{ ...PROC, code: '9.000901.000.00.00.H50', name: 'Nhập rồi bị giết' }],
	});
	assert.equal(r.status, 200, r.text);
	for (let i = 0; i < 20; i++) {
		const code = `${String(i + 1).padStart(3, '0')}.05.12.H50`;
		r = await srv.req('POST', '/api/v1/agencies', { token: admin, body: { code, name: `Tổ ${i}`, parent: '000.05.12.H50' } });
		assert.equal(r.status, 201, `${code}: ${r.text}`);
		w.push(code);
	}
	r = await srv.req('PATCH', '/api/v1/agencies/000.05.12.H50', { token: admin, body: { name: 'Phòng Bưu chính (đổi tên trước khi sập)' } });
	assert.equal(r.status, 200, r.text);

	// no graceful shutdown: SIGKILL right after the last acknowledgement
	const { sig } = await srv.kill9();
	assert.equal(sig, 'SIGKILL');

	again = await startServer({ dir: srv.dir });
	assert.notEqual(again.port, 0);
	const p = await again.json(`/api/v1/procedures/${PROC.code}`);
	assert.equal(p.version, 2);
	assert.equal(p.name, `${PROC.name} (v2)`);
	assert.deepEqual(p.fees, PROC.fees);
	const v1 = await again.json(`/api/v1/procedures/${PROC.code}?version=1`);
	assert.equal(v1.name, PROC.name);
	const h = await again.json(`/api/v1/procedures/${PROC.code}/history`);
	assert.deepEqual(
		h.versions.map((v) => v.change),
		['new', 'amended'],
	);
	assert.equal((await again.json('/api/v1/procedures/9.000901.000.00.00.H50')).name, 'Nhập rồi bị giết');
	for (const code of w) assert.equal((await again.json(`/api/v1/agencies/${code}`)).parent, '000.05.12.H50', code);
	assert.equal((await again.json('/api/v1/agencies/000.05.12.H50')).name, 'Phòng Bưu chính (đổi tên trước khi sập)');
	// and it is found by search
	const s = await again.json(`/api/v1/procedures?q=${encodeURIComponent('kiem tra do ben du lieu')}`);
	assert.deepEqual(
		s.items.map((i) => i.code),
		[PROC.code],
	);
	// the demo data is still all there
	assert.equal((await again.json('/api/v1/agencies?flat=true')).items.length, 14 + 20);
	const hz = await again.json('/healthz');
	assert.equal(hz.status, 'ok');
});

test('a session survives the restart too (sessions live in the database)', async () => {
	// log in on the second server, kill it, and use the token on a third
	assert.ok(again, 'the restarted server is up (see the test above)');
	const tok = await again.login('desk');
	await again.kill9();
	const third = await startServer({ dir: srv.dir });
	try {
		const me = await third.req('GET', '/api/v1/me', { token: tok });
		assert.equal(me.status, 200, me.text);
		assert.equal(me.body.username, 'motcua');
	} finally {
		await third.stop();
	}
});
