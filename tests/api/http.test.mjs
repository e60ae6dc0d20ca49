// http.test.mjs - the HTTP layer: unknown routes, wrong methods, body and
// header limits, JSON parsing, content types, keep-alive and the headers
// every response carries.
import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, describe, test } from 'node:test';

import { expectError, patternMatches, rawHttp, readRoutes, startServer } from './lib/server.mjs';

let srv;
let routes;
before(async () => {
	[srv, routes] = await Promise.all([startServer(), readRoutes()]);
});
after(async () => {
	await srv?.stop();
});

const MiB = 1024 * 1024;

/* The methods routes.def has for a concrete path. */
function methodsFor(p) {
	return [...new Set(routes.filter((r) => patternMatches(r.pattern, p)).map((r) => r.method))].sort();
}

describe('unknown routes', () => {
	for (const p of ['/nope', '/api/v1/nope', '/api/v2/agencies', '/api/v1/agencies/000.00.12.H50/extra', '/api/v1/procedures/1.004101.000.00.00.H50/history/x', '/api/v1/agencies/']) {
		test(`GET ${p} → 404 JSON not_found`, async () => {
			const r = await srv.req('GET', p);
			expectError(r, 404, 'not_found', null);
		});
	}

	test('POST to an unknown route is 404 too, not 405', async () => {
		const r = await srv.req('POST', '/api/v1/nothing-here', { body: {} });
		expectError(r, 404, 'not_found', null);
	});
});

describe('wrong method → 405 with Allow', () => {
	const cases = [
		['PUT', '/healthz'],
		['POST', '/metrics'],
		['DELETE', '/api/v1/openapi.json'],
		['GET', '/api/v1/session'],
		['PUT', '/api/v1/session'],
		['POST', '/api/v1/me'],
		['DELETE', '/api/v1/agencies'],
		['PUT', '/api/v1/agencies'],
		['POST', '/api/v1/agencies/000.00.12.H50'],
		['DELETE', '/api/v1/agencies/000.00.12.H50'],
		['PATCH', '/api/v1/procedures'],
		['DELETE', '/api/v1/procedures/1.004101.000.00.00.H50'],
		['POST', '/api/v1/procedures/1.004101.000.00.00.H50/history'],
	];
	for (const [method, p] of cases) {
		test(`${method} ${p}`, async () => {
			const want = methodsFor(p);
			assert.ok(want.length > 0 && !want.includes(method), `routes.def: ${p} has ${want}`);
			const r = await srv.req(method, p, method === 'GET' || method === 'DELETE' ? {} : { body: {} });
			expectError(r, 405, 'method_not_allowed', null);
			const allow = (r.headers.get('allow') || '')
				.split(',')
				.map((s) => s.trim())
				.filter((s) => s && s !== 'HEAD' && s !== 'OPTIONS')
				.sort();
			assert.deepEqual(allow, want, `Allow header "${r.headers.get('allow')}"`);
		});
	}
});

describe('request body limits', () => {
	test('Content-Length over the limit (default 1 MiB) → 413 at once, before the body is sent', async () => {
		const r = await rawHttp(srv.port, [
			'POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n' + `Content-Length: ${2 * MiB}\r\n\r\n`,
		]);
		assert.equal(r.status, 413);
		const body = JSON.parse(r.body);
		assert.equal(body.error.code, 'too_large');
		assert.equal(body.error.field, undefined);
		assert.match(r.headers['content-type'], /^application\/json/);
		assert.equal(r.headers.connection, 'close');
		assert.ok(r.headers['x-request-id']);
	});

	test('a chunked body growing past 1 MiB → 413 too_large', async () => {
		const chunk = 'a'.repeat(64 * 1024);
		const parts = ['POST /api/v1/agencies HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n'];
		for (let i = 0; i < 18; i++) parts.push(`${chunk.length.toString(16)}\r\n${chunk}\r\n`);
		parts.push('0\r\n\r\n');
		const r = await rawHttp(srv.port, parts, { timeout: 10000 });
		assert.equal(r.status, 413);
		assert.equal(JSON.parse(r.body).error.code, 'too_large');
	});

	test('a negative or garbage Content-Length → 400 (libmicrohttpd refuses the request)', async () => {
		for (const cl of ['-5', 'abc']) {
			const r = await rawHttp(srv.port, [`POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${cl}\r\n\r\n`]);
			assert.equal(r.status, 400, `Content-Length: ${cl}`);
		}
	});

	test('an absurd Content-Length (beyond 64 bits) → 413', async () => {
		const r = await rawHttp(srv.port, ['POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 99999999999999999999999\r\n\r\n']);
		assert.equal(r.status, 413);
	});
});

describe('request header limits', () => {
	test('a 64 KiB header → 431 (answered by libmicrohttpd, connection closed)', async () => {
		const r = await rawHttp(srv.port, [`GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(64 * 1024)}\r\n\r\n`]);
		// libmicrohttpd answers this one itself: status 431 with a small HTML
		// page, not our JSON error body (it never reaches the router).
		assert.equal(r.status, 431);
		assert.equal(r.headers.connection?.toLowerCase(), 'close');
	});

	test('the server still answers after a 431', async () => {
		const r = await srv.req('GET', '/healthz');
		assert.equal(r.status, 200);
	});

	test('a large but allowed header (4 KiB) is fine', async () => {
		const r = await srv.req('GET', '/healthz', { headers: { 'X-Fill': 'b'.repeat(4096) } });
		assert.equal(r.status, 200);
	});
});

describe('JSON bodies', () => {
	test('malformed JSON → 400 malformed_json', async () => {
		for (const bad of ['{"username":', '{username: "a"}', '{"a":1,}', "{'a':1}", '{"a":1}{"b":2}']) {
			const r = await srv.req('POST', '/api/v1/session', { body: bad });
			expectError(r, 400, 'malformed_json', null);
		}
	});

	test('duplicate keys are refused as malformed', async () => {
		const r = await srv.req('POST', '/api/v1/session', { body: '{"username":"admin","username":"x","password":"y"}' });
		expectError(r, 400, 'malformed_json', null);
	});

	test('invalid UTF-8 in a JSON body → 400 malformed_json', async () => {
		const bytes = Buffer.concat([Buffer.from('{"username":"'), Buffer.from([0xc3, 0x28]), Buffer.from('","password":"x"}')]);
		const r = await srv.req('POST', '/api/v1/session', { body: new Uint8Array(bytes) });
		expectError(r, 400, 'malformed_json', null);
	});

	test('an empty body where one is needed → 400 missing_body', async () => {
		const r = await srv.req('POST', '/api/v1/session', { headers: { 'Content-Type': 'application/json' } });
		expectError(r, 400, 'missing_body', null);
	});

	test('a body on a GET → 400 unexpected_body', async () => {
		const r = await new Promise((resolve, reject) => {
			const req = http.request(
				{ host: '127.0.0.1', port: srv.port, path: '/api/v1/agencies', method: 'GET', headers: { 'Content-Type': 'application/json', 'Content-Length': 2 } },
				(res) => {
					let t = '';
					res.setEncoding('utf8');
					res.on('data', (d) => (t += d));
					res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, text: t }));
				},
			);
			req.on('error', reject);
			req.end('{}');
		});
		assert.equal(r.status, 400);
		assert.equal(JSON.parse(r.text).error.code, 'unexpected_body');
	});

	test('a body on a DELETE → 400 unexpected_body', async () => {
		const tok = await srv.login('citizen');
		const r = await srv.req('DELETE', '/api/v1/session', { token: tok, body: { all: true } });
		expectError(r, 400, 'unexpected_body', null);
		// the session was not ended
		assert.equal((await srv.req('GET', '/api/v1/me', { token: tok })).status, 200);
	});

	test('wrong Content-Type → 415 unsupported_media_type', async () => {
		for (const ct of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml']) {
			const r = await srv.req('POST', '/api/v1/session', { body: '{"username":"admin","password":"QuanTri@Demo2025"}', contentType: ct });
			expectError(r, 415, 'unsupported_media_type', null);
		}
	});

	test('a Content-Type that only starts like application/json → 415', async () => {
		const r = await srv.req('POST', '/api/v1/session', { body: '{"username":"admin","password":"QuanTri@Demo2025"}', contentType: 'application/jsonx' });
		expectError(r, 415, 'unsupported_media_type', null);
	});

	test('application/json with a charset parameter is accepted', async () => {
		const r = await srv.req('POST', '/api/v1/session', { body: { username: 'admin', password: 'QuanTri@Demo2025' }, contentType: 'application/json; charset=utf-8' });
		assert.equal(r.status, 201);
	});
});

describe('connections and common headers', () => {
	test('keep-alive: two requests share one connection', async () => {
		const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
		const get = () =>
			new Promise((resolve, reject) => {
				const req = http.get({ host: '127.0.0.1', port: srv.port, path: '/healthz', agent }, (res) => {
					let t = '';
					res.setEncoding('utf8');
					res.on('data', (d) => (t += d));
					res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, text: t, socket: req.socket, reused: req.reusedSocket }));
				});
				req.on('error', reject);
			});
		try {
			const a = await get();
			const b = await get();
			assert.equal(a.status, 200);
			assert.equal(b.status, 200);
			assert.notEqual(a.headers.connection, 'close');
			assert.equal(a.reused, false);
			assert.equal(b.reused, true, 'the second request reused the first connection');
			assert.equal(a.socket, b.socket);
			assert.notEqual(a.headers['x-request-id'], b.headers['x-request-id']);
		} finally {
			agent.destroy();
		}
	});

	test('keep-alive survives a 4xx answer on the same connection', async () => {
		const r = await rawHttp(
			srv.port,
			['GET /nope HTTP/1.1\r\nHost: x\r\n\r\nGET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'],
			{ oneResponse: false },
		);
		const statuses = [...r.raw.matchAll(/HTTP\/1\.1 (\d{3}) /g)].map((m) => Number(m[1]));
		assert.deepEqual(statuses, [404, 200]);
	});

	test('X-Request-Id on every answer, unique per request', async () => {
		const seen = new Set();
		for (const [m, p] of [
			['GET', '/healthz'],
			['GET', '/nope'],
			['PUT', '/healthz'],
			['GET', '/api/v1/me'],
			['GET', '/api/v1/agencies/000.00.12.H50'],
		]) {
			const r = await srv.req(m, p);
			const id = r.headers.get('x-request-id');
			assert.ok(id && id.length >= 8, `${m} ${p}: X-Request-Id "${id}"`);
			assert.ok(!seen.has(id), `duplicate request id ${id}`);
			seen.add(id);
		}
	});

	test('security headers on JSON answers and on errors', async () => {
		for (const [m, p] of [
			['GET', '/healthz'],
			['GET', '/api/v1/agencies'],
			['GET', '/nope'],
			['GET', '/api/v1/me'],
			['GET', '/metrics'],
		]) {
			const r = await srv.req(m, p);
			const csp = r.headers.get('content-security-policy') || '';
			assert.match(csp, /default-src 'self'/, `${p} CSP: ${csp}`);
			assert.match(csp, /frame-ancestors 'none'/, `${p} CSP: ${csp}`);
			assert.match(csp, /object-src 'none'/, `${p} CSP: ${csp}`);
			assert.equal(r.headers.get('x-content-type-options'), 'nosniff', p);
			assert.equal(r.headers.get('x-frame-options'), 'DENY', p);
			assert.ok(r.headers.get('referrer-policy'), p);
		}
	});

	test('JSON answers are UTF-8 JSON and not cached', async () => {
		const r = await srv.req('GET', '/api/v1/agencies/000.00.12.H50');
		assert.equal(r.headers.get('content-type'), 'application/json; charset=utf-8');
		assert.equal(r.headers.get('cache-control'), 'no-store');
		assert.equal(r.body.name, 'Sở Khoa học và Công nghệ tỉnh Quảng Trị');
	});

	test('Accept-Language: en gives English messages, the default is Vietnamese; codes stay the same', async () => {
		const vi = await srv.req('GET', '/api/v1/me');
		const en = await srv.req('GET', '/api/v1/me', { headers: { 'Accept-Language': 'en-US,en;q=0.9' } });
		expectError(vi, 401, 'unauthorized', null);
		expectError(en, 401, 'unauthorized', null);
		assert.notEqual(vi.body.error.message, en.body.error.message);
		assert.match(en.body.error.message, /log in/i);
	});
});
