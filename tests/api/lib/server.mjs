// server.mjs - start a throw-away motcua server for one API test file.
//
//   const srv = await startServer();          // temp dir, seed-demo, serve on port 0
//   const tok = await srv.login('admin');     // bearer token of a demo login
//   const r = await srv.req('GET', '/api/v1/me', { token: tok });
//   await srv.stop();                          // kill the process, remove the temp dir
//
// The binary is $MOTCUA_BIN (default build/rel/motcua), relative to the
// project root, which is the working directory of `node --test`.
//
// Backend: SQLite (a motcua.db file in the temp dir) unless
// $MOTCUA_TEST_PG_URL names a PostgreSQL server (tests/pg/pg.sh start sets
// it); then every server gets a fresh database on it, created with psql,
// named in <dir>/db-url and dropped when the server's dir is removed.
// srv.db is the file path or the database URL: `--db srv.db` works either way.
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const ROOT = process.cwd();
export const BIN = path.resolve(ROOT, process.env.MOTCUA_BIN || 'build/rel/motcua');
/* The PostgreSQL server under test ('' = SQLite) and the backend's name
 * as /healthz and the listening line give it. */
export const PG_URL = process.env.MOTCUA_TEST_PG_URL || '';
export const BACKEND = PG_URL ? 'postgresql' : 'sqlite';

/* The demo logins printed by `motcua seed-demo`, by role. */
export const DEMO_USERS = {
	admin: ['admin', 'QuanTri@Demo2025'],
	desk: ['motcua', 'MotCua@Demo2025'],
	specialist: ['chuyenvien', 'ChuyenVien@Demo2025'],
	unit_leader: ['truongphong', 'TruongPhong@Demo2025'],
	agency_leader: ['giamdoc', 'GiamDoc@Demo2025'],
	clerk: ['vanthu', 'VanThu@Demo2025'],
	inspector: ['thanhtra', 'ThanhTra@Demo2025'],
	citizen: ['congdan', 'CongDan@Demo2025'],
};

/* Settings from the caller's environment must not leak into the server
 * under test (a developer's MOTCUA_DB, MOTCUA_LISTEN, ...). */
function cleanEnv(extra) {
	const env = {};
	for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('MOTCUA_')) env[k] = v;
	env.MOTCUA_LOG_LEVEL = 'warn';
	env.MOTCUA_ACCESS_LOG = '0';
	return { ...env, ...extra };
}

/* What a server or command built with ASan/UBSan writes to stderr when it
 * finds a memory error, undefined behaviour or a leak (tests/run.sh runs
 * the API suite once against such a build). */
export const SANITIZER_RE = /runtime error:|ERROR: (?:Address|Leak|UndefinedBehavior)Sanitizer/;

function run(bin, args, env) {
	return new Promise((resolve, reject) => {
		execFile(bin, args, { env, timeout: 30000 }, (err, stdout, stderr) => {
			if (err) reject(new Error(`${bin} ${args.join(' ')} failed: ${err.message}\n${stderr}`));
			else if (SANITIZER_RE.test(stderr)) reject(new Error(`${bin} ${args.join(' ')}: sanitizer report\n${stderr}`));
			else resolve({ stdout, stderr });
		});
	});
}

/* The URL of database `name` on the server of PG_URL. */
function pgDbUrl(name) {
	return PG_URL.replace(/^(postgres(?:ql)?:\/\/[^/]*\/)[^?]*/, `$1${name}`);
}

/* Run SQL with psql on PG_URL's server (or on database url). */
export async function psql(sqlText, url = PG_URL) {
	return run('psql', [url, '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-c', sqlText], { ...process.env, PGOPTIONS: '-c client_min_messages=warning' });
}

/* A fresh, empty PostgreSQL database; its URL. */
export async function createPgDatabase() {
	const name = `motcua_test_${process.pid}_${randomBytes(4).toString('hex')}`;
	await psql(`CREATE DATABASE "${name}"`);
	return pgDbUrl(name);
}

/* Drop a database made by createPgDatabase (its servers may still run). */
export async function dropPgDatabase(url) {
	const m = /^postgres(?:ql)?:\/\/[^/]*\/([^?]*)/.exec(url);
	if (m && m[1].startsWith('motcua_test_')) await psql(`DROP DATABASE IF EXISTS "${m[1]}" WITH (FORCE)`);
}

/*
 * Tamper with a server's database behind motcua's back: `sqlite` runs
 * in the sqlite3 shell, `pg` in psql, whichever the backend is. Rejects
 * with the tool's error output (e.g. a trigger's message).
 */
export async function rawSql(srv, { sqlite, pg }) {
	if (PG_URL) return psql(pg, srv.db);
	return run('sqlite3', [srv.db, sqlite], process.env);
}

/* Seed a fresh database with the demo data. */
export async function seedDemo(db, env = {}) {
	return run(BIN, ['seed-demo', '--db', db], cleanEnv(env));
}

/*
 * Start a server. Options:
 *   env   extra environment (e.g. { MOTCUA_MAX_BODY_BYTES: '1024' })
 *   dir   reuse this directory and its motcua.db (no seeding; for restarts)
 * Returns { base, port, url(path), dir, db, proc, version, listenLine,
 *           req, json, login, stop, kill9 }.
 */
export async function startServer({ env = {}, dir } = {}) {
	const own = !dir;
	if (own) dir = await mkdtemp(path.join(tmpdir(), 'motcua-api-'));
	let db = path.join(dir, 'motcua.db');
	const removeDir = async () => {
		if (PG_URL) await dropPgDatabase(db).catch(() => {});
		await rm(dir, { recursive: true, force: true });
	};
	try {
		if (PG_URL && own) {
			db = await createPgDatabase();
			await writeFile(path.join(dir, 'db-url'), db);
		} else if (PG_URL) {
			db = (await readFile(path.join(dir, 'db-url'), 'utf8')).trim();
		}
		if (own) await seedDemo(db, env);
	} catch (e) {
		if (own) await removeDir();
		throw e;
	}
	const proc = spawn(BIN, ['serve', '--db', db, '--listen', '127.0.0.1:0'], {
		env: cleanEnv(env),
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let stderr = '';
	let sanitizer = ''; // the first sanitizer report, kept whole
	proc.stderr.setEncoding('utf8');
	proc.stderr.on('data', (d) => {
		stderr = (stderr + d).slice(-20000); // keep the tail for diagnostics
		if (sanitizer) sanitizer = (sanitizer + d).slice(0, 8000);
		else if (SANITIZER_RE.test(stderr)) sanitizer = stderr.slice(stderr.search(SANITIZER_RE) - 200).slice(0, 8000);
	});
	const exited = new Promise((resolve) => proc.once('exit', (code, sig) => resolve({ code, sig })));
	const listenLine = await new Promise((resolve, reject) => {
		let out = '';
		const timer = setTimeout(() => {
			proc.kill('SIGKILL');
			reject(new Error(`motcua serve did not print its listening line in 10 s\n${out}\n${stderr}`));
		}, 10000);
		proc.stdout.setEncoding('utf8');
		proc.stdout.on('data', (d) => {
			out += d;
			const line = out.split('\n').find((l) => / listening on http:\/\//.test(l));
			if (line) {
				clearTimeout(timer);
				resolve(line);
			}
		});
		exited.then(({ code, sig }) => {
			clearTimeout(timer);
			reject(new Error(`motcua serve exited (${code ?? sig}) before listening\n${out}\n${stderr}`));
		});
	});
	proc.stdout.resume();
	const m = /^motcua (\S+) listening on (http:\/\/127\.0\.0\.1:(\d+))\//.exec(listenLine);
	assert.ok(m, `unexpected listening line: ${listenLine}`);
	const base = m[2];
	const port = Number(m[3]);
	const tokens = new Map();
	let stopped = false;

	const srv = {
		base,
		port,
		dir,
		db,
		proc,
		version: m[1],
		listenLine,
		stderr: () => stderr,
		url: (p) => base + p,
		/*
		 * One request with fetch. opts: body (object/array → JSON text,
		 * string → sent as is), token, headers, contentType (default JSON
		 * when there is a body). Returns { status, headers, text, body }
		 * where body is the parsed JSON (or undefined).
		 */
		async req(method, p, opts = {}) {
			const headers = { ...(opts.headers || {}) };
			let body;
			if (opts.body !== undefined) {
				body = typeof opts.body === 'string' || opts.body instanceof Uint8Array ? opts.body : JSON.stringify(opts.body);
				if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type'))
					headers['Content-Type'] = opts.contentType || 'application/json';
			}
			if (opts.token) headers.Authorization = `Bearer ${opts.token}`;
			const res = await fetch(base + p, { method, headers, body, redirect: 'manual' });
			const text = await res.text();
			let parsed;
			const ct = res.headers.get('content-type') || '';
			if (ct.startsWith('application/json') && text.length) {
				try {
					parsed = JSON.parse(text);
				} catch {
					parsed = undefined;
				}
			}
			return { status: res.status, headers: res.headers, text, body: parsed };
		},
		/* GET and expect 200 JSON; returns the parsed body. */
		async json(p, token) {
			const r = await srv.req('GET', p, { token });
			assert.equal(r.status, 200, `GET ${p}: ${r.status} ${r.text}`);
			return r.body;
		},
		/* Log in as a demo role (or {username,password}); cached per role. */
		async login(who = 'admin', password) {
			const [username, pw] = password ? [who, password] : DEMO_USERS[who] || [who, undefined];
			const key = `${username}\n${pw}`;
			if (tokens.has(key)) return tokens.get(key);
			const r = await srv.req('POST', '/api/v1/session', { body: { username, password: pw } });
			assert.equal(r.status, 201, `login ${username}: ${r.status} ${r.text}`);
			assert.equal(typeof r.body.token, 'string');
			tokens.set(key, r.body.token);
			return r.body.token;
		},
		forgetTokens() {
			tokens.clear();
		},
		/* Stop the server (SIGTERM, then SIGKILL) and remove its temp dir. */
		async stop({ keepDir = false } = {}) {
			if (!stopped) {
				stopped = true;
				if (proc.exitCode === null && proc.signalCode === null) {
					proc.kill('SIGTERM');
					const t = setTimeout(() => proc.kill('SIGKILL'), 5000);
					await exited;
					clearTimeout(t);
				}
			}
			if (own && !keepDir) await removeDir();
			// a sanitizer build reports leaks as it exits: fail the file
			if (sanitizer) throw new Error(`motcua serve: sanitizer report\n${sanitizer}`);
		},
		/* kill -9: no chance to flush or close anything. Keeps the dir. */
		async kill9() {
			stopped = true;
			proc.kill('SIGKILL');
			return exited;
		},
		/* Remove the temp dir (after kill9 / stop({keepDir})). */
		async cleanup() {
			await removeDir();
		},
	};
	return srv;
}

/*
 * Write raw bytes to the server and read the whole answer until the
 * server closes the connection (or `timeout` ms pass, or — when
 * oneResponse — one complete response with Content-Length arrived).
 * `chunks` is an array of strings/Buffers written in order. Returns
 * { status, headers (lower-case names), body, raw }.
 */
export function rawHttp(port, chunks, { timeout = 5000, oneResponse = true } = {}) {
	return new Promise((resolve, reject) => {
		const sock = net.connect(port, '127.0.0.1');
		const bufs = [];
		let done = false;
		const finish = (err) => {
			if (done) return;
			done = true;
			clearTimeout(timer);
			sock.destroy();
			const raw = Buffer.concat(bufs).toString('latin1');
			if (!raw.length) return reject(err || new Error('no answer from the server'));
			resolve(parseRaw(raw));
		};
		const timer = setTimeout(() => finish(new Error('timeout')), timeout);
		sock.on('data', (d) => {
			bufs.push(d);
			if (oneResponse) {
				const p = parseRaw(Buffer.concat(bufs).toString('latin1'));
				if (p.complete) finish();
			}
		});
		sock.on('error', (e) => finish(e)); // e.g. ECONNRESET after the answer
		sock.on('close', () => finish());
		sock.on('connect', async () => {
			for (const c of chunks) {
				if (done || sock.destroyed) break;
				const ok = sock.write(c);
				if (!ok) await new Promise((r) => sock.once('drain', r).once('close', r));
			}
		});
	});
}

function parseRaw(raw) {
	const end = raw.indexOf('\r\n\r\n');
	if (end < 0) return { status: 0, headers: {}, body: '', raw, complete: false };
	const lines = raw.slice(0, end).split('\r\n');
	const status = Number((/^HTTP\/1\.[01] (\d{3})/.exec(lines[0]) || [])[1] || 0);
	const headers = {};
	for (const l of lines.slice(1)) {
		const i = l.indexOf(':');
		if (i > 0) headers[l.slice(0, i).trim().toLowerCase()] = l.slice(i + 1).trim();
	}
	// a "100 Continue" interim answer comes before the real one
	if (status === 100) return parseRaw(raw.slice(end + 4));
	const body = Buffer.from(raw.slice(end + 4), 'latin1').toString('utf8');
	const len = headers['content-length'] !== undefined ? Number(headers['content-length']) : -1;
	const complete = len >= 0 && Buffer.byteLength(body) >= len;
	return { status, headers, body, raw, complete };
}

/*
 * Assert an API error: exact status, JSON content type, the error body
 * shape {"error": {"code", "message", "field"?}} and the exact code.
 * field: a string to compare exactly; null = must have no field;
 * undefined = not checked.
 */
export function expectError(res, status, code, field) {
	const where = `${res.status} ${res.text}`;
	assert.equal(res.status, status, `status: ${where}`);
	assert.match(res.headers.get('content-type') || '', /^application\/json/, `content type: ${where}`);
	assert.ok(res.body && typeof res.body.error === 'object', `error body: ${where}`);
	const e = res.body.error;
	assert.deepEqual(Object.keys(res.body), ['error'], `only "error" at the top: ${where}`);
	for (const k of Object.keys(e)) assert.ok(['code', 'message', 'field'].includes(k), `unexpected key ${k}: ${where}`);
	assert.equal(e.code, code, `error code: ${where}`);
	assert.equal(typeof e.message, 'string', `message: ${where}`);
	assert.ok(e.message.length > 0, `message not empty: ${where}`);
	if (field === null) assert.equal(e.field, undefined, `no field expected: ${where}`);
	else if (field !== undefined) assert.equal(e.field, field, `error field: ${where}`);
}

/* Fold Vietnamese text the way search is specified: no accents, đ → d. */
export function fold(s) {
	return s
		.replace(/đ/g, 'd')
		.replace(/Đ/g, 'D')
		.normalize('NFD')
		.replace(/\p{M}/gu, '')
		.toLowerCase();
}

/* The demo data files. */
export async function demoData() {
	const [agencies, procedures] = await Promise.all([
		readFile(path.join(ROOT, 'data/demo/agencies.json'), 'utf8').then(JSON.parse),
		readFile(path.join(ROOT, 'data/demo/procedures.json'), 'utf8').then(JSON.parse),
	]);
	// the current version of each procedure code (the file lists versions in order)
	const current = new Map();
	for (const p of procedures) {
		const c = current.get(p.code);
		if (!c || (p.version || 1) >= (c.version || 1)) current.set(p.code, p);
	}
	return { agencies, procedures, current };
}

/* routes.def: [{ method, pattern, perm, flags }]. */
export async function readRoutes() {
	// the JSON API's table and the pages' table, as router.c includes them
	const text = (await readFile(path.join(ROOT, 'src/http/routes.def'), 'utf8')) +
		(await readFile(path.join(ROOT, 'src/http/routes_web.def'), 'utf8'));
	const routes = [];
	const re = /^ROUTE\(\s*([A-Z]+)\s*,\s*"([^"]+)"\s*,\s*(\w+)\s*,\s*(\w+)\s*,\s*([^,]+?)\s*,/gm;
	for (const m of text.matchAll(re)) routes.push({ method: m[1], pattern: m[2], handler: m[3], perm: m[4], flags: m[5] });
	return routes;
}

/* Does a concrete path match a routes.def pattern? */
export function patternMatches(pattern, p) {
	const a = pattern.split('/');
	const b = p.split('/');
	return a.length === b.length && a.every((s, i) => (s.startsWith('{') && s.endsWith('}') ? b[i].length > 0 : s === b[i]));
}
