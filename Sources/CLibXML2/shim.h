#ifndef EINGANG_CLIBXML2_SHIM_H
#define EINGANG_CLIBXML2_SHIM_H

#include <libxml/xmlversion.h>
// Debian's libxml2 is built with ICU, so <libxml/encoding.h> would include the system's ICU headers, whose
// types clash with the copy inside Foundation ("'UErrorCode' has different definitions in different modules")
// in any module that sees both. We never touch the ICU members of xmlCharEncodingHandler (only pointers to it),
// so hiding them changes no layout we use.
#undef LIBXML_ICU_ENABLED

#include <libxml/HTMLparser.h>
#include <libxml/SAX2.h>
#include <libxml/globals.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlmemory.h>
#include <libxml/xmlschemas.h>
#include <libxml/xmlschemastypes.h>

/// libxml2's xmlFree is a global function pointer; Swift cannot call it safely from concurrent code.
static inline void eingang_xml_free(void *pointer) { xmlFree(pointer); }

#endif
