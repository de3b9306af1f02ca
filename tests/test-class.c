/* test-class.c - unit tests of the port classes (include/portclass/class.h):
 * boundaries, filter names and labels in both languages.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <glib.h>

#include "portclass/class.h"

static void test_class_boundaries(void)
{
    g_assert_cmpint(portclass_classify(0), ==, PORTCLASS_WELL_KNOWN);
    g_assert_cmpint(portclass_classify(1), ==, PORTCLASS_WELL_KNOWN);
    g_assert_cmpint(portclass_classify(1023), ==, PORTCLASS_WELL_KNOWN);
    g_assert_cmpint(portclass_classify(1024), ==, PORTCLASS_REGISTERED);
    g_assert_cmpint(portclass_classify(49151), ==, PORTCLASS_REGISTERED);
    g_assert_cmpint(portclass_classify(49152), ==, PORTCLASS_DYNAMIC);
    g_assert_cmpint(portclass_classify(65535), ==, PORTCLASS_DYNAMIC);
}

static void test_class_names(void)
{
    g_assert_cmpstr(portclass_class_name(PORTCLASS_WELL_KNOWN), ==, "well-known");
    g_assert_cmpstr(portclass_class_name(PORTCLASS_REGISTERED), ==, "registered");
    g_assert_cmpstr(portclass_class_name(PORTCLASS_DYNAMIC), ==, "dynamic");
    g_assert_cmpstr(portclass_class_name(PORTCLASS_N_CLASSES), ==, "unknown");
    g_assert_cmpstr(portclass_class_label_in(PORTCLASS_WELL_KNOWN, PORTCLASS_LANG_EN), ==,
                    "well-known (0-1023)");
    g_assert_cmpstr(portclass_class_label_in(PORTCLASS_REGISTERED, PORTCLASS_LANG_EN), ==,
                    "registered (1024-49151)");
    g_assert_cmpstr(portclass_class_label_in(PORTCLASS_DYNAMIC, PORTCLASS_LANG_EN), ==,
                    "dynamic/private (49152-65535)");
}

static void test_class_labels_in_languages(void)
{
    g_assert_cmpstr(portclass_class_label_in(PORTCLASS_WELL_KNOWN, PORTCLASS_LANG_EN), ==,
                    "well-known (0-1023)");
    g_assert_cmpstr(portclass_class_label_in(PORTCLASS_WELL_KNOWN, PORTCLASS_LANG_JA), ==,
                    "ウェルノウンポート (0-1023)");
    g_assert_cmpstr(portclass_class_label_in(PORTCLASS_REGISTERED, PORTCLASS_LANG_JA), ==,
                    "登録ポート (1024-49151)");
    g_assert_cmpstr(portclass_class_label_in(PORTCLASS_DYNAMIC, PORTCLASS_LANG_JA), ==,
                    "ダイナミック/プライベートポート (49152-65535)");
    /* Filter values do not depend on the language. */
    g_assert_cmpstr(portclass_class_name(PORTCLASS_DYNAMIC), ==, "dynamic");
}

/* The summary line's one word per class: the seed article's terms in
 * Japanese, the filter value in English. */
static void test_class_words_in_languages(void)
{
    g_assert_cmpstr(portclass_class_word_in(PORTCLASS_WELL_KNOWN, PORTCLASS_LANG_JA), ==,
                    "ウェルノウン");
    g_assert_cmpstr(portclass_class_word_in(PORTCLASS_REGISTERED, PORTCLASS_LANG_JA), ==, "登録");
    g_assert_cmpstr(portclass_class_word_in(PORTCLASS_DYNAMIC, PORTCLASS_LANG_JA), ==,
                    "ダイナミック");
    for (int cls = 0; cls < PORTCLASS_N_CLASSES; cls++)
        g_assert_cmpstr(portclass_class_word_in((portclass_class_t)cls, PORTCLASS_LANG_EN), ==,
                        portclass_class_name((portclass_class_t)cls));
    g_assert_cmpstr(portclass_class_word_in(PORTCLASS_N_CLASSES, PORTCLASS_LANG_JA), ==, "unknown");
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);

    g_test_add_func("/class/boundaries", test_class_boundaries);
    g_test_add_func("/class/names", test_class_names);
    g_test_add_func("/language/class-labels", test_class_labels_in_languages);
    g_test_add_func("/language/class-words", test_class_words_in_languages);

    return g_test_run();
}
