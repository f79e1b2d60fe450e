#ifndef EINGANG_CLIBXML2_SHIM_H
#define EINGANG_CLIBXML2_SHIM_H

#include <libxml/SAX2.h>
#include <libxml/globals.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlmemory.h>
#include <libxml/xmlschemas.h>

/// libxml2's xmlFree is a global function pointer; Swift cannot call it safely from concurrent code.
static inline void eingang_xml_free(void *pointer) { xmlFree(pointer); }

#endif
