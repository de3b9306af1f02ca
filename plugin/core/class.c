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

static const char *const class_labels_ja[PORTCLASS_N_CLASSES] = {
    [PORTCLASS_WELL_KNOWN] = "ウェルノウンポート (0-" G_STRINGIFY(PORTCLASS_WELL_KNOWN_MAX) ")",
    [PORTCLASS_REGISTERED] = "登録ポート (" G_STRINGIFY(PORTCLASS_REGISTERED_MIN) "-" G_STRINGIFY(
        PORTCLASS_REGISTERED_MAX) ")",
    [PORTCLASS_DYNAMIC] =
        "ダイナミック/プライベートポート (" G_STRINGIFY(PORTCLASS_DYNAMIC_MIN) "-65535)",
};

/* The class in a word, for the summary line; in English the filter value. */
static const char *const class_words_ja[PORTCLASS_N_CLASSES] = {
    [PORTCLASS_WELL_KNOWN] = "ウェルノウン",
    [PORTCLASS_REGISTERED] = "登録",
    [PORTCLASS_DYNAMIC] = "ダイナミック",
};

const char *portclass_class_name(portclass_class_t cls)
{
    return (unsigned)cls < PORTCLASS_N_CLASSES ? class_names[cls] : "unknown";
}

const char *portclass_class_label_in(portclass_class_t cls, portclass_language_t language)
{
    if ((unsigned)cls >= PORTCLASS_N_CLASSES)
        return "unknown";
    return language == PORTCLASS_LANG_JA ? class_labels_ja[cls] : class_labels[cls];
}

const char *portclass_class_word_in(portclass_class_t cls, portclass_language_t language)
{
    if ((unsigned)cls >= PORTCLASS_N_CLASSES)
        return "unknown";
    return language == PORTCLASS_LANG_JA ? class_words_ja[cls] : class_names[cls];
}
