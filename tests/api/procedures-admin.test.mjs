// procedures-admin.test.mjs - publishing procedures: POST (create), PUT
// (new version, abolish), POST /import (all or nothing, idempotent) and the
// history they leave (R-PR-4, R-PR-5).
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { ROOT, expectError, startServer } from './lib/server.mjs';

let srv;
let admin;
before(async () => {
	srv = await startServer();
	admin = await srv.login('admin');
});
after(async () => {
	await srv?.stop();
});

let seq = 0;
/* A fresh code 9.0003NN.000.00.00.H50 for each call. */
const newCode = () => `9.${String(300 + ++seq).padStart(6, '0')}.000.00.00.H50`;

/* A valid procedure: 2 working days = 16 working hours over 3 steps. */
function proc(code, over = {}) {
	return {
		code,
		name: 'Cấp giấy xác nhận thử nghiệm',
		field: 'Thử nghiệm',
		level: 'province',
		agency: '000.00.12.H50',
		unit: '000.02.12.H50',
		online: 'full',
		time_limit: { value: 2, unit: 'working_days', online_value: 1 },
		documents: [
			{ code: 'TP1', name: 'Đơn đề nghị (theo mẫu)', original: 1, certified_copy: 0, photocopy: 0, required: true },
			{ code: 'TP2', name: 'Giấy tờ kèm theo', original: 0, certified_copy: 1, photocopy: 0, required: false },
		],
		fees: [{ code: 'PHI1', name: 'Lệ phí', amount: 150000 }],
		steps: [
			{ name: 'Tiếp nhận hồ sơ', role: 'desk', unit: '000.00.40.H50', hours: 4 },
			{ name: 'Thẩm định', role: 'specialist', unit: '000.02.12.H50', hours: 8 },
			{ name: 'Phê duyệt', role: 'agency_leader', unit: '000.00.12.H50', hours: 4 },
		],
		results: [{ name: 'Giấy xác nhận', electronic: true }],
		legal_bases: [{ number: 'Quyết định số 1/2025/QĐ-UBND', date: '2025-01-02', title: 'Thử nghiệm' }],
		effective_from: '2025-02-01',
		decision: { number: '100/QĐ-UBND', date: '2025-01-20' },
		...over,
	};
}
const create = (body, token = admin) => srv.req('POST', '/api/v1/procedures', { token, body });
const put = (code, body, token = admin) => srv.req('PUT', `/api/v1/procedures/${code}`, { token, body });
const importAll = (body, token = admin) => srv.req('POST', '/api/v1/procedures/import', { token, body });
const history = (code) => srv.json(`/api/v1/procedures/${code}/history`);
const withoutCode = (p) => {
	const { code, ...rest } = p;
	return rest;
};

describe('POST /api/v1/procedures', () => {
	test('admin publishes a procedure: 201, Location, version 1, active', async () => {
		const code = newCode();
		const body = proc(code);
		const r = await create(body);
		assert.equal(r.status, 201, r.text);
		assert.equal(r.headers.get('location'), `/api/v1/procedures/${code}`);
		assert.equal(r.body.code, code);
		assert.equal(r.body.version, 1);
		assert.equal(r.body.status, 'active');
		const g = await srv.json(`/api/v1/procedures/${code}`);
		for (const k of ['code', 'name', 'field', 'level', 'agency', 'online', 'time_limit', 'documents', 'fees', 'steps', 'results', 'legal_bases', 'effective_from']) assert.deepEqual(g[k], body[k], k);
		assert.equal(g.version, 1);
		assert.equal(g.status, 'active');
		const h = await history(code);
		assert.deepEqual(
			h.versions.map((v) => [v.version, v.change, v.status, v.effective_from, v.decision]),
			[[1, 'new', 'active', '2025-02-01', { number: '100/QĐ-UBND', date: '2025-01-20' }]],
		);
	});

	test('the minimum: defaults for the optional parts', async () => {
		const code = newCode();
		const r = await create({ code, name: 'Tối thiểu', field: 'Thử nghiệm', agency: '000.00.12.H50', online: 'none', time_limit: { value: 5, unit: 'days' } });
		assert.equal(r.status, 201, r.text);
		const g = await srv.json(`/api/v1/procedures/${code}`);
		assert.deepEqual([g.documents, g.fees, g.steps, g.results, g.legal_bases], [[], [], [], [], []]);
		assert.deepEqual(g.time_limit, { value: 5, unit: 'days', online_value: null });
		assert.match(g.effective_from, /^\d{4}-\d{2}-\d{2}$/);
	});

	test('same_day and hours time limits', async () => {
		const a = await create(proc(newCode(), { time_limit: { unit: 'same_day' }, steps: [{ name: 'Giải quyết', role: 'desk', hours: 4 }] }));
		assert.equal(a.status, 201, a.text);
		assert.equal(a.body.time_limit.unit, 'same_day');
		const b = await create(proc(newCode(), { time_limit: { value: 16, unit: 'hours' } }));
		assert.equal(b.status, 201, b.text);
	});

	test('without a token → 401; as a desk officer or citizen → 403', async () => {
		const code = newCode();
		expectError(await create(proc(code), null), 401, 'unauthorized', null);
		expectError(await create(proc(code), await srv.login('desk')), 403, 'forbidden', null);
		expectError(await create(proc(code), await srv.login('citizen')), 403, 'forbidden', null);
		expectError(await srv.req('GET', `/api/v1/procedures/${code}`), 404, 'procedure_not_found', 'code');
	});

	test('steps whose hours do not add up to the time limit → 422 steps_hours_mismatch steps (R-PR-4)', async () => {
		const code = newCode();
		const body = proc(code, { steps: [{ name: 'Tiếp nhận', role: 'desk', hours: 4 }, { name: 'Xử lý', role: 'specialist', hours: 8 }] });
		expectError(await create(body), 422, 'steps_hours_mismatch', 'steps');
		expectError(await create(proc(code, { time_limit: { value: 3, unit: 'working_days' } })), 422, 'steps_hours_mismatch', 'steps');
		expectError(await srv.req('GET', `/api/v1/procedures/${code}`), 404, 'procedure_not_found', 'code');
	});

	test('a same-day procedure whose steps take more than a working day → 422 steps_hours_mismatch', async () => {
		expectError(await create(proc(newCode(), { time_limit: { unit: 'same_day' }, steps: [{ name: 'a', role: 'desk', hours: 9 }] })), 422, 'steps_hours_mismatch', 'steps');
	});

	test('unknown agency → 422 unknown_agency agency', async () => {
		expectError(await create(proc(newCode(), { agency: '000.00.99.H50' })), 422, 'unknown_agency', 'agency');
	});

	test('unknown unit → 422 unknown_agency unit', async () => {
		expectError(await create(proc(newCode(), { unit: '000.99.12.H50' })), 422, 'unknown_agency', 'unit');
	});

	test('a step in an unknown unit → 422 unknown_agency steps[1].unit', async () => {
		const body = proc(newCode());
		body.steps[1].unit = '000.99.12.H50';
		const r = await create(body);
		expectError(r, 422, 'unknown_agency', 'steps[1].unit');
	});

	test('agency that is not an agency code → 400 invalid_agency_code agency', async () => {
		expectError(await create(proc(newCode(), { agency: 'so-khcn' })), 400, 'invalid_agency_code', 'agency');
	});

	for (const bad of ['9.00001.000.00.00.H50', 'abc', '9.000001.000.00.00.h50', '9.000001..H50', '.000001.000.00.00.H50', '9.000001.000.00.00.H50.']) {
		test(`invalid code "${bad}" → 400 invalid_procedure_code code`, async () => {
			expectError(await create(proc(bad)), 400, 'invalid_procedure_code', 'code');
		});
	}

	test('duplicate code → 409 procedure_exists', async () => {
		const code = newCode();
		assert.equal((await create(proc(code))).status, 201);
		expectError(await create(proc(code, { name: 'Khác' })), 409, 'procedure_exists', 'code');
		expectError(await create(proc('1.004101.000.00.00.H50')), 409, 'procedure_exists', 'code');
		assert.equal((await srv.json(`/api/v1/procedures/${code}`)).name, 'Cấp giấy xác nhận thử nghiệm');
	});

	const bad = [
		['missing time_limit', { time_limit: undefined }, 400, 'missing_field', 'time_limit'],
		['missing name', { name: undefined }, 400, 'missing_field', 'name'],
		['missing field', { field: undefined }, 400, 'missing_field', 'field'],
		['missing agency', { agency: undefined }, 400, 'missing_field', 'agency'],
		['missing online', { online: undefined }, 400, 'missing_field', 'online'],
		['online=maybe', { online: 'maybe' }, 400, 'invalid_input', 'online'],
		['level=galaxy', { level: 'galaxy' }, 400, 'invalid_input', 'level'],
		['time_limit.unit=weeks', { time_limit: { value: 1, unit: 'weeks' } }, 400, 'invalid_input', 'time_limit.unit'],
		['time_limit.value a string', { time_limit: { value: '2', unit: 'working_days' } }, 400, 'invalid_input', 'time_limit.value'],
		['time_limit a number', { time_limit: 2 }, 400, 'invalid_input', 'time_limit'],
		['online_value longer than value', { time_limit: { value: 2, unit: 'working_days', online_value: 3 } }, 422, 'rule_violation', 'time_limit.online_value'],
		['documents[0].required a string', { documents: [{ code: 'TP1', name: 'Đơn', required: 'yes' }] }, 400, 'invalid_input', 'documents[0].required'],
		['documents[0] without name', { documents: [{ code: 'TP1', required: true }] }, 400, 'missing_field', 'documents[0].name'],
		['documents[1].code twice', { documents: [{ code: 'TP1', name: 'a', required: true }, { code: 'TP1', name: 'b', required: true }] }, 422, 'rule_violation', 'documents[1].code'],
		['fees[0].amount negative', { fees: [{ code: 'P', name: 'a', amount: -5 }] }, 400, 'invalid_input', 'fees[0].amount'],
		['fees[0].amount fractional', { fees: [{ code: 'P', name: 'a', amount: 1.5 }] }, 400, 'invalid_input', 'fees[0].amount'],
		['steps[0].role citizen', { steps: [{ name: 'a', role: 'citizen', hours: 16 }] }, 400, 'invalid_input', 'steps[0].role'],
		['steps[0].hours zero', { steps: [{ name: 'a', role: 'desk', hours: 0 }] }, 400, 'invalid_input', 'steps[0].hours'],
		['steps[0].unit not a code', { steps: [{ name: 'a', role: 'desk', unit: 'x', hours: 16 }] }, 400, 'invalid_agency_code', 'steps[0].unit'],
		['steps an object', { steps: { name: 'a' } }, 400, 'invalid_input', 'steps'],
		['effective_from not a date', { effective_from: '2025-13-01' }, 400, 'invalid_input', 'effective_from'],
		['decision without number', { decision: { date: '2025-01-01' } }, 400, 'missing_field', 'decision.number'],
		['unknown top-level field', { colour: 'red' }, 400, 'unknown_field', 'colour'],
		['unknown field in a document', { documents: [{ code: 'TP1', name: 'a', required: true, pages: 3 }] }, 400, 'unknown_field', 'documents[0].pages'],
		['unknown field in time_limit', { time_limit: { value: 2, unit: 'working_days', grace: 1 } }, 400, 'unknown_field', 'time_limit.grace'],
		['status=bogus', { status: 'bogus' }, 400, 'invalid_input', 'status'],
	];
	for (const [what, over, status, code, field] of bad) {
		test(`${what} → ${status} ${code} ${field}`, async () => {
			const body = proc(newCode(), over);
			for (const [k, v] of Object.entries(over)) if (v === undefined) delete body[k];
			expectError(await create(body), status, code, field);
			expectError(await srv.req('GET', `/api/v1/procedures/${body.code}`), 404, 'procedure_not_found', 'code');
		});
	}

	test('a body that is not an object → 400; malformed JSON → 400; wrong type → 415', async () => {
		expectError(await create([proc(newCode())]), 400, 'invalid_input', undefined);
		expectError(await srv.req('POST', '/api/v1/procedures', { token: admin, body: '{"code":' }), 400, 'malformed_json', null);
		expectError(await srv.req('POST', '/api/v1/procedures', { token: admin, body: JSON.stringify(proc(newCode())), contentType: 'text/plain' }), 415, 'unsupported_media_type', null);
	});

	test('version in the body is ignored: the server numbers versions', async () => {
		const code = newCode();
		const r = await create(proc(code, { version: 7 }));
		assert.equal(r.status, 201, r.text);
		assert.equal(r.body.version, 1);
	});
});

describe('PUT /api/v1/procedures/{code}', () => {
	let code;
	before(async () => {
		code = newCode();
		assert.equal((await create(proc(code))).status, 201);
	});

	test('a new version: version + 1, history grows, the old version stays readable', async () => {
		const body = withoutCode(proc(code, { name: 'Cấp giấy xác nhận thử nghiệm (sửa đổi)', online: 'partial', effective_from: '2025-06-01', decision: { number: '200/QĐ-UBND', date: '2025-05-20' } }));
		const r = await put(code, body);
		assert.equal(r.status, 200, r.text);
		assert.equal(r.body.version, 2);
		assert.equal(r.body.status, 'active');
		assert.equal(r.body.name, 'Cấp giấy xác nhận thử nghiệm (sửa đổi)');
		assert.equal(r.headers.get('location'), null, 'no Location on an update (only on 201)');
		const cur = await srv.json(`/api/v1/procedures/${code}`);
		assert.equal(cur.version, 2);
		assert.equal(cur.online, 'partial');
		const v1 = await srv.json(`/api/v1/procedures/${code}?version=1`);
		assert.equal(v1.version, 1);
		assert.equal(v1.name, 'Cấp giấy xác nhận thử nghiệm');
		assert.equal(v1.online, 'full');
		const h = await history(code);
		assert.deepEqual(
			h.versions.map((v) => [v.version, v.change, v.status, v.effective_from, v.decision?.number]),
			[
				[1, 'new', 'amended', '2025-02-01', '100/QĐ-UBND'],
				[2, 'amended', 'active', '2025-06-01', '200/QĐ-UBND'],
			],
		);
	});

	test('GET ?version=1 after an amendment says status amended', async () => {
		const v1 = await srv.json(`/api/v1/procedures/${code}?version=1`);
		assert.equal(v1.status, 'amended', 'the superseded version must not claim to be active');
	});

	test('the body may repeat the same code', async () => {
		const r = await put(code, proc(code, { name: 'Lần ba', effective_from: '2025-07-01' }));
		assert.equal(r.status, 200, r.text);
		assert.equal(r.body.version, 3);
		assert.equal((await history(code)).versions.length, 3);
	});

	test('a different code in the body → 400 code, nothing changes', async () => {
		const other = newCode();
		expectError(await put(code, proc(other)), 400, 'invalid_input', 'code');
		assert.equal((await srv.json(`/api/v1/procedures/${code}`)).version, 3);
		expectError(await srv.req('GET', `/api/v1/procedures/${other}`), 404, 'procedure_not_found', 'code');
	});

	test('the same content again makes no new version (PUT is idempotent)', async () => {
		const body = withoutCode(proc(code, { name: 'Lần bốn', effective_from: '2025-08-01' }));
		const a = await put(code, body);
		assert.equal(a.status, 200, a.text);
		assert.equal(a.body.version, 4);
		const b = await put(code, body);
		assert.equal(b.status, 200, b.text);
		assert.equal(b.body.version, 4);
		assert.equal((await history(code)).versions.length, 4);
	});

	test('the same content again without effective_from makes no new version either', async () => {
		const c = newCode();
		const body = withoutCode(proc(c));
		delete body.effective_from;
		assert.equal((await create({ code: c, ...body })).status, 201);
		const a = await put(c, body);
		assert.equal(a.status, 200, a.text);
		assert.equal(a.body.version, 1, `PUT of unchanged content created version ${a.body.version}`);
		assert.equal((await history(c)).versions.length, 1);
	});

	test('a rule broken by the new version → 422, the old version stays current', async () => {
		const body = withoutCode(proc(code, { time_limit: { value: 5, unit: 'working_days' } }));
		expectError(await put(code, body), 422, 'steps_hours_mismatch', 'steps');
		expectError(await put(code, withoutCode(proc(code, { agency: '000.00.99.H50' }))), 422, 'unknown_agency', 'agency');
		assert.equal((await srv.json(`/api/v1/procedures/${code}`)).version, 4);
	});

	test('unknown procedure → 404 procedure_not_found; invalid code → 400', async () => {
		const c = newCode();
		expectError(await put(c, withoutCode(proc(c))), 404, 'procedure_not_found', 'code');
		expectError(await put('abc', withoutCode(proc(c))), 400, 'invalid_procedure_code', 'code');
	});

	test('without a token → 401; as a specialist → 403', async () => {
		expectError(await put(code, withoutCode(proc(code)), null), 401, 'unauthorized', null);
		expectError(await put(code, withoutCode(proc(code)), await srv.login('specialist')), 403, 'forbidden', null);
	});

	test('abolishing: status abolished, out of search, history says abolished; then 409', async () => {
		const c = newCode();
		assert.equal((await create(proc(c, { name: 'Thủ tục sắp bãi bỏ' }))).status, 201);
		assert.ok((await srv.json(`/api/v1/procedures?q=${encodeURIComponent('thu tuc sap bai bo')}`)).items.some((i) => i.code === c));
		const r = await put(c, withoutCode(proc(c, { name: 'Thủ tục sắp bãi bỏ', status: 'abolished', effective_from: '2025-09-01', decision: { number: '300/QĐ-UBND', date: '2025-08-25' } })));
		assert.equal(r.status, 200, r.text);
		assert.equal(r.body.status, 'abolished');
		assert.equal(r.body.version, 2);
		assert.equal((await srv.json(`/api/v1/procedures/${c}`)).status, 'abolished');
		assert.deepEqual((await srv.json(`/api/v1/procedures?q=${encodeURIComponent('thu tuc sap bai bo')}`)).items, []);
		const h = await history(c);
		assert.equal(h.versions.length, 2);
		assert.equal(h.versions[0].change, 'new');
		assert.notEqual(h.versions[0].status, 'active', 'version 1 is no longer in force');
		assert.deepEqual([h.versions[1].version, h.versions[1].change, h.versions[1].status], [2, 'abolished', 'abolished']);
		assert.equal(h.versions[1].decision.number, '300/QĐ-UBND');
		// an abolished procedure cannot be amended
		expectError(await put(c, withoutCode(proc(c, { name: 'Hồi sinh' }))), 409, 'procedure_abolished', 'code');
	});
});

describe('POST /api/v1/procedures/import', () => {
	test('an array → {imported, unchanged}; the same again → all unchanged', async () => {
		const batch = [proc(newCode()), proc(newCode(), { name: 'Thủ tục nhập thứ hai' }), proc(newCode(), { online: 'none' })];
		const a = await importAll(batch);
		assert.equal(a.status, 200, a.text);
		assert.deepEqual(a.body, { imported: 3, unchanged: 0 });
		for (const p of batch) assert.equal((await srv.json(`/api/v1/procedures/${p.code}`)).version, 1);
		const b = await importAll(batch);
		assert.equal(b.status, 200, b.text);
		assert.deepEqual(b.body, { imported: 0, unchanged: 3 });
		for (const p of batch) assert.equal((await history(p.code)).versions.length, 1);
	});

	test('re-importing records without effective_from → all unchanged, no new versions', async () => {
		const batch = [proc(newCode()), proc(newCode())];
		for (const p of batch) delete p.effective_from;
		assert.deepEqual((await importAll(batch)).body, { imported: 2, unchanged: 0 });
		const b = await importAll(batch);
		assert.deepEqual(b.body, { imported: 0, unchanged: 2 }, 're-import must be harmless');
		for (const p of batch) assert.equal((await history(p.code)).versions.length, 1, `${p.code} versions`);
	});

	test('a changed record among unchanged ones → only it becomes a new version', async () => {
		const batch = [proc(newCode()), proc(newCode())];
		assert.deepEqual((await importAll(batch)).body, { imported: 2, unchanged: 0 });
		batch[1] = { ...batch[1], name: 'Tên mới', effective_from: '2025-10-01' };
		assert.deepEqual((await importAll(batch)).body, { imported: 1, unchanged: 1 });
		const h = await history(batch[1].code);
		assert.deepEqual(
			h.versions.map((v) => [v.version, v.change]),
			[
				[1, 'new'],
				[2, 'amended'],
			],
		);
	});

	test('re-importing the demo catalogue (the file seed-demo loaded) → all unchanged', async () => {
		const file = JSON.parse(await readFile(path.join(ROOT, 'data/demo/procedures.json'), 'utf8'));
		const before1 = await history('1.004201.000.00.00.H50');
		const r = await importAll(file);
		assert.equal(r.status, 200, r.text);
		assert.deepEqual(r.body, { imported: 0, unchanged: file.length });
		const after1 = await history('1.004201.000.00.00.H50');
		assert.equal(after1.versions.length, before1.versions.length, 'no spurious versions of an amended procedure');
	});

	test('one bad record → error with field "[index]…", nothing of the batch stored', async () => {
		const good = proc(newCode());
		const bad = proc(newCode(), { steps: [{ name: 'a', role: 'desk', hours: 3 }] });
		const r = await importAll([good, bad]);
		expectError(r, 422, 'steps_hours_mismatch', '[1].steps');
		assert.ok(r.body.error.field.startsWith('[1]'));
		expectError(await srv.req('GET', `/api/v1/procedures/${good.code}`), 404, 'procedure_not_found', 'code');
		expectError(await srv.req('GET', `/api/v1/procedures/${bad.code}`), 404, 'procedure_not_found', 'code');
	});

	test('bad records report their index and the offending field', async () => {
		const cases = [
			[[proc(newCode()), proc(newCode()), proc(newCode(), { agency: '000.00.99.H50' })], 422, 'unknown_agency', '[2].agency'],
			[[proc('bad')], 400, 'invalid_procedure_code', '[0].code'],
			[[proc(newCode()), { name: 'x' }], 400, 'missing_field', '[1].code'],
			[[proc(newCode(), { colour: 1 })], 400, 'unknown_field', '[0].colour'],
			[[1], 400, 'invalid_input', '[0]'],
		];
		for (const [batch, status, code, field] of cases) {
			const r = await importAll(batch);
			expectError(r, status, code, field);
			for (const p of batch) if (p && typeof p === 'object' && /^9\./.test(p.code || '')) expectError(await srv.req('GET', `/api/v1/procedures/${p.code}`), 404, 'procedure_not_found', 'code');
		}
	});

	test('a batch that updates an existing procedure and then fails leaves it untouched', async () => {
		const code = newCode();
		assert.equal((await create(proc(code))).status, 201);
		const r = await importAll([proc(code, { name: 'Đổi tên trong lô hỏng', effective_from: '2025-11-01' }), proc('9.x')]);
		expectError(r, 400, 'invalid_procedure_code', '[1].code');
		const g = await srv.json(`/api/v1/procedures/${code}`);
		assert.equal(g.version, 1);
		assert.equal(g.name, 'Cấp giấy xác nhận thử nghiệm');
	});

	test('not an array → 400 invalid_input; an empty array → nothing to do', async () => {
		expectError(await importAll(proc(newCode())), 400, 'invalid_input', undefined);
		const r = await importAll([]);
		assert.equal(r.status, 200);
		assert.deepEqual(r.body, { imported: 0, unchanged: 0 });
	});

	test('without a token → 401; as a desk officer → 403', async () => {
		expectError(await importAll([proc(newCode())], null), 401, 'unauthorized', null);
		expectError(await importAll([proc(newCode())], await srv.login('desk')), 403, 'forbidden', null);
	});
});
