// two_servers.test.mjs - two `motcua serve` processes on one PostgreSQL
// database, as behind nginx: requests fired at both at once must behave as
// if there were one server. Needs $MOTCUA_TEST_PG_URL (tests/run.sh starts
// a server with tests/pg/pg.sh); skipped, saying so, without it.
//
// Checked here over HTTP: concurrent intakes on both lose nothing and
// number dossiers without duplicates or gaps; of two concurrent receptions
// of one dossier on the two servers exactly one wins; the audit hash chain
// written by both stays intact; a session opened on one is valid on the
// other and ends on both. That the outbox rows are claimed exactly once by
// workers on several nodes is checked by the store contract suite
// (tests/store/, "two workers claim each outbox row exactly once"), with
// one store - one connection pool - per worker, as one per node.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { PG_URL, startServer } from '../api/lib/server.mjs';

const skip = PG_URL ? false : 'MOTCUA_TEST_PG_URL is not set (tests/run.sh sets it)';
const TT = '1.004201.000.00.00.H50';
const APPLICANT = { kind: 'citizen', name: 'Nguyễn Văn An', id_number: '001085012345', phone: '0912345678' };
const DOCS = [{ code: 'TP1' }, { code: 'TP2' }, { code: 'TP3' }, { code: 'TP4' }];
const NOW = '2025-08-05T09:00';

let a, b; // the two servers
before(async () => {
	if (skip) return;
	const env = { MOTCUA_TEST_CLOCK: 'on' };
	a = await startServer({ env });
	b = await startServer({ env, dir: a.dir }); // the same database
});
after(async () => {
	await b?.stop();
	await a?.stop();
});

const file = (srv, token, body) => srv.req('POST', '/api/v1/dossiers', { token, body, headers: { 'X-Test-Now': NOW } });

/* Run fns with at most `width` in flight; results in order. */
async function pool(fns, width) {
	const out = new Array(fns.length);
	let next = 0;
	await Promise.all(Array.from({ length: width }, async () => {
		while (next < fns.length) {
			const i = next++;
			out[i] = await fns[i]();
		}
	}));
	return out;
}

describe('two servers on one PostgreSQL database', { skip }, () => {
	test('both answer, on the same database', async () => {
		for (const srv of [a, b]) {
			const r = await srv.json('/healthz');
			assert.equal(r.db, 'postgresql');
		}
		assert.equal(a.db, b.db);
		assert.notEqual(a.port, b.port);
	});

	test('a session opened on one server is valid on the other, and a logout ends it on both', async () => {
		const tok = await a.login('citizen');
		let me = await b.req('GET', '/api/v1/me', { token: tok });
		assert.equal(me.status, 200, me.text);
		assert.equal(me.body.username, 'congdan');
		const out = await b.req('DELETE', '/api/v1/session', { token: tok });
		assert.ok(out.status === 200 || out.status === 204, out.text);
		me = await a.req('GET', '/api/v1/me', { token: tok });
		assert.equal(me.status, 401, me.text);
		a.forgetTokens();
	});

	test('240 concurrent intakes on both servers: all stored, codes distinct and consecutive', async () => {
		const desk = await a.login('desk');
		const N = 240;
		const fns = [];
		for (let i = 0; i < N; i++)
			fns.push(() => file(i % 2 ? b : a, desk, { procedure: TT, applicant: { ...APPLICANT, name: `Người nộp ${i}` }, documents: DOCS, receive: true }));
		const res = await pool(fns, 32);
		const bad = res.find((r) => r.status !== 201);
		assert.equal(bad, undefined, bad && `${bad.status} ${bad.text}`);
		const codes = res.map((r) => r.body.code).sort();
		assert.equal(new Set(codes).size, N, 'no duplicate code');
		codes.forEach((c, i) => assert.equal(c, `000.00.12.H50-250805-${String(i + 1).padStart(4, '0')}`, 'gap-free from 1'));
		// no lost write: each dossier reads back whole on the other server
		// than the one that filed it, with the applicant it was filed with
		const back = await pool(res.map((r, i) => () => (i % 2 ? a : b).req('GET', `/api/v1/dossiers/${r.body.code}`, { token: desk })), 16);
		back.forEach((r, i) => {
			assert.equal(r.status, 200, r.text);
			assert.equal(r.body.applicant.name, `Người nộp ${i}`);
			assert.equal(r.body.status, 2);
		});
	});

	test('one dossier received at once on both servers: exactly one reception wins', async () => {
		const citizen = await a.login('citizen');
		const desk = await a.login('desk');
		const codes = [];
		for (let i = 0; i < 40; i++) {
			const r = await file(b, citizen, { procedure: TT, channel: 2, applicant: APPLICANT, documents: DOCS });
			assert.equal(r.status, 201, r.text);
			codes.push(r.body.code);
		}
		const receive = (srv, code) => srv.req('POST', `/api/v1/dossiers/${code}/actions/receive`, { token: desk, body: {}, headers: { 'X-Test-Now': NOW } });
		const res = await Promise.all(codes.flatMap((c) => [receive(a, c), receive(b, c)]));
		for (let i = 0; i < codes.length; i++) {
			const pair = [res[2 * i].status, res[2 * i + 1].status].sort();
			assert.deepEqual(pair, [200, 409], `${codes[i]}: ${res[2 * i].text} / ${res[2 * i + 1].text}`);
			const d = await a.json(`/api/v1/dossiers/${codes[i]}`, desk);
			assert.equal(d.events.filter((e) => e.action === 'receive').length, 1, 'one reception in the history');
		}
	});

	test('the audit log both servers appended to is one intact hash chain', async () => {
		const insp = await a.login('inspector');
		for (const srv of [a, b]) {
			const r = await srv.json('/api/v1/audit/verify', insp);
			assert.equal(r.intact, true, JSON.stringify(r));
			assert.equal(r.first_broken_row, null);
		}
	});
});
