// C's standard streams, which Swift 6 cannot name: `stdout` is a global
// variable of C, so reading it from Swift is a concurrency error.
#include <stdio.h>

/// Makes standard output unbuffered, so that what a notebook cell prints
/// reaches the runner before the record that follows it.
static inline void nbrun_unbuffer_stdout(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
}
