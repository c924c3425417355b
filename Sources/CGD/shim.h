// libgd (Debian: libgd-dev), for its built-in bitmap fonts: text in PNG figures.
#include <gd.h>
#include <gdfontmb.h>
