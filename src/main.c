/*
 * main.c - the motcua command line: serve, migrate, seed-demo, import,
 * user, and the help texts. Each subcommand parses its own flags; bad
 * arguments print the usage and exit 2. Runtime failures exit 1.
 */
#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "api/api.h"
#include "core/assets.h"
#include "core/conf.h"
#include "core/log.h"
#include "domain/account/account.h"
#include "domain/audit/audit.h"
#include "domain/calendar/calendar.h"
#include "core/vntime.h"
#include "domain/catalog/catalog.h"
#include "domain/dossier/dossier.h"
#include "domain/workcal/workcal.h"
#include "http/server.h"
#include "store/backup.h"
#include "store/store.h"

#ifndef MOTCUA_VERSION
#define MOTCUA_VERSION "0.1.0"
#endif

static const char usage_text[] =
	"usage: motcua <command> [options]\n"
	"\n"
	"commands:\n"
	"  serve      [--db PATH|postgres://...] [--listen HOST:PORT] [--config FILE]\n"
	"             serve the portal and the JSON API\n"
	"  migrate    --db PATH       create or upgrade the database schema\n"
	"  seed-demo  --db PATH       load the demo agencies, procedures and logins\n"
	"  import     procedures|agencies --db PATH FILE.json\n"
	"             import a JSON array (all or nothing; re-importing is harmless)\n"
	"  user add   --db PATH --username U --role R[,R...] [--agency CODE] [--name N]\n"
	"             --password-stdin   create an account; the password is read from stdin\n"
	"  user passwd|disable|enable --db PATH --username U [--password-stdin]\n"
	"  user list  --db PATH\n"
	"  alerts --db PATH [--now TIME]  one pass of the deadline alerts (the server runs\n"
	"             them every minute)\n"
	"  audit verify --db PATH     recompute the audit log's hash chain (exit 3 if broken)\n"
	"  backup     --db PATH DEST  online copy of a SQLite database into the new file DEST\n"
	"             (servers keep running; PostgreSQL: pg_basebackup or pg_dump)\n"
	"  calendar show YEAR [--db PATH] [--agency CODE]\n"
	"             print a year's working calendar: days off, make-up days, lunar dates\n"
	"             (without --db: the official schedules shipped with motcua)\n"
	"  version    print the version\n"
	"\n"
	"  --help          this text\n"
	"  --help-config   every setting of motcua.conf with its default\n"
	"\n"
	"Settings come from the built-in defaults, then --config FILE, then MOTCUA_* environment\n"
	"variables (e.g. MOTCUA_DB), then the flags above.\n";

/* The database name for messages: a URL's password is never printed. */
static const char *db_label(const char *db, char *buf, size_t sz)
{
	const char *scheme = strstr(db, "://"), *at = scheme ? strchr(scheme + 3, '@') : NULL;
	const char *colon = scheme ? strchr(scheme + 3, ':') : NULL;
	if (!at || !colon || colon > at)
		return db;
	snprintf(buf, sz, "%.*s:***%s", (int)(colon - db), db, at);
	return buf;
}

static int usage(const char *msg)
{
	if (msg)
		fprintf(stderr, "motcua: %s\n\n", msg);
	fputs(usage_text, stderr);
	return 2;
}

/* Options every database command shares. */
struct common {
	struct conf conf;
	int db_given;
};

static const struct option common_opts[] = {
	{"db", required_argument, NULL, 'd'},     {"listen", required_argument, NULL, 'l'},
	{"config", required_argument, NULL, 'c'}, {"username", required_argument, NULL, 'u'},
	{"role", required_argument, NULL, 'r'},   {"agency", required_argument, NULL, 'a'},
	{"name", required_argument, NULL, 'n'},   {"password-stdin", no_argument, NULL, 'p'},
	{"help", no_argument, NULL, 'h'},         {NULL, 0, NULL, 0},
};

struct user_args {
	const char *username, *role, *agency, *name;
	int password_stdin;
};

/* Parse flags for a subcommand; returns -1 (usage printed) on bad ones. */
static int parse_flags(int argc, char **argv, struct common *cm, struct user_args *ua)
{
	struct errbuf eb;
	const char *config = NULL, *db = NULL, *listen = NULL;
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "", common_opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'l': listen = optarg; break;
		case 'c': config = optarg; break;
		case 'u': if (ua) { ua->username = optarg; break; } goto bad;
		case 'r': if (ua) { ua->role = optarg; break; } goto bad;
		case 'a': if (ua) { ua->agency = optarg; break; } goto bad;
		case 'n': if (ua) { ua->name = optarg; break; } goto bad;
		case 'p': if (ua) { ua->password_stdin = 1; break; } goto bad;
		case 'h': usage(NULL); exit(0);
		default:
		bad:
			fprintf(stderr, "motcua: unknown or incomplete option '%s'\n\n", argv[optind - 1]);
			usage(NULL);
			return -1;
		}
	}
	conf_defaults(&cm->conf);
	if ((config && conf_load_file(&cm->conf, config, &eb)) || conf_load_env(&cm->conf, &eb) ||
	    (db && conf_set(&cm->conf, "db", db, &eb)) ||
	    (listen && conf_set(&cm->conf, "listen", listen, &eb))) {
		fprintf(stderr, "motcua: %s\n", eb.msg);
		return -1;
	}
	cm->db_given = db != NULL || getenv("MOTCUA_DB") || config;
	if (!strcmp(cm->conf.log_level, "debug"))
		log_set_level(LOG_DEBUG);
	else if (!strcmp(cm->conf.log_level, "warn"))
		log_set_level(LOG_WARN);
	else if (!strcmp(cm->conf.log_level, "error"))
		log_set_level(LOG_ERROR);
	return 0;
}

/* Open and migrate the database; prints the error and returns NULL. */
static struct store *open_db(const struct conf *cf)
{
	struct store *st = NULL;
	struct errbuf eb;
	int applied = 0;
	char lbl[600];
	if (store_open(cf->db, &st, &eb) || store_migrate(st, &applied, &eb)) {
		fprintf(stderr, "motcua: %s: %s\n", db_label(cf->db, lbl, sizeof(lbl)), eb.msg);
		store_close(st);
		return NULL;
	}
	if (applied)
		log_info("database %s: applied %d migration(s)", db_label(cf->db, lbl, sizeof(lbl)), applied);
	int years = 0;
	if (workcal_seed_official(st, &years, &eb)) {
		fprintf(stderr, "motcua: %s: loading the official holiday schedules: %s\n",
			db_label(cf->db, lbl, sizeof(lbl)), eb.msg);
		store_close(st);
		return NULL;
	}
	if (years)
		log_info("database %s: stored the official holiday schedules of %d year(s)",
			 db_label(cf->db, lbl, sizeof(lbl)), years);
	return st;
}

static volatile sig_atomic_t stop_flag;

/* The background worker of a server: deadline alerts once a minute.
 * Several servers on one database may all run it: each alert level is
 * marked once per dossier in a write transaction. */
static void *worker_main(void *arg)
{
	struct store *st = arg;
	int64_t next = 0;
	while (!stop_flag) {
		int64_t now = vntime_now();
		if (now >= next) {
			struct errbuf eb;
			int sent = 0;
			if (dossier_alerts_run(st, now, &sent, &eb))
				log_warn("alerts: %s", eb.msg);
			else if (sent)
				log_info("alerts: %d dossier(s) due soon or overdue notified", sent);
			next = now + 60;
		}
		sleep(1);
	}
	return NULL;
}
static void on_signal(int sig)
{
	(void)sig;
	stop_flag = 1;
}

static int cmd_serve(int argc, char **argv)
{
	struct common cm;
	struct errbuf eb;
	char lbl[600];
	struct http_server *srv = NULL;
	int port = 0;
	if (parse_flags(argc, argv, &cm, NULL) < 0)
		return 2;
	if (optind != argc)
		return usage("serve takes no positional arguments");
	struct store *st = open_db(&cm.conf);
	if (!st)
		return 1;
	struct api_ctx ctx = {st, &cm.conf, MOTCUA_VERSION};
	if (http_server_start(&ctx, &srv, &port, &eb)) {
		fprintf(stderr, "motcua: %s\n", eb.msg);
		store_close(st);
		return 1;
	}
	struct sigaction sa = {0};
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	char host[64];
	snprintf(host, sizeof(host), "%.*s", (int)(strrchr(cm.conf.listen, ':') - cm.conf.listen),
		 cm.conf.listen);
	printf("motcua %s listening on http://%s:%d/ (database: %s, %s)\n", MOTCUA_VERSION,
	       host[0] ? host : "0.0.0.0", port, db_label(cm.conf.db, lbl, sizeof(lbl)), store_backend(st));
	fflush(stdout);
	pthread_t worker;
	/* a test clock makes real-time workers meaningless: they stay off */
	int have_worker = cm.conf.workers && !cm.conf.test_clock &&
			  pthread_create(&worker, NULL, worker_main, st) == 0;
	while (!stop_flag)
		pause();
	log_info("stopping");
	http_server_stop(srv);
	if (have_worker)
		pthread_join(worker, NULL);
	store_close(st);
	return 0;
}

static int cmd_migrate(int argc, char **argv)
{
	struct common cm;
	char lbl[600];
	if (parse_flags(argc, argv, &cm, NULL) < 0)
		return 2;
	if (optind != argc)
		return usage("migrate takes no positional arguments");
	struct store *st = open_db(&cm.conf);
	if (!st)
		return 1;
	int dbv = 0, binv = 0;
	struct errbuf eb;
	store_schema_version(st, &dbv, &binv, &eb);
	printf("database %s is at schema version %d\n", db_label(cm.conf.db, lbl, sizeof(lbl)), dbv);
	store_close(st);
	return 0;
}

static json_t *load_json_file(const char *path)
{
	json_error_t je;
	json_t *v = json_load_file(path, JSON_REJECT_DUPLICATES, &je);
	if (!v)
		fprintf(stderr, "motcua: %s:%d:%d: %s\n", path, je.line, je.column, je.text);
	return v;
}

static int import_kind(struct store *st, const char *kind, json_t *arr, const char *label)
{
	struct errbuf eb;
	enum err e;
	int a = 0, b = 0;
	if (!strcmp(kind, "agencies")) {
		if ((e = catalog_agency_import(st, &audit_cli_actor, arr, &a, &b, &eb)))
			goto fail;
		printf("%s: %d agencies created, %d updated\n", label, a, b);
	} else {
		if ((e = catalog_procedure_import(st, &audit_cli_actor, arr, &a, &b, &eb)))
			goto fail;
		printf("%s: %d procedure versions stored, %d unchanged\n", label, a, b);
	}
	return 0;
fail:
	fprintf(stderr, "motcua: %s: nothing imported: %s%s%s\n", label, eb.field[0] ? eb.field : "",
		eb.field[0] ? ": " : "", eb.msg);
	return 1;
}

static int cmd_import(int argc, char **argv)
{
	struct common cm;
	if (argc < 2 || (strcmp(argv[1], "procedures") && strcmp(argv[1], "agencies")))
		return usage("import needs a kind: procedures or agencies");
	const char *kind = argv[1];
	if (parse_flags(argc - 1, argv + 1, &cm, NULL) < 0)
		return 2;
	if (optind + 1 != argc - 1)
		return usage("import needs exactly one FILE.json");
	const char *file = argv[1 + optind];
	json_t *arr = load_json_file(file);
	if (!arr)
		return 1;
	struct store *st = open_db(&cm.conf);
	int rc = st ? import_kind(st, kind, arr, file) : 1;
	json_decref(arr);
	store_close(st);
	return rc;
}

static const struct {
	const char *username, *name, *roles, *agency, *password;
} demo_users[] = {
	{"admin", "Quản trị hệ thống", "admin", "000.00.12.H50", "QuanTri@Demo2025"},
	{"motcua", "Nguyễn Thị Lan (Bộ phận Một cửa)", "desk", "000.00.12.H50", "MotCua@Demo2025"},
	{"chuyenvien", "Trần Văn Hùng (chuyên viên)", "specialist", "000.02.12.H50", "ChuyenVien@Demo2025"},
	{"truongphong", "Lê Minh Tuấn (trưởng phòng)", "unit_leader", "000.02.12.H50", "TruongPhong@Demo2025"},
	{"giamdoc", "Phạm Quốc Bảo (giám đốc Sở)", "agency_leader", "000.00.12.H50", "GiamDoc@Demo2025"},
	{"vanthu", "Hoàng Thị Mai (văn thư)", "clerk", "000.01.12.H50", "VanThu@Demo2025"},
	{"thanhtra", "Võ Đức Thắng (thanh tra)", "inspector", "000.00.12.H50", "ThanhTra@Demo2025"},
	{"congdan", "Nguyễn Văn An (công dân)", "citizen", NULL, "CongDan@Demo2025"},
};

static json_t *embedded_json(const char *path)
{
	size_t sz = 0;
	const char *data = assets_find(path, &sz);
	json_error_t je;
	json_t *v = data ? json_loadb(data, sz, 0, &je) : NULL;
	if (!v)
		fprintf(stderr, "motcua: embedded %s is missing or broken\n", path);
	return v;
}

static int cmd_seed_demo(int argc, char **argv)
{
	struct common cm;
	struct errbuf eb;
	int rc = 1;
	if (parse_flags(argc, argv, &cm, NULL) < 0)
		return 2;
	if (optind != argc)
		return usage("seed-demo takes no positional arguments");
	struct store *st = open_db(&cm.conf);
	json_t *ag = embedded_json("data/demo/agencies.json");
	json_t *pr = embedded_json("data/demo/procedures.json");
	if (!st || !ag || !pr)
		goto out;
	if (import_kind(st, "agencies", ag, "demo agencies") ||
	    import_kind(st, "procedures", pr, "demo procedures"))
		goto out;
	printf("demo logins (demo data only; change or disable them before real use):\n");
	for (size_t i = 0; i < sizeof(demo_users) / sizeof(demo_users[0]); i++) {
		enum err e = account_user_add(st, &audit_cli_actor, demo_users[i].username, demo_users[i].name,
					      demo_users[i].roles, demo_users[i].agency,
					      demo_users[i].password, &eb);
		if (e && e != ERR_CONFLICT) {
			fprintf(stderr, "motcua: user %s: %s\n", demo_users[i].username, eb.msg);
			goto out;
		}
		printf("  %-12s %-20s %s%s\n", demo_users[i].roles, demo_users[i].username,
		       demo_users[i].password, e == ERR_CONFLICT ? " (already there)" : "");
	}
	rc = 0;
out:
	json_decref(ag);
	json_decref(pr);
	store_close(st);
	return rc;
}

static int read_password(char *pw, size_t sz)
{
	if (!fgets(pw, (int)sz, stdin)) {
		fprintf(stderr, "motcua: no password on standard input\n");
		return -1;
	}
	pw[strcspn(pw, "\r\n")] = '\0';
	return 0;
}

static int print_user(json_t *u)
{
	printf("%-20s %-28s %-12s %-16s %s\n", json_string_value(json_object_get(u, "username")),
	       json_string_value(json_object_get(u, "roles")),
	       json_string_value(json_object_get(u, "agency")) ? json_string_value(json_object_get(u, "agency")) : "-",
	       json_is_true(json_object_get(u, "disabled")) ? "disabled" : "active",
	       json_string_value(json_object_get(u, "name")));
	return 0;
}

/* user passwd|disable|enable|list */
static int cmd_user_other(const char *sub, struct common *cm, struct user_args *ua)
{
	struct errbuf eb;
	char pw[PASSWORD_MAX_LEN + 2];
	enum err e = ERR_OK;
	if (strcmp(sub, "list") && !ua->username)
		return usage("user passwd|disable|enable needs --username");
	if (!strcmp(sub, "passwd") && (!ua->password_stdin || read_password(pw, sizeof(pw)) < 0))
		return usage("user passwd needs --password-stdin and the password on standard input");
	struct store *st = open_db(&cm->conf);
	if (!st)
		return 1;
	if (!strcmp(sub, "passwd")) {
		e = account_set_password(st, &audit_cli_actor, ua->username, pw, &eb);
		memset(pw, 0, sizeof(pw));
	} else if (!strcmp(sub, "disable") || !strcmp(sub, "enable")) {
		e = account_set_disabled(st, &audit_cli_actor, ua->username, !strcmp(sub, "disable"), &eb);
	} else {
		json_t *all = NULL;
		size_t i;
		json_t *u;
		if (!(e = account_list(st, &all, &eb))) {
			json_array_foreach(all, i, u)
				print_user(u);
			json_decref(all);
		}
	}
	store_close(st);
	if (e) {
		fprintf(stderr, "motcua: user %s: %s\n", sub, eb.msg);
		return e == ERR_INVALID || e == ERR_RULE || e == ERR_NOTFOUND ? 2 : 1;
	}
	if (strcmp(sub, "list"))
		printf("user %s: %s done\n", ua->username, sub);
	return 0;
}

static int cmd_user(int argc, char **argv)
{
	struct common cm;
	struct user_args ua = {0};
	struct errbuf eb;
	char pw[PASSWORD_MAX_LEN + 2];
	if (argc >= 2 && (!strcmp(argv[1], "passwd") || !strcmp(argv[1], "disable") ||
			  !strcmp(argv[1], "enable") || !strcmp(argv[1], "list"))) {
		if (parse_flags(argc - 1, argv + 1, &cm, &ua) < 0)
			return 2;
		if (optind != argc - 1)
			return usage("user: unexpected arguments");
		return cmd_user_other(argv[1], &cm, &ua);
	}
	if (argc < 2 || strcmp(argv[1], "add"))
		return usage("user needs a subcommand: add, passwd, disable, enable, list");
	if (parse_flags(argc - 1, argv + 1, &cm, &ua) < 0)
		return 2;
	if (optind != argc - 1)
		return usage("user add takes no positional arguments");
	if (!ua.username || !ua.role || !ua.password_stdin)
		return usage("user add needs --username, --role and --password-stdin");
	if (read_password(pw, sizeof(pw)) < 0)
		return 2;
	struct store *st = open_db(&cm.conf);
	if (!st)
		return 1;
	enum err e = account_user_add(st, &audit_cli_actor, ua.username, ua.name, ua.role, ua.agency, pw, &eb);
	memset(pw, 0, sizeof(pw));
	store_close(st);
	if (e) {
		fprintf(stderr, "motcua: user add: %s\n", eb.msg);
		return e == ERR_INVALID || e == ERR_RULE ? 2 : 1;
	}
	printf("user %s added\n", ua.username);
	return 0;
}

static int cmd_calendar(int argc, char **argv)
{
	struct common cm;
	struct user_args ua = {0};
	struct errbuf eb;
	if (argc < 3 || strcmp(argv[1], "show"))
		return usage("calendar needs: show YEAR");
	char *end;
	long year = strtol(argv[2], &end, 10);
	if (*end || end == argv[2] || year < CAL_YEAR_MIN || year > CAL_YEAR_MAX)
		return usage("calendar show: YEAR must be from 1900 to 2100");
	if (parse_flags(argc - 2, argv + 2, &cm, &ua) < 0)
		return 2;
	if (optind != argc - 2)
		return usage("calendar show takes one YEAR");
	int rc = 1;
	const struct calendar *cal = NULL;
	struct workcal_ref *ref = NULL;
	struct store *st = NULL;
	if (!cm.db_given) {
		/* no database: an in-memory one holding the shipped schedules */
		snprintf(cm.conf.db, sizeof(cm.conf.db), "file:motcua-calendar?mode=memory&cache=shared");
		log_set_level(LOG_WARN);
	}
	if (!(st = open_db(&cm.conf)))
		return 1;
	if (workcal_get(st, ua.agency, &cal, &ref, &eb)) {
		fprintf(stderr, "motcua: calendar: %s\n", eb.msg);
		goto out;
	}
	if (cal_show_year(stdout, cal, (int)year) == ERR_OK)
		rc = 0;
	workcal_put(ref);
out:
	store_close(st);
	return rc;
}

static int cmd_alerts(int argc, char **argv)
{
	struct common cm;
	struct errbuf eb;
	int64_t now = vntime_now();
	int sent = 0;
	/* --now TIME (for tests and replays) is read before the common flags */
	for (int i = 1; i + 1 < argc; i++)
		if (!strcmp(argv[i], "--now")) {
			if (vntime_parse(argv[i + 1], &now) < 0)
				return usage("alerts: --now must be a time like 2025-03-10T09:00");
			for (int k = i; k + 2 < argc + 1; k++)
				argv[k] = k + 2 < argc ? argv[k + 2] : NULL;
			argc -= 2;
			break;
		}
	if (parse_flags(argc, argv, &cm, NULL) < 0)
		return 2;
	if (optind != argc)
		return usage("alerts takes no positional arguments");
	struct store *st = open_db(&cm.conf);
	if (!st)
		return 1;
	enum err e = dossier_alerts_run(st, now, &sent, &eb);
	store_close(st);
	if (e) {
		fprintf(stderr, "motcua: alerts: %s\n", eb.msg);
		return 1;
	}
	printf("alerts: %d dossier(s) notified\n", sent);
	return 0;
}

static int cmd_audit(int argc, char **argv)
{
	struct common cm;
	struct errbuf eb;
	int64_t rows = 0, bad = 0;
	if (argc < 2 || strcmp(argv[1], "verify"))
		return usage("audit needs a subcommand: verify");
	if (parse_flags(argc - 1, argv + 1, &cm, NULL) < 0)
		return 2;
	if (optind != argc - 1)
		return usage("audit verify takes no positional arguments");
	struct store *st = open_db(&cm.conf);
	if (!st)
		return 1;
	enum err e = audit_verify(st, &rows, &bad, &eb);
	store_close(st);
	if (e) {
		fprintf(stderr, "motcua: audit verify: %s\n", eb.msg);
		return 1;
	}
	if (bad) {
		printf("audit log BROKEN at row %lld (%lld rows read): that row or one before it was "
		       "altered, inserted or deleted\n",
		       (long long)bad, (long long)rows);
		return 3;
	}
	printf("audit log intact: %lld rows, every hash verified\n", (long long)rows);
	return 0;
}

static int cmd_backup(int argc, char **argv)
{
	struct common cm;
	struct errbuf eb;
	int64_t pages = 0;
	if (parse_flags(argc, argv, &cm, NULL) < 0)
		return 2;
	if (optind + 1 != argc)
		return usage("backup needs the new file to write: motcua backup --db PATH DEST");
	if (store_backup(cm.conf.db, argv[optind], &pages, &eb)) {
		fprintf(stderr, "motcua: backup: %s\n", eb.msg);
		return 1;
	}
	printf("backup of %s written to %s (%lld pages, checked)\n", cm.conf.db, argv[optind],
	       (long long)pages);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return usage(NULL);
	const char *cmd = argv[1];
	if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
		fputs(usage_text, stdout);
		return 0;
	}
	if (!strcmp(cmd, "--help-config")) {
		conf_print_help(stdout);
		return 0;
	}
	if (!strcmp(cmd, "version") || !strcmp(cmd, "--version")) {
		printf("motcua %s\n", MOTCUA_VERSION);
		return 0;
	}
	if (!strcmp(cmd, "serve"))
		return cmd_serve(argc - 1, argv + 1);
	if (!strcmp(cmd, "migrate"))
		return cmd_migrate(argc - 1, argv + 1);
	if (!strcmp(cmd, "seed-demo"))
		return cmd_seed_demo(argc - 1, argv + 1);
	if (!strcmp(cmd, "import"))
		return cmd_import(argc - 1, argv + 1);
	if (!strcmp(cmd, "user"))
		return cmd_user(argc - 1, argv + 1);
	if (!strcmp(cmd, "calendar"))
		return cmd_calendar(argc - 1, argv + 1);
	if (!strcmp(cmd, "audit"))
		return cmd_audit(argc - 1, argv + 1);
	if (!strcmp(cmd, "alerts"))
		return cmd_alerts(argc - 1, argv + 1);
	if (!strcmp(cmd, "backup"))
		return cmd_backup(argc - 1, argv + 1);
	fprintf(stderr, "motcua: unknown command '%s'\n\n", cmd);
	return usage(NULL);
}
