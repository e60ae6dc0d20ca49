// calendar.test.mjs - GET /api/v1/calendar/{year}, /calendar/due,
// /calendar/lunar/{date} and the admin PUT /calendar/{year} (R-DL-1..8).
// Expected values are worked out by hand from DOMAIN.md and the official
// 2025 notice (Tết 25/1-2/2; 30/4-1/5 with 2/5 swapped for Sat 26/4;
// 1-2/9).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { expectError, startServer } from './lib/server.mjs';

let srv;
before(async () => {
	srv = await startServer();
});
after(async () => {
	await srv?.stop();
});

const due = (q) => srv.req('GET', `/api/v1/calendar/due?${new URLSearchParams(q)}`);

describe('GET /api/v1/calendar/{year}', () => {
	test('2025 is the official schedule, with the swapped 2/5 and the make-up Saturday 26/4', async () => {
		const c = await srv.json('/api/v1/calendar/2025');
		assert.equal(c.year, 2025);
		assert.equal(c.source, 'official');
		assert.equal(c.agency, null);
		assert.deepEqual(c.office_hours, [{ from: '07:30', to: '11:30' }, { from: '13:00', to: '17:00' }]);
		const off = Object.fromEntries(c.days_off.map((d) => [d.date, d.kind]));
		for (const d of ['2025-01-27', '2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31'])
			assert.ok(off[d], `${d} is off`);
		assert.equal(off['2025-04-30'], 'holiday');
		assert.equal(off['2025-05-01'], 'holiday');
		assert.equal(off['2025-05-02'], 'swapped');
		assert.equal(off['2025-09-01'], 'holiday');
		assert.equal(off['2025-09-02'], 'holiday');
		assert.deepEqual(c.make_up_workdays.map((d) => d.date), ['2025-04-26']);
	});

	test('2027 has no official schedule: computed defaults (Tết 2027-02-06)', async () => {
		const c = await srv.json('/api/v1/calendar/2027');
		assert.equal(c.source, 'computed');
		const off = c.days_off.map((d) => d.date);
		// lunar new year's eve (5/2) + lunar days 1-4 (6-9/2)
		for (const d of ['2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08', '2027-02-09'])
			assert.ok(off.includes(d), `${d} off`);
		// 2/9/2027 is a Thursday: the adjacent day is 3/9
		assert.ok(off.includes('2027-09-02') && off.includes('2027-09-03'));
	});

	test('an agency sees the national days plus its own', async () => {
		const c = await srv.json('/api/v1/calendar/2025?agency=000.00.12.H50');
		assert.equal(c.agency, '000.00.12.H50');
		assert.ok(c.days_off.some((d) => d.date === '2025-01-28'));
	});

	test('errors: year out of range, not a number, unknown agency', async () => {
		expectError(await srv.req('GET', '/api/v1/calendar/1899'), 400, 'invalid_input', 'year');
		expectError(await srv.req('GET', '/api/v1/calendar/2101'), 400, 'invalid_input', 'year');
		expectError(await srv.req('GET', '/api/v1/calendar/20x5'), 400, 'invalid_input', 'year');
		expectError(await srv.req('GET', '/api/v1/calendar/2025?agency=000.00.99.H50'), 404, 'agency_not_found', 'agency');
	});
});

describe('GET /api/v1/calendar/due', () => {
	const cases = [
		// [start, duration, unit, effective_start, due, why]
		['2025-03-03T09:00', '2', 'working_days', '2025-03-03T09:00:00+07:00', '2025-03-05T09:00:00+07:00', 'R-DL-3 Mon 09:00 + 2 WD = Wed 09:00'],
		['2025-03-03T07:30', '2', 'working_days', '2025-03-03T07:30:00+07:00', '2025-03-04T17:00:00+07:00', 'R-DL-3 ends on an opening: shown as the previous closing'],
		['2025-03-07T22:00', '1', 'working_days', '2025-03-10T07:30:00+07:00', '2025-03-10T17:00:00+07:00', 'R-DL-3 Friday 22:00 starts Monday 07:30'],
		['2025-03-03T12:00', '0.5', 'working_days', '2025-03-03T13:00:00+07:00', '2025-03-03T17:00:00+07:00', 'R-DL-3 lunch break: starts 13:00, half a day'],
		['2025-01-24T16:00', '1', 'working_days', '2025-01-24T16:00:00+07:00', '2025-02-03T16:00:00+07:00', 'R-DL-1 Tết 2025 (25/1-2/2) is skipped: 1 h on Friday, 7 h from Monday 3/2'],
		['2025-04-25T16:00', '1', 'working_days', '2025-04-25T16:00:00+07:00', '2025-04-26T16:00:00+07:00', 'R-DL-1 Saturday 26/4/2025 is a make-up working day'],
		['2025-04-29T09:00', '1', 'working_days', '2025-04-29T09:00:00+07:00', '2025-05-05T09:00:00+07:00', 'R-DL-1 30/4, 1/5, swapped 2/5 and the weekend are off'],
		['2025-03-03T09:00', '4', 'hours', '2025-03-03T09:00:00+07:00', '2025-03-03T14:30:00+07:00', 'R-DL-5 working hours skip lunch: 2.5 h before, 1.5 h after'],
		['2025-03-03T09:00', '1', 'days', '2025-03-03T09:00:00+07:00', '2025-03-04T17:00:00+07:00', 'R-DL-4 calendar days end at closing'],
		['2025-03-06T09:00', '2', 'days', '2025-03-06T09:00:00+07:00', '2025-03-10T17:00:00+07:00', 'R-DL-4 last day Saturday: next working day closing'],
		['2025-03-03T14:59', '', 'same_day', '2025-03-03T14:59:00+07:00', '2025-03-03T17:00:00+07:00', 'R-DL-5 same day before 15:00'],
		['2025-03-03T15:01', '', 'same_day', '2025-03-03T15:01:00+07:00', '2025-03-04T17:00:00+07:00', 'R-DL-5 same day after 15:00: next working day'],
		['2025-03-03T02:00:00Z', '2', 'working_days', '2025-03-03T09:00:00+07:00', '2025-03-05T09:00:00+07:00', 'a UTC start is Vietnam 09:00'],
	];
	for (const [start, duration, unit, eff, want, why] of cases) {
		test(why, async () => {
			const q = { start, unit };
			if (duration) q.duration = duration;
			const r = await due(q);
			assert.equal(r.status, 200, r.text);
			assert.equal(r.body.effective_start, eff);
			assert.equal(r.body.due, want);
			assert.equal(r.body.unit, unit);
		});
	}

	test('bad input names the field', async () => {
		expectError(await due({ start: '2025-02-31T09:00', duration: 2, unit: 'working_days' }), 400, 'invalid_input', 'start');
		expectError(await due({ start: 'tomorrow', duration: 2, unit: 'working_days' }), 400, 'invalid_input', 'start');
		expectError(await due({ duration: 2, unit: 'working_days' }), 400, 'missing_field', 'start');
		expectError(await due({ start: '2025-03-03T09:00', duration: 2, unit: 'weeks' }), 400, 'invalid_input', 'unit');
		expectError(await due({ start: '2025-03-03T09:00', duration: 2 }), 400, 'missing_field', 'unit');
		expectError(await due({ start: '2025-03-03T09:00', duration: -1, unit: 'days' }), 400, 'invalid_input', 'duration');
		expectError(await due({ start: '2025-03-03T09:00', duration: 'abc', unit: 'days' }), 400, 'invalid_input', 'duration');
		expectError(await due({ start: '2025-03-03T09:00', unit: 'days' }), 400, 'missing_field', 'duration');
		expectError(await due({ start: '2025-03-03T09:00', duration: 1, unit: 'days', agency: '000.00.99.H50' }), 404, 'agency_not_found', 'agency');
	});
});

describe('GET /api/v1/calendar/lunar/{date}', () => {
	const cases = [
		['1985-01-21', { day: 1, month: 1, year: 1985, leap_month: false }, 'Tết 1985 in Vietnam (not China\'s 20/2)'],
		['2007-02-17', { day: 1, month: 1, year: 2007, leap_month: false }, 'Tết 2007'],
		['2027-02-06', { day: 1, month: 1, year: 2027, leap_month: false }, 'Tết 2027'],
		['2025-04-07', { day: 10, month: 3, year: 2025, leap_month: false }, 'Giỗ Tổ 2025'],
		['2025-07-25', { day: 1, month: 6, year: 2025, leap_month: true }, 'leap 6th month of 2025'],
		['2033-12-22', { day: 1, month: 11, year: 2033, leap_month: true }, '2033 has a leap 11th month'],
		['2025-01-28', { day: 29, month: 12, year: 2024, leap_month: false }, 'lunar new year\'s eve 2025 is the 29th'],
	];
	for (const [date, want, why] of cases) {
		test(why, async () => {
			const r = await srv.json(`/api/v1/calendar/lunar/${date}`);
			assert.deepEqual({ day: r.day, month: r.month, year: r.year, leap_month: r.leap_month }, want);
		});
	}
	test('bad dates → 400 naming date', async () => {
		expectError(await srv.req('GET', '/api/v1/calendar/lunar/2025-02-29'), 400, 'invalid_input', 'date');
		expectError(await srv.req('GET', '/api/v1/calendar/lunar/1899-12-31'), 400, 'invalid_input', 'date');
		expectError(await srv.req('GET', '/api/v1/calendar/lunar/soon'), 400, 'invalid_input', 'date');
	});
});

describe('PUT /api/v1/calendar/{year}', () => {
	test('an admin adds a national day off; due times follow at once; the change is audited', async () => {
		const token = await srv.login('admin');
		const before = await due({ start: '2026-11-23T09:00', duration: 1, unit: 'working_days' });
		assert.equal(before.body.due, '2026-11-24T09:00:00+07:00');
		const cal = await srv.json('/api/v1/calendar/2026');
		cal.days_off.push({ date: '2026-11-24', kind: 'holiday', name: 'Ngày Văn hóa Việt Nam' });
		const r = await srv.req('PUT', '/api/v1/calendar/2026', { token, body: cal });
		assert.equal(r.status, 200, r.text);
		assert.ok(r.body.days_off.some((d) => d.date === '2026-11-24'));
		const after = await due({ start: '2026-11-23T09:00', duration: 1, unit: 'working_days' });
		assert.equal(after.body.due, '2026-11-25T09:00:00+07:00');
	});

	test('an agency adds its own local day; other agencies and the nation are unaffected', async () => {
		const token = await srv.login('admin');
		const body = { days_off: [{ date: '2026-12-01', kind: 'local', name: 'Ngày truyền thống ngành' }] };
		const r = await srv.req('PUT', '/api/v1/calendar/2026?agency=000.00.12.H50', { token, body });
		assert.equal(r.status, 200, r.text);
		const mine = await due({ start: '2026-11-30T09:00', duration: 1, unit: 'working_days', agency: '000.00.12.H50' });
		assert.equal(mine.body.due, '2026-12-02T09:00:00+07:00');
		const nat = await due({ start: '2026-11-30T09:00', duration: 1, unit: 'working_days' });
		assert.equal(nat.body.due, '2026-12-01T09:00:00+07:00');
	});

	test('errors: no login 401, a citizen 403, bad dates, a non-local day for an agency, changed office hours', async () => {
		const admin = await srv.login('admin');
		const citizen = await srv.login('citizen');
		const body = { days_off: [] };
		expectError(await srv.req('PUT', '/api/v1/calendar/2026', { body }), 401, 'unauthorized');
		expectError(await srv.req('PUT', '/api/v1/calendar/2026', { token: citizen, body }), 403, 'forbidden');
		expectError(await srv.req('PUT', '/api/v1/calendar/2026', { token: admin, body: { days_off: [{ date: '2026-02-31', kind: 'holiday', name: 'x' }] } }),
			400, 'invalid_input', 'days_off[0].date');
		expectError(await srv.req('PUT', '/api/v1/calendar/2026', { token: admin, body: { days_off: [{ date: '2025-02-03', kind: 'holiday', name: 'x' }] } }),
			400, 'invalid_input', 'days_off[0].date');
		expectError(await srv.req('PUT', '/api/v1/calendar/2026?agency=000.00.12.H50', { token: admin, body: { days_off: [{ date: '2026-12-02', kind: 'holiday', name: 'x' }] } }),
			400, 'invalid_input', 'days_off[0].kind');
		expectError(await srv.req('PUT', '/api/v1/calendar/2026', { token: admin, body: { days_off: [], office_hours: [{ from: '08:00', to: '12:00' }] } }),
			422, 'office_hours_elsewhere', 'office_hours');
		expectError(await srv.req('PUT', '/api/v1/calendar/1800', { token: admin, body }), 400, 'invalid_input', 'year');
	});

	test('a make-up working day is a Saturday or Sunday that is not a day off, listed once; an agency has none of its own', async () => {
		const admin = await srv.login('admin');
		const off = [{ date: '2026-12-19', kind: 'holiday', name: 'Nghỉ thứ Bảy' }, { date: '2026-12-22', kind: 'holiday', name: 'Nghỉ thứ Ba' }];
		const put = (make_up_workdays, q = '') => srv.req('PUT', `/api/v1/calendar/2026${q}`, { token: admin, body: { days_off: off, make_up_workdays } });
		// on a day off, whether a weekend day or a weekday: the clash is named first
		expectError(await put([{ date: '2026-12-19', name: 'Làm bù' }]), 400, 'workday_is_day_off', 'make_up_workdays[0].date');
		expectError(await put([{ date: '2026-12-22', name: 'Làm bù' }]), 400, 'workday_is_day_off', 'make_up_workdays[0].date');
		expectError(await put([{ date: '2026-12-23', name: 'Làm bù' }]), 400, 'workday_not_weekend', 'make_up_workdays[0].date');
		expectError(await put([{ date: '2026-12-26', name: 'Làm bù' }, { date: '2026-12-26', name: 'Lần nữa' }]), 400, 'workday_listed_twice', 'make_up_workdays[1].date');
		expectError(await srv.req('PUT', '/api/v1/calendar/2026?agency=000.00.12.H50', { token: admin, body: { days_off: [], make_up_workdays: [{ date: '2026-12-26', name: 'Làm bù' }] } }),
			400, 'invalid_input', 'make_up_workdays');
		// nothing was stored by the refusals
		const cal = await srv.json('/api/v1/calendar/2026');
		assert.ok(!cal.days_off.some((d) => d.date === '2026-12-19'));
		assert.deepEqual(cal.make_up_workdays.filter((d) => d.date >= '2026-12-01'), []);
	});
});

describe('R-DL-8: a calendar change moves the due times of open dossiers', () => {
	test('a day off added inside a dossier\'s time limit moves its due time one working day later, audited', async () => {
		const other = await startServer({ env: { MOTCUA_TEST_CLOCK: 'on' } });
		try {
			const desk = await other.login('desk');
			const admin = await other.login('admin');
			const r = await other.req('POST', '/api/v1/dossiers', {
				token: desk, headers: { 'X-Test-Now': '2030-03-04T09:00' },
				body: { procedure: '1.004201.000.00.00.H50', applicant: { name: 'Đỗ Văn Giang' }, documents: [{ code: 'TP1' }, { code: 'TP2' }, { code: 'TP3' }], receive: true },
			});
			assert.equal(r.status, 201, r.text);
			assert.equal(r.body.due_at, '2030-03-11T09:00:00+07:00'); // 5 WD from Mon 4/3/2030
			const cal = await other.json('/api/v1/calendar/2030');
			cal.days_off.push({ date: '2030-03-06', kind: 'holiday', name: 'Ngày nghỉ bổ sung' });
			const put = await other.req('PUT', '/api/v1/calendar/2030', { token: admin, body: cal, headers: { 'X-Test-Now': '2030-03-05T09:00' } });
			assert.equal(put.status, 200, put.text);
			assert.equal(put.body.dossiers_recomputed, 1);
			const d = await other.req('GET', `/api/v1/dossiers/${r.body.code}`, { token: desk });
			assert.equal(d.body.due_at, '2030-03-12T09:00:00+07:00');
			const ev = d.body.events.find((e) => e.action === 'recompute_due');
			assert.equal(ev.detail.previous_due_at, '2030-03-11T09:00:00+07:00');
		} finally {
			await other.stop();
		}
	});
});
