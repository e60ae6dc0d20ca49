// browser.mjs - what the browser tests share: one Chromium (Debian's, from
// playwright-core), a motcua server with the test clock (the API tests'
// startServer), browser contexts per demo login with a chosen width and
// time, screenshots into docs/screenshots/, and the checks every page
// must pass (no console error - a CSP violation is one -, no sideways
// scrolling at 360 px).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

import { DEMO_USERS, ROOT, startServer } from '../../api/lib/server.mjs';

export { DEMO_USERS, startServer };
// screenshots go to build/screenshots/ on every run; MOTCUA_SCREENSHOTS=docs
// refreshes the committed ones in docs/screenshots/
export const SHOTS = path.join(ROOT, process.env.MOTCUA_SCREENSHOTS === 'docs' ? 'docs/screenshots' : 'build/screenshots');

export async function launch() {
	return chromium.launch({
		executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
		args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
	});
}

/*
 * A browser context for one person. opts: width (default 1280), js
 * (default true), now (the X-Test-Now time), lang (Accept-Language,
 * default Vietnamese). Returns { ctx, page, errors, setNow(t) }; errors
 * collects console errors and page errors for checkClean().
 */
export async function person(browser, { width = 1280, js = true, now, lang = 'vi-VN' } = {}) {
	const ctx = await browser.newContext({
		viewport: { width, height: width < 500 ? 780 : 900 },
		locale: lang,
		javaScriptEnabled: js,
		extraHTTPHeaders: now ? { 'X-Test-Now': now } : {},
	});
	ctx.setDefaultTimeout(10000);
	const page = await ctx.newPage();
	const errors = [];
	const watch = (p) => {
		p.on('console', (m) => {
			// a form sent back with its errors is a 400/422 page: Chromium
			// logs the status of the document itself, which is no fault
			const doc = m.location().url === p.url() && /status of 4\d\d/.test(m.text());
			// a PDF has no <link rel=icon>: the viewer asks for /favicon.ico
			const icon = /\/favicon\.ico$/.test(m.location().url || '');
			if (m.type() === 'error' && !doc && !icon) errors.push(`${p.url()}: ${m.text()}`);
		});
		p.on('pageerror', (e) => errors.push(`${p.url()}: ${e.message}`));
	};
	watch(page);
	ctx.on('page', watch);
	return {
		ctx,
		page,
		errors,
		width,
		async setNow(t) {
			await ctx.setExtraHTTPHeaders({ 'X-Test-Now': t });
		},
	};
}

/* Log in through the login form (by keyboard: Tab, type, Enter). */
export async function login(who, base, role) {
	const [username, password] = DEMO_USERS[role];
	const { page } = who;
	await page.goto(`${base}/dang-nhap`);
	await page.getByLabel('Tên đăng nhập').fill(username);
	await page.getByLabel('Mật khẩu').focus();
	await page.keyboard.type(password);
	await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/dang-nhap')), page.keyboard.press('Enter')]);
}

/* Save a full-page screenshot as docs/screenshots/<name>.png. */
export async function shot(page, name) {
	await mkdir(SHOTS, { recursive: true });
	await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

/* The page fits its width (no sideways scrolling) and said nothing wrong. */
export async function checkClean(who, what) {
	const { page, errors } = who;
	const over = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
	assert.ok(over <= 1, `${what}: ${over}px wider than the ${who.width}px window`);
	assert.deepEqual(errors, [], `${what}: console errors`);
}

/* Submit a form by clicking a button and wait for the next page. */
export async function submit(page, button) {
	await Promise.all([page.waitForEvent('load'), button.click()]);
}

function run(cmd, args) {
	return new Promise((resolve, reject) =>
		execFile(cmd, args, { timeout: 20000 }, (err, stdout) => (err ? reject(err) : resolve(stdout))));
}

/*
 * The text of a PDF (poppler's pdftotext), and when shotName is given its
 * first page as docs/screenshots/<shotName>.png (pdftoppm): Chromium's
 * PDF viewer draws nothing headless, so this is how a printed form is
 * looked at. null when poppler is not installed.
 */
export async function pdfText(bytes, shotName) {
	const dir = await mkdtemp(path.join(tmpdir(), 'motcua-pdf-'));
	try {
		const f = path.join(dir, 'f.pdf');
		await writeFile(f, bytes);
		const text = await run('pdftotext', ['-layout', f, '-']).catch(() => null);
		if (text !== null && shotName) {
			await mkdir(SHOTS, { recursive: true });
			await run('pdftoppm', ['-png', '-r', '110', '-singlefile', '-f', '1', f, path.join(SHOTS, shotName)]).catch(() => {});
		}
		return text;
	} finally {
		await rm(dir, { recursive: true, force: true });
	}
}
