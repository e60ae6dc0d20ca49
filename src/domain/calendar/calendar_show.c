/*
 * calendar_show.c - a year of the working calendar as text, for people
 * (admins checking a schedule, `motcua calendar show`, test failures).
 *
 * Prints month grids with a mark and the lunar day beside every solar day,
 * the breaks (runs of days off that contain a listed day off, weekends
 * included, which is how the Government announces them: "Tết 25/1-2/2"),
 * and a legend of every listed day. This is the calendar module's only
 * I/O, to a FILE the caller owns; it is not a web page.
 */
#include <stdlib.h>
#include <string.h>

#include "domain/calendar/calendar.h"
#include "domain/calendar/calendar_int.h"
#include "domain/calendar/lunar.h"

static const char *const month_names[12] = {
    "January", "February", "March",	"April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December",
};
static const char *const wd_short[8] = {"", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
static const char kind_mark[CAL_OFF__MAX] = {
    [CAL_OFF_HOLIDAY] = 'H',
    [CAL_OFF_COMPENSATORY] = 'C',
    [CAL_OFF_SWAPPED] = 'S',
    [CAL_OFF_LOCAL] = 'L',
};

/* Per day of the year: its mark and, for a listed day, the listing. */
struct day_note {
	char mark;
	const char *name; /* points into the schedule; NULL when not listed */
};

static int day_of_year(int y, int m, int d)
{
	return (int)(cal_days_from_civil(y, m, d) - cal_days_from_civil(y, 1, 1));
}

static void print_hours(FILE *out, const struct calendar *cal)
{
	fputs("Office hours: ", out);
	for (size_t i = 0; i < cal->n_hours; i++)
		fprintf(out, "%s%02d:%02d-%02d:%02d", i ? ", " : "", cal->hours[i].from / 60,
			cal->hours[i].from % 60, cal->hours[i].to / 60, cal->hours[i].to % 60);
	fprintf(out, " (1 working day = %d h %02d min)\n", cal_day_minutes(cal) / 60,
		cal_day_minutes(cal) % 60);
}

/* Print line with its trailing blanks cut, and a newline. */
static void put_line(FILE *out, char *line, size_t len)
{
	while (len > 0 && line[len - 1] == ' ')
		len--;
	fprintf(out, "%.*s\n", (int)len, line);
}

static void print_month(FILE *out, int year, int month, const struct day_note *notes)
{
	int first_wd = cal_weekday(year, month, 1);
	int ndays = cal_days_in_month(year, month);
	char line[7 * 11 + 1];
	size_t len = 0;

	fprintf(out, "\n%s %d (tháng %d)\n", month_names[month - 1], year, month);
	for (int wd = 1; wd <= 7; wd++)
		len += (size_t)snprintf(line + len, sizeof(line) - len, " %-10s", wd_short[wd]);
	put_line(out, line, len);
	len = 0;
	for (int col = 1; col < first_wd; col++)
		len += (size_t)snprintf(line + len, sizeof(line) - len, " %-10s", "");
	for (int d = 1; d <= ndays; d++) {
		const struct day_note *n = &notes[day_of_year(year, month, d)];
		struct lunar_date ld;
		char lunar[16] = "";

		if (lunar_from_solar(year, month, d, &ld, NULL) == ERR_OK) {
			if (ld.day == 1 || d == 1)
				snprintf(lunar, sizeof(lunar), "%d/%d%s", ld.day, ld.month,
					 ld.leap ? "n" : "");
			else
				snprintf(lunar, sizeof(lunar), "%d", ld.day);
		}
		len += (size_t)snprintf(line + len, sizeof(line) - len, " %2d%c %-6.6s", d, n->mark,
					lunar);
		if (len >= sizeof(line))
			len = sizeof(line) - 1;
		if (cal_weekday(year, month, d) == 7 || d == ndays) {
			put_line(out, line, len);
			len = 0;
		}
	}
}

static void print_date(FILE *out, int year, int doy)
{
	int y, m, d;
	int64_t days = cal_days_from_civil(year, 1, 1) + doy;

	cal_civil_from_days(days, &y, &m, &d);
	fprintf(out, "%04d-%02d-%02d %s", y, m, d, wd_short[cal_weekday(y, m, d)]);
}

/* Runs of days off containing at least one listed day, with their names. */
static void print_breaks(FILE *out, const struct calendar *cal, int year,
			 const struct day_note *notes, int ndays)
{
	int32_t first = (int32_t)(cal_days_from_civil(year, 1, 1) - CAL_EPOCH_DAYS);

	fputs("\nBreaks (consecutive days off, weekends included):\n", out);
	for (int i = 0; i < ndays;) {
		int j = i;
		bool listed = false;

		if (cal_di_working(cal, first + i)) {
			i++;
			continue;
		}
		while (j < ndays && !cal_di_working(cal, first + j)) {
			listed |= notes[j].name != NULL;
			j++;
		}
		if (listed) {
			const char *last_name = NULL;

			fputs("  ", out);
			print_date(out, year, i);
			fputs(" - ", out);
			print_date(out, year, j - 1);
			fprintf(out, "  %2d day%s ", j - i, j - i > 1 ? "s" : " ");
			for (int k = i; k < j; k++) {
				if (!notes[k].name ||
				    (last_name && strcmp(last_name, notes[k].name) == 0))
					continue;
				fprintf(out, "%s%s", last_name ? " / " : " ", notes[k].name);
				last_name = notes[k].name;
			}
			fputc('\n', out);
		}
		i = j;
	}
}

enum err cal_show_year(FILE *out, const struct calendar *cal, int year)
{
	struct cal_schedule *s = NULL;
	struct day_note notes[366];
	int ndays;
	int32_t first;
	enum err e = ERR_OK;

	if (year < CAL_YEAR_MIN || year > CAL_YEAR_MAX)
		return ERR_INVALID;
	s = malloc(sizeof(*s));
	if (!s)
		return ERR_INTERNAL;
	if ((e = cal_year_schedule(cal, year, s, NULL)))
		goto out;
	ndays = cal_days_in_month(year, 2) == 29 ? 366 : 365;
	first = (int32_t)(cal_days_from_civil(year, 1, 1) - CAL_EPOCH_DAYS);
	for (int i = 0; i < ndays; i++) {
		notes[i].name = NULL;
		notes[i].mark = cal_di_working(cal, first + i) ? ' ' : '.';
	}
	for (size_t i = 0; i < s->n_off; i++) {
		struct day_note *n = &notes[day_of_year(year, s->off[i].month, s->off[i].day)];

		n->mark = kind_mark[s->off[i].kind];
		n->name = s->off[i].name;
	}
	for (size_t i = 0; i < s->n_workdays; i++) {
		struct day_note *n =
		    &notes[day_of_year(year, s->workdays[i].month, s->workdays[i].day)];

		n->mark = 'W';
		n->name = NULL;
	}

	fprintf(out, "Working calendar %d (%s schedule), Vietnam time UTC+7\n", year,
		cal_source_name(s->source));
	print_hours(out, cal);
	fputs("Marks: H holiday, C compensatory (nghỉ bù), S swapped (hoán đổi), L local day off,\n"
	      "       W make-up working day (làm bù), . weekend; unmarked days are working days.\n"
	      "       After each day: its lunar day; d/M = lunar day d of month M (n = leap).\n",
	      out);
	for (int m = 1; m <= 12; m++)
		print_month(out, year, m, notes);
	print_breaks(out, cal, year, notes, ndays);

	fputs("\nDays off:\n", out);
	for (size_t i = 0; i < s->n_off; i++) {
		fputs("  ", out);
		print_date(out, year, day_of_year(year, s->off[i].month, s->off[i].day));
		fprintf(out, "  %-12s  %s\n", cal_off_kind_name(s->off[i].kind), s->off[i].name);
	}
	fputs("\nMake-up working days:\n", out);
	if (s->n_workdays == 0)
		fputs("  (none)\n", out);
	for (size_t i = 0; i < s->n_workdays; i++) {
		fputs("  ", out);
		print_date(out, year, day_of_year(year, s->workdays[i].month, s->workdays[i].day));
		fprintf(out, "  %s\n", s->workdays[i].name);
	}
	if (ferror(out))
		e = ERR_INTERNAL;
out:
	free(s);
	return e;
}
