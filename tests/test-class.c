/* test-class.c - unit tests of the port classes (include/portclass/class.h):
 * boundaries and filter names.
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
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);

    g_test_add_func("/class/boundaries", test_class_boundaries);
    g_test_add_func("/class/names", test_class_names);

    return g_test_run();
}
