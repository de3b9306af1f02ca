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

/* Static strings, "unknown" for an out-of-range class; an unknown language
 * gives English. The filter value: "well-known", "registered" or "dynamic". */
const char *portclass_class_name(portclass_class_t cls);

/* The label of a class: "well-known (0-1023)", "ウェルノウンポート (0-1023)". */
const char *portclass_class_label_in(portclass_class_t cls, portclass_language_t language);

/* The class in one word, as the summary line says it: the filter value in
 * English ("dynamic"), "ダイナミック" in Japanese. */
const char *portclass_class_word_in(portclass_class_t cls, portclass_language_t language);

G_END_DECLS

#endif /* PORTCLASS_CLASS_H */
