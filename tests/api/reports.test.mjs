// reports.test.mjs - the tracking book (Form 06, R-DS-13) as JSON, CSV and
// PDF, scoped to the user's department.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { expectError, startServer } from './lib/server.mjs';

let srv, desk;
before(async () => {
	srv = await startServer({ env: { MOTCUA_TEST_CLOCK: 'on' } });
	desk = await srv.login('desk');
	for (const [now, name] of [['2025-01-06T09:00', 'Lê Văn =Cường'], ['2025-01-20T10:00', 'Phạm Thị "Dung"'], ['2025-02-03T09:00', 'Hồ Văn Em']]) {
		const r = await srv.req('POST', '/api/v1/dossiers', {
			token: desk, headers: { 'X-Test-Now': now },
			body: { procedure: '1.004201.000.00.00.H50', applicant: { name, address: 'Đông Hà', phone: '0912000111' }, documents: [{ code: 'TP1' }, { code: 'TP2' }, { code: 'TP3' }, { code: 'TP4' }], receive: true },
		});
		assert.equal(r.status, 201, r.text);
	}
});
after(async () => {
	await srv?.stop();
});

describe('GET /api/v1/reports/tracking-book', () => {
	test('JSON: the dossiers received in the period, oldest first, "to" inclusive', async () => {
		const r = await srv.req('GET', '/api/v1/reports/tracking-book?from=2025-01-01&to=2025-01-20', { token: desk });
		assert.equal(r.status, 200, r.text);
		assert.deepEqual(r.body.rows.map((d) => d.applicant.name), ['Lê Văn =Cường', 'Phạm Thị "Dung"']);
	});

	test('CSV with a BOM, quoted fields, formulas defused', async () => {
		const res = await fetch(srv.url('/api/v1/reports/tracking-book.csv?from=2025-01-01&to=2025-02-28'), { headers: { Authorization: `Bearer ${desk}` } });
		assert.equal(res.status, 200);
		assert.match(res.headers.get('content-type'), /^text\/csv/);
		const bytes = Buffer.from(await res.arrayBuffer());
		assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'a UTF-8 BOM for Excel');
		const text = bytes.subarray(3).toString('utf8');
		const lines = text.trim().split('\r\n');
		assert.equal(lines.length, 4);
		assert.match(lines[1], /"'=Cường"|"Lê Văn =Cường"/);
		assert.ok(lines.some((l) => l.includes('"Phạm Thị ""Dung"""')));
		assert.ok(!text.includes(',=') && !text.includes('"=Lê'));
	});

	test('the book as an Excel workbook (.xlsx) holding the rows', async () => {
		const res = await fetch(srv.url('/api/v1/reports/tracking-book.xlsx?from=2025-01-01&to=2025-02-28'), { headers: { Authorization: `Bearer ${desk}` } });
		assert.equal(res.status, 200);
		assert.equal(res.headers.get('content-type'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
		assert.match(res.headers.get('content-disposition'), /so-theo-doi-2025-01-01-2025-02-28\.xlsx/);
		const bytes = Buffer.from(await res.arrayBuffer());
		assert.equal(bytes.subarray(0, 2).toString(), 'PK', 'a zip container');
		const { mkdtemp, writeFile, rm } = await import('node:fs/promises');
		const { tmpdir } = await import('node:os');
		const pathm = await import('node:path');
		const { execFile } = await import('node:child_process');
		const dir = await mkdtemp(pathm.join(tmpdir(), 'motcua-xlsx-'));
		try {
			await writeFile(pathm.join(dir, 'b.xlsx'), bytes);
			const xml = await new Promise((ok, ko) => execFile('python3', ['-c', 'import sys,zipfile;print(zipfile.ZipFile(sys.argv[1]).read("xl/sharedStrings.xml").decode())', pathm.join(dir, 'b.xlsx')], (e, out) => (e ? ko(e) : ok(out))));
			assert.ok(xml.includes('Hồ Văn Em') && xml.includes('SỔ THEO DÕI HỒ SƠ'), 'the rows and the title are in the workbook');
		} finally {
			await rm(dir, { recursive: true, force: true });
		}
	});

	test('the printable book is an A4 PDF', async () => {
		const res = await fetch(srv.url('/api/v1/reports/tracking-book.pdf?from=2025-01-01&to=2025-02-28'), { headers: { Authorization: `Bearer ${desk}` } });
		assert.equal(res.status, 200);
		assert.equal(res.headers.get('content-type'), 'application/pdf');
		assert.equal(Buffer.from(await res.arrayBuffer()).subarray(0, 5).toString(), '%PDF-');
	});

	test('errors: bad dates, wrong format, citizens and anonymous refused', async () => {
		expectError(await srv.req('GET', '/api/v1/reports/tracking-book?from=2025-02-30&to=2025-03-01', { token: desk }), 400, 'invalid_input', 'from');
		expectError(await srv.req('GET', '/api/v1/reports/tracking-book?from=2025-02-01', { token: desk }), 400, 'missing_field', 'to');
		expectError(await srv.req('GET', '/api/v1/reports/tracking-book.ods?from=2025-01-01&to=2025-01-31', { token: desk }), 404, 'not_found', 'format');
		expectError(await srv.req('GET', '/api/v1/reports/tracking-book?from=2025-01-01&to=2025-01-31', { token: await srv.login('citizen') }), 403, 'forbidden');
		expectError(await srv.req('GET', '/api/v1/reports/tracking-book?from=2025-01-01&to=2025-01-31'), 401, 'unauthorized');
	});
});
