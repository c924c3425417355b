// BLIS's typed API and its types (Debian: libblis-serial-dev). No `link`:
// NNCore loads the library itself, privately (see BLIS.swift). Its BLAS and
// CBLAS layers are left out of the module: OpenBLAS declares cblas_sgemm.
#define BLIS_DISABLE_BLAS
#define BLIS_DISABLE_CBLAS
// blis.h asks for plain POSIX when nothing else is asked for, which would
// hide glibc's extensions (struct tm's tm_gmtoff) from the C headers this
// module shares with Swift's Glibc module. Ask for glibc's defaults.
#define _DEFAULT_SOURCE
#include <blis-serial/blis.h>
