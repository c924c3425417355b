// A C interface over gnuplot-iostream, so that Swift can drive gnuplot
// without C++ interoperability. One `nbgp_session` is one gnuplot process.
#ifndef NBRUN_GNUPLOT_BRIDGE_H
#define NBRUN_GNUPLOT_BRIDGE_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct nbgp_session nbgp_session;

/// Starts `gnuplot` (found on PATH) with its standard error redirected to
/// `error_log_path`. Returns NULL when the process cannot be started.
nbgp_session *nbgp_open(const char *error_log_path);

/// Sends one line of gnuplot commands (a newline is appended).
void nbgp_command(nbgp_session *session, const char *line);

/// Sends `count` points as one inline data block, the answer to a `'-'`
/// in the preceding `plot` command.
void nbgp_send_xy(nbgp_session *session, const double *xs, const double *ys,
                  size_t count);

/// Flushes, closes the pipe and waits for gnuplot to exit. Whatever gnuplot
/// complained about is in the error log.
void nbgp_close(nbgp_session *session);

#ifdef __cplusplus
}
#endif

#endif
