/* class.c - names and labels of the IANA port classes.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "portclass/class.h"

static const char *const class_names[PORTCLASS_N_CLASSES] = {
    [PORTCLASS_WELL_KNOWN] = "well-known",
    [PORTCLASS_REGISTERED] = "registered",
    [PORTCLASS_DYNAMIC] = "dynamic",
};

static const char *const class_labels[PORTCLASS_N_CLASSES] = {
    [PORTCLASS_WELL_KNOWN] = "well-known (0-" G_STRINGIFY(PORTCLASS_WELL_KNOWN_MAX) ")",
    [PORTCLASS_REGISTERED] = "registered (" G_STRINGIFY(PORTCLASS_REGISTERED_MIN) "-" G_STRINGIFY(
        PORTCLASS_REGISTERED_MAX) ")",
    [PORTCLASS_DYNAMIC] = "dynamic/private (" G_STRINGIFY(PORTCLASS_DYNAMIC_MIN) "-65535)",
};

const char *portclass_class_name(portclass_class_t cls)
{
    return (unsigned)cls < PORTCLASS_N_CLASSES ? class_names[cls] : "unknown";
}

const char *portclass_class_label(portclass_class_t cls)
{
    return (unsigned)cls < PORTCLASS_N_CLASSES ? class_labels[cls] : "unknown";
}
