// SPDX-License-Identifier: GPL-2.0
/*
 * ilnp_kunit.ko: the KUnit suites of ilnp, built only for the debug kernel
 * (make ILNP_KUNIT=1).  Each suite lives in its own file.
 */
#include <linux/module.h>

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit tests for the ilnp module");
MODULE_IMPORT_NS(ILNP_KUNIT);
