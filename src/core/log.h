/*
 * log.h - one-line log records to stderr (journald adds its own time, but
 * we print ours too so a plain file log is readable). Thread-safe: each
 * record is formatted into a local buffer and written with one write(2).
 */
#ifndef MOTCUA_CORE_LOG_H
#define MOTCUA_CORE_LOG_H

enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR };

/* Records below this level are dropped (default LOG_INFO). */
void log_set_level(enum log_level lvl);
/* Send records to fd (default 2). */
void log_set_fd(int fd);
void log_msg(enum log_level lvl, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#define log_info(...) log_msg(LOG_INFO, __VA_ARGS__)
#define log_warn(...) log_msg(LOG_WARN, __VA_ARGS__)
#define log_error(...) log_msg(LOG_ERROR, __VA_ARGS__)
#define log_debug(...) log_msg(LOG_DEBUG, __VA_ARGS__)

#endif
