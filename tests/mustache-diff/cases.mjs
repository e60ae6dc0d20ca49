// cases.mjs - hand-written templates for the differential test (diff.test.mjs):
// realistic pages of a Vietnamese one-stop public-service office (procedure
// catalogue, dossier lists, receipts, forms) and the corners of the language
// (standalone lines, indentation, delimiters, context lookups, numbers).
//
// Each case is {name, template, data, partials?}; a case that both engines
// must refuse has error: true. Cases where the engines are known to differ
// are not here: they live in KNOWN_DIFFERENCES in diff.test.mjs.

const layout = {
  layout_head:
    '<!doctype html>\n<html lang="vi">\n<head>\n' +
    '  <meta charset="utf-8">\n  <title>{{title}} — {{site.name}}</title>\n</head>\n<body>\n',
  layout_foot: '<footer>{{site.name}} · {{site.hotline}}</footer>\n</body>\n</html>\n',
  nav:
    '<nav>\n' +
    '  <ul>\n' +
    '  {{#site.menu}}\n' +
    '    <li{{#active}} class="active"{{/active}}><a href="{{href}}">{{label}}</a></li>\n' +
    '  {{/site.menu}}\n' +
    '  </ul>\n' +
    '</nav>\n',
};

const site = {
  name: 'Bộ phận Một cửa — UBND phường Bến Nghé',
  hotline: '028 3829 1234',
  menu: [
    { href: '/thu-tuc', label: 'Thủ tục', active: true },
    { href: '/ho-so', label: 'Tra cứu hồ sơ', active: false },
    { href: '/lien-he?a=1&b=2', label: 'Liên hệ & góp ý' },
  ],
};

const procedures = [
  {
    code: '1.001612',
    name: 'Đăng ký khai sinh',
    field: 'Hộ tịch',
    fee: 0,
    days: 1,
    online: true,
    documents: [
      { title: 'Tờ khai đăng ký khai sinh', copies: 1 },
      { title: 'Giấy chứng sinh', copies: 1, note: 'bản chính' },
    ],
    steps: ['Nộp hồ sơ', 'Tiếp nhận & kiểm tra', 'Trả kết quả'],
  },
  {
    code: '1.004227',
    name: 'Cấp bản sao trích lục hộ tịch',
    field: 'Hộ tịch',
    fee: 8000,
    days: 0.5,
    online: false,
    documents: [],
    steps: [],
  },
  {
    code: '2.000908',
    name: 'Chứng thực chữ ký "người dịch"',
    field: 'Chứng thực',
    fee: 10000,
    days: 2,
    online: true,
    documents: [{ title: 'Bản dịch <có chữ ký>', copies: 2 }],
    steps: ['Nộp hồ sơ'],
  },
];

export const CASES = [
  {
    name: 'procedure catalogue page with layout partials',
    template:
      '{{>layout_head}}\n' +
      '{{>nav}}\n' +
      '<main>\n' +
      '  <h1>{{title}}</h1>\n' +
      '  {{#procedures}}\n' +
      '  <article id="tt-{{code}}">\n' +
      '    <h2>{{name}}</h2>\n' +
      '    <p>Lĩnh vực: {{field}} · Thời hạn: {{days}} ngày</p>\n' +
      '    {{#fee}}\n' +
      '    <p>Lệ phí: {{fee}} đồng</p>\n' +
      '    {{/fee}}\n' +
      '    {{^fee}}\n' +
      '    <p>Miễn lệ phí</p>\n' +
      '    {{/fee}}\n' +
      '  </article>\n' +
      '  {{/procedures}}\n' +
      '</main>\n' +
      '{{>layout_foot}}\n',
    data: { title: 'Danh mục thủ tục hành chính', site, procedures },
    partials: layout,
  },
  {
    name: 'required documents as nested lists with parent lookups',
    template:
      '{{#procedures}}\n' +
      '<h3>{{name}} ({{code}})</h3>\n' +
      '<ol>\n' +
      '{{#documents}}\n' +
      '  <li>{{title}} — {{copies}} bộ{{#note}} ({{note}}){{/note}} · thủ tục {{code}}</li>\n' +
      '{{/documents}}\n' +
      '{{^documents}}\n' +
      '  <li>Không yêu cầu giấy tờ</li>\n' +
      '{{/documents}}\n' +
      '</ol>\n' +
      '{{/procedures}}\n',
    data: { procedures },
  },
  {
    name: 'steps as implicit iterator',
    template:
      '{{#procedures}}{{name}}: {{#steps}}[{{.}}]{{/steps}}{{^steps}}(chưa có quy trình){{/steps}}\n{{/procedures}}',
    data: { procedures },
  },
  {
    name: 'dossier list with empty state',
    template:
      '<table>\n' +
      '  <tr><th>Mã hồ sơ</th><th>Người nộp</th><th>Trạng thái</th></tr>\n' +
      '  {{#dossiers}}\n' +
      '  <tr class="{{status}}">\n' +
      '    <td>{{id}}</td><td>{{applicant.name}}</td><td>{{status_label}}</td>\n' +
      '  </tr>\n' +
      '  {{/dossiers}}\n' +
      '  {{^dossiers}}\n' +
      '  <tr><td colspan="3">Không có hồ sơ nào.</td></tr>\n' +
      '  {{/dossiers}}\n' +
      '</table>\n',
    data: {
      dossiers: [
        {
          id: 'H01.2024.000123',
          applicant: { name: 'Nguyễn Thị Ánh' },
          status: 'received',
          status_label: 'Đã tiếp nhận',
        },
        {
          id: 'H01.2024.000124',
          applicant: { name: "Trần Văn O'Brien" },
          status: 'late',
          status_label: 'Quá hạn <3 ngày>',
        },
      ],
    },
  },
  {
    name: 'dossier list empty',
    template:
      '<ul>\n{{#dossiers}}\n  <li>{{id}}</li>\n{{/dossiers}}\n{{^dossiers}}\n  <li>Không có hồ sơ nào.</li>\n{{/dossiers}}\n</ul>\n',
    data: { dossiers: [] },
  },
  {
    name: 'receipt with numbers and money',
    template:
      'BIÊN NHẬN HỒ SƠ\n' +
      'Số: {{receipt.no}}\n' +
      'Ngày hẹn trả: {{receipt.due}}\n' +
      'Lệ phí: {{receipt.fee}} đ; phí dịch vụ: {{receipt.service_fee}} đ; tỷ lệ: {{receipt.rate}}\n' +
      'Số trang: {{receipt.pages}}, trọng lượng: {{receipt.weight}} kg\n',
    data: {
      receipt: {
        no: 'BN-0001/2024',
        due: '15/07/2024',
        fee: 50000,
        service_fee: 12500.5,
        rate: 0.1,
        pages: 12,
        weight: 1e-7,
      },
    },
  },
  {
    name: 'number formatting corners',
    template: '{{#n}}[{{.}}]{{/n}}',
    data: { n: [1.21, 100, 0.1, -0.5, 1e21, 1.5e-7, 1e-7, 0.000001, 123456.789, 1.5e300, -42, 0.30000000000000004] },
  },
  {
    name: 'form with escaped attribute values',
    template:
      '<form method="post" action="/ho-so/{{id}}/bo-sung">\n' +
      '  <input name="ho_ten" value="{{applicant.name}}">\n' +
      "  <input name='dia_chi' value='{{applicant.address}}'>\n" +
      '  <textarea name="ghi_chu">{{note}}</textarea>\n' +
      '</form>\n',
    data: {
      id: 42,
      applicant: { name: 'Lê "Tí" Văn', address: "12 Đường D'Arc, Q.1 <TP.HCM>" },
      note: 'Bổ sung bản sao & bản chính',
    },
  },
  {
    name: 'raw html from trusted field',
    template: '<div class="guide">{{{guide_html}}}</div><div>{{& guide_html}}</div><p>{{guide_html}}</p>',
    data: { guide_html: '<strong>Lưu ý:</strong> mang theo CCCD & sổ hộ khẩu.' },
  },
  {
    name: 'truthiness of empty string and zero',
    template:
      '{{#note}}Ghi chú: {{note}}{{/note}}{{^note}}(không ghi chú){{/note}}|' +
      '{{#count}}{{count}} hồ sơ{{/count}}{{^count}}chưa có hồ sơ{{/count}}|' +
      '{{#meta}}meta{{/meta}}|{{#zero_str}}"{{.}}"{{/zero_str}}',
    data: { note: '', count: 0, meta: {}, zero_str: '0' },
  },
  {
    name: 'missing and null values',
    template: '[{{missing}}][{{nil}}][{{a.b.c}}][{{#nil}}x{{/nil}}][{{^nil}}y{{/nil}}]',
    data: { nil: null, a: { b: null } },
  },
  {
    name: 'null key stops the context walk',
    template: '{{#inner}}[{{x}}]{{/inner}}',
    data: { x: 'outer', inner: { x: null } },
  },
  {
    name: 'deeply nested contexts with fallback to root',
    template:
      '{{#agency}}{{name}}{{#department}} / {{name}}{{#team}} / {{name}} ({{site.name}}, {{hotline}}){{/team}}{{/department}}{{/agency}}',
    data: {
      site: { name: 'Một cửa' },
      hotline: '1900 0000',
      agency: { name: 'UBND Quận 1', department: { name: 'Phòng Tư pháp', team: { name: 'Tổ hộ tịch' } } },
    },
  },
  {
    name: 'recursive partial: agency tree',
    template: '<ul>\n{{#units}}\n  {{>unit}}\n{{/units}}\n</ul>\n',
    data: {
      units: [
        {
          name: 'UBND Thành phố',
          children: [
            { name: 'Sở Tư pháp', children: [{ name: 'Phòng Hộ tịch', children: [] }] },
            { name: 'Sở Xây dựng', children: [] },
          ],
        },
      ],
    },
    partials: {
      unit:
        '<li>{{name}}\n{{#children}}\n  <ul>\n    {{>unit}}\n  </ul>\n{{/children}}\n</li>\n',
    },
  },
  {
    name: 'standalone partial indentation with tabs',
    template: '<div>\n\t\t{{>block}}\n</div>\n',
    data: { t: 'Tiêu đề', body: 'dòng 1\ndòng 2' },
    partials: { block: '<h2>{{t}}</h2>\n<p>{{body}}</p>\n' },
  },
  {
    name: 'standalone partial keeps empty lines empty',
    template: '<ul>\n  {{>item}}\n</ul>\n',
    data: { x: 'a\nb' },
    partials: { item: '<li>{{x}}</li>\n\n<li>2</li>\n' },
  },
  {
    name: 'inline partial after another tag is not indented',
    template: '<p>{{label}}: {{>result}}</p>\n',
    data: { ok: true, label: 'Kết quả' },
    partials: { result: '{{#ok}}đạt{{/ok}}\n{{^ok}}không đạt{{/ok}}' },
  },
  {
    name: 'missing partial renders nothing',
    template: 'a{{>khong_co}}b\n  {{>khong_co}}\nc\n',
    data: {},
  },
  {
    name: 'CRLF template with standalone tags',
    template: 'Danh sách:\r\n{{#items}}\r\n- {{.}}\r\n{{/items}}\r\n{{! hết }}\r\nHết.\r\n',
    data: { items: ['Một', 'Hai'] },
  },
  {
    name: 'CRLF partial indentation',
    template: 'a\r\n  {{>p}}\r\nb',
    data: {},
    partials: { p: 'x\r\ny\r\n' },
  },
  {
    name: 'multi-line comments',
    template: '<p>\n  {{!\n    Ghi chú cho người soạn mẫu:\n    không hiển thị.\n  }}\n  Nội dung\n</p>\n',
    data: {},
  },
  {
    name: 'set delimiters for an embedded client-side template',
    template:
      '<script type="text/template" id="row">\n' +
      '{{=<% %>=}}\n' +
      '  <tr><td>{{id}}</td><td><% label %></td></tr>\n' +
      '<%={{ }}=%>\n' +
      '</script>\n' +
      '<p>{{label}}</p>\n',
    data: { label: 'Hồ sơ <mới>' },
  },
  {
    name: 'delimiters do not leak into partials',
    template: '{{=[[ ]]=}}[[>p]] [[x]] {{x}}',
    data: { x: 'X' },
    partials: { p: '({{x}} [[x]])' },
  },
  {
    name: 'section over an object and over a string',
    template: '{{#applicant}}{{name}} – {{phone}}{{/applicant}}; {{#code}}mã: {{.}}{{/code}}',
    data: { applicant: { name: 'Phạm Quốc Việt', phone: '0903 123 456' }, code: 'H01' },
  },
  {
    name: 'list of lists with implicit iterator',
    template: '{{#grid}}<tr>{{#.}}<td>{{.}}</td>{{/.}}</tr>\n{{/grid}}',
    data: { grid: [[1, 2, 3], ['Hà Nội', 'Huế', 'Cần Thơ'], []] },
  },
  {
    name: 'root-level list',
    template: '{{#.}}{{ma}}={{ten}};{{/.}}',
    data: [
      { ma: '01', ten: 'Hà Nội' },
      { ma: '79', ten: 'TP. Hồ Chí Minh' },
    ],
  },
  {
    name: 'dotted names resolve the first part only on the stack',
    template: '{{#a}}{{b.c}}|{{c.d}}{{/a}}',
    data: { a: { b: { c: 'từ a' } }, c: { d: 'từ gốc' } },
  },
  {
    name: 'whitespace-padded tags',
    template: '{{ name }}|{{{ name }}}|{{& name }}|{{# ok }}có{{/ ok }}|{{^ no }}không{{/ no }}|{{> p }}',
    data: { name: 'Đà Nẵng & Hội An', ok: true, no: false },
    partials: { p: '<{{name}}>' },
  },
  {
    name: 'booleans interpolate as words',
    template: 'trực tuyến: {{online}}; bưu chính: {{post}}',
    data: { online: true, post: false },
  },
  {
    name: 'unicode in keys and text',
    template: '{{tên}} sinh năm {{năm_sinh}} tại {{nơi.sinh}} ✓ 🇻🇳',
    data: { tên: 'Võ Thị Sáu', năm_sinh: 1933, nơi: { sinh: 'Đất Đỏ, Bà Rịa' } },
  },
  { name: 'error: unclosed section', template: '<ul>\n{{#items}}\n<li>{{.}}</li>\n', data: {}, error: true },
  { name: 'error: mismatched end tag', template: '{{#a}}x{{/b}}', data: {}, error: true },
  { name: 'error: end tag without section', template: 'x{{/a}}', data: {}, error: true },
  { name: 'error: unclosed tag', template: '<p>{{ten</p>', data: {}, error: true },
  { name: 'error: unclosed triple mustache', template: '{{{x}}', data: { x: 1 }, error: true },
  { name: 'error: bad set-delimiter tag', template: '{{=<% =}}', data: {}, error: true },
  { name: 'error: malformed partial', template: 'ok {{>p}}', data: {}, partials: { p: '{{#s}}' }, error: true },
];
