/*
 * view.c - see view.h.
 */
#include "web/view.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "core/assets.h"
#include "core/log.h"

void view_money(long long amount, int en, char *out, size_t sz)
{
	char digits[32], grouped[48];
	int neg = amount < 0;
	unsigned long long v = neg ? 0ULL - (unsigned long long)amount : (unsigned long long)amount;
	int n = snprintf(digits, sizeof(digits), "%llu", v), g = 0;
	char sep = en ? ',' : '.';
	for (int i = 0; i < n; i++) {
		if (i && (n - i) % 3 == 0)
			grouped[g++] = sep;
		grouped[g++] = digits[i];
	}
	grouped[g] = '\0';
	snprintf(out, sz, "%s%s%s", neg ? "-" : "", grouped, en ? " VND" : " đ");
}

void view_date(const char *iso, char *out, size_t sz)
{
	if (iso && strlen(iso) >= 10 && iso[4] == '-' && iso[7] == '-')
		snprintf(out, sz, "%.2s/%.2s/%.4s", iso + 8, iso + 5, iso);
	else
		snprintf(out, sz, "%s", iso ? iso : "");
}

static json_t *catalogs[2];
static pthread_once_t catalogs_once = PTHREAD_ONCE_INIT;

static void catalogs_load(void)
{
	static const char *const paths[2] = {"web/i18n/vi.json", "web/i18n/en.json"};
	for (int i = 0; i < 2; i++) {
		size_t sz = 0;
		const char *data = assets_find(paths[i], &sz);
		json_error_t je;
		catalogs[i] = data ? json_loadb(data, sz, 0, &je) : NULL;
		if (!catalogs[i])
			log_error("message catalogue %s is missing or broken", paths[i]);
	}
}

json_t *view_messages(int en)
{
	pthread_once(&catalogs_once, catalogs_load);
	return catalogs[en ? 1 : 0];
}
