#ifndef EINGANG_CZLIB_SHIM_H
#define EINGANG_CZLIB_SHIM_H

#include <zlib.h>

/// inflateInit is a macro in zlib.h; Swift cannot import it.
static inline int eingang_inflate_init(z_stream *stream) { return inflateInit(stream); }

#endif
