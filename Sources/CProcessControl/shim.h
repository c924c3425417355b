// Linux process control that Swift cannot call directly: prctl is variadic.
#include <sys/prctl.h>

/// Makes the calling process a child subreaper: orphaned descendants are
/// reparented to it instead of init. Returns 0, or -1 with errno set.
static inline int nbrun_become_child_subreaper(void) {
  return prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
}
