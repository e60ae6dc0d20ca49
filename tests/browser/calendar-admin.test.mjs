// calendar-admin.test.mjs - the administrator of a provincial department
// keeps the working calendar from /lich-lam-viec (R-DL-1, R-DL-8):
//   - a make-up working day (ngày làm bù): added, listed and marked in the
//     month grid, refused next to the date when that date is a day off,
//     removed again;
//   - an agency's own calendar (?agency=): the national days plus its own,
//     the national ones without a remove button; a local day off added
//     there is the agency's only (not on the national calendar) and the
//     agency's due times skip it.
// Run at 1280 px with JavaScript and at 360 px without, each on its own
// server and its own dates of 2026 (Sat 19/12 and 26/12, Tue 8/12 and
// 15/12), so that the two never meet.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { checkClean, launch, login, person, shot, startServer, submit } from './lib/browser.mjs';

const AGENCY = '000.00.12.H50';
const AGENCY_NAME = 'Sở Khoa học và Công nghệ tỉnh Quảng Trị';

const fieldError = async (page, id) => (await page.locator(`#${id}-error`).innerText()).replace(/^⚠\s*/, '');

for (const mode of [{ width: 1280, js: true, tag: '' }, { width: 360, js: false, tag: '-360' }]) {
	const wide = mode.width === 1280;
	// a Saturday for the make-up day, a Tuesday for the agency's day off
	const makeup = wide ? { date: '2026-12-19', dmy: '19/12/2026', d: 19 } : { date: '2026-12-26', dmy: '26/12/2026', d: 26 };
	const local = wide ? { date: '2026-12-08', dmy: '08/12/2026', d: 8, monday: '2026-12-07' } : { date: '2026-12-15', dmy: '15/12/2026', d: 15, monday: '2026-12-14' };

	describe(`the administrator's calendar at ${mode.width} px${mode.js ? '' : ', without JavaScript'}`, () => {
		let srv, browser, who;
		before(async () => {
			[srv, browser] = await Promise.all([startServer({ env: { MOTCUA_TEST_CLOCK: 'on' } }), launch()]);
			who = await person(browser, { width: mode.width, js: mode.js, now: '2026-11-20T09:00' });
			await login(who, srv.base, 'admin');
		});
		after(async () => {
			await who?.ctx.close();
			await browser?.close();
			await srv?.stop();
		});

		test('a make-up working day: added, listed and marked; refused on a day off; removed', async () => {
			const { page } = who;
			await page.goto(srv.base + '/lich-lam-viec?year=2026');
			const form = () => page.locator('form[action="/quan-tri/lich/lam-bu"]');
			// a name is needed; the date typed is kept
			await form().getByLabel(/^Ngày/).fill(makeup.date);
			await submit(page, form().getByRole('button', { name: 'Thêm ngày làm bù' }));
			assert.equal(await fieldError(page, 'cal-mu-name'), 'Hãy nhập thông tin này.');
			assert.equal(await form().getByLabel(/^Ngày/).inputValue(), makeup.date, 'the date is kept');
			// a weekday cannot be a make-up day (the domain's rule, told next to the date)
			await form().getByLabel(/^Ngày/).fill('2026-12-23');
			await form().getByLabel('Tên ngày làm bù').fill('Làm bù thứ Tư');
			await submit(page, form().getByRole('button', { name: 'Thêm ngày làm bù' }));
			assert.equal(await fieldError(page, 'cal-mu-date'), 'Ngày làm bù phải là thứ Bảy hoặc Chủ nhật.');
			assert.equal(await form().getByLabel('Tên ngày làm bù').inputValue(), 'Làm bù thứ Tư', 'the name is kept');

			await form().getByLabel(/^Ngày/).fill(makeup.date);
			await form().getByLabel('Tên ngày làm bù').fill('Làm bù cho ngày 31/12/2026');
			await submit(page, form().getByRole('button', { name: 'Thêm ngày làm bù' }));
			assert.match(await page.getByRole('status').innerText(), /Đã thêm ngày làm bù/);
			const row = page.locator('#lam-bu tbody tr', { hasText: makeup.dmy });
			assert.match(await row.innerText(), /Làm bù cho ngày 31\/12\/2026/);
			const cell = page.locator('table.month').nth(11).locator('td', { hasText: new RegExp(`^${makeup.d}$`) });
			assert.match(await cell.getAttribute('class'), /\bmakeup\b/);
			assert.doesNotMatch(await cell.getAttribute('class'), /\bweekend\b/, 'a make-up Saturday is a working day');
			assert.equal(await cell.getAttribute('title'), 'Làm bù cho ngày 31/12/2026');
			const api = await (await page.request.get(srv.base + '/api/v1/calendar/2026')).json();
			assert.ok(api.make_up_workdays.some((d) => d.date === makeup.date));
			await shot(page, 'calendar-makeup' + mode.tag);
			await checkClean(who, 'calendar with a make-up day');

			// a day off on that date is refused next to the day-off date
			const off = page.locator('form[action="/quan-tri/lich"]');
			await off.getByLabel(/^Ngày/).fill(makeup.date);
			await off.getByLabel('Tên ngày nghỉ').fill('Nghỉ trùng ngày làm bù');
			await submit(page, off.getByRole('button', { name: 'Thêm ngày nghỉ' }));
			assert.equal(await fieldError(page, 'cal-date'), 'Ngày này là ngày làm bù; hãy xóa ngày làm bù trước.');

			// and a make-up day on a day off is refused next to the make-up date:
			// first a Saturday day off, then the make-up day on it
			const other = wide ? '2026-12-05' : '2026-12-12';
			await page.goto(srv.base + '/lich-lam-viec?year=2026');
			await off.getByLabel(/^Ngày/).fill(other);
			await off.getByLabel('Tên ngày nghỉ').fill('Nghỉ thứ Bảy');
			await submit(page, off.getByRole('button', { name: 'Thêm ngày nghỉ' }));
			assert.match(await page.getByRole('status').innerText(), /Đã thêm ngày nghỉ/);
			await form().getByLabel(/^Ngày/).fill(other);
			await form().getByLabel('Tên ngày làm bù').fill('Làm bù trùng ngày nghỉ');
			await submit(page, form().getByRole('button', { name: 'Thêm ngày làm bù' }));
			assert.equal(await fieldError(page, 'cal-mu-date'), 'Ngày này đã là ngày nghỉ, không thể là ngày làm bù.');
			assert.equal(await form().getByLabel(/^Ngày/).inputValue(), other, 'the date is kept');
			assert.equal(await page.locator('#cal-mu-date').getAttribute('aria-invalid'), 'true');
			await shot(page, 'calendar-makeup-error' + mode.tag);
			await checkClean(who, 'make-up day refused');

			// removed again
			await submit(page, page.locator('#lam-bu tbody tr', { hasText: makeup.dmy }).getByRole('button', { name: /Xóa/ }));
			assert.match(await page.getByRole('status').innerText(), /Đã xóa ngày làm bù/);
			assert.equal(await page.locator('#lam-bu tbody tr', { hasText: makeup.dmy }).count(), 0);
			const after = await (await page.request.get(srv.base + '/api/v1/calendar/2026')).json();
			assert.ok(!after.make_up_workdays.some((d) => d.date === makeup.date));
		});

		test('an agency\'s calendar: the national days kept, its own local day off added for it alone', async () => {
			const { page } = who;
			await page.goto(srv.base + '/lich-lam-viec?year=2026');
			const scope = page.getByLabel('Lịch của:');
			await scope.selectOption(AGENCY);
			await submit(page, page.getByRole('button', { name: 'Xem lịch' }));
			const url = new URL(page.url());
			assert.equal(url.searchParams.get('agency'), AGENCY);
			assert.equal(url.searchParams.get('year'), '2026');
			assert.match(await page.locator('main').innerText(), new RegExp(`Lịch của: ${AGENCY_NAME}`));
			// national days are shown there, as national, without a remove button
			const natRow = page.locator('#ngay-nghi tbody tr', { hasText: '02/09/2026' });
			assert.match(await natRow.innerText(), /Toàn quốc/);
			assert.equal(await natRow.getByRole('button').count(), 0, 'a national day is not removed from an agency\'s view');
			// the agency adds only local days: no kind to choose
			const off = page.locator('form[action="/quan-tri/lich"]');
			assert.equal(await off.locator('select[name="kind"]').count(), 0);
			assert.equal(await page.locator('form[action="/quan-tri/lich/lam-bu"]').count(), 0, 'make-up days are national');
			await off.getByLabel(/^Ngày/).fill(local.date);
			await off.getByLabel('Tên ngày nghỉ').fill('Ngày truyền thống của Sở');
			await submit(page, off.getByRole('button', { name: 'Thêm ngày nghỉ' }));
			assert.match(await page.getByRole('status').innerText(), /Đã thêm ngày nghỉ/);
			assert.equal(new URL(page.url()).searchParams.get('agency'), AGENCY, 'back on the agency\'s calendar');
			const row = page.locator('#ngay-nghi tbody tr', { hasText: local.dmy });
			assert.match(await row.innerText(), /Ngày truyền thống của Sở/);
			assert.match(await row.innerText(), /Nghỉ riêng của địa phương/);
			assert.match(await row.innerText(), /Riêng của cơ quan/);
			const cell = page.locator('table.month').nth(11).locator('td.off', { hasText: new RegExp(`^${local.d}$`) });
			assert.equal(await cell.getAttribute('title'), 'Ngày truyền thống của Sở');
			await shot(page, 'calendar-agency' + mode.tag);
			await checkClean(who, 'an agency\'s calendar');
			// a national day off cannot be added again as the agency's
			await off.getByLabel(/^Ngày/).fill('2026-09-02');
			await off.getByLabel('Tên ngày nghỉ').fill('Quốc khánh');
			await submit(page, off.getByRole('button', { name: 'Thêm ngày nghỉ' }));
			assert.equal(await fieldError(page, 'cal-date'), 'Ngày này đã có trong lịch nghỉ.');

			// the agency's own schedule, as the API has it
			const mine = await (await page.request.get(srv.base + `/api/v1/calendar/2026?agency=${AGENCY}`)).json();
			assert.deepEqual(mine.days_off.filter((d) => d.date === local.date), [{ date: local.date, kind: 'local', name: 'Ngày truyền thống của Sở' }]);
			// not on the national calendar: neither the page nor the API
			await page.goto(srv.base + '/lich-lam-viec?year=2026');
			assert.equal(await page.locator('#ngay-nghi tbody tr', { hasText: local.dmy }).count(), 0);
			const nat = await (await page.request.get(srv.base + '/api/v1/calendar/2026')).json();
			assert.ok(!nat.days_off.some((d) => d.date === local.date));
			// the agency's due times skip it; the nation's do not
			const due = async (agency) => {
				const q = new URLSearchParams({ start: `${local.monday}T09:00`, duration: '1', unit: 'working_days' });
				if (agency) q.set('agency', agency);
				return (await (await page.request.get(srv.base + `/api/v1/calendar/due?${q}`)).json()).due;
			};
			const wed = local.date.replace(/\d\d$/, String(local.d + 1).padStart(2, '0'));
			assert.equal(await due(AGENCY), `${wed}T09:00:00+07:00`);
			assert.equal(await due(null), `${local.date}T09:00:00+07:00`);

			// removed from the agency's calendar
			await page.goto(srv.base + `/lich-lam-viec?year=2026&agency=${AGENCY}`);
			await submit(page, page.locator('#ngay-nghi tbody tr', { hasText: local.dmy }).getByRole('button', { name: /Xóa/ }));
			assert.match(await page.getByRole('status').innerText(), /Đã xóa ngày nghỉ/);
			assert.equal(new URL(page.url()).searchParams.get('agency'), AGENCY);
			assert.equal(await page.locator('#ngay-nghi tbody tr', { hasText: local.dmy }).count(), 0);
			assert.equal(await due(AGENCY), `${local.date}T09:00:00+07:00`);
			await checkClean(who, 'an agency\'s day removed');
		});
	});
}
