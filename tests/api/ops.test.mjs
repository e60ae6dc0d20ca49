// ops.test.mjs - GET /healthz, GET /metrics, GET /api/v1/openapi.json.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { BACKEND, readRoutes, startServer } from './lib/server.mjs';

let srv;
before(async () => {
	srv = await startServer();
});
after(async () => {
	await srv?.stop();
});

describe('GET /healthz', () => {
	test('answers status ok, the backend (sqlite or postgresql) and the version', async () => {
		const r = await srv.req('GET', '/healthz');
		assert.equal(r.status, 200);
		assert.equal(r.headers.get('content-type'), 'application/json; charset=utf-8');
		assert.equal(r.body.status, 'ok');
		assert.equal(r.body.db, BACKEND);
		assert.equal(typeof r.body.version, 'string');
		assert.match(r.body.version, /^\d+\.\d+\.\d+/);
		// the same version the server printed when it started
		assert.equal(r.body.version, srv.version);
	});

	test('the listening line names the database and the backend', () => {
		const db = BACKEND === 'sqlite' ? '.*motcua\\.db' : 'postgresql://.*';
		assert.match(srv.listenLine, new RegExp(`^motcua ${srv.version.replace(/\./g, '\\.')} listening on http://127\\.0\\.0\\.1:${srv.port}/ \\(database: ${db}, ${BACKEND}\\)$`));
	});

	test('HEAD /healthz answers like GET without a body', async () => {
		const r = await srv.req('HEAD', '/healthz');
		assert.equal(r.status, 200);
		assert.equal(r.text, '');
	});
});

describe('GET /metrics', () => {
	const counterRe = (method, route, status) =>
		new RegExp(`^motcua_http_requests_total\\{method="${method}",route="${route.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}",status="${status}"\\} (\\d+)$`, 'm');

	test('Prometheus text with request counters for a route that was called', async () => {
		await srv.req('GET', '/healthz');
		const r = await srv.req('GET', '/metrics');
		assert.equal(r.status, 200);
		assert.match(r.headers.get('content-type'), /^text\/plain; version=0\.0\.4/);
		assert.match(r.text, /^# HELP motcua_http_requests_total .+$/m);
		assert.match(r.text, /^# TYPE motcua_http_requests_total counter$/m);
		const m = counterRe('GET', '/healthz', 200).exec(r.text);
		assert.ok(m, `no counter for GET /healthz 200 in:\n${r.text}`);
		assert.ok(Number(m[1]) >= 1);
		// every sample line is "name{labels} number"
		for (const line of r.text.split('\n')) {
			if (!line || line.startsWith('#')) continue;
			assert.match(line, /^[a-zA-Z_:][a-zA-Z0-9_:]*(\{[^}]*\})? [0-9.eE+-]+$/, `bad sample line: ${line}`);
		}
	});

	test('the counter goes up by exactly one per request, and errors are counted by status', async () => {
		const count = async (re) => {
			const t = (await srv.req('GET', '/metrics')).text;
			const m = re.exec(t);
			return m ? Number(m[1]) : 0;
		};
		// a request is counted when its connection reports it complete,
		// just after the client has the answer: wait for it (a slow server
		// under valgrind or ASan may take a moment), then expect exactly one
		const settled = async (re, want) => {
			let n = await count(re);
			for (let i = 0; i < 100 && n < want; i++) {
				await new Promise((res) => setTimeout(res, 20));
				n = await count(re);
			}
			return n;
		};
		const ok = counterRe('GET', '/healthz', 200);
		const before1 = await count(ok);
		await srv.req('GET', '/healthz');
		assert.equal(await settled(ok, before1 + 1), before1 + 1);

		const nf = counterRe('GET', '/api/v1/agencies/{code}', 404);
		const before2 = await count(nf);
		const r = await srv.req('GET', '/api/v1/agencies/000.00.99.H50');
		assert.equal(r.status, 404);
		assert.equal(await settled(nf, before2 + 1), before2 + 1);
	});

	test('a latency histogram per route: buckets rising to +Inf, _sum and _count', async () => {
		await srv.req('GET', '/healthz');
		const t = (await srv.req('GET', '/metrics')).text;
		assert.match(t, /^# TYPE motcua_http_request_duration_seconds histogram$/m);
		const lbl = 'method="GET",route="/healthz"';
		const buckets = [...t.matchAll(/^motcua_http_request_duration_seconds_bucket\{method="GET",route="\/healthz",le="([^"]+)"\} (\d+)$/gm)].map((m) => [m[1], Number(m[2])]);
		assert.ok(buckets.length >= 2, `histogram buckets for /healthz missing:\n${t}`);
		assert.equal(buckets.at(-1)[0], '+Inf');
		for (let i = 1; i < buckets.length; i++) {
			assert.ok(buckets[i][1] >= buckets[i - 1][1], 'buckets are cumulative');
			if (buckets[i][0] !== '+Inf') assert.ok(Number(buckets[i][0]) > Number(buckets[i - 1][0]), 'le rises');
		}
		const count = Number(new RegExp(`^motcua_http_request_duration_seconds_count\\{${lbl.replace(/[/]/g, '\\/')}\\} (\\d+)$`, 'm').exec(t)?.[1]);
		const sum = Number(new RegExp(`^motcua_http_request_duration_seconds_sum\\{${lbl.replace(/[/]/g, '\\/')}\\} ([0-9.eE+-]+)$`, 'm').exec(t)?.[1]);
		assert.equal(count, buckets.at(-1)[1], '_count equals the +Inf bucket');
		assert.ok(count >= 1);
		assert.ok(sum > 0 && Number.isFinite(sum), `_sum is a positive number (${sum})`);
	});
});

describe('GET /api/v1/openapi.json', () => {
	let doc;
	let routes;
	before(async () => {
		routes = await readRoutes();
		const r = await srv.req('GET', '/api/v1/openapi.json');
		assert.equal(r.status, 200);
		assert.match(r.headers.get('content-type'), /^application\/json/);
		doc = r.body;
	});

	test('is OpenAPI 3.1.0 with the server version', async () => {
		assert.ok(routes.length >= 16, `routes.def parsed: ${routes.length} routes`);
		assert.equal(doc.openapi, '3.1.0');
		assert.equal(typeof doc.info.title, 'string');
		assert.equal(doc.info.version, srv.version);
		assert.equal(typeof doc.paths, 'object');
	});

	test('lists every route of routes.def with its method, and nothing else', () => {
		const want = routes.map((r) => `${r.method} ${r.pattern}`).sort();
		const got = [];
		for (const [p, item] of Object.entries(doc.paths))
			for (const m of Object.keys(item))
				if (['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'].includes(m)) got.push(`${m.toUpperCase()} ${p}`);
		got.sort();
		const missing = want.filter((w) => !got.includes(w));
		const extra = got.filter((g) => !want.includes(g));
		assert.deepEqual(missing, [], 'routes missing from openapi.json');
		assert.deepEqual(extra, [], 'operations in openapi.json that routes.def lacks');
	});

	test('each templated path declares its path parameters; protected routes declare security', () => {
		for (const r of routes) {
			const op = doc.paths[r.pattern][r.method.toLowerCase()];
			const names = [...r.pattern.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
			const declared = (op.parameters || []).filter((p) => p.in === 'path').map((p) => p.name);
			assert.deepEqual(declared, names, `${r.method} ${r.pattern} path parameters`);
			for (const p of (op.parameters || []).filter((x) => x.in === 'path')) assert.equal(p.required, true);
			assert.ok(op.responses && Object.keys(op.responses).length > 0, `${r.method} ${r.pattern} responses`);
			if (r.perm !== 'PERM_PUBLIC') assert.ok(Array.isArray(op.security) && op.security.length > 0, `${r.method} ${r.pattern} needs security`);
			if (/RF_BODY/.test(r.flags)) assert.ok(op.requestBody, `${r.method} ${r.pattern} has a request body`);
		}
		assert.equal(doc.components.securitySchemes.bearer.scheme, 'bearer');
	});
});
