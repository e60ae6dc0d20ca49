// account.test.mjs - a person without an account signs up in Chromium
// (from the "Nộp hồ sơ trực tuyến" button, which asks for a login first),
// lands back on the filing form logged in, and later changes the password
// on the account page; at 1280 px with JavaScript and at 360 px without.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { checkClean, launch, person, shot, startServer, submit } from './lib/browser.mjs';

const TT = '1.004201.000.00.00.H50';
const PW = 'Hoa-Sen-Vang-2026';
let srv, browser;
before(async () => {
	[srv, browser] = await Promise.all([startServer(), launch()]);
});
after(async () => {
	await browser?.close();
	await srv?.stop();
});

for (const mode of [{ width: 1280, js: true, user: 'lethihoa' }, { width: 360, js: false, user: 'tranvanbinh' }]) {
	describe(`sign-up and password change at ${mode.width} px${mode.js ? '' : ', without JavaScript'}`, () => {
		let who;
		before(async () => {
			who = await person(browser, { width: mode.width, js: mode.js });
		});
		after(async () => {
			await who?.ctx.close();
		});

		test('a newcomer signs up on the way to filing online and comes back logged in', async () => {
			const { page } = who;
			await page.goto(`${srv.base}/thu-tuc/${TT}`);
			await submit(page, page.getByRole('button', { name: 'Nộp hồ sơ trực tuyến' }));
			assert.equal(new URL(page.url()).pathname, '/dang-nhap');
			await submit(page, page.getByRole('link', { name: 'Đăng ký tài khoản công dân' }));
			assert.equal(new URL(page.url()).pathname, '/dang-ky');
			await checkClean(who, 'sign-up form');

			// a first try with mistakes: the two passwords differ, the box is not ticked
			await page.getByLabel('Họ và tên').fill('Lê Thị Hoà');
			await page.getByLabel('Tên đăng nhập').fill(mode.user);
			await page.locator('#password').fill(PW);
			await page.getByLabel('Nhập lại mật khẩu').fill(PW + 'x');
			await submit(page, page.getByRole('button', { name: 'Đăng ký' }));
			await page.getByText('Hai lần nhập mật khẩu không giống nhau.').waitFor();
			await page.getByText('Hãy đánh dấu ô cam đoan.').waitFor();
			assert.equal(await page.getByLabel('Họ và tên').inputValue(), 'Lê Thị Hoà', 'the name is kept');
			assert.equal(await page.getByLabel('Tên đăng nhập').inputValue(), mode.user, 'the username is kept');
			assert.equal(await page.locator('#password').inputValue(), '', 'a password is never sent back');
			await checkClean(who, 'sign-up errors');
			if (mode.width === 1280) await shot(page, 'register-errors');

			await page.locator('#password').fill(PW);
			await page.getByLabel('Nhập lại mật khẩu').fill(PW);
			await page.getByLabel(/Tôi cam đoan/).check();
			await submit(page, page.getByRole('button', { name: 'Đăng ký' }));
			assert.equal(new URL(page.url()).pathname, `/thu-tuc/${TT}/nop-truc-tuyen`, 'back where the login interrupted');
			await page.getByText('Lê Thị Hoà').first().waitFor();
			await checkClean(who, 'filing form after sign-up');
		});

		test('the account page changes the password; the old one no longer logs in', async () => {
			const { page } = who;
			await submit(page, page.getByRole('link', { name: 'Lê Thị Hoà' }));
			assert.equal(new URL(page.url()).pathname, '/tai-khoan');
			await page.getByText('Công dân').first().waitFor();
			await page.getByLabel('Mật khẩu hiện tại').fill('Khong-Phai-MK-1');
			await page.locator('#new_password').fill('Mat-Khau-Moi-2027');
			await page.getByLabel('Nhập lại mật khẩu mới').fill('Mat-Khau-Moi-2027');
			await submit(page, page.getByRole('button', { name: 'Đổi mật khẩu' }));
			await page.getByText('Mật khẩu hiện tại không đúng.').waitFor();
			await checkClean(who, 'password change error');

			await page.getByLabel('Mật khẩu hiện tại').fill(PW);
			await page.locator('#new_password').fill('Mat-Khau-Moi-2027');
			await page.getByLabel('Nhập lại mật khẩu mới').fill('Mat-Khau-Moi-2027');
			await submit(page, page.getByRole('button', { name: 'Đổi mật khẩu' }));
			await page.getByText('Đã đổi mật khẩu.').waitFor();
			await checkClean(who, 'password changed');
			if (mode.width === 1280) await shot(page, 'account');
			else await shot(page, 'account-360');

			// still logged in here; the old password is refused, the new one works
			const old = await srv.req('POST', '/api/v1/session', { body: { username: mode.user, password: PW } });
			assert.equal(old.status, 401);
			const fresh = await srv.req('POST', '/api/v1/session', { body: { username: mode.user, password: 'Mat-Khau-Moi-2027' } });
			assert.equal(fresh.status, 201);
			await page.goto(`${srv.base}/ho-so`);
			assert.equal(new URL(page.url()).pathname, '/ho-so');
		});
	});
}
