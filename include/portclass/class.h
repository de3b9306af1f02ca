/* class.h - IANA port classes (RFC 6335, section 6).
 *
 * The one place that knows the class boundaries. Epan-free: GLib only.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PORTCLASS_CLASS_H
#define PORTCLASS_CLASS_H

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
    PORTCLASS_WELL_KNOWN, /* 0-1023, "system ports" */
    PORTCLASS_REGISTERED, /* 1024-49151, "user ports" */
    PORTCLASS_DYNAMIC,    /* 49152-65535, dynamic and/or private */
    PORTCLASS_N_CLASSES
} portclass_class_t;

#define PORTCLASS_REGISTERED_MIN 1024
#define PORTCLASS_DYNAMIC_MIN    49152

/* Returns the IANA class of a port number. Port 0 is reserved and counts as
 * well-known, like the rest of 0-1023. */
static inline portclass_class_t portclass_classify(guint16 port)
{
    if (port < PORTCLASS_REGISTERED_MIN)
        return PORTCLASS_WELL_KNOWN;
    if (port < PORTCLASS_DYNAMIC_MIN)
        return PORTCLASS_REGISTERED;
    return PORTCLASS_DYNAMIC;
}

/* Languages of labels and descriptions (the portclass.language
 * preference). Filter values never change with the language. */
typedef enum { PORTCLASS_LANG_EN, PORTCLASS_LANG_JA, PORTCLASS_N_LANGUAGES } portclass_language_t;

/* The filter value of a class: "well-known", "registered" or "dynamic";
 * "unknown" for an out-of-range value. Static string. */
static inline const char *portclass_class_name(portclass_class_t cls)
{
    static const char *const names[PORTCLASS_N_CLASSES] = {
        [PORTCLASS_WELL_KNOWN] = "well-known",
        [PORTCLASS_REGISTERED] = "registered",
        [PORTCLASS_DYNAMIC] = "dynamic",
    };

    return (unsigned)cls < PORTCLASS_N_CLASSES ? names[cls] : "unknown";
}

G_END_DECLS

#endif /* PORTCLASS_CLASS_H */
