// SPDX-License-Identifier: GPL-2.0
/*
 * A tiny streaming JSON writer.  It keeps one flag per nesting level to
 * know when a comma is due; everything else goes straight to the stream.
 */
#include <stdlib.h>

#include "json.h"

void json_init(struct json *j, FILE *f)
{
	j->f = f;
	j->pretty = 0;
	j->depth = 0;
	j->after_key = 0;
}

/* A new line indented for @depth levels, when pretty. */
static void json_indent(struct json *j, int depth)
{
	if (j->pretty)
		fprintf(j->f, "\n%*s", depth * 4, "");
}

/* Before any value or key: a comma if this level has a member already. */
static void json_sep(struct json *j)
{
	if (j->after_key) {
		j->after_key = 0;
		return;
	}
	if (!j->depth)
		return;
	if (j->more[j->depth - 1])
		fputc(',', j->f);
	j->more[j->depth - 1] = 1;
	json_indent(j, j->depth);
}

static void json_open(struct json *j, int c)
{
	json_sep(j);
	if (j->depth == JSON_MAX_DEPTH)
		abort();	/* a bug in the caller, not in the data */
	fputc(c, j->f);
	j->more[j->depth++] = 0;
}

static void json_close(struct json *j, int c)
{
	if (!j->depth)
		abort();
	/* An empty object or array stays on its line: "[]". */
	if (j->more[j->depth - 1])
		json_indent(j, j->depth - 1);
	fputc(c, j->f);
	if (!--j->depth)
		fputc('\n', j->f);
}

void json_open_object(struct json *j)
{
	json_open(j, '{');
}

void json_close_object(struct json *j)
{
	json_close(j, '}');
}

void json_open_array(struct json *j)
{
	json_open(j, '[');
}

void json_close_array(struct json *j)
{
	json_close(j, ']');
}

/* Length of the UTF-8 sequence at @s, or 0 if it is not well formed
 * (RFC 3629: no overlong forms, no surrogates, nothing past U+10FFFF).
 */
static int utf8_len(const unsigned char *s)
{
	unsigned char lo = 0x80, hi = 0xbf;
	int n, i;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4;
	else
		return 0;
	if (s[0] == 0xe0)
		lo = 0xa0;
	else if (s[0] == 0xed)
		hi = 0x9f;
	else if (s[0] == 0xf0)
		lo = 0x90;
	else if (s[0] == 0xf4)
		hi = 0x8f;
	if (s[1] < lo || s[1] > hi)
		return 0;
	for (i = 2; i < n; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	return n;
}

static void json_escape_char(FILE *f, unsigned char c)
{
	switch (c) {
	case '"':
		fputs("\\\"", f);
		break;
	case '\\':
		fputs("\\\\", f);
		break;
	case '\n':
		fputs("\\n", f);
		break;
	case '\r':
		fputs("\\r", f);
		break;
	case '\t':
		fputs("\\t", f);
		break;
	default:
		if (c < 0x20 || c >= 0x7f)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
}

/* Well-formed UTF-8 passes through; a stray byte (a kernel string is
 * only bytes) is written as the code point of the same value, so the
 * output stays valid JSON whatever the kernel sent.
 */
static void json_write_string(FILE *f, const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	int n;

	fputc('"', f);
	while (*s) {
		n = utf8_len(s);
		if (n > 1) {
			fwrite(s, 1, n, f);
			s += n;
		} else {
			json_escape_char(f, *s++);
		}
	}
	fputc('"', f);
}

void json_key(struct json *j, const char *key)
{
	json_sep(j);
	json_write_string(j->f, key);
	fputs(j->pretty ? ": " : ":", j->f);
	j->after_key = 1;
}

void json_string(struct json *j, const char *s)
{
	json_sep(j);
	json_write_string(j->f, s);
}

void json_uint(struct json *j, unsigned long long v)
{
	json_sep(j);
	fprintf(j->f, "%llu", v);
}

void json_bool(struct json *j, int v)
{
	json_sep(j);
	fputs(v ? "true" : "false", j->f);
}

void json_null(struct json *j)
{
	json_sep(j);
	fputs("null", j->f);
}

void json_kv_string(struct json *j, const char *key, const char *s)
{
	json_key(j, key);
	json_string(j, s);
}

void json_kv_uint(struct json *j, const char *key, unsigned long long v)
{
	json_key(j, key);
	json_uint(j, v);
}

void json_kv_bool(struct json *j, const char *key, int v)
{
	json_key(j, key);
	json_bool(j, v);
}
