// procedures-read.test.mjs - the public face of the procedure catalogue:
// search (accent-free q, code, filters, paging), one procedure (current or
// ?version=N) and its history (R-PR).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { demoData, expectError, fold, startServer } from './lib/server.mjs';

let srv;
let demo;
let active; // current, not abolished demo procedures
before(async () => {
	[srv, demo] = await Promise.all([startServer(), demoData()]);
	active = [...demo.current.values()].filter((p) => p.status !== 'abolished');
});
after(async () => {
	await srv?.stop();
});

const search = async (qs) => {
	const r = await srv.req('GET', `/api/v1/procedures?${qs}`);
	assert.equal(r.status, 200, `GET /api/v1/procedures?${qs}: ${r.status} ${r.text}`);
	assert.deepEqual(Object.keys(r.body).sort(), ['items', 'next_cursor', 'total']);
	// total counts the matches of every page; a last page ends at it
	if (r.body.next_cursor === null) assert.ok(r.body.total >= r.body.items.length);
	else assert.ok(r.body.total > Number(r.body.next_cursor) - 1, `total ${r.body.total} past the cursor`);
	return r.body;
};
const codes = (b) => b.items.map((i) => i.code);
const q = (s) => `q=${encodeURIComponent(s)}`;
const TECH_TRANSFER = '1.004201.000.00.00.H50'; // Đăng ký chuyển giao công nghệ (amended: v1 → v2)
const ABOLISHED = '2.001801.000.00.00.H50'; // Cấp giấy phép hoạt động in

describe('GET /api/v1/procedures: search', () => {
	test('the demo catalogue: 34 codes, one abolished, 33 listed by default', async () => {
		assert.equal(demo.current.size, 34);
		assert.equal(active.length, 33);
		const b = await search('limit=500');
		assert.deepEqual(codes(b).sort(), active.map((p) => p.code).sort());
		assert.equal(b.next_cursor, null);
		assert.equal(b.total, 33);
		// the same total on every page
		const p1 = await search('limit=10');
		const p2 = await search(`limit=10&cursor=${p1.next_cursor}`);
		assert.equal(p1.total, 33);
		assert.equal(p2.total, 33);
		assert.equal(p1.items.length, 10);
	});

	test('q=chuyen giao cong nghe finds the technology-transfer registration first', async () => {
		const b = await search(q('chuyen giao cong nghe'));
		assert.ok(b.items.length >= 1);
		assert.equal(b.items[0].code, TECH_TRANSFER);
		assert.equal(b.items[0].name, demo.current.get(TECH_TRANSFER).name);
		// every hit has all the words (without accents) somewhere
		for (const it of b.items) {
			const text = fold(`${it.name} ${it.field} ${it.code}`);
			for (const w of ['chuyen', 'giao', 'cong', 'nghe']) assert.ok(text.includes(w), `${it.code} lacks "${w}"`);
		}
	});

	test('the same query with accents, in capitals or with extra spaces gives the same answer', async () => {
		const plain = codes(await search(q('chuyen giao cong nghe')));
		for (const v of ['chuyển giao công nghệ', 'CHUYỂN GIAO CÔNG NGHỆ', 'Chuyen Giao Cong Nghe', '  chuyen   giao  cong nghe ']) assert.deepEqual(codes(await search(q(v))), plain, v);
	});

	test('d matches đ: "dang ky" finds every name with "Đăng ký"', async () => {
		const want = active.filter((p) => fold(p.name).includes('dang ky')).map((p) => p.code);
		assert.ok(want.length >= 5, `demo names with "Đăng ký": ${want.length}`);
		const got = codes(await search(`${q('dang ky')}&limit=500`));
		for (const c of want) assert.ok(got.includes(c), `${c} (${demo.current.get(c).name}) not found by "dang ky"`);
		for (const c of got) {
			const p = demo.current.get(c);
			const text = fold(`${p.name} | ${p.field} | ${p.code}`);
			assert.ok(text.includes('dang') && text.includes('ky'), `${c} does not contain dang/ky`);
		}
		// and the accented spelling finds the same
		assert.deepEqual(codes(await search(`${q('đăng ký')}&limit=500`)), got);
	});

	test('"buu chinh" finds exactly the four postal procedures', async () => {
		const want = active.filter((p) => fold(p.name).includes('buu chinh')).map((p) => p.code).sort();
		assert.equal(want.length, 4);
		assert.deepEqual(codes(await search(q('buu chinh'))).sort(), want);
	});

	test('"x-quang" (with a hyphen) finds the X-ray procedures', async () => {
		const want = active.filter((p) => fold(p.name).includes('x-quang')).map((p) => p.code).sort();
		assert.ok(want.length >= 5);
		const got = codes(await search(`${q('x-quang')}&limit=500`)).sort();
		for (const c of want) assert.ok(got.includes(c), c);
	});

	test('a word that is nowhere → empty list', async () => {
		const b = await search(q('khong co thu tuc nao nhu the nay'));
		assert.deepEqual(b, { items: [], next_cursor: null, total: 0 });
	});

	test('search by the full code → that procedure first', async () => {
		const b = await search(q(TECH_TRANSFER));
		assert.equal(b.items[0].code, TECH_TRANSFER);
		const lower = await search(q(TECH_TRANSFER.toLowerCase()));
		assert.equal(lower.items[0].code, TECH_TRANSFER);
	});

	test('search by the national part of the code (1.004201)', async () => {
		const b = await search(q('1.004201'));
		assert.deepEqual(codes(b), [TECH_TRANSFER]);
	});

	test('list items carry code, name, field, agency, online, time_limit, status, version', async () => {
		const b = await search(q('chuyen giao cong nghe'));
		const it = b.items[0];
		const p = demo.current.get(TECH_TRANSFER);
		assert.equal(it.field, p.field);
		assert.equal(it.agency, p.agency);
		assert.equal(it.online, p.online);
		assert.deepEqual(it.time_limit, p.time_limit);
		assert.equal(it.status, 'active');
		assert.equal(it.version, 2);
	});

	test('the abolished procedure is excluded from the default search', async () => {
		const all = codes(await search('limit=500'));
		assert.ok(!all.includes(ABOLISHED));
		assert.deepEqual(codes(await search(q('giay phep hoat dong in'))), []);
		assert.deepEqual(codes(await search(q('Cấp giấy phép hoạt động in'))), []);
	});

	test('the abolished procedure is excluded even when its exact code is typed', async () => {
		const b = await search(q(ABOLISHED));
		assert.ok(!codes(b).includes(ABOLISHED), `search q=${ABOLISHED} returned the abolished procedure: ${JSON.stringify(b.items.map((i) => [i.code, i.status]))}`);
	});
	test('q longer than 500 bytes → 400 invalid_input q', async () => {
		expectError(await srv.req('GET', `/api/v1/procedures?q=${'a'.repeat(501)}`), 400, 'invalid_input', 'q');
		assert.equal((await srv.req('GET', `/api/v1/procedures?q=${'a'.repeat(500)}`)).status, 200);
	});

	test('q that is not UTF-8 → 400 invalid_input q', async () => {
		expectError(await srv.req('GET', '/api/v1/procedures?q=%C3%28'), 400, 'invalid_input', 'q');
	});
});

describe('GET /api/v1/procedures: filters', () => {
	test('agency=000.00.12.H50 → all 33; another agency → none', async () => {
		assert.equal((await search('agency=000.00.12.H50&limit=500')).items.length, 33);
		assert.deepEqual(await search('agency=000.00.40.H50'), { items: [], next_cursor: null, total: 0 });
	});

	for (const online of ['full', 'partial', 'none']) {
		test(`online=${online}`, async () => {
			const want = active.filter((p) => p.online === online).map((p) => p.code).sort();
			assert.ok(want.length > 0);
			const b = await search(`online=${online}&limit=500`);
			assert.deepEqual(codes(b).sort(), want);
			assert.ok(b.items.every((i) => i.online === online));
		});
	}

	test('online=bogus → 400 invalid_input online', async () => {
		expectError(await srv.req('GET', '/api/v1/procedures?online=bogus'), 400, 'invalid_input', 'online');
		expectError(await srv.req('GET', '/api/v1/procedures?online=FULL'), 400, 'invalid_input', 'online');
	});

	test('field=Bưu chính → the four postal procedures', async () => {
		const want = active.filter((p) => p.field === 'Bưu chính').map((p) => p.code).sort();
		assert.equal(want.length, 4);
		const b = await search(`field=${encodeURIComponent('Bưu chính')}`);
		assert.deepEqual(codes(b).sort(), want);
		assert.ok(b.items.every((i) => i.field === 'Bưu chính'));
	});

	test('every demo field filters to exactly its procedures', async () => {
		for (const f of new Set(active.map((p) => p.field))) {
			const want = active.filter((p) => p.field === f).map((p) => p.code).sort();
			assert.deepEqual(codes(await search(`field=${encodeURIComponent(f)}&limit=500`)).sort(), want, f);
		}
	});

	test('field matches the field (lĩnh vực), not words of the name', async () => {
		// "Đăng ký" starts many names but is no procedure's field
		assert.ok(!active.some((p) => fold(p.field).includes('dang ky')));
		const b = await search(`field=${encodeURIComponent('Đăng ký')}&limit=500`);
		assert.deepEqual(
			b.items.map((i) => `${i.code} (field ${i.field})`),
			[],
			'field=Đăng ký must not match procedures whose field is something else',
		);
	});

	test('filters combine: q + field + online', async () => {
		const want = active.filter((p) => p.field === 'Chuyển giao công nghệ' && p.online === 'full' && fold(p.name).includes('dang ky')).map((p) => p.code).sort();
		assert.ok(want.length >= 1);
		const got = codes(await search(`${q('dang ky')}&field=${encodeURIComponent('Chuyển giao công nghệ')}&online=full`)).sort();
		assert.deepEqual(got, want);
	});
});

describe('GET /api/v1/procedures: paging', () => {
	test('limit=10 pages through all 33 with next_cursor, no item twice', async () => {
		const seen = [];
		let cursor = null;
		let pages = 0;
		do {
			const b = await search(`limit=10${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
			pages++;
			assert.ok(b.items.length <= 10);
			seen.push(...codes(b));
			if (b.next_cursor !== null) {
				assert.equal(typeof b.next_cursor, 'string');
				assert.equal(b.items.length, 10);
			}
			cursor = b.next_cursor;
			assert.ok(pages < 10, 'paging ends');
		} while (cursor);
		assert.equal(pages, 4);
		assert.equal(new Set(seen).size, seen.length, 'no duplicates across pages');
		assert.deepEqual(seen.slice().sort(), active.map((p) => p.code).sort());
		// the pages follow the unpaged order
		assert.deepEqual(seen, codes(await search('limit=500')));
	});

	test('paging a query keeps its order', async () => {
		const all = codes(await search(`${q('dang ky')}&limit=500`));
		const p1 = await search(`${q('dang ky')}&limit=5`);
		const p2 = await search(`${q('dang ky')}&limit=5&cursor=${encodeURIComponent(p1.next_cursor)}`);
		assert.deepEqual([...codes(p1), ...codes(p2)], all.slice(0, 10));
	});

	test('limit=33 fits all: next_cursor null; limit=32 leaves one', async () => {
		assert.equal((await search('limit=33')).next_cursor, null);
		const b = await search('limit=32');
		assert.equal(b.items.length, 32);
		assert.notEqual(b.next_cursor, null);
		const rest = await search(`limit=32&cursor=${encodeURIComponent(b.next_cursor)}`);
		assert.equal(rest.items.length, 1);
		assert.equal(rest.next_cursor, null);
	});

	for (const bad of ['0', '501', '-1', 'abc', '10.5', '', '1e2']) {
		test(`limit=${bad} → 400 invalid_input limit`, async () => {
			expectError(await srv.req('GET', `/api/v1/procedures?limit=${bad}`), 400, 'invalid_input', 'limit');
		});
	}

	test('limit=500 (the maximum) and limit=1 are fine', async () => {
		assert.equal((await search('limit=500')).items.length, 33);
		assert.equal((await search('limit=1')).items.length, 1);
	});

	test('a cursor the server never issued → 400 invalid_input cursor', async () => {
		expectError(await srv.req('GET', '/api/v1/procedures?cursor=zz'), 400, 'invalid_input', 'cursor');
		expectError(await srv.req('GET', '/api/v1/procedures?cursor=-5'), 400, 'invalid_input', 'cursor');
	});
});

describe('GET /api/v1/procedures/{code}', () => {
	const FIELDS = ['code', 'name', 'field', 'level', 'agency', 'online', 'time_limit', 'documents', 'fees', 'steps', 'results', 'legal_bases', 'status', 'version', 'effective_from'];

	test('every field of API.md, equal to the published data', async () => {
		const r = await srv.req('GET', `/api/v1/procedures/${TECH_TRANSFER}`);
		assert.equal(r.status, 200);
		for (const k of FIELDS) assert.ok(k in r.body, `missing ${k}`);
		const p = demo.current.get(TECH_TRANSFER);
		for (const k of ['code', 'name', 'field', 'level', 'agency', 'online', 'time_limit', 'documents', 'fees', 'steps', 'results', 'legal_bases', 'effective_from']) assert.deepEqual(r.body[k], p[k], k);
		assert.equal(r.body.status, 'active');
		assert.equal(r.body.version, 2);
	});

	test('the shapes: time_limit, documents, fees, steps', async () => {
		const b = await srv.json('/api/v1/procedures/1.004101.000.00.00.H50');
		assert.deepEqual(Object.keys(b.time_limit).sort(), ['online_value', 'unit', 'value']);
		assert.ok(['working_days', 'days', 'hours', 'months', 'same_day'].includes(b.time_limit.unit));
		assert.ok(b.documents.length > 0);
		for (const d of b.documents) {
			for (const k of ['code', 'name', 'original', 'certified_copy', 'photocopy', 'required']) assert.ok(k in d, `document ${k}`);
			assert.equal(typeof d.required, 'boolean');
			for (const k of ['original', 'certified_copy', 'photocopy']) assert.ok(Number.isInteger(d[k]), `document ${k} integer`);
		}
		for (const f of b.fees) {
			assert.deepEqual(['amount', 'code', 'name'].every((k) => k in f), true);
			assert.ok(Number.isInteger(f.amount), 'money is an integer of VND');
		}
		assert.equal(b.fees[0].amount, 3000000);
		let hours = 0;
		for (const s of b.steps) {
			for (const k of ['name', 'role', 'unit', 'hours']) assert.ok(k in s, `step ${k}`);
			hours += s.hours;
		}
		// R-PR-4: 15 working days = 120 working hours
		assert.equal(b.time_limit.unit, 'working_days');
		assert.equal(hours, b.time_limit.value * 8);
		assert.ok(Array.isArray(b.results) && b.results.length > 0);
		assert.ok(Array.isArray(b.legal_bases) && b.legal_bases.length > 0);
	});

	test('every demo procedure is served as published', async () => {
		for (const p of demo.current.values()) {
			const b = await srv.json(`/api/v1/procedures/${p.code}`);
			for (const k of ['name', 'field', 'online', 'time_limit', 'documents', 'fees', 'steps', 'effective_from']) assert.deepEqual(b[k], p[k], `${p.code} ${k}`);
			assert.equal(b.version, p.version);
		}
	});

	test('unknown code → 404 procedure_not_found', async () => {
		expectError(await srv.req('GET', '/api/v1/procedures/9.999999.000.00.00.H50'), 404, 'procedure_not_found', 'code');
	});

	for (const bad of ['abc', '1.00420.000.00.00.H50', '1.004201.000.00.00.h50', '1..004201', 'x.004201.000.00.00.H50']) {
		test(`invalid code "${bad}" → 400 invalid_procedure_code`, async () => {
			expectError(await srv.req('GET', `/api/v1/procedures/${bad}`), 400, 'invalid_procedure_code', 'code');
		});
	}

	test('?version=1 of an amended procedure → the old version, marked amended', async () => {
		const v1 = demo.procedures.find((p) => p.code === TECH_TRANSFER && p.version === 1);
		const b = await srv.json(`/api/v1/procedures/${TECH_TRANSFER}?version=1`);
		assert.equal(b.version, 1);
		assert.equal(b.online, v1.online);
		assert.equal(b.online, 'partial');
		assert.deepEqual(b.time_limit, v1.time_limit);
		assert.equal(b.effective_from, '2024-01-01');
		assert.equal(b.status, 'amended', 'version 1 was superseded by version 2');
	});

	test('?version=2 is the current one', async () => {
		const cur = await srv.json(`/api/v1/procedures/${TECH_TRANSFER}`);
		const v2 = await srv.json(`/api/v1/procedures/${TECH_TRANSFER}?version=2`);
		assert.deepEqual(v2, cur);
	});

	test('?version=3 (not yet) → 404 procedure_not_found', async () => {
		expectError(await srv.req('GET', `/api/v1/procedures/${TECH_TRANSFER}?version=3`), 404, 'procedure_not_found', undefined);
	});

	for (const bad of ['0', '-1', 'abc', '1.5']) {
		test(`?version=${bad} → 400 invalid_input version`, async () => {
			expectError(await srv.req('GET', `/api/v1/procedures/${TECH_TRANSFER}?version=${bad}`), 400, 'invalid_input', 'version');
		});
	}

	test('the abolished procedure can still be read, with status abolished', async () => {
		const b = await srv.json(`/api/v1/procedures/${ABOLISHED}`);
		assert.equal(b.status, 'abolished');
		assert.equal(b.name, 'Cấp giấy phép hoạt động in');
	});
});

describe('GET /api/v1/procedures/{code}/history', () => {
	test('an amended procedure: new then amended, with the decisions', async () => {
		const h = await srv.json(`/api/v1/procedures/${TECH_TRANSFER}/history`);
		assert.equal(h.code, TECH_TRANSFER);
		const files = demo.procedures.filter((p) => p.code === TECH_TRANSFER);
		assert.equal(h.versions.length, 2);
		assert.deepEqual(
			h.versions.map((v) => [v.version, v.change, v.status, v.effective_from, v.decision]),
			[
				[1, 'new', 'amended', files[0].effective_from, files[0].decision],
				[2, 'amended', 'active', files[1].effective_from, files[1].decision],
			],
		);
		assert.deepEqual(h.versions[0].decision, { number: '3125/QĐ-UBND', date: '2023-12-20' });
		for (const v of h.versions) {
			assert.equal(v.name, files[0].name);
			assert.match(v.recorded_at, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?\+07:00$/);
		}
	});

	test('a procedure never changed: one version, new, active', async () => {
		const h = await srv.json('/api/v1/procedures/1.004101.000.00.00.H50/history');
		assert.deepEqual(
			h.versions.map((v) => [v.version, v.change, v.status]),
			[[1, 'new', 'active']],
		);
		assert.equal(h.versions[0].decision.number, demo.current.get('1.004101.000.00.00.H50').decision.number);
	});

	test('the abolished procedure: its last version is abolished, with its decision', async () => {
		const h = await srv.json(`/api/v1/procedures/${ABOLISHED}/history`);
		const last = h.versions.at(-1);
		assert.equal(last.status, 'abolished');
		assert.equal(last.change, 'abolished');
		assert.deepEqual(last.decision, demo.current.get(ABOLISHED).decision);
	});

	test('every amended demo procedure has two versions', async () => {
		const amended = [...new Set(demo.procedures.filter((p) => p.status === 'amended').map((p) => p.code))];
		assert.equal(amended.length, 3);
		for (const c of amended) {
			const h = await srv.json(`/api/v1/procedures/${c}/history`);
			assert.deepEqual(
				h.versions.map((v) => v.change),
				['new', 'amended'],
				c,
			);
		}
	});

	test('unknown → 404; invalid code → 400', async () => {
		expectError(await srv.req('GET', '/api/v1/procedures/9.999999.000.00.00.H50/history'), 404, 'procedure_not_found', 'code');
		expectError(await srv.req('GET', '/api/v1/procedures/abc/history'), 400, 'invalid_procedure_code', 'code');
	});
});

describe('search of new procedures and the default page size', () => {
	test('"thu tuc dat dai" finds "Thủ tục đất đai …" (API.md example)', async () => {
		const admin = await srv.login('admin');
		const r = await srv.req('POST', '/api/v1/procedures', {
			token: admin,
			body: { code: '9.000100.000.00.00.H50', name: 'Thủ tục đất đai thử nghiệm', field: 'Đất đai', agency: '000.00.12.H50', online: 'none', time_limit: { value: 10, unit: 'days' } },
		});
		assert.equal(r.status, 201, r.text);
		const b = await search(q('thu tuc dat dai'));
		assert.equal(b.items[0]?.code, '9.000100.000.00.00.H50');
		assert.equal((await search(q('THỦ TỤC ĐẤT ĐAI'))).items[0]?.code, '9.000100.000.00.00.H50');
		assert.equal((await search(q('dat dai'))).items[0]?.code, '9.000100.000.00.00.H50');
		// found by its field too
		assert.deepEqual(codes(await search(`field=${encodeURIComponent('Đất đai')}`)), ['9.000100.000.00.00.H50']);
	});

	test('without limit a page holds 50 (default) and says there is more', async () => {
		const admin = await srv.login('admin');
		const batch = [];
		for (let i = 0; i < 20; i++)
			batch.push({
				code: `9.0002${String(i).padStart(2, '0')}.000.00.00.H50`,
				name: `Thủ tục mẫu số ${i}`,
				field: 'Mẫu',
				agency: '000.00.12.H50',
				online: 'full',
				time_limit: { value: 1, unit: 'working_days' },
				effective_from: '2025-01-01',
			});
		const r = await srv.req('POST', '/api/v1/procedures/import', { token: admin, body: batch });
		assert.equal(r.status, 200, r.text);
		assert.deepEqual(r.body, { imported: 20, unchanged: 0 });
		const b = await search('');
		assert.equal(b.items.length, 50);
		assert.equal(typeof b.next_cursor, 'string');
		const rest = await search(`cursor=${encodeURIComponent(b.next_cursor)}`);
		assert.equal(rest.items.length, 33 + 1 + 20 - 50);
		assert.equal(rest.next_cursor, null);
	});
});
