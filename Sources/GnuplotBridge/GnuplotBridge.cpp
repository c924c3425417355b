#include "GnuplotBridge.h"

#include <gnuplot-iostream.h>

#include <string>
#include <utility>
#include <vector>

struct nbgp_session {
  explicit nbgp_session(const std::string &command) : gnuplot(command) {}
  Gnuplot gnuplot;
};

namespace {
// Single-quotes a path for /bin/sh, which popen runs.
std::string shell_quoted(const std::string &path) {
  std::string quoted = "'";
  for (char c : path) {
    if (c == '\'') quoted += "'\\''";
    else quoted += c;
  }
  return quoted + "'";
}
}  // namespace

extern "C" nbgp_session *nbgp_open(const char *error_log_path) {
  std::string command = "gnuplot";
  if (error_log_path != nullptr) {
    command += " 2>" + shell_quoted(error_log_path);
  }
  try {
    return new nbgp_session(command);
  } catch (...) {
    return nullptr;
  }
}

extern "C" void nbgp_command(nbgp_session *session, const char *line) {
  session->gnuplot << line << '\n';
}

extern "C" void nbgp_send_xy(nbgp_session *session, const double *xs,
                             const double *ys, size_t count) {
  std::vector<std::pair<double, double>> points;
  points.reserve(count);
  for (size_t i = 0; i < count; ++i) points.emplace_back(xs[i], ys[i]);
  session->gnuplot.send1d(points);
}

extern "C" void nbgp_close(nbgp_session *session) {
  // Gnuplot's destructor flushes and pcloses, i.e. waits for the process.
  delete session;
}
