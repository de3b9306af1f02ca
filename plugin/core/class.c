/* class.c - names and labels of the IANA port classes.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "portclass/class.h"

/* In English, the words are the filter values. */
static const char *const words[PORTCLASS_N_CLASSES][PORTCLASS_N_LANGUAGES] = {
    [PORTCLASS_WELL_KNOWN] = {"well-known", "ウェルノウン"},
    [PORTCLASS_REGISTERED] = {"registered", "登録"},
    [PORTCLASS_DYNAMIC] = {"dynamic", "ダイナミック"},
};

static const char *const labels[PORTCLASS_N_CLASSES][PORTCLASS_N_LANGUAGES] = {
    [PORTCLASS_WELL_KNOWN] = {"well-known (0-1023)", "ウェルノウンポート (0-1023)"},
    [PORTCLASS_REGISTERED] = {"registered (1024-49151)", "登録ポート (1024-49151)"},
    [PORTCLASS_DYNAMIC] = {"dynamic/private (49152-65535)",
                           "ダイナミック/プライベートポート (49152-65535)"},
};

const char *portclass_class_name(portclass_class_t cls)
{
    return portclass_class_word_in(cls, PORTCLASS_LANG_EN);
}

const char *portclass_class_label_in(portclass_class_t cls, portclass_language_t language)
{
    if ((unsigned)cls >= PORTCLASS_N_CLASSES)
        return "unknown";
    return labels[cls][language == PORTCLASS_LANG_JA ? language : PORTCLASS_LANG_EN];
}

const char *portclass_class_word_in(portclass_class_t cls, portclass_language_t language)
{
    if ((unsigned)cls >= PORTCLASS_N_CLASSES)
        return "unknown";
    return words[cls][language == PORTCLASS_LANG_JA ? language : PORTCLASS_LANG_EN];
}
