// Linux process control that Swift cannot call directly: prctl is variadic,
// and pipe2 and posix_spawn_file_actions_addchdir_np/addclosefrom_np are GNU
// extensions, which Swift's Glibc module does not declare. They are declared
// here rather than by defining _GNU_SOURCE, which would change how the
// system headers define types other modules share (fd_set's fields), and
// clang refuses two definitions of one type.
#include <spawn.h>
#include <sys/prctl.h>
#include <fcntl.h>
#include <unistd.h>

extern int pipe2(int ends[2], int flags);
extern int posix_spawn_file_actions_addchdir_np(posix_spawn_file_actions_t *actions, const char *directory);
extern int posix_spawn_file_actions_addclosefrom_np(posix_spawn_file_actions_t *actions, int lowest);

/// Makes the calling process a child subreaper: orphaned descendants are
/// reparented to it instead of init. Returns 0, or -1 with errno set.
static inline int nbrun_become_child_subreaper(void) {
  return prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
}

/// A pipe whose two ends are closed on exec. Returns 0, or -1 with errno set.
static inline int nbrun_pipe_closed_on_exec(int ends[2]) {
  return pipe2(ends, O_CLOEXEC);
}

/// The spawned program starts in `directory` (glibc 2.29 and later).
static inline int nbrun_spawn_add_chdir(posix_spawn_file_actions_t *actions, const char *directory) {
  return posix_spawn_file_actions_addchdir_np(actions, directory);
}

/// The spawned program gets no descriptor from `lowest` up, whatever the
/// spawning process has open (glibc 2.34 and later).
static inline int nbrun_spawn_add_close_from(posix_spawn_file_actions_t *actions, int lowest) {
  return posix_spawn_file_actions_addclosefrom_np(actions, lowest);
}
