/*
 * forms_bench.c - time to render Form 01 (receipt and appointment) as PDF:
 * the median and the 99th percentile over 1,000 renders of a realistic
 * dossier, after one warm-up render (fontconfig's start-up).
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "core/buf.h"
#include "domain/forms/forms.h"

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

int main(void)
{
	const char *text =
		"{\"rule_set\":\"2025\",\"lookup_url\":\"http://127.0.0.1:8080/tra-cuu/000.00.12.H50-250805-0001\","
		"\"agency\":{\"code\":\"000.00.12.H50\",\"name\":\"Sở Khoa học và Công nghệ tỉnh Quảng Trị\","
		"\"parent_name\":\"Ủy ban nhân dân tỉnh Quảng Trị\",\"place\":\"Quảng Trị\"},"
		"\"dossier\":{\"code\":\"000.00.12.H50-250805-0001\",\"status\":2,"
		"\"procedure\":{\"code\":\"1.004201.000.00.00.H50\",\"name\":\"Đăng ký chuyển giao công nghệ\"},"
		"\"applicant\":{\"name\":\"Nguyễn Văn An\",\"id_number\":\"001085012345\",\"phone\":\"0912345678\","
		"\"address\":\"12 Hùng Vương, Đông Hà, Quảng Trị\"},\"summary\":\"ẮẰẲẴẶ ẤẦẨẪẬ ỐỒỔỖỘ ỚỜỞỠỢ ỨỪỬỮỰ ỲỶỸỴ đĐ\","
		"\"sets\":1,\"received_at\":\"2025-08-05T09:00:00+07:00\",\"due_at\":\"2025-08-12T09:00:00+07:00\","
		"\"documents\":[{\"code\":\"TP1\",\"name\":\"Văn bản đề nghị đăng ký chuyển giao công nghệ\",\"original\":1,\"present\":true},"
		"{\"code\":\"TP2\",\"name\":\"Hợp đồng chuyển giao công nghệ\",\"certified_copy\":1,\"present\":true},"
		"{\"code\":\"TP3\",\"name\":\"Danh mục tài liệu công nghệ\",\"original\":1,\"present\":true}],"
		"\"fees\":[{\"name\":\"Phí thẩm định hợp đồng\",\"amount\":5000000}],"
		"\"receiver\":{\"name\":\"Nguyễn Thị Lan\"}}}";
	json_error_t je;
	json_t *model = json_loads(text, 0, &je);
	struct errbuf eb;
	enum { N = 1000 };
	static double t[N];
	if (!model) {
		fprintf(stderr, "model: %s\n", je.text);
		return 1;
	}
	struct buf b;
	buf_init(&b, 0);
	if (forms_render_pdf(FORM_01_RECEIPT, model, &b, &eb)) {
		fprintf(stderr, "render: %s\n", eb.msg);
		return 1;
	}
	size_t size = b.len;
	for (int i = 0; i < N; i++) {
		buf_reset(&b);
		double t0 = now_ms();
		forms_render_pdf(FORM_01_RECEIPT, model, &b, &eb);
		t[i] = now_ms() - t0;
	}
	qsort(t, N, sizeof(t[0]), cmp);
	printf("forms_form01_pdf: median %.2f ms, p99 %.2f ms over %d renders (%zu bytes each)\n",
	       t[N / 2], t[N * 99 / 100], N, size);
	buf_release(&b);
	json_decref(model);
	return 0;
}
