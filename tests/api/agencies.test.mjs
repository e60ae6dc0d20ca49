// agencies.test.mjs - GET /api/v1/agencies (tree, ?flat=true), GET one,
// admin POST and PATCH with their validation (R-AG).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { demoData, expectError, startServer } from './lib/server.mjs';

let srv;
let demo;
let admin;
before(async () => {
	[srv, demo] = await Promise.all([startServer(), demoData()]);
	admin = await srv.login('admin');
});
after(async () => {
	await srv?.stop();
});

const AGENCY_KEYS = ['code', 'share_code', 'name', 'parent', 'level', 'office_hours', 'valid_from', 'valid_to', 'succeeded_by'];
const pick = (o, keys) => Object.fromEntries(keys.map((k) => [k, o[k]]));
const create = (body, token = admin) => srv.req('POST', '/api/v1/agencies', { token, body });
const patch = (code, body, token = admin) => srv.req('PATCH', `/api/v1/agencies/${code}`, { token, body });

describe('GET /api/v1/agencies', () => {
	let tree;
	before(async () => {
		tree = await srv.json('/api/v1/agencies');
	});

	test('is a tree: the roots are the agencies without a parent, children nested', () => {
		assert.deepEqual(Object.keys(tree), ['items']);
		const roots = tree.items.map((a) => a.code).sort();
		const want = demo.agencies.filter((a) => !a.parent).map((a) => a.code).sort();
		assert.deepEqual(roots, want);
	});

	test('every demo agency appears exactly once, under its parent', () => {
		const seen = new Map();
		const walk = (nodes, parent) => {
			for (const n of nodes) {
				assert.ok(Array.isArray(n.children), `${n.code} has a children array`);
				assert.equal(n.parent, parent, `${n.code} is nested under its parent`);
				assert.ok(!seen.has(n.code), `${n.code} appears twice`);
				seen.set(n.code, n);
				walk(n.children, n.code);
			}
		};
		walk(tree.items, null);
		assert.equal(seen.size, demo.agencies.length);
		assert.equal(seen.size, 14);
		for (const a of demo.agencies) assert.deepEqual(pick(seen.get(a.code), AGENCY_KEYS), pick(a, AGENCY_KEYS), a.code);
	});

	test('the Department of Science and Technology has its 7 divisions, and a level-4 unit below one', () => {
		const h50 = tree.items.find((a) => a.code === '000.00.00.H50');
		const dost = h50.children.find((a) => a.code === '000.00.12.H50');
		assert.ok(dost);
		assert.equal(dost.share_code, 'H50.12');
		assert.deepEqual(dost.children.map((c) => c.code).sort(), ['000.01.12.H50', '000.02.12.H50', '000.03.12.H50', '000.04.12.H50', '000.05.12.H50', '000.06.12.H50', '000.07.12.H50']);
		const center = dost.children.find((c) => c.code === '000.07.12.H50');
		assert.deepEqual(center.children.map((c) => c.code), ['001.07.12.H50']);
		assert.equal(center.children[0].share_code, 'H50.12.07.001');
		assert.equal(center.children[0].level, 4);
		assert.deepEqual(center.children[0].children, []);
	});

	test('?flat=true → a flat list with every agency and no nesting', async () => {
		const r = await srv.json('/api/v1/agencies?flat=true');
		assert.equal(r.items.length, 14);
		for (const a of r.items) {
			assert.equal(a.children, undefined, `${a.code} is not nested`);
			for (const k of AGENCY_KEYS) assert.ok(k in a, `${a.code} has ${k}`);
		}
		const byCode = new Map(r.items.map((a) => [a.code, a]));
		for (const a of demo.agencies) assert.deepEqual(pick(byCode.get(a.code), AGENCY_KEYS), pick(a, AGENCY_KEYS));
	});

	test('?flat=false is the tree', async () => {
		const r = await srv.json('/api/v1/agencies?flat=false');
		assert.deepEqual(r.items.map((a) => a.code).sort(), tree.items.map((a) => a.code).sort());
		assert.ok(r.items.every((a) => Array.isArray(a.children)));
	});

	test('?flat=maybe → 400 invalid_input flat', async () => {
		expectError(await srv.req('GET', '/api/v1/agencies?flat=maybe'), 400, 'invalid_input', 'flat');
	});

	test('merged agencies carry valid_to and succeeded_by (R-AG-2)', () => {
		const flat = [];
		const walk = (ns) => ns.forEach((n) => (flat.push(n), walk(n.children)));
		walk(tree.items);
		const qb = flat.find((a) => a.code === '000.00.00.H46');
		assert.equal(qb.valid_to, '2025-06-30');
		assert.equal(qb.succeeded_by, '000.00.00.H50');
	});
});

describe('GET /api/v1/agencies/{code}', () => {
	test('one agency with every field of API.md', async () => {
		const r = await srv.req('GET', '/api/v1/agencies/000.00.12.H50');
		assert.equal(r.status, 200);
		assert.deepEqual(pick(r.body, AGENCY_KEYS), {
			code: '000.00.12.H50',
			share_code: 'H50.12',
			name: 'Sở Khoa học và Công nghệ tỉnh Quảng Trị',
			parent: '000.00.00.H50',
			level: 2,
			office_hours: [
				{ from: '07:30', to: '11:30' },
				{ from: '13:00', to: '17:00' },
			],
			valid_from: '2004-01-01',
			valid_to: null,
			succeeded_by: null,
		});
		assert.equal(r.body.children, undefined);
	});

	test('unknown agency → 404 agency_not_found', async () => {
		expectError(await srv.req('GET', '/api/v1/agencies/000.00.99.H50'), 404, 'agency_not_found', 'code');
	});

	for (const bad of ['xyz', '000.00.12.h50', '000.0.12.H50', '000.00.12.Z50', '000.00.12.H5', '000.00.12.H500', 'H50.12', '000%2E00.12.H50x']) {
		test(`invalid code in the path "${bad}" → 400 invalid_agency_code`, async () => {
			expectError(await srv.req('GET', `/api/v1/agencies/${bad}`), 400, 'invalid_agency_code', 'code');
		});
	}

	test('a percent-encoded valid code is decoded', async () => {
		const r = await srv.req('GET', '/api/v1/agencies/000%2E00%2E12%2EH50');
		assert.equal(r.status, 200);
		assert.equal(r.body.code, '000.00.12.H50');
	});
});

describe('POST /api/v1/agencies', () => {
	test('admin creates an agency: 201, Location, share_code and level derived from the code', async () => {
		const r = await create({ code: '000.08.12.H50', name: 'Phòng Thử nghiệm', parent: '000.00.12.H50' });
		assert.equal(r.status, 201, r.text);
		assert.equal(r.headers.get('location'), '/api/v1/agencies/000.08.12.H50');
		assert.equal(r.body.code, '000.08.12.H50');
		assert.equal(r.body.share_code, 'H50.12.08');
		assert.equal(r.body.level, 3);
		assert.equal(r.body.parent, '000.00.12.H50');
		assert.equal(r.body.name, 'Phòng Thử nghiệm');
		// R-AG-3: default office hours
		assert.deepEqual(r.body.office_hours, [
			{ from: '07:30', to: '11:30' },
			{ from: '13:00', to: '17:00' },
		]);
		const g = await srv.json('/api/v1/agencies/000.08.12.H50');
		assert.deepEqual(pick(g, AGENCY_KEYS), pick(r.body, AGENCY_KEYS));
		// and it is in the tree under its parent
		const tree = await srv.json('/api/v1/agencies');
		const dost = tree.items.find((a) => a.code === '000.00.00.H50').children.find((a) => a.code === '000.00.12.H50');
		assert.ok(dost.children.some((c) => c.code === '000.08.12.H50'));
	});

	test('all fields given (matching share_code, office hours, dates)', async () => {
		const body = {
			code: '001.08.12.H50',
			share_code: 'H50.12.08.001',
			name: 'Tổ Thử nghiệm',
			name_en: 'Test team',
			parent: '000.08.12.H50',
			level: 4,
			office_hours: [
				{ from: '07:00', to: '11:00' },
				{ from: '13:30', to: '17:00' },
			],
			valid_from: '2025-07-01',
			valid_to: null,
			succeeded_by: null,
		};
		const r = await create(body);
		assert.equal(r.status, 201, r.text);
		assert.deepEqual(pick(r.body, AGENCY_KEYS), pick(body, AGENCY_KEYS));
		assert.deepEqual(pick(await srv.json('/api/v1/agencies/001.08.12.H50'), AGENCY_KEYS), pick(body, AGENCY_KEYS));
	});

	test('without a token → 401 unauthorized', async () => {
		expectError(await create({ code: '000.09.12.H50', name: 'x' }, null), 401, 'unauthorized', null);
	});

	test('as a citizen → 403 forbidden', async () => {
		expectError(await create({ code: '000.09.12.H50', name: 'x' }, await srv.login('citizen')), 403, 'forbidden', null);
	});

	test('as a desk officer → 403 forbidden', async () => {
		expectError(await create({ code: '000.09.12.H50', name: 'x' }, await srv.login('desk')), 403, 'forbidden', null);
		expectError(await srv.req('GET', '/api/v1/agencies/000.09.12.H50'), 404, 'agency_not_found', 'code');
	});

	test('duplicate code → 409', async () => {
		const r = await create({ code: '000.00.12.H50', name: 'Bản sao' });
		expectError(r, 409, 'conflict', 'code');
		assert.equal((await srv.json('/api/v1/agencies/000.00.12.H50')).name, 'Sở Khoa học và Công nghệ tỉnh Quảng Trị');
	});

	for (const code of ['000.8.12.H50', '000.09.12.Z50', '000.09.12.h50', '00.09.12.H50', '000-09-12-H50', '000.09.12.H5A', '000.09.12.H50.', 'ABC']) {
		test(`invalid code notation "${code}" → 400 invalid_agency_code code`, async () => {
			expectError(await create({ code, name: 'x' }), 400, 'invalid_agency_code', 'code');
		});
	}

	for (const share of ['h50.12.09', 'H50-12-09', 'H5', 'Z50.12.09', 'H50..09', 'H50.12.09.']) {
		test(`invalid share_code notation "${share}" → 400 invalid_agency_code share_code`, async () => {
			expectError(await create({ code: '000.09.12.H50', share_code: share, name: 'x' }), 400, 'invalid_agency_code', 'share_code');
		});
	}

	for (const share of ['H50.13.09', 'H50.12', 'H48.12.09', 'H50.12.09.001']) {
		test(`share_code "${share}" inconsistent with code 000.09.12.H50 → 400 invalid_agency_code share_code`, async () => {
			expectError(await create({ code: '000.09.12.H50', share_code: share, name: 'x' }), 400, 'invalid_agency_code', 'share_code');
		});
	}

	test('unknown parent → 422 unknown_agency parent', async () => {
		expectError(await create({ code: '000.09.12.H50', name: 'x', parent: '000.00.77.H50' }), 422, 'unknown_agency', 'parent');
	});

	test('parent that is not an agency code → 400 invalid_agency_code parent', async () => {
		expectError(await create({ code: '000.09.12.H50', name: 'x', parent: 'so-khcn' }), 400, 'invalid_agency_code', 'parent');
	});

	test('unknown succeeded_by → 422 unknown_agency succeeded_by', async () => {
		expectError(await create({ code: '000.09.12.H50', name: 'x', valid_to: '2025-06-30', succeeded_by: '000.00.77.H50' }), 422, 'unknown_agency', 'succeeded_by');
	});

	test('succeeded_by without valid_to → 400 valid_to', async () => {
		expectError(await create({ code: '000.09.12.H50', name: 'x', succeeded_by: '000.00.12.H50' }), 400, 'invalid_input', 'valid_to');
	});

	test('valid_to before valid_from → 400 valid_to', async () => {
		expectError(await create({ code: '000.09.12.H50', name: 'x', valid_from: '2025-01-01', valid_to: '2024-12-31' }), 400, 'invalid_input', 'valid_to');
	});

	test('a date that does not exist → 400 valid_from', async () => {
		expectError(await create({ code: '000.09.12.H50', name: 'x', valid_from: '2025-02-30' }), 400, 'invalid_input', 'valid_from');
	});

	const wrongTypes = [
		['name', 123],
		['name', ['x']],
		['code', 12],
		['parent', 5],
		['level', '2'],
		['level', 2.5],
		['office_hours', '07:30-11:30'],
		['office_hours', { from: '07:30', to: '11:30' }],
		['valid_from', 20250101],
		['name_en', true],
	];
	for (const [field, value] of wrongTypes) {
		test(`wrong type ${field}=${JSON.stringify(value)} → 400 invalid_input ${field}`, async () => {
			const body = { code: '000.09.12.H50', name: 'x', [field]: value };
			expectError(await create(body), 400, 'invalid_input', field);
		});
	}

	test('level out of range → 400 level', async () => {
		expectError(await create({ code: '000.09.12.H50', name: 'x', level: 5 }), 400, 'invalid_input', 'level');
	});

	test('missing code / name → 400 missing_field', async () => {
		expectError(await create({ name: 'x' }), 400, 'missing_field', 'code');
		expectError(await create({ code: '000.09.12.H50' }), 400, 'missing_field', 'name');
	});

	test('empty name → 400 invalid_input name', async () => {
		expectError(await create({ code: '000.09.12.H50', name: '' }), 400, 'invalid_input', 'name');
	});

	test('unknown field → 400 unknown_field', async () => {
		expectError(await create({ code: '000.09.12.H50', name: 'x', bogus: 1 }), 400, 'unknown_field', 'bogus');
	});

	test('children is output only: refused as an unknown field', async () => {
		expectError(await create({ code: '000.09.12.H50', name: 'x', children: [] }), 400, 'unknown_field', 'children');
	});

	test('a body that is not an object → 400 invalid_input', async () => {
		expectError(await create([{ code: '000.09.12.H50', name: 'x' }]), 400, 'invalid_input', undefined);
	});

	test('nothing was stored by the refused requests', async () => {
		expectError(await srv.req('GET', '/api/v1/agencies/000.09.12.H50'), 404, 'agency_not_found', 'code');
		const flat = await srv.json('/api/v1/agencies?flat=true');
		assert.equal(flat.items.length, 14 + 2);
	});

	test('level contradicting the code (a level-3 code given level 1) → 400 level', async () => {
		const r = await create({ code: '000.13.12.H50', name: 'x', level: 1, parent: '000.00.12.H50' });
		assert.equal(r.status, 400, `level 1 for a level-3 code: ${r.status} ${r.text}`);
		assert.equal(r.body.error.field, 'level');
	});
});

describe('PATCH /api/v1/agencies/{code}', () => {
	before(async () => {
		const r = await create({ code: '000.10.12.H50', name: 'Phòng Sửa đổi', parent: '000.00.12.H50', name_en: 'Amendment Division' });
		assert.equal(r.status, 201, r.text);
	});

	test('changes the name and keeps everything else', async () => {
		const before1 = await srv.json('/api/v1/agencies/000.10.12.H50');
		const r = await patch('000.10.12.H50', { name: 'Phòng Sửa đổi (mới)' });
		assert.equal(r.status, 200, r.text);
		assert.equal(r.body.name, 'Phòng Sửa đổi (mới)');
		const after1 = await srv.json('/api/v1/agencies/000.10.12.H50');
		assert.deepEqual(after1, { ...before1, name: 'Phòng Sửa đổi (mới)' });
	});

	test('sending the same code is allowed', async () => {
		const r = await patch('000.10.12.H50', { code: '000.10.12.H50', name_en: 'Amendment Division (new)' });
		assert.equal(r.status, 200, r.text);
		assert.equal(r.body.name_en, 'Amendment Division (new)');
	});

	test('cannot change the code → 400 code', async () => {
		expectError(await patch('000.10.12.H50', { code: '000.11.12.H50' }), 400, 'invalid_input', 'code');
		assert.equal((await srv.json('/api/v1/agencies/000.10.12.H50')).code, '000.10.12.H50');
		expectError(await srv.req('GET', '/api/v1/agencies/000.11.12.H50'), 404, 'agency_not_found', 'code');
	});

	test('unknown agency → 404 agency_not_found', async () => {
		expectError(await patch('000.99.12.H50', { name: 'x' }), 404, 'agency_not_found', 'code');
	});

	test('invalid code in the path → 400 invalid_agency_code', async () => {
		expectError(await patch('bad-code', { name: 'x' }), 400, 'invalid_agency_code', 'code');
	});

	test('without a token → 401; as a citizen → 403', async () => {
		expectError(await patch('000.10.12.H50', { name: 'x' }, null), 401, 'unauthorized', null);
		expectError(await patch('000.10.12.H50', { name: 'x' }, await srv.login('citizen')), 403, 'forbidden', null);
		assert.equal((await srv.json('/api/v1/agencies/000.10.12.H50')).name, 'Phòng Sửa đổi (mới)');
	});

	test('unknown parent → 422 unknown_agency parent', async () => {
		expectError(await patch('000.10.12.H50', { parent: '000.00.77.H50' }), 422, 'unknown_agency', 'parent');
	});

	test('unknown field → 400 unknown_field', async () => {
		expectError(await patch('000.10.12.H50', { colour: 'blue' }), 400, 'unknown_field', 'colour');
	});

	test('removing the name (null) → 400 missing_field name', async () => {
		expectError(await patch('000.10.12.H50', { name: null }), 400, 'missing_field', 'name');
	});

	test('a share_code that does not match the code → 400 invalid_agency_code share_code', async () => {
		expectError(await patch('000.10.12.H50', { share_code: 'H50.12.11' }), 400, 'invalid_agency_code', 'share_code');
	});

	test('marking an agency as succeeded (valid_to + succeeded_by)', async () => {
		const r = await patch('000.10.12.H50', { valid_to: '2025-12-31', succeeded_by: '000.02.12.H50' });
		assert.equal(r.status, 200, r.text);
		assert.equal(r.body.valid_to, '2025-12-31');
		assert.equal(r.body.succeeded_by, '000.02.12.H50');
	});

	test('an agency cannot be put under one of its own units (a cycle): 422, nothing changed', async () => {
		// the department's unit 000.01.12.H50 sits under 000.00.12.H50
		expectError(await patch('000.00.12.H50', { parent: '000.01.12.H50' }), 422, 'parent_cycle', 'parent');
		const d = await srv.req('GET', '/api/v1/agencies/000.00.12.H50');
		assert.notEqual(d.body.parent, '000.01.12.H50');
		// the tree still has the department with its units
		const tree = await srv.req('GET', '/api/v1/agencies');
		const walk = (xs) => xs.flatMap((x) => [x.code, ...walk(x.children || [])]);
		assert.ok(walk(tree.body.items ?? tree.body).includes('000.01.12.H50'));
	});

	test('malformed JSON / wrong content type', async () => {
		expectError(await srv.req('PATCH', '/api/v1/agencies/000.10.12.H50', { token: admin, body: '{"name":' }), 400, 'malformed_json', null);
		expectError(await srv.req('PATCH', '/api/v1/agencies/000.10.12.H50', { token: admin, body: '{"name":"x"}', contentType: 'text/plain' }), 415, 'unsupported_media_type', null);
	});
});

describe('office_hours validation (R-AG-3)', () => {
	const badHours = [
		['from after to', [{ from: '13:00', to: '11:00' }], 'invalid_input', 'office_hours[0]'],
		['from equal to', [{ from: '08:00', to: '08:00' }], 'invalid_input', 'office_hours[0]'],
		['overlapping periods', [{ from: '07:00', to: '11:00' }, { from: '10:00', to: '12:00' }], 'invalid_input', 'office_hours[1]'],
		['periods out of order', [{ from: '13:00', to: '17:00' }, { from: '07:30', to: '11:30' }], 'invalid_input', 'office_hours[1]'],
		['H:MM instead of HH:MM', [{ from: '7:30', to: '11:30' }], 'invalid_input', 'office_hours[0]'],
		['hour 25', [{ from: '07:30', to: '25:00' }], 'invalid_input', 'office_hours[0]'],
		['minute 60', [{ from: '07:60', to: '11:00' }], 'invalid_input', 'office_hours[0]'],
		['not a time', [{ from: 'ab:cd', to: '11:30' }], 'invalid_input', 'office_hours[0]'],
		['missing to', [{ from: '07:30' }], 'missing_field', 'office_hours[0].to'],
		['missing from', [{ to: '11:30' }], 'missing_field', 'office_hours[0].from'],
		['unknown key', [{ from: '07:30', to: '11:30', days: 'mon-fri' }], 'unknown_field', 'office_hours[0].days'],
		['empty list', [], 'invalid_input', 'office_hours'],
		['time as a number', [{ from: 730, to: '11:30' }], 'invalid_input', 'office_hours[0].from'],
	];
	for (const [what, hours, code, field] of badHours) {
		test(`${what} → 400 ${code} ${field}`, async () => {
			expectError(await patch('000.08.12.H50', { office_hours: hours }), 400, code, field);
			expectError(await create({ code: '000.12.12.H50', name: 'x', office_hours: hours }), 400, code, field);
		});
	}

	test('valid office hours are stored', async () => {
		const hours = [
			{ from: '07:00', to: '11:30' },
			{ from: '13:30', to: '17:00' },
			{ from: '18:00', to: '20:00' },
		];
		const r = await patch('000.08.12.H50', { office_hours: hours });
		assert.equal(r.status, 200, r.text);
		assert.deepEqual(r.body.office_hours, hours);
		assert.deepEqual((await srv.json('/api/v1/agencies/000.08.12.H50')).office_hours, hours);
	});
});
