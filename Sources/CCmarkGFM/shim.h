// cmark-gfm and its GitHub extensions (tables, strikethrough, autolinks).
// Debian: libcmark-gfm-dev, libcmark-gfm-extensions-dev.
#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>
