// limits.test.mjs - a server with a small body limit (MOTCUA_MAX_BODY_BYTES)
// and a small header limit (MOTCUA_MAX_HEADER_BYTES).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { expectError, rawHttp, startServer } from './lib/server.mjs';

const LIMIT = 1024;
let srv;
before(async () => {
	srv = await startServer({ env: { MOTCUA_MAX_BODY_BYTES: String(LIMIT), MOTCUA_MAX_HEADER_BYTES: '8192' } });
});
after(async () => {
	await srv?.stop();
});

const login = (password) => JSON.stringify({ username: 'admin', password });

describe('MOTCUA_MAX_BODY_BYTES=1024', () => {
	test('a body of exactly the limit is read and handled', async () => {
		const prefix = login('');
		const body = login('x'.repeat(LIMIT - prefix.length));
		assert.equal(Buffer.byteLength(body), LIMIT);
		const r = await srv.req('POST', '/api/v1/session', { body });
		// read and parsed (not 413): the ~1000-byte password is longer than
		// passwords may be
		expectError(r, 400, 'invalid_input', 'password');
	});

	test('one byte over the limit, with Content-Length → 413 too_large', async () => {
		const prefix = login('');
		const body = login('x'.repeat(LIMIT + 1 - prefix.length));
		assert.equal(Buffer.byteLength(body), LIMIT + 1);
		const r = await rawHttp(srv.port, [`POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`]);
		assert.equal(r.status, 413);
		const e = JSON.parse(r.body).error;
		assert.equal(e.code, 'too_large');
		assert.equal(e.field, undefined);
		assert.match(e.message, /1024/);
	});

	test('over the limit with fetch (body actually sent) → 413 too_large', async () => {
		const r = await srv.req('POST', '/api/v1/agencies', { body: { code: '000.09.12.H50', name: 'x'.repeat(3000) } });
		expectError(r, 413, 'too_large', null);
	});

	test('a chunked body (no Content-Length) over the limit → 413 too_large', async () => {
		const parts = ['POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n'];
		const chunk = 'y'.repeat(500);
		for (let i = 0; i < 5; i++) parts.push(`${chunk.length.toString(16)}\r\n${chunk}\r\n`);
		parts.push('0\r\n\r\n');
		const r = await rawHttp(srv.port, parts);
		assert.equal(r.status, 413);
		assert.equal(JSON.parse(r.body).error.code, 'too_large');
	});

	test('a chunked body under the limit is handled normally', async () => {
		const body = login('QuanTri@Demo2025');
		const r = await rawHttp(srv.port, [
			'POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n',
			`${Buffer.byteLength(body).toString(16)}\r\n${body}\r\n0\r\n\r\n`,
		]);
		assert.equal(r.status, 201);
		assert.equal(typeof JSON.parse(r.body).token, 'string');
	});

	test('413 answers are counted in /metrics', async () => {
		const t = (await srv.req('GET', '/metrics')).text;
		assert.match(t, /^motcua_http_requests_total\{[^}]*status="413"\} [1-9]\d*$/m);
	});
});

describe('MOTCUA_MAX_HEADER_BYTES=8192', () => {
	test('a 16 KiB header → 431', async () => {
		const r = await rawHttp(srv.port, [`GET /healthz HTTP/1.1\r\nHost: x\r\nCookie: ${'c'.repeat(16 * 1024)}\r\n\r\n`]);
		assert.equal(r.status, 431);
	});

	test('a 2 KiB header is fine', async () => {
		const r = await srv.req('GET', '/healthz', { headers: { Cookie: 'c'.repeat(2048) } });
		assert.equal(r.status, 200);
	});
});
