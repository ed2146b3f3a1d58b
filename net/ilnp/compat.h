/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Differences between the kernels we support (6.1 to 6.12) live here and
 * nowhere else.
 */
#ifndef _ILNP_COMPAT_H
#define _ILNP_COMPAT_H

#include <linux/export.h>

/* Internal symbols the KUnit module tests are exported only in KUnit
 * builds (make ILNP_KUNIT=1), into a namespace of their own: in-tree
 * EXPORT_SYMBOL_IF_KUNIT only arrived in 6.2.
 */
#ifdef ILNP_KUNIT
#define ILNP_EXPORT_FOR_KUNIT(sym)	EXPORT_SYMBOL_NS_GPL(sym, ILNP_KUNIT)
#else
#define ILNP_EXPORT_FOR_KUNIT(sym)
#endif

#endif /* _ILNP_COMPAT_H */
