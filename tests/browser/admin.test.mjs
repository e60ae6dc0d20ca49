// admin.test.mjs - the administrator's editing pages in a real browser
// (Debian's Chromium through playwright-core), in Vietnamese:
//   1. an administrator creates an account (a weak password first: the
//      reason next to the field, what was typed kept) and that person
//      logs in with it; then locks it and the login is refused;
//   2. an administrator changes an agency (name, office hours, validity)
//      and the public list of agencies shows the new name;
//   3. an administrator publishes a procedure with a document, a fee and
//      two workflow steps, is told next to the steps that their hours do
//      not add up to the time limit (everything typed kept), fixes the
//      hours, and the procedure is on its public page; then amends it
//      (version 2 in the history).
// Flow 3 runs at 1280 px with JavaScript and at 360 px without it (plain
// form posts), flow 1 at 360 px too; every page must fit its width and log
// no console error. The new pages are also checked over plain HTTP for
// labelled fields, unique ids and no inline script or style.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { checkClean, launch, login, person, shot, startServer, submit } from './lib/browser.mjs';

let srv, browser;
before(async () => {
	[srv, browser] = await Promise.all([startServer({ env: { MOTCUA_TEST_CLOCK: 'on' } }), launch()]);
});
after(async () => {
	await browser?.close();
	await srv?.stop();
});

/* Every visible field has a label pointing at its id; ids are unique. */
function checkLabels(html, where) {
	const labels = new Set([...html.matchAll(/<label[^>]*\bfor="([^"]+)"/g)].map((m) => m[1]));
	for (const m of html.matchAll(/<(input|select|textarea)\b([^>]*)>/g)) {
		if (/type="(hidden|submit)"/.test(m[2])) continue;
		const id = /\bid="([^"]+)"/.exec(m[2]);
		assert.ok(id, `${where}: a <${m[1]}> without an id: ${m[0]}`);
		assert.ok(labels.has(id[1]), `${where}: no <label for="${id[1]}">`);
	}
	const ids = [...html.matchAll(/\bid="([^"]+)"/g)].map((m) => m[1]);
	assert.equal(new Set(ids).size, ids.length, `${where}: duplicate ids`);
}

async function admin(opts) {
	const who = await person(browser, { now: '2026-03-02T09:00', ...opts });
	await login(who, srv.base, 'admin');
	return who;
}

const go = (page, locator) => Promise.all([page.waitForEvent('load'), locator.click()]);

describe('the administration pages over HTTP', () => {
	test('labelled fields, unique ids, no inline script or style, 403 for others', async () => {
		const who = await admin();
		try {
			for (const path of ['/quan-tri', '/quan-tri/nguoi-dung', '/quan-tri/nguoi-dung/moi', '/quan-tri/nguoi-dung/chuyenvien',
				'/quan-tri/co-quan', '/quan-tri/co-quan/moi', '/quan-tri/co-quan/000.02.12.H50',
				'/quan-tri/thu-tuc', '/quan-tri/thu-tuc/moi', '/quan-tri/thu-tuc/1.004201.000.00.00.H50']) {
				const res = await who.page.goto(srv.base + path);
				assert.equal(res.status(), 200, path);
				const html = await res.text();
				assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/, `${path}: no inline script`);
				assert.doesNotMatch(html, /<style|\sstyle="|\son[a-z]+="/, `${path}: no inline style or handler`);
				checkLabels(html, path);
				await checkClean(who, path);
			}
			for (const path of ['/quan-tri/nguoi-dung/khong-co', '/quan-tri/co-quan/000.99.12.H50', '/quan-tri/thu-tuc/1.999999.000.00.00.H50'])
				assert.equal((await who.page.goto(srv.base + path)).status(), 404, path);
		} finally {
			await who.ctx.close();
		}
		// every one of them fits a 360 px phone, in both languages
		const phone = await admin({ width: 360, js: false });
		try {
			for (const path of ['/quan-tri', '/quan-tri/nguoi-dung', '/quan-tri/nguoi-dung/moi', '/quan-tri/nguoi-dung/admin',
				'/quan-tri/co-quan', '/quan-tri/co-quan/moi', '/quan-tri/co-quan/000.04.12.H50',
				'/quan-tri/thu-tuc', '/quan-tri/thu-tuc/moi', '/quan-tri/thu-tuc/1.004201.000.00.00.H50?lang=en']) {
				await phone.page.goto(srv.base + path);
				await checkClean(phone, `${path} at 360 px`);
			}
			await shot(phone.page, 'admin-procedure-en-360');
			await phone.page.goto(srv.base + '/quan-tri/co-quan/000.04.12.H50?lang=vi');
			await shot(phone.page, 'admin-agency-360');
		} finally {
			await phone.ctx.close();
		}
		const desk = await person(browser, {});
		try {
			await login(desk, srv.base, 'desk');
			for (const path of ['/quan-tri/nguoi-dung/moi', '/quan-tri/co-quan', '/quan-tri/thu-tuc/moi'])
				assert.equal((await desk.page.goto(srv.base + path)).status(), 403, path);
		} finally {
			await desk.ctx.close();
		}
	});
});

/* Flow 1: a new account, used at once. */
async function userFlow({ width, js, tag, username }) {
	const who = await admin({ width, js });
	const { page } = who;
	try {
		await page.goto(srv.base + '/quan-tri');
		await go(page, page.locator('main').getByRole('link', { name: 'Người dùng' }));
		await go(page, page.getByRole('button', { name: 'Thêm người dùng' }));
		assert.equal(new URL(page.url()).pathname, '/quan-tri/nguoi-dung/moi');
		await page.getByLabel('Tên đăng nhập').fill(username);
		await page.getByLabel('Họ và tên').fill('Đặng Thị Thu Hà');
		await page.getByLabel('Chuyên viên').check();
		await page.getByLabel('Cơ quan, đơn vị').selectOption('000.02.12.H50');
		await page.getByLabel('Mật khẩu').fill('qwertyuiop');
		await submit(page, page.getByRole('button', { name: 'Tạo tài khoản' }));
		// the reason, next to the field, and everything else kept
		assert.equal(await page.locator('#us-password-error').innerText(), 'Mật khẩu này nằm trong 10.000 mật khẩu phổ biến nhất; hãy chọn mật khẩu khác.');
		assert.equal(await page.getByLabel('Tên đăng nhập').inputValue(), username);
		assert.equal(await page.getByLabel('Họ và tên').inputValue(), 'Đặng Thị Thu Hà');
		assert.ok(await page.getByLabel('Chuyên viên').isChecked());
		assert.equal(await page.getByLabel('Cơ quan, đơn vị').inputValue(), '000.02.12.H50');
		await shot(page, `admin-user-error${tag}`);
		await checkClean(who, 'user form with an error');
		await page.getByLabel('Mật khẩu').fill('Hà Nội mùa thu 2026');
		await submit(page, page.getByRole('button', { name: 'Tạo tài khoản' }));
		assert.equal(new URL(page.url()).pathname, `/quan-tri/nguoi-dung/${username}`);
		assert.match(await page.locator('.flash').innerText(), /Đã tạo tài khoản/);
		await shot(page, `admin-user${tag}`);
		await checkClean(who, 'user page');

		// the new person logs in with it
		const ha = await person(browser, { width, js });
		await ha.page.goto(srv.base + '/dang-nhap');
		await ha.page.getByLabel('Tên đăng nhập').fill(username);
		await ha.page.getByLabel('Mật khẩu').fill('Hà Nội mùa thu 2026');
		await submit(ha.page, ha.page.getByRole('button', { name: 'Đăng nhập' }));
		assert.equal(await ha.page.locator('header .me').innerText(), 'Đặng Thị Thu Hà');
		await checkClean(ha, 'the new user logged in');

		// locked: the session ends and the login is refused
		await submit(page, page.getByRole('button', { name: 'Khóa tài khoản' }));
		assert.match(await page.locator('.flash').innerText(), /Đã khóa tài khoản/);
		await ha.page.reload();
		assert.equal(await ha.page.locator('header .me').count(), 0, 'logged out');
		await ha.page.goto(srv.base + '/dang-nhap');
		await ha.page.getByLabel('Tên đăng nhập').fill(username);
		await ha.page.getByLabel('Mật khẩu').fill('Hà Nội mùa thu 2026');
		await submit(ha.page, ha.page.getByRole('button', { name: 'Đăng nhập' }));
		assert.match(await ha.page.locator('#login-error').innerText(), /Sai tên đăng nhập hoặc mật khẩu/);
		await ha.ctx.close();
		// the list shows the account, locked
		await go(page, page.locator('.crumbs').getByRole('link', { name: 'Người dùng' }));
		const row = page.locator('tr', { hasText: username });
		assert.match(await row.innerText(), /Đặng Thị Thu Hà[\s\S]*Chuyên viên[\s\S]*Phòng Quản lý khoa học[\s\S]*Đã khóa/);
		await checkClean(who, 'user list');
	} finally {
		await who.ctx.close();
	}
}

/* Flow 3: a new procedure with its tables, a rule broken and fixed. */
async function procedureFlow({ width, js, tag, code }) {
	const who = await admin({ width, js });
	const { page } = who;
	try {
		await page.goto(srv.base + '/quan-tri');
		await go(page, page.locator('main').getByRole('link', { name: 'Danh mục thủ tục hành chính' }));
		await go(page, page.getByRole('button', { name: 'Thêm thủ tục' }));
		assert.equal(new URL(page.url()).pathname, '/quan-tri/thu-tuc/moi');
		await checkClean(who, 'new procedure form');
		await page.getByLabel('Mã thủ tục').fill(code);
		await page.getByLabel('Tên thủ tục').fill('Cấp giấy phép tiến hành công việc bức xạ (thử)');
		await page.getByLabel('Lĩnh vực').fill('An toàn bức xạ và hạt nhân');
		await page.getByLabel('Cơ quan thực hiện').selectOption('000.00.12.H50');
		await page.getByLabel('Mức độ dịch vụ công trực tuyến').selectOption('partial');
		await page.getByLabel('Số ngày (giờ)').fill('2');
		await page.getByLabel('Đơn vị', { exact: true }).selectOption('working_days');
		await page.getByLabel('Ngày có hiệu lực').fill('2026-03-01');
		await page.getByLabel('Số quyết định công bố').fill('345/QĐ-UBND');
		await page.getByLabel('Căn cứ pháp lý').fill('61/2018/NĐ-CP; Nghị định về thực hiện cơ chế một cửa');
		await page.getByLabel('Mã (1)', { exact: true }).first().fill('TP1');
		await page.getByLabel('Tên giấy tờ (1)', { exact: true }).fill('Đơn đề nghị cấp giấy phép');
		await page.getByLabel('Bản chính (1)', { exact: true }).fill('1');
		await page.locator('#doc-req-1').check();
		await page.locator('#fee-code-1').fill('LP1');
		await page.getByLabel('Khoản thu (1)', { exact: true }).fill('Phí thẩm định');
		await page.getByLabel('Mức thu (đồng) (1)', { exact: true }).fill('1.500.000');
		await page.getByLabel('Tên bước (1)', { exact: true }).fill('Tiếp nhận hồ sơ');
		await page.getByLabel('Người thực hiện (1)', { exact: true }).selectOption('desk');
		await page.getByLabel('Số giờ (1)', { exact: true }).fill('4');
		await page.getByLabel('Tên bước (2)', { exact: true }).fill('Thẩm định hồ sơ');
		await page.getByLabel('Người thực hiện (2)', { exact: true }).selectOption('specialist');
		await page.getByLabel('Đơn vị (2)', { exact: true }).selectOption('000.04.12.H50');
		await page.getByLabel('Số giờ (2)', { exact: true }).fill('8');
		await submit(page, page.getByRole('button', { name: 'Công bố thủ tục' }));

		// 4 + 8 hours against 2 working days = 16: said next to the steps
		const err = page.locator('#quy-trinh #pr-steps-error');
		assert.equal(await err.innerText(),
			'Các bước cộng lại 12 giờ làm việc, nhưng thời hạn giải quyết 2 ngày làm việc là 16 giờ làm việc (một ngày làm việc 8 giờ). Hãy sửa số giờ của các bước hoặc thời hạn.');
		assert.equal(await page.locator('#step-hours-2').getAttribute('aria-invalid'), 'true');
		// everything typed is still there
		assert.equal(await page.getByLabel('Mã thủ tục').inputValue(), code);
		assert.equal(await page.getByLabel('Tên thủ tục').inputValue(), 'Cấp giấy phép tiến hành công việc bức xạ (thử)');
		assert.equal(await page.getByLabel('Cơ quan thực hiện').inputValue(), '000.00.12.H50');
		assert.equal(await page.getByLabel('Số quyết định công bố').inputValue(), '345/QĐ-UBND');
		assert.equal(await page.getByLabel('Tên giấy tờ (1)', { exact: true }).inputValue(), 'Đơn đề nghị cấp giấy phép');
		assert.ok(await page.locator('#doc-req-1').isChecked());
		assert.equal(await page.getByLabel('Mức thu (đồng) (1)', { exact: true }).inputValue(), '1.500.000');
		assert.equal(await page.getByLabel('Tên bước (2)', { exact: true }).inputValue(), 'Thẩm định hồ sơ');
		assert.equal(await page.getByLabel('Người thực hiện (2)', { exact: true }).inputValue(), 'specialist');
		assert.equal(await page.getByLabel('Đơn vị (2)', { exact: true }).inputValue(), '000.04.12.H50');
		assert.equal(await page.getByLabel('Số giờ (2)', { exact: true }).inputValue(), '8');
		await err.scrollIntoViewIfNeeded();
		await shot(page, `admin-procedure-error${tag}`);
		await checkClean(who, 'procedure form with the hours error');

		// more blank rows, nothing lost
		await submit(page, page.getByRole('button', { name: 'Thêm dòng trống' }));
		assert.equal(await page.locator('input[name="step_name"]').count(), 2 + 6);
		assert.equal(await page.getByLabel('Tên bước (2)', { exact: true }).inputValue(), 'Thẩm định hồ sơ');

		await page.getByLabel('Số giờ (2)', { exact: true }).fill('12');
		await submit(page, page.getByRole('button', { name: 'Công bố thủ tục' }));
		assert.equal(new URL(page.url()).pathname, `/quan-tri/thu-tuc/${code}`);
		assert.match(await page.locator('.flash').innerText(), /Đã công bố thủ tục/);
		await checkClean(who, 'procedure published');

		// on the public page, as a citizen would see it
		await go(page, page.locator('.flash').getByRole('link', { name: 'Xem trang công khai' }));
		assert.equal(new URL(page.url()).pathname, `/thu-tuc/${code}`);
		assert.equal(await page.locator('h1').innerText(), 'Cấp giấy phép tiến hành công việc bức xạ (thử)');
		const main = await page.locator('main').innerText();
		assert.match(main, /Đơn đề nghị cấp giấy phép/);
		assert.match(main, /Phí thẩm định\s+1\.500\.000 đ/);
		assert.match(main, /2 ngày làm việc/);
		assert.deepEqual(await page.locator('ol.steps li').allInnerTexts(),
			['Tiếp nhận hồ sơ — Bộ phận Một cửa, 4 h', 'Thẩm định hồ sơ — Chuyên viên, 12 h']);
		assert.match(main, /Phiên bản 1: Công bố mới, Quyết định 345\/QĐ-UBND, hiệu lực từ 01\/03\/2026/);
		await shot(page, `admin-procedure-public${tag}`);
		await checkClean(who, 'public procedure page');

		// amended: a second version in the history
		await page.goto(`${srv.base}/quan-tri/thu-tuc/${code}`);
		await page.getByLabel('Số ngày (giờ)').fill('3');
		await page.getByLabel('Tên bước (3)', { exact: true }).fill('Phê duyệt');
		await page.getByLabel('Người thực hiện (3)', { exact: true }).selectOption('agency_leader');
		await page.getByLabel('Số giờ (3)', { exact: true }).fill('8');
		await submit(page, page.getByRole('button', { name: 'Lưu thành phiên bản mới' }));
		assert.match(await page.locator('.flash').innerText(), /Đã lưu phiên bản mới/);
		const hist = await page.locator('section[aria-labelledby="hist-h"] tbody tr').allInnerTexts();
		assert.equal(hist.length, 2);
		assert.match(hist[1], /2\s+Sửa đổi, bổ sung/);
		assert.equal((await srv.json(`/api/v1/procedures/${code}`)).steps.length, 3);
		await shot(page, `admin-procedure${tag}`);
		await checkClean(who, 'procedure edit page with its history');

		// abolished: a third version, no more amending, no filing on the portal
		await page.getByLabel('Số quyết định bãi bỏ').fill('400/QĐ-UBND');
		await submit(page, page.getByRole('button', { name: 'Bãi bỏ thủ tục' }));
		assert.match(await page.locator('.flash').innerText(), /Đã bãi bỏ thủ tục/);
		assert.match(await page.locator('p.status').innerText(), /Đã bãi bỏ · Phiên bản 3/);
		assert.equal(await page.getByRole('button', { name: 'Lưu thành phiên bản mới' }).count(), 0);
		await checkClean(who, 'procedure abolished');
		await page.goto(`${srv.base}/thu-tuc/${code}`);
		assert.equal(await page.getByRole('button', { name: 'Nộp hồ sơ trực tuyến' }).count(), 0);
		assert.match(await page.locator('ul.history').innerText(), /Phiên bản 3: Bãi bỏ, Quyết định 400\/QĐ-UBND/);
	} finally {
		await who.ctx.close();
	}
}

describe('at 1280 px with JavaScript', () => {
	test('1. an administrator creates an account and that person logs in with it', () =>
		userFlow({ width: 1280, js: true, tag: '', username: 'dang.thi.ha' }));

	test('2. an administrator changes an agency; the public list follows', async () => {
		const who = await admin();
		const { page } = who;
		try {
			await page.goto(srv.base + '/quan-tri');
			await go(page, page.locator('main').getByRole('link', { name: 'Cơ quan, đơn vị' }));
			assert.equal(new URL(page.url()).pathname, '/quan-tri/co-quan');
			await shot(page, 'admin-agencies');
			await checkClean(who, 'agency tree');
			await go(page, page.getByRole('link', { name: 'Phòng Quản lý khoa học' }));
			assert.equal(new URL(page.url()).pathname, '/quan-tri/co-quan/000.02.12.H50');
			await page.getByLabel('Tên cơ quan, đơn vị').fill('Phòng Quản lý khoa học và Sở hữu trí tuệ');
			await page.getByLabel('Đến (2)').fill('');
			await submit(page, page.getByRole('button', { name: 'Lưu thay đổi' }));
			// half an office-hours period: explained, the name kept
			assert.match(await page.locator('#ag-hours-error').innerText(), /giờ bắt đầu và giờ kết thúc/);
			assert.equal(await page.getByLabel('Tên cơ quan, đơn vị').inputValue(), 'Phòng Quản lý khoa học và Sở hữu trí tuệ');
			await checkClean(who, 'agency form with an error');
			await page.getByLabel('Đến (2)').fill('16:30');
			await page.getByLabel('Hiệu lực từ ngày', { exact: true }).fill('2026-01-01');
			await submit(page, page.getByRole('button', { name: 'Lưu thay đổi' }));
			assert.match(await page.locator('.flash').innerText(), /Đã lưu thay đổi/);
			assert.equal(await page.getByLabel('Đến (2)').inputValue(), '16:30');
			assert.equal(await page.getByLabel('Cơ quan cấp trên').inputValue(), '000.00.12.H50');
			await shot(page, 'admin-agency');
			await checkClean(who, 'agency saved');
			const a = await srv.json('/api/v1/agencies/000.02.12.H50');
			assert.equal(a.name, 'Phòng Quản lý khoa học và Sở hữu trí tuệ');
			assert.deepEqual(a.office_hours, [{ from: '07:30', to: '11:30' }, { from: '13:00', to: '16:30' }]);
			assert.equal(a.valid_from, '2026-01-01');
			await page.goto(srv.base + '/co-quan');
			assert.match(await page.locator('main').innerText(), /Phòng Quản lý khoa học và Sở hữu trí tuệ/);
		} finally {
			await who.ctx.close();
		}
	});

	test('3. an administrator publishes a procedure with its documents, fees and steps', () =>
		procedureFlow({ width: 1280, js: true, tag: '', code: '1.999101.000.00.00.H50' }));
});

describe('at 360 px without JavaScript', () => {
	test('1. an account created and used on a phone', () =>
		userFlow({ width: 360, js: false, tag: '-360', username: 'dang.thi.ha2' }));

	test('3. a procedure published with plain form posts', () =>
		procedureFlow({ width: 360, js: false, tag: '-360', code: '1.999102.000.00.00.H50' }));
});
