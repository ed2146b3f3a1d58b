/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A tiny streaming JSON writer for the -j output of ilnp-ip: objects,
 * arrays, strings, numbers and booleans, written compactly (or, with
 * pretty set, one member a line indented by four, as Python's
 * json.dumps(indent=4)), a newline after the outermost value.
 */
#ifndef _ILNP_TOOLS_JSON_H
#define _ILNP_TOOLS_JSON_H

#include <stdio.h>

#define JSON_MAX_DEPTH	16

struct json {
	FILE *f;
	int depth;
	int pretty;			/* one member a line (ilnp-ip -p) */
	int after_key;			/* a key was written, its value is next */
	int more[JSON_MAX_DEPTH];	/* this level already has a member */
};

void json_init(struct json *j, FILE *f);
void json_open_object(struct json *j);
void json_close_object(struct json *j);
void json_open_array(struct json *j);
void json_close_array(struct json *j);
void json_key(struct json *j, const char *key);

void json_string(struct json *j, const char *s);
void json_uint(struct json *j, unsigned long long v);
void json_bool(struct json *j, int v);
void json_null(struct json *j);

/* A key and its value in one call. */
void json_kv_string(struct json *j, const char *key, const char *s);
void json_kv_uint(struct json *j, const char *key, unsigned long long v);
void json_kv_bool(struct json *j, const char *key, int v);

#endif /* _ILNP_TOOLS_JSON_H */
