// dossiers.test.mjs - the dossier lifecycle over the API (R-DS, R-DL),
// with the server's test clock (X-Test-Now) so every due time can be
// checked to the minute against values worked out by hand from the
// official 2025 calendar and office hours 07:30-11:30, 13:00-17:00.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, before, describe, test } from 'node:test';

import { BIN, expectError, startServer } from './lib/server.mjs';

let srv, desk, citizen, leader, spec, director, clerk;
const TT = '1.004201.000.00.00.H50'; // technology transfer v2: 5 WD, online 3 WD, 6 steps = 40 h
const APPLICANT = { kind: 'citizen', name: 'Nguyễn Văn An', id_number: '001085012345', phone: '0912345678', email: 'an.nguyen@example.vn', address: 'Đông Hà, Quảng Trị' };
// TP1-TP4: complete for both versions of the procedure (v1, in force until
// 2025-04-30, requires TP4; v2 from 2025-05-01 lists it as optional)
const DOCS = [{ code: 'TP1' }, { code: 'TP2' }, { code: 'TP3' }, { code: 'TP4' }];

function cli(args, input) {
	return new Promise((resolve) => {
		const p = execFile(BIN, args, (err, stdout, stderr) => resolve({ code: err ? err.code : 0, stdout, stderr }));
		if (input !== undefined) p.stdin.end(input);
	});
}

before(async () => {
	srv = await startServer({ env: { MOTCUA_TEST_CLOCK: 'on' } });
	[desk, citizen, leader, spec, director, clerk] = await Promise.all(
		['desk', 'citizen', 'unit_leader', 'specialist', 'agency_leader', 'clerk'].map((r) => srv.login(r)));
});
after(async () => {
	await srv?.stop();
});

const at = (now, token, method, path, body) =>
	srv.req(method, path, { token, body, headers: { 'X-Test-Now': now } });
const act = (now, token, code, action, body = {}) => at(now, token, 'POST', `/api/v1/dossiers/${code}/actions/${action}`, body);
const file = (now, token, body) => at(now, token, 'POST', '/api/v1/dossiers', body);

describe('the full scenario: online filing → reception → steps → supplement → restart → payment → apology → result → return', () => {
	let code;
	test('a citizen files online (status 1, no due time yet)', async () => {
		const r = await file('2025-06-02T20:00', citizen, { procedure: TT, channel: 2, applicant: APPLICANT, documents: DOCS, summary: 'Hợp đồng chuyển giao dây chuyền sấy nông sản' });
		assert.equal(r.status, 201, r.text);
		code = r.body.code;
		assert.equal(code, '000.00.12.H50-250602-0001', 'R-DS-3 agency-YYMMDD-NNNN');
		assert.equal(r.headers.get('location'), `/api/v1/dossiers/${code}`);
		assert.equal(r.body.status, 1);
		assert.equal(r.body.status_name, 'Mới đăng ký');
		assert.equal(r.body.due_at, null);
		assert.equal(r.body.rule_set, '2018', 'R-RS-1 before 2025-07-01');
		assert.equal(r.body.procedure.version, 2, 'the version in force on 2/6/2025');
	});

	test('the desk receives it Tue 08:00: online limit 3 WD → due Fri 08:00; desk step 4 h → 13:30', async () => {
		const r = await act('2025-06-03T08:00', desk, code, 'receive');
		assert.equal(r.status, 200, r.text);
		assert.equal(r.body.status, 2);
		assert.equal(r.body.received_at, '2025-06-03T08:00:00+07:00');
		assert.equal(r.body.effective_start, '2025-06-03T08:00:00+07:00');
		assert.equal(r.body.due_at, '2025-06-06T08:00:00+07:00'); // 7.5 + 8 + 8 + 0.5 h
		assert.equal(r.body.original_due_at, '2025-06-06T08:00:00+07:00');
		assert.equal(r.body.steps[0].due_at, '2025-06-03T13:30:00+07:00'); // 3.5 h morning + 0.5 h
		assert.equal(r.body.receiver.username, 'motcua');
	});

	test('forward to the unit (Tue 10:00) and to the specialist (Tue 11:00): step due times from their hours', async () => {
		let r = await act('2025-06-03T10:00', desk, code, 'forward', { note: 'chuyển phòng' });
		assert.equal(r.status, 200, r.text);
		assert.equal(r.body.status, 4);
		assert.equal(r.body.steps[0].timeliness, 'on_time');
		assert.equal(r.body.steps[1].due_at, '2025-06-03T15:30:00+07:00'); // 1.5 h + 2.5 h
		r = await act('2025-06-03T11:00', leader, code, 'forward', { user: 'chuyenvien' });
		assert.equal(r.status, 200, r.text);
		assert.equal(r.body.steps[2].handler, 'chuyenvien');
		assert.equal(r.body.steps[2].due_at, '2025-06-05T16:30:00+07:00'); // 20 h: 4.5 + 8 + 4 + 3.5
	});

	test('the specialist\'s queue "mine" holds it', async () => {
		const r = await at('2025-06-03T12:00', spec, 'GET', '/api/v1/dossiers?queue=mine');
		assert.equal(r.status, 200, r.text);
		assert.deepEqual(r.body.items.map((d) => d.code), [code]);
	});

	test('supplement requested Wed 09:00 (within 3 WD of reception): paused', async () => {
		const r = await act('2025-06-04T09:00', spec, code, 'request_supplement', { items: ['Bản sao hợp đồng có chứng thực'], reason: 'Bản sao chưa được chứng thực' });
		assert.equal(r.status, 200, r.text);
		assert.equal(r.body.status, 5);
		assert.equal(r.body.supplements.length, 1);
		assert.equal(r.body.paused_at, '2025-06-04T09:00:00+07:00');
	});

	test('the papers come Mon 14:00: the clock restarts from zero (R-DS-5) → due Thu 14:00', async () => {
		const r = await act('2025-06-09T14:00', desk, code, 'submit_supplement');
		assert.equal(r.status, 200, r.text);
		assert.equal(r.body.status, 4);
		assert.equal(r.body.effective_start, '2025-06-09T14:00:00+07:00');
		assert.equal(r.body.due_at, '2025-06-12T14:00:00+07:00'); // 3 + 8 + 8 + 4 + 1 h
		assert.equal(r.body.original_due_at, '2025-06-06T08:00:00+07:00');
		const run = r.body.steps.at(-1);
		assert.equal(run.name, r.body.steps[2].name, 'the specialist step runs again');
		assert.equal(run.due_at, '2025-06-12T08:30:00+07:00'); // 20 h from Mon 14:00
	});

	test('payment requested Tue 10:00 and paid 15:00: due moves by the 3.5 paused working hours (R-DS-6)', async () => {
		let r = await act('2025-06-10T10:00', spec, code, 'request_payment');
		assert.equal(r.status, 200, r.text);
		assert.equal(r.body.status, 6);
		assert.equal(r.body.payment_request.amount, 5000000);
		r = await act('2025-06-10T15:00', desk, code, 'record_payment', { amount: 5000000, channel: 'desk', reference: 'BL-0001' });
		assert.equal(r.status, 200, r.text);
		assert.equal(r.body.status, 4);
		assert.equal(r.body.due_at, '2025-06-13T08:00:00+07:00'); // Thu 14:00 + 3 h + 0.5 h
		assert.equal(r.body.steps.at(-1).due_at, '2025-06-12T13:30:00+07:00');
		assert.equal(r.body.payments[0].reference, 'BL-0001');
	});

	test('an apology Wed 09:00 sets the new return time once (R-DS-8); a second is refused', async () => {
		let r = await act('2025-06-11T09:00', director, code, 'apologize', { reason: 'Cần thêm thời gian thẩm định', new_due_at: '2025-06-17T17:00' });
		assert.equal(r.status, 200, r.text);
		assert.equal(r.body.due_at, '2025-06-17T17:00:00+07:00');
		assert.equal(r.body.apology.previous_due_at, '2025-06-13T08:00:00+07:00');
		r = await act('2025-06-11T10:00', director, code, 'apologize', { reason: 'lần nữa', new_due_at: '2025-06-19T17:00' });
		expectError(r, 409, 'already_apologized', 'action');
	});

	test('the rest of the steps, the result (early), the return', async () => {
		for (const [now, tok] of [['2025-06-12T10:00', spec], ['2025-06-12T14:00', leader], ['2025-06-13T09:00', director]]) {
			const r = await act(now, tok, code, 'forward');
			assert.equal(r.status, 200, `${now}: ${r.text}`);
		}
		let r = await act('2025-06-16T10:00', clerk, code, 'forward');
		expectError(r, 409, 'last_step', 'action');
		r = await act('2025-06-16T10:00', clerk, code, 'complete', {});
		expectError(r, 422, 'result_required', 'result_documents');
		r = await act('2025-06-16T10:00', clerk, code, 'complete', { result_documents: [{ name: 'Giấy chứng nhận đăng ký chuyển giao công nghệ', electronic: true }] });
		assert.equal(r.status, 200, r.text);
		assert.equal(r.body.status, 9);
		assert.equal(r.body.timeliness, 'early');
		assert.equal(r.body.finished_at, '2025-06-16T10:00:00+07:00');
		r = await act('2025-06-17T09:00', desk, code, 'return_result', { method: 'in_person' });
		assert.equal(r.status, 200, r.text);
		assert.equal(r.body.status, 10);
		assert.equal(r.body.returned_at, '2025-06-17T09:00:00+07:00');
	});

	test('the history is complete and the actions closed', async () => {
		const r = await srv.req('GET', `/api/v1/dossiers/${code}`, { token: desk });
		assert.equal(r.status, 200);
		assert.deepEqual(r.body.events.map((e) => e.action), ['create', 'receive', 'forward', 'forward', 'request_supplement', 'submit_supplement', 'request_payment', 'record_payment', 'apologize', 'forward', 'forward', 'forward', 'complete', 'return_result']);
		assert.deepEqual(r.body.allowed_actions, []);
		expectError(await act('2025-06-18T09:00', desk, code, 'forward'), 409, 'action_not_allowed', 'action');
	});

	test('the public lookup masks the applicant; the ID number unlocks the steps', async () => {
		let r = await srv.req('GET', `/api/v1/lookup/${code}`);
		assert.equal(r.status, 200, r.text);
		assert.equal(r.body.applicant, 'Nguyễn V*** A*');
		assert.equal(r.body.status, 10);
		assert.equal(r.body.due_at, '2025-06-17T17:00:00+07:00');
		assert.equal(r.body.steps, undefined);
		assert.ok(!r.text.includes('0912345678') && !r.text.includes('001085012345') && !r.text.includes('an.nguyen'));
		r = await srv.req('GET', `/api/v1/lookup/${code}?id_number=001085099999`);
		assert.equal(r.body.steps_unlocked, false);
		r = await srv.req('GET', `/api/v1/lookup/${code}?id_number=001085012345`);
		assert.equal(r.body.steps_unlocked, true);
		assert.ok(r.body.steps.length >= 7);
		expectError(await srv.req('GET', '/api/v1/lookup/000.00.12.H50-250303-9999'), 404, 'dossier_not_found', 'code');
	});

	test('notifications were queued in the outbox (SMS and e-mail)', async () => {
		const r = await srv.req('GET', `/api/v1/audit?object=dossier:${code}`, { token: await srv.login('admin') });
		assert.equal(r.status, 200);
		assert.equal(r.body.items.length, 14);
	});
});

describe('reception rules', () => {
	test('missing required papers are not received silently (R-DS-2): 422 naming them', async () => {
		const r = await file('2025-03-03T09:00', desk, { procedure: TT, applicant: APPLICANT, documents: [{ code: 'TP1' }], receive: true });
		expectError(r, 422, 'missing_documents', 'documents');
		assert.match(r.body.error.message, /TP2, TP3/);
	});

	test('at the desk without receive, then Form 02, then receive after the papers', async () => {
		let r = await file('2025-03-03T09:10', desk, { procedure: TT, applicant: APPLICANT, documents: [{ code: 'TP1' }] });
		assert.equal(r.status, 201, r.text);
		const code = r.body.code;
		r = await act('2025-03-03T09:15', desk, code, 'request_supplement', { items: ['Hợp đồng chuyển giao công nghệ', 'Danh mục tài liệu công nghệ'], reason: 'Thiếu giấy tờ' });
		assert.equal(r.status, 200, r.text);
		assert.equal(r.body.status, 5);
		assert.equal(r.body.due_at, null);
		r = await act('2025-03-05T10:00', desk, code, 'submit_supplement');
		assert.equal(r.body.status, 1);
		r = await act('2025-03-05T10:05', desk, code, 'receive');
		expectError(r, 422, 'missing_documents', 'documents'); // the papers are still not marked present
	});

	test('bad input names the field', async () => {
		expectError(await file('2025-03-03T09:00', desk, { procedure: '9.999999', applicant: APPLICANT }), 422, 'unknown_procedure', 'procedure');
		expectError(await file('2025-03-03T09:00', desk, { procedure: TT, applicant: APPLICANT, documents: [{ code: 'TP9' }] }), 422, 'document_not_in_procedure', 'documents[0].code');
		expectError(await file('2025-03-03T09:00', desk, { procedure: TT, applicant: { ...APPLICANT, id_number: '12' } }), 400, 'invalid_input', 'applicant.id_number');
		expectError(await file('2025-03-03T09:00', desk, { procedure: TT, applicant: { ...APPLICANT, phone: 'abc' } }), 400, 'invalid_input', 'applicant.phone');
		expectError(await file('2025-03-03T09:00', desk, { procedure: TT }), 400, 'missing_field', 'applicant');
		expectError(await file('2025-03-03T09:00', desk, { procedure: TT, applicant: APPLICANT, colour: 1 }), 400, 'unknown_field', 'colour');
		expectError(await file('2025-03-03T09:00', desk, { procedure: TT, applicant: APPLICANT, agency: '000.00.12.H46' }), 422, 'wrong_agency', 'agency');
		expectError(await file('2025-03-03T09:00', desk, { procedure: '2.001801.000.00.00.H50', applicant: APPLICANT }), 422, 'procedure_abolished', 'procedure');
		expectError(await file('2025-03-03T09:00', citizen, { procedure: '1.004203.000.00.00.H50', channel: 2, applicant: APPLICANT }), 422, 'not_online', 'channel');
		expectError(await file('2025-03-03T09:00', citizen, { procedure: TT, channel: 1, applicant: APPLICANT }), 400, 'invalid_input', 'channel');
		expectError(await file('2025-03-03T09:00', spec, { procedure: TT, applicant: APPLICANT }), 403, 'forbidden');
		expectError(await file('2025-03-03T09:00', undefined, { procedure: TT, applicant: APPLICANT }), 401, 'unauthorized');
	});
});

describe('deadline rules', () => {
	async function received(now) {
		const r = await file(now, desk, { procedure: TT, applicant: APPLICANT, documents: DOCS, receive: true });
		assert.equal(r.status, 201, r.text);
		return r.body;
	}

	test('a supplement more than 3 WD after reception is refused with the reason (R-DS-5)', async () => {
		const d = await received('2025-03-03T09:00');
		await act('2025-03-03T09:30', desk, d.code, 'forward');
		const r = await act('2025-03-06T10:00', spec, d.code, 'request_supplement', { items: ['x'], reason: 'y' });
		expectError(r, 409, 'supplement_too_late', 'action');
		const ok = await act('2025-03-06T09:00', spec, d.code, 'request_supplement', { items: ['x'], reason: 'y' });
		assert.equal(ok.status, 200, 'exactly 3 WD after reception is still allowed');
	});

	test('an apology less than 1 WD before the due time is refused (R-DS-8)', async () => {
		const d = await received('2025-03-03T09:00'); // 5 WD → due Mon 10/3 09:00
		assert.equal(d.due_at, '2025-03-10T09:00:00+07:00');
		let r = await act('2025-03-07T09:30', director, d.code, 'apologize', { reason: 'x', new_due_at: '2025-03-12T17:00' });
		expectError(r, 409, 'apology_too_late', 'action');
		r = await act('2025-03-07T09:00', director, d.code, 'apologize', { reason: 'x', new_due_at: '2025-03-10T08:00' });
		expectError(r, 422, 'new_due_not_later', 'new_due_at');
		r = await act('2025-03-07T09:00', director, d.code, 'apologize', { reason: 'x', new_due_at: '2025-03-12T17:00' });
		assert.equal(r.status, 200, 'exactly 1 WD before is in time');
	});

	test('received across Tết 2025 (Fri 24/1 16:00, 5 WD) → Fri 7/2 16:00', async () => {
		const d = await received('2025-01-24T16:00');
		assert.equal(d.due_at, '2025-02-07T16:00:00+07:00'); // 1 h + 8 + 8 + 8 + 8 + 7 h, 27/1-31/1 off
		assert.equal(d.code.slice(-11), '250124-0001');
	});

	test('a dossier received on the make-up Saturday 26/4/2025 gets a code and a due time', async () => {
		const d = await received('2025-04-26T10:00');
		assert.equal(d.due_at, '2025-05-07T10:00:00+07:00'); // 5.5 h on Sat 26/4, 28/4, 29/4, 5/5, 6/5, 2.5 h on 7/5; 30/4-4/5 off
	});
});

describe('other paths', () => {
	async function processing(now) {
		const r = await file(now, desk, { procedure: TT, applicant: APPLICANT, documents: DOCS, receive: true });
		await act(now, desk, r.body.code, 'forward');
		return r.body.code;
	}

	test('refusal, withdrawal by the citizen, stop by the director: closed with reasons', async () => {
		let code = await processing('2025-03-03T09:00');
		let r = await act('2025-03-03T10:00', spec, code, 'refuse', { reason: 'Không thuộc thẩm quyền' });
		assert.equal(r.body.status, 3);
		assert.equal(r.body.refusal.reason, 'Không thuộc thẩm quyền');
		expectError(await act('2025-03-03T10:00', spec, code, 'refuse', {}), 409, 'action_not_allowed', 'action');

		const own = await file('2025-03-03T10:00', citizen, { procedure: TT, channel: 2, applicant: APPLICANT, documents: DOCS });
		r = await act('2025-03-03T11:00', citizen, own.body.code, 'withdraw', {});
		expectError(r, 400, 'missing_field', 'reason');
		r = await act('2025-03-03T11:00', citizen, own.body.code, 'withdraw', { reason: 'Không còn nhu cầu' });
		assert.equal(r.body.status, 7);

		code = await processing('2025-03-03T09:00');
		expectError(await act('2025-03-03T11:00', spec, code, 'stop', { reason: 'x' }), 403, 'forbidden', 'action');
		r = await act('2025-03-03T11:00', director, code, 'stop', { reason: 'Chờ kết luận thanh tra' });
		assert.equal(r.body.status, 8);
	});

	test('transfer: sequential agencies one after another, parallel all at once (R-DS-11)', async () => {
		const code = await processing('2025-03-03T09:00');
		let r = await act('2025-03-03T10:00', spec, code, 'transfer', { agencies: [{ code: '000.00.40.H50', days: 2 }, { code: '000.00.00.H50', days: 1 }], mode: 'sequential' });
		assert.equal(r.status, 200, r.text);
		assert.equal(r.body.transfers[0].sent_at, '2025-03-03T10:00:00+07:00');
		assert.equal(r.body.transfers[0].due_at, '2025-03-05T10:00:00+07:00');
		assert.equal(r.body.transfers[1].sent_at, null);
		expectError(await act('2025-03-03T10:30', spec, code, 'transfer', { agencies: ['000.00.00.H50'], mode: 'parallel' }), 409, 'transfer_open', 'action');
		r = await act('2025-03-06T09:00', desk, code, 'transfer_return', { agency: '000.00.40.H50' });
		assert.equal(r.body.transfers[0].result, 'late');
		assert.equal(r.body.transfers[1].sent_at, '2025-03-06T09:00:00+07:00');
		r = await act('2025-03-06T15:00', desk, code, 'transfer_return', { agency: '000.00.00.H50' });
		assert.equal(r.body.transfers[1].result, 'early'); // due Fri 09:00, back Thu
		r = await act('2025-03-07T09:00', spec, code, 'transfer', { agencies: ['000.00.40.H50', '000.00.00.H50'], mode: 'parallel', lead: '000.00.00.H50' });
		assert.equal(r.status, 200, r.text);
		assert.ok(r.body.transfers.slice(2).every((t) => t.sent_at === '2025-03-07T09:00:00+07:00'));
		assert.equal(r.body.transfers[3].lead, true);
	});

	test('an action not allowed in the status → 409 listing the allowed ones; unknown action → 404', async () => {
		const code = await processing('2025-03-03T09:00');
		const r = await act('2025-03-03T10:00', desk, code, 'return_result', { method: 'post' });
		expectError(r, 409, 'action_not_allowed', 'action');
		assert.match(r.body.error.message, /allowed now: .*forward/);
		expectError(await act('2025-03-03T10:00', desk, code, 'teleport'), 404, 'unknown_action', 'action');
	});

	test('assign: only to an enabled official of the dossier\'s agency or its units; a refusal changes nothing', async () => {
		const code = await processing('2025-03-03T09:00');
		const add = await cli(['user', 'add', '--db', srv.db, '--username', 'cv.khac', '--role', 'specialist', '--agency', '000.00.15.H50', '--password-stdin'], 'Mot mat khau dai cho CV\n');
		assert.equal(add.code, 0, add.stderr);
		const before = (await srv.req('GET', `/api/v1/dossiers/${code}`, { token: leader })).body;
		expectError(await act('2025-03-03T10:00', leader, code, 'assign', { user: 'khong.co.ai' }), 422, 'unknown_user', 'user');
		expectError(await act('2025-03-03T10:00', leader, code, 'assign', { user: 'congdan' }), 422, 'not_an_official', 'user');
		expectError(await act('2025-03-03T10:00', leader, code, 'assign', { user: 'thanhtra' }), 422, 'not_an_official', 'user');
		expectError(await act('2025-03-03T10:00', leader, code, 'assign', { user: 'cv.khac' }), 422, 'other_agency', 'user');
		expectError(await act('2025-03-03T10:00', leader, code, 'assign', {}), 400, 'missing_field', 'user');
		const after = (await srv.req('GET', `/api/v1/dossiers/${code}`, { token: leader })).body;
		assert.deepEqual(after.events, before.events, 'no event for a refused assignment');
		const r = await act('2025-03-03T10:00', leader, code, 'assign', { user: 'chuyenvien', note: 'Giao xử lý' });
		assert.equal(r.status, 200, r.text);
		const run = r.body.steps.find((x) => x.started_at && !x.finished_at);
		assert.equal(run.handler, 'chuyenvien');
	});
});

describe('scoping (an official sees only his department; citizens their own)', () => {
	let code, other;
	before(async () => {
		const r = await file('2025-03-03T09:00', desk, { procedure: TT, applicant: APPLICANT, documents: DOCS, receive: true });
		code = r.body.code;
		const add = await cli(['user', 'add', '--db', srv.db, '--username', 'desk.qb', '--role', 'desk', '--agency', '000.00.12.H46', '--password-stdin'], 'Mot mat khau dai cho QB\n');
		assert.equal(add.code, 0, add.stderr);
		other = await srv.login('desk.qb', 'Mot mat khau dai cho QB');
	});

	test('another department\'s official gets 404 for the dossier, cannot act, and lists nothing', async () => {
		expectError(await srv.req('GET', `/api/v1/dossiers/${code}`, { token: other }), 404, 'dossier_not_found', 'code');
		expectError(await act('2025-03-03T10:00', other, code, 'forward'), 404, 'dossier_not_found', 'code');
		const l = await srv.req('GET', '/api/v1/dossiers', { token: other });
		assert.deepEqual(l.body.items, []);
		const c = await srv.req('GET', '/api/v1/dossiers/counts', { token: other });
		assert.equal(Object.values(c.body.by_status).reduce((a, b) => a + b, 0), 0);
	});

	test('a unit officer of the department sees it; the inspector sees it; another citizen does not', async () => {
		assert.equal((await srv.req('GET', `/api/v1/dossiers/${code}`, { token: spec })).status, 200);
		assert.equal((await srv.req('GET', `/api/v1/dossiers/${code}`, { token: await srv.login('inspector') })).status, 200);
		expectError(await srv.req('GET', `/api/v1/dossiers/${code}`, { token: citizen }), 404, 'dossier_not_found', 'code');
	});

	test('the inspector reads but cannot act', async () => {
		expectError(await act('2025-03-03T10:00', await srv.login('inspector'), code, 'forward'), 403, 'forbidden', 'action');
	});
});

describe('queues and counts', () => {
	test('overdue, due soon and paused queues follow the test clock', async () => {
		const r = await file('2025-06-02T09:00', desk, { procedure: TT, applicant: APPLICANT, documents: DOCS, receive: true });
		const code = r.body.code; // due Mon 9/6 09:00
		const q = async (now, queue) => (await at(now, desk, 'GET', `/api/v1/dossiers?queue=${queue}&limit=500`)).body.items.map((d) => d.code);
		assert.ok(!(await q('2025-06-04T09:00', 'due_soon')).includes(code));
		assert.ok((await q('2025-06-05T10:00', 'due_soon')).includes(code));
		assert.ok((await q('2025-06-09T10:00', 'overdue')).includes(code));
		assert.ok(!(await q('2025-06-09T08:00', 'overdue')).includes(code));
		const c = await at('2025-06-09T10:00', desk, 'GET', '/api/v1/dossiers/counts');
		assert.ok(c.body.queues.overdue >= 1);
		expectError(await srv.req('GET', '/api/v1/dossiers?queue=later', { token: desk }), 400, 'invalid_input', 'queue');
		expectError(await srv.req('GET', '/api/v1/dossiers?status=11', { token: desk }), 400, 'invalid_input', 'status');
	});

	test('search by applicant without accents', async () => {
		const r = await srv.req('GET', '/api/v1/dossiers?q=nguyen%20van%20an&limit=1', { token: desk });
		assert.equal(r.status, 200);
		assert.equal(r.body.items.length, 1);
		assert.ok(r.body.next_cursor);
	});
});

describe('dossier codes under concurrency (R-DS-3)', () => {
	test('200 concurrent intakes get 200 distinct consecutive codes', async () => {
		const reqs = [];
		for (let i = 0; i < 200; i++)
			reqs.push(file('2025-08-05T09:00', desk, { procedure: TT, applicant: APPLICANT, documents: DOCS, receive: true }));
		const res = await Promise.all(reqs);
		assert.ok(res.every((r) => r.status === 201), res.find((r) => r.status !== 201)?.text);
		const nums = res.map((r) => r.body.code).sort();
		assert.equal(new Set(nums).size, 200);
		nums.forEach((c, i) => assert.equal(c, `000.00.12.H50-250805-${String(i + 1).padStart(4, '0')}`));
	});
});

describe('official forms (GET /api/v1/dossiers/{code}/forms/NN.pdf|.html)', () => {
	let code;
	before(async () => {
		const r = await file('2025-03-03T09:00', desk, { procedure: TT, applicant: APPLICANT, documents: DOCS, receive: true, summary: 'ẮẰẲẴẶ ẤẦẨẪẬ ỐỒỔỖỘ ỚỜỞỠỢ ỨỪỬỮỰ ỲỶỸỴ đĐ' });
		code = r.body.code;
	});
	const get = (token, name) => fetch(srv.url(`/api/v1/dossiers/${code}/forms/${name}`), { headers: token ? { Authorization: `Bearer ${token}` } : {} });

	test('Form 01 as PDF and as HTML', async () => {
		const pdf = await get(desk, '01.pdf');
		assert.equal(pdf.status, 200);
		assert.equal(pdf.headers.get('content-type'), 'application/pdf');
		const bytes = Buffer.from(await pdf.arrayBuffer());
		assert.equal(bytes.subarray(0, 5).toString(), '%PDF-');
		const html = await get(desk, '01.html');
		assert.equal(html.status, 200);
		const text = await html.text();
		assert.match(text, /GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ/);
		assert.ok(text.includes(code));
		assert.ok(text.includes('10 giờ 00 phút, ngày 10/03/2025') || text.includes('09 giờ 00 phút, ngày 10/03/2025'), 'the appointment time');
		assert.ok(text.includes(`/tra-cuu/${code}`), 'the lookup link of the QR code');
	});

	test('the QR code on Form 01 decodes to the public lookup URL (pdftoppm + zbarimg)', async () => {
		const { mkdtemp, writeFile, rm } = await import('node:fs/promises');
		const { tmpdir } = await import('node:os');
		const pathm = await import('node:path');
		const dir = await mkdtemp(pathm.join(tmpdir(), 'motcua-qr-'));
		try {
			const pdf = Buffer.from(await (await get(desk, '01.pdf')).arrayBuffer());
			await writeFile(pathm.join(dir, 'f.pdf'), pdf);
			const run = (cmd, args) => new Promise((ok, ko) => execFile(cmd, args, (e, out) => (e ? ko(e) : ok(out))));
			await run('pdftoppm', ['-r', '200', '-png', '-singlefile', pathm.join(dir, 'f.pdf'), pathm.join(dir, 'p')]);
			const out = await run('zbarimg', ['--quiet', '--raw', pathm.join(dir, 'p.png')]);
			// public_url is the default http://127.0.0.1:8080 in the tests
			assert.equal(out.trim(), `http://127.0.0.1:8080/tra-cuu/${code}`);
		} finally {
			await rm(dir, { recursive: true, force: true });
		}
	});

	test('a form that does not apply → 404 with the reason; 07 is not in the 2018 set', async () => {
		let r = await get(desk, '04.pdf');
		assert.equal(r.status, 404);
		assert.equal((await r.json()).error.code, 'form_not_applicable');
		r = await get(desk, '07.pdf');
		assert.equal(r.status, 404);
		assert.equal((await r.json()).error.code, 'form_not_in_rule_set');
		r = await get(desk, '01.doc');
		assert.equal(r.status, 404);
		r = await get(desk, '99.pdf');
		assert.equal(r.status, 404);
	});

	test('forms follow the dossier\'s scope; anonymous 401', async () => {
		assert.equal((await get(citizen, '01.pdf')).status, 404);
		assert.equal((await get(undefined, '01.pdf')).status, 401);
	});
});

describe('deadline alerts (motcua alerts) and the outbox', () => {
	test('due soon, then overdue: one event and one notification per level', async () => {
		const r = await file('2025-09-08T09:00', desk, { procedure: TT, applicant: APPLICANT, documents: DOCS, receive: true });
		const code = r.body.code; // due Mon 15/9 09:00 (2/9 holiday is before)
		assert.equal(r.body.due_at, '2025-09-15T09:00:00+07:00');
		const run = (now) => cli(['alerts', '--db', srv.db, '--now', now]);
		let out = await run('2025-09-10T09:00'); // 4 WD left: nothing
		assert.equal(out.code, 0, out.stderr);
		const events = async () => (await srv.req('GET', `/api/v1/dossiers/${code}`, { token: desk })).body.events.map((e) => e.action);
		assert.ok(!(await events()).some((a) => a.startsWith('alert')));
		await run('2025-09-11T10:00'); // within 2 WD
		await run('2025-09-11T11:00'); // again: no second alert
		assert.deepEqual((await events()).filter((a) => a.startsWith('alert')), ['alert_due_soon']);
		await run('2025-09-15T10:00'); // overdue
		assert.deepEqual((await events()).filter((a) => a.startsWith('alert')), ['alert_due_soon', 'alert_overdue']);
		const s = await srv.req('GET', '/api/v1/sync/status', { token: await srv.login('admin') });
		assert.equal(s.status, 200);
		assert.ok(s.body.pending >= 2);
	});
});

describe('the procedure version in force on the day of filing (R-RS-1, R-PR-5)', () => {
	test('before v2 took effect (1/5/2025) a dossier follows v1; after, v2', async () => {
		let r = await file('2025-04-28T09:00', desk, { procedure: TT, applicant: APPLICANT, documents: DOCS, receive: true });
		assert.equal(r.status, 201, r.text);
		assert.equal(r.body.procedure.version, 1);
		assert.ok(r.body.documents.find((d) => d.code === 'TP4').required, 'v1 requires TP4');
		r = await file('2025-05-05T09:00', desk, { procedure: TT, applicant: APPLICANT, documents: DOCS.slice(0, 3), receive: true });
		assert.equal(r.status, 201, r.text);
		assert.equal(r.body.procedure.version, 2);
		assert.equal(r.body.portal_status, 'new');
	});
});
