// flows.mjs - the portal and the workspace in a real browser
// (Debian's Chromium through playwright-core), in Vietnamese, the way a
// person who has never seen motcua would use them:
//   1. a citizen finds a procedure, files it online (a first try with
//      errors shown next to the fields, what was typed kept) and looks the
//      dossier up by its code, unlocking the steps with the ID number;
//   2. the desk receives it and opens Form 01; at the counter the desk
//      takes a dossier with a missing paper (refused, then filed with a
//      supplement request, Form 02) and a complete one (Form 01);
//   3. the officers take it through every workflow step to the result and
//      the desk returns it;
//   4. an administrator adds a day off to the calendar (and removes it).
// flows-1280.test.mjs runs them at 1280 px with JavaScript (htmx),
// flows-360.test.mjs at 360 px without JavaScript, each on its own server
// so that node --test runs the two at once; every page must fit its width
// and log no console error (a CSP violation is one). Screenshots of the
// main pages go to docs/screenshots/ (-360 for the narrow ones).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { checkClean, launch, login, pdfText, person, shot, startServer, submit } from './browser.mjs';

const TT = '1.004201.000.00.00.H50'; // technology transfer: 5 WD (3 online), 6 steps
const APPLICANT = { name: 'Nguyễn Văn An', id: '001085012345', phone: '0912345678', email: 'an.nguyen@example.vn', address: '12 Hùng Vương, Đông Hà, Quảng Trị' };

/* Define the flows for one mode: { width, js, tag }. */
export function flows(mode) {
	let srv, browser;
	before(async () => {
		[srv, browser] = await Promise.all([startServer({ env: { MOTCUA_TEST_CLOCK: 'on' } }), launch()]);
	});
	after(async () => {
		await browser?.close();
		await srv?.stop();
	});

	describe(`at ${mode.width} px${mode.js ? '' : ', without JavaScript'}`, () => {
		const day = mode.width === 1280 ? '2025-10-07' : '2025-10-14'; // a Tuesday
		const at = (hhmm, d = day) => `${d}T${hhmm}`;
		const people = {};
		let onlineCode, counterCode;
		const wide = mode.width === 1280;
		const snap = async (page, name, always = false) => {
			if (wide || always) await shot(page, name + mode.tag);
		};
		const open = async (role) => {
			if (!people[role]) {
				people[role] = await person(browser, { width: mode.width, js: mode.js, now: at('08:00') });
				if (role !== 'public') await login(people[role], srv.base, role);
			}
			return people[role];
		};
		after(async () => {
			for (const p of Object.values(people)) await p.ctx.close();
		});

		test('1. a citizen finds the procedure, files it online and looks the dossier up', async () => {
			const who = await open('citizen');
			const { page } = who;
			await who.setNow(at('07:45'));
			await page.goto(srv.base + '/');
			await snap(page, 'home', true);
			// accent-insensitive search
			await page.getByLabel('Tên, mã hoặc lĩnh vực thủ tục').fill('chuyen giao cong nghe');
			if (mode.js) {
				// htmx: results follow the typing
				await page.locator('#results').getByRole('link', { name: /^Đăng ký chuyển giao công nghệ/ }).waitFor();
			} else {
				await submit(page, page.getByRole('button', { name: 'Tìm kiếm' }));
			}
			await checkClean(who, 'home search');
			await Promise.all([page.waitForEvent('load'), page.getByRole('link', { name: /^Đăng ký chuyển giao công nghệ/ }).first().click()]);
			assert.equal(new URL(page.url()).pathname, `/thu-tuc/${TT}`);
			await snap(page, 'procedure', true);
			await checkClean(who, 'procedure page');
			await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Nộp hồ sơ trực tuyến' }).click()]);
			assert.equal(new URL(page.url()).pathname, `/thu-tuc/${TT}/nop-truc-tuyen`);

			// a first try with gaps: errors next to the fields, in Vietnamese, what was typed kept
			await page.getByLabel('Nội dung yêu cầu (tóm tắt)').fill('Đăng ký hợp đồng chuyển giao dây chuyền sấy nông sản');
			await page.getByLabel('Số CCCD/CMND').fill('12345');
			await page.getByLabel('TP1').check();
			await submit(page, page.getByRole('button', { name: 'Nộp hồ sơ' }));
			await expectFieldError(page, 'applicant_name', 'Hãy nhập thông tin này.');
			await expectFieldError(page, 'applicant_phone', 'Hãy nhập thông tin này.');
			await expectFieldError(page, 'pledge', 'Hãy đánh dấu ô cam đoan.');
			await expectFieldError(page, 'applicant_id_number', 'Số CCCD gồm 12 chữ số (CMND cũ: 9 chữ số).');
			assert.match(await page.locator('#documents-error').innerText(), /Hãy chuẩn bị đủ các giấy tờ bắt buộc: .*Hợp đồng chuyển giao công nghệ/);
			assert.equal(await page.getByLabel('Nội dung yêu cầu (tóm tắt)').inputValue(), 'Đăng ký hợp đồng chuyển giao dây chuyền sấy nông sản');
			assert.equal(await page.getByLabel('TP1').isChecked(), true, 'the ticked paper stays ticked');
			assert.equal(await page.getByLabel('Họ và tên (hoặc tên tổ chức)').getAttribute('aria-invalid'), 'true');
			await snap(page, 'file-errors', true);
			await checkClean(who, 'filing form with errors');

			// the rest, then an ID number still wrong: the only error left
			await page.getByLabel('Họ và tên (hoặc tên tổ chức)').fill(APPLICANT.name);
			await page.getByLabel('Số điện thoại').fill(APPLICANT.phone);
			await page.getByLabel('Thư điện tử').fill(APPLICANT.email);
			await page.getByLabel('Địa chỉ').fill(APPLICANT.address);
			for (const c of ['TP2', 'TP3']) await page.getByLabel(c).check();
			await page.getByLabel('Tôi cam đoan').check();
			await page.getByLabel('Số CCCD/CMND').fill('0010850123');
			await submit(page, page.getByRole('button', { name: 'Nộp hồ sơ' }));
			await expectFieldError(page, 'applicant_id_number', 'Số CCCD gồm 12 chữ số (CMND cũ: 9 chữ số).');
			assert.equal(await page.locator('.field-error').count(), 1, 'only the ID number is left');
			assert.equal(await page.getByLabel('Họ và tên (hoặc tên tổ chức)').inputValue(), APPLICANT.name);

			await page.getByLabel('Số CCCD/CMND').fill(APPLICANT.id);
			await submit(page, page.getByRole('button', { name: 'Nộp hồ sơ' }));
			const url = new URL(page.url());
			assert.match(url.pathname, /^\/ho-so\/000\.00\.12\.H50-\d{6}-\d{4}$/);
			onlineCode = url.pathname.split('/')[2];
			assert.match(await page.getByRole('status').innerText(), /Đã nộp hồ sơ/);
			assert.equal(await page.locator('.status-line .status').innerText(), 'Mới đăng ký');
			assert.match(await page.locator('dl.facts').innerText(), /Trực tuyến/);
			await snap(page, 'dossier-citizen', true);
			await checkClean(who, 'the citizen\'s dossier page');

			// "my dossiers"
			await Promise.all([page.waitForEvent('load'), page.getByRole('navigation', { name: 'Menu chính' }).getByRole('link', { name: 'Hồ sơ của tôi' }).click()]);
			await page.getByRole('link', { name: onlineCode }).waitFor();
			await snap(page, 'my-dossiers');
			await checkClean(who, 'my dossiers');

			// the public lookup, by code, as anyone
			const anon = await open('public');
			const p2 = anon.page;
			await p2.goto(srv.base + '/');
			await p2.getByLabel('Mã hồ sơ (in trên Giấy tiếp nhận)').fill(onlineCode.toLowerCase());
			await submit(p2, p2.getByRole('button', { name: 'Tra cứu' }));
			assert.equal(new URL(p2.url()).pathname, `/tra-cuu/${onlineCode}`);
			const facts = await p2.locator('dl.facts').innerText();
			assert.match(facts, /Nguyễn V\*\*\* A\*/, 'the name is masked');
			assert.doesNotMatch(facts, /Nguyễn Văn An/);
			await p2.getByLabel(/Nhập số CCCD\/CMND/).fill('001085099999');
			await submit(p2, p2.getByRole('button', { name: 'Xem các bước' }));
			await expectFieldError(p2, 'id', 'Số giấy tờ không khớp với người nộp hồ sơ.', 'id-error');
			await p2.getByLabel(/Nhập số CCCD\/CMND/).fill(APPLICANT.id);
			await submit(p2, p2.getByRole('button', { name: 'Xem các bước' }));
			await p2.getByRole('heading', { name: 'Các bước xử lý' }).waitFor();
			assert.match(await p2.locator('main').innerText(), /Hồ sơ chưa được tiếp nhận/);
			await snap(p2, 'lookup', true);
			await checkClean(anon, 'public lookup');
		});

		test('2a. the desk receives the online dossier and opens Form 01', async () => {
			const who = await open('desk');
			const { page } = who;
			await who.setNow(at('09:00'));
			await page.goto(srv.base + '/can-bo');
			// the desk's first queue: waiting for reception, with its count
			const tab = page.getByRole('navigation', { name: 'Danh sách hồ sơ' }).getByRole('link', { name: /Chờ tiếp nhận/ });
			assert.equal(await tab.getAttribute('aria-current'), 'page');
			assert.match(await tab.innerText(), /[1-9]/);
			await snap(page, 'workspace', true);
			await checkClean(who, 'workspace');
			await Promise.all([page.waitForEvent('load'), page.getByRole('link', { name: onlineCode }).click()]);
			const receive = page.locator('#act-receive');
			assert.equal(await receive.getAttribute('open'), '', 'the usual next move is open');
			await submit(page, receive.getByRole('button', { name: 'Tiếp nhận hồ sơ' }));
			assert.match(await page.getByRole('status').innerText(), /Đã tiếp nhận hồ sơ/);
			assert.equal(await page.locator('.status-line .status').innerText(), 'Được tiếp nhận');
			// online limit 3 WD from Tue 09:00 → Fri 09:00
			const due = day === '2025-10-07' ? '09:00, 10/10/2025' : '09:00, 17/10/2025';
			assert.match(await page.locator('dl.facts').innerText(), new RegExp(`Hẹn trả kết quả\\s+${due}`));
			// Form 01 opens in a new tab as the official PDF; its text carries the code
			const form01 = page.getByRole('status').getByRole('button', { name: /In mẫu 01/ });
			const [popup] = await Promise.all([page.waitForEvent('popup'), form01.click()]);
			await popup.waitForLoadState();
			assert.equal(new URL(popup.url()).pathname, `/api/v1/dossiers/${onlineCode}/forms/01.pdf`);
			await popup.close();
			const pdf = await page.request.get(srv.base + `/api/v1/dossiers/${onlineCode}/forms/01.pdf`);
			assert.equal(pdf.status(), 200);
			assert.equal(pdf.headers()['content-type'], 'application/pdf');
			const bytes = await pdf.body();
			assert.equal(bytes.subarray(0, 5).toString(), '%PDF-');
			const text = await pdfText(bytes, wide ? 'form-01' : null);
			if (text !== null) {
				assert.match(text, /GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ/);
				assert.ok(text.includes(onlineCode), 'Form 01 carries the code');
				assert.ok(text.includes(APPLICANT.name));
			}
			await checkClean(who, 'dossier page after reception');
		});

		test('2b. intake at the counter: a missing paper is refused, filed with a supplement request (Form 02); a complete one is received (Form 01)', async () => {
			const who = await open('desk');
			const { page } = who;
			await who.setNow(at('09:30'));
			await page.goto(srv.base + '/can-bo/tiep-nhan');
			if (mode.js) {
				// htmx brings the form in when the procedure is picked
				await page.getByLabel('Thủ tục hành chính').selectOption(TT);
				await page.locator('#intake form').waitFor();
				assert.equal(new URL(page.url()).searchParams.get('procedure'), TT);
			} else {
				await page.getByLabel('Thủ tục hành chính').selectOption(TT);
				await submit(page, page.getByRole('button', { name: 'Chọn thủ tục' }));
			}
			await page.getByLabel('TP1').check();
			await page.getByLabel('TP2').check();
			await page.getByLabel('Họ và tên (hoặc tên tổ chức)').fill('Công ty TNHH Nông sản Quảng Trị');
			await page.getByLabel('Đối tượng').selectOption('enterprise');
			await page.getByLabel('Số điện thoại').fill('0233 3852 111');
			await submit(page, page.getByRole('button', { name: 'Tiếp nhận hồ sơ' }));
			assert.match(await page.locator('#documents-error').innerText(), /Thiếu giấy tờ bắt buộc.*Danh mục tài liệu công nghệ/);
			assert.equal(await page.getByLabel('Họ và tên (hoặc tên tổ chức)').inputValue(), 'Công ty TNHH Nông sản Quảng Trị');
			assert.equal(await page.getByLabel('TP2').isChecked(), true);
			await snap(page, 'intake-errors');
			await checkClean(who, 'intake with errors');
			await submit(page, page.getByRole('button', { name: 'Lưu và yêu cầu bổ sung' }));
			assert.equal(await page.locator('.status-line .status').innerText(), 'Yêu cầu bổ sung giấy tờ');
			const form02 = page.getByRole('status').getByRole('button', { name: /In mẫu 02/ });
			const form = await page.request.get(srv.base + (await form02.getAttribute('href')));
			assert.equal(form.status(), 200);
			const text = await pdfText(await form.body(), wide ? 'form-02' : null);
			if (text !== null) {
				assert.match(text, /PHIẾU YÊU CẦU BỔ SUNG/);
				assert.match(text.replace(/\s+/g, ' '), /Danh mục tài liệu công nghệ/, 'Form 02 lists the missing paper');
			}
			await checkClean(who, 'dossier after a supplement request');

			// a complete dossier at the counter
			await page.goto(srv.base + `/can-bo/tiep-nhan?procedure=${TT}`);
			for (const c of ['TP1', 'TP2', 'TP3']) await page.getByLabel(c).check();
			await page.getByLabel('Họ và tên (hoặc tên tổ chức)').fill('Trần Thị Bình');
			await page.getByLabel('Số CCCD/CMND').fill('045190001234');
			await page.getByLabel('Nội dung yêu cầu (tóm tắt)').fill('Đăng ký hợp đồng chuyển giao quy trình nuôi tôm');
			await snap(page, 'intake', true);
			await submit(page, page.getByRole('button', { name: 'Tiếp nhận hồ sơ' }));
			counterCode = new URL(page.url()).pathname.split('/')[2];
			assert.equal(await page.locator('.status-line .status').innerText(), 'Được tiếp nhận');
			assert.match(await page.locator('dl.facts').innerText(), /Trực tiếp/);
			await page.getByRole('status').getByRole('button', { name: /In mẫu 01/ }).waitFor();
			await checkClean(who, 'dossier received at the counter');
		});

		test('3. the officers process the dossier to the result and the desk returns it', async () => {
			const desk = await open('desk');
			// step 1 (desk) → step 2, given to the unit leader
			await desk.setNow(at('10:00'));
			await desk.page.goto(srv.base + `/ho-so/${onlineCode}`);
			await snap(desk.page, 'dossier-actions', true);
			await forward(desk.page, 'truongphong');
			await checkClean(desk, 'after forwarding');

			// the unit leader finds it in "mine"; a send-back without a reason is refused next to the field
			const leader = await open('unit_leader');
			await leader.setNow(at('10:30'));
			await leader.page.goto(srv.base + '/can-bo');
			const mine = leader.page.getByRole('navigation', { name: 'Danh sách hồ sơ' }).getByRole('link', { name: /Của tôi/ });
			assert.equal(await mine.getAttribute('aria-current'), 'page');
			await Promise.all([leader.page.waitForEvent('load'), leader.page.getByRole('link', { name: onlineCode }).click()]);
			const back = leader.page.locator('#act-return_step');
			// a closed <details>: opened from the keyboard, no script involved
			await back.locator('summary').focus();
			await leader.page.keyboard.press('Enter');
			await submit(leader.page, back.getByRole('button', { name: 'Trả lại bước trước' }));
			await expectFieldError(leader.page, 'return_step-reason', 'Hãy nhập thông tin này.');
			assert.equal(await leader.page.locator('#act-return_step').getAttribute('open'), '', 'the failed form stays open');
			await checkClean(leader, 'a refused action');
			await forward(leader.page, 'chuyenvien');

			// specialist → unit leader → director → clerk
			const spec = await open('specialist');
			await spec.setNow(at('14:00'));
			await spec.page.goto(srv.base + `/ho-so/${onlineCode}`);
			await forward(spec.page, 'truongphong', 'Đủ điều kiện đăng ký');
			await leader.setNow(at('15:00'));
			await leader.page.goto(srv.base + `/ho-so/${onlineCode}`);
			await forward(leader.page, 'giamdoc');
			const director = await open('agency_leader');
			await director.setNow(at('16:00'));
			await director.page.goto(srv.base + `/ho-so/${onlineCode}`);
			await forward(director.page, 'vanthu');

			// the clerk: the last step, so "complete" (the result prefilled from the procedure)
			const clerk = await open('clerk');
			const next = day === '2025-10-07' ? '2025-10-08' : '2025-10-15';
			await clerk.setNow(at('08:30', next));
			await clerk.page.goto(srv.base + `/ho-so/${onlineCode}`);
			const complete = clerk.page.locator('#act-complete');
			assert.equal(await complete.getAttribute('open'), '');
			assert.equal(await clerk.page.locator('#act-forward').count(), 0, 'no forward at the last step');
			assert.match(await complete.getByLabel('Kết quả giải quyết').inputValue(), /Giấy chứng nhận đăng ký chuyển giao công nghệ/);
			await submit(clerk.page, complete.getByRole('button', { name: 'Hoàn thành, có kết quả' }));
			assert.equal(await clerk.page.locator('.status-line .status').innerText(), 'Đã xử lý xong');
			assert.match(await clerk.page.locator('.status-line').innerText(), /Trước hạn/);
			await checkClean(clerk, 'result ready');

			// the desk hands the result over
			await desk.setNow(at('09:00', next));
			await desk.page.goto(srv.base + `/ho-so/${onlineCode}`);
			const ret = desk.page.locator('#act-return_result');
			await ret.getByLabel('Hình thức trả kết quả').selectOption('in_person');
			await submit(desk.page, ret.getByRole('button', { name: 'Trả kết quả' }));
			assert.equal(await desk.page.locator('.status-line .status').innerText(), 'Đã trả kết quả');
			// the workflow is done, each step on time or early, and the history tells it all
			const runs = desk.page.locator('table.stack').first().locator('tbody tr');
			assert.equal(await runs.count(), 6);
			for (let i = 0; i < 6; i++) assert.match(await runs.nth(i).innerText(), /Trước hạn|Đúng hạn/);
			const history = await desk.page.locator('ol.timeline').innerText();
			for (const s of ['Nộp hồ sơ', 'Tiếp nhận hồ sơ', 'Chuyển bước tiếp theo', 'Hoàn thành, có kết quả', 'Trả kết quả', 'Đủ điều kiện đăng ký'])
				assert.ok(history.includes(s), `history has "${s}"`);
			assert.equal(await desk.page.locator('#actions').count(), 0, 'nothing left to do');
			await snap(desk.page, 'dossier-officer', true);
			await checkClean(desk, 'returned dossier');

			// the citizen sees the outcome on the public lookup
			const anon = await open('public');
			await anon.page.goto(srv.base + `/tra-cuu/${onlineCode}`);
			assert.equal(await anon.page.locator('.status-line .status').innerText(), 'Đã trả kết quả');
		});

		test('4. an administrator adds a day off to the calendar, then removes it', async () => {
			const who = await open('admin');
			const { page } = who;
			await page.goto(srv.base + '/quan-tri');
			for (const [link, name] of [['Danh mục thủ tục hành chính', 'admin-procedures'], ['Người dùng', 'admin-users'], ['Cơ quan, đơn vị', 'agencies']]) {
				await Promise.all([page.waitForEvent('load'), page.locator('main').getByRole('link', { name: link }).click()]);
				await snap(page, name);
				await checkClean(who, name);
				await page.goBack();
			}
			await Promise.all([page.waitForEvent('load'), page.getByRole('link', { name: 'Lịch làm việc, ngày nghỉ' }).click()]);
			await page.goto(srv.base + '/lich-lam-viec?year=2026');
			const add = page.locator('form[action="/quan-tri/lich"]');
			const date = wide ? '2026-11-24' : '2026-11-25';
			await add.getByLabel(/^Ngày/).fill(date);
			await submit(page, add.getByRole('button', { name: 'Thêm ngày nghỉ' }));
			await expectFieldError(page, 'cal-name', 'Hãy nhập thông tin này.');
			assert.equal(await page.locator('form[action="/quan-tri/lich"]').getByLabel(/^Ngày/).inputValue(), date, 'the date is kept');
			await page.locator('form[action="/quan-tri/lich"]').getByLabel('Tên ngày nghỉ').fill('Ngày Văn hóa Việt Nam');
			await submit(page, page.locator('form[action="/quan-tri/lich"]').getByRole('button', { name: 'Thêm ngày nghỉ' }));
			assert.match(await page.getByRole('status').innerText(), /Đã thêm ngày nghỉ/);
			const [y, m, d] = date.split('-');
			const row = page.locator('#ngay-nghi tbody tr', { hasText: `${d}/${m}/${y}` });
			assert.match(await row.innerText(), /Ngày Văn hóa Việt Nam/);
			const cell = page.locator('table.month').nth(10).locator('td.off', { hasText: new RegExp(`^${Number(d)}$`) });
			assert.equal(await cell.getAttribute('title'), 'Ngày Văn hóa Việt Nam');
			// the API's due times follow at once: 1 WD from Mon 23/11 09:00 skips the new day off
			const due = await (await page.request.get(srv.base + `/api/v1/calendar/due?start=2026-11-23T09:00&duration=${wide ? 1 : 2}&unit=working_days`)).json();
			assert.equal(due.due, wide ? '2026-11-25T09:00:00+07:00' : '2026-11-26T09:00:00+07:00');
			await snap(page, 'calendar', true);
			await checkClean(who, 'calendar');
			// adding it again is refused next to the date
			await page.locator('form[action="/quan-tri/lich"]').getByLabel(/^Ngày/).fill(date);
			await page.locator('form[action="/quan-tri/lich"]').getByLabel('Tên ngày nghỉ').fill('Lần nữa');
			await submit(page, page.locator('form[action="/quan-tri/lich"]').getByRole('button', { name: 'Thêm ngày nghỉ' }));
			await expectFieldError(page, 'cal-date', 'Ngày này đã có trong lịch nghỉ.');
			await submit(page, row.getByRole('button', { name: /Xóa/ }));
			assert.match(await page.getByRole('status').innerText(), /Đã xóa ngày nghỉ/);
			assert.equal(await page.locator('#ngay-nghi tbody tr', { hasText: `${d}/${m}/${y}` }).count(), 0);
		});

		test('5. the login form; the portal in English and back to Vietnamese', async () => {
			const who = await person(browser, { width: mode.width, js: mode.js, lang: 'en-GB' });
			const { page } = who;
			try {
				await page.goto(srv.base + '/dang-nhap?lang=vi');
				await snap(page, 'login', true);
				await checkClean(who, 'login form');
				await page.goto(srv.base + `/thu-tuc/${TT}?lang=en`);
				assert.equal(await page.locator('html').getAttribute('lang'), 'en');
				assert.match(await page.locator('dl.facts').innerText(), /5 working days \(3 working days when filed online\)/);
				assert.match(await page.locator('main').innerText(), /5,000,000 VND/);
				await snap(page, 'procedure-en');
				await checkClean(who, 'procedure page in English');
				// the choice holds on the next page, whatever the browser asks for
				await page.goto(srv.base + '/tra-cuu');
				assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Track a dossier');
				await Promise.all([page.waitForEvent('load'), page.getByRole('link', { name: 'Tiếng Việt' }).click()]);
				assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Tra cứu hồ sơ');
				assert.equal(new URL(page.url()).pathname, '/tra-cuu');
			} finally {
				await who.ctx.close();
			}
		});
	});
}

/* The error message shown under a field (id "<field>-error"). */
async function expectFieldError(page, field, text, id = `${field}-error`) {
	const el = page.locator(`#${id.replace(/\./g, '\\.')}`);
	assert.equal((await el.innerText()).replace(/^⚠\s*/, ''), text);
}

/* Forward to the next step, giving it to username. */
async function forward(page, username, note) {
	const form = page.locator('#act-forward');
	// the usual next move is open; after another form failed, that one is
	if ((await form.getAttribute('open')) === null) await form.locator('summary').click();
	await form.getByLabel('Người xử lý bước này').selectOption(username);
	if (note) await form.getByLabel('Ghi chú').fill(note);
	await submit(page, form.getByRole('button', { name: 'Chuyển bước tiếp theo' }));
	assert.match(await page.getByRole('status').innerText(), /Đã chuyển bước tiếp theo/);
}
