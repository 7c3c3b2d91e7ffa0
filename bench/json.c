/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include "json.h"

void json_init(struct json *j, FILE *out)
{
	j->out = out;
	j->depth = 0;
	j->has_members[0] = false;
}

static void indent(struct json *j)
{
	fputc('\n', j->out);
	for (int i = 0; i < j->depth; i++)
		fputs("  ", j->out);
}

/* Length of the well-formed UTF-8 sequence at S (RFC 3629: no overlong
   forms, no surrogates, nothing above U+10FFFF), or 0.  */
static int utf8_sequence_length(const unsigned char *s)
{
	int len;
	uint32_t c;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		len = 2;
		c = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		len = 3;
		c = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		len = 4;
		c = s[0] & 0x07;
	} else {
		return 0;
	}
	for (int i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3f);
	}
	if ((len == 3 && c < 0x800) || (len == 4 && (c < 0x10000 || c > 0x10ffff)) ||
	    (c >= 0xd800 && c <= 0xdfff))
		return 0;
	return len;
}

/* Strings come from the environment (GLIBC_TUNABLES) as well as from us:
   bytes that are not UTF-8 become U+FFFD so that the output stays JSON.  */
static void write_string(FILE *out, const char *str)
{
	const unsigned char *s = (const unsigned char *) str;

	fputc('"', out);
	while (*s) {
		const int len = utf8_sequence_length(s);

		if (len == 0) {
			fputs("\\ufffd", out);
			s++;
		} else if (*s == '"' || *s == '\\') {
			fprintf(out, "\\%c", *s++);
		} else if (*s == '\n') {
			fputs("\\n", out), s++;
		} else if (*s == '\t') {
			fputs("\\t", out), s++;
		} else if (*s < 0x20) {
			fprintf(out, "\\u%04x", *s++);
		} else {
			fwrite(s, 1, (size_t) len, out);
			s += len;
		}
	}
	fputc('"', out);
}

/* Separator, indentation and key of the next member.  */
static void member(struct json *j, const char *key)
{
	if (j->has_members[j->depth])
		fputc(',', j->out);
	j->has_members[j->depth] = true;
	if (j->depth > 0)
		indent(j);
	if (key) {
		write_string(j->out, key);
		fputs(": ", j->out);
	}
}

static void begin(struct json *j, const char *key, char open)
{
	member(j, key);
	fputc(open, j->out);
	if (j->depth + 1 >= JSON_MAX_DEPTH)
		abort();	/* a caller's bug: our documents are shallow */
	j->has_members[++j->depth] = false;
}

static void end(struct json *j, char close)
{
	const bool had_members = j->has_members[j->depth];

	if (j->depth > 0)
		j->depth--;
	if (had_members)
		indent(j);
	fputc(close, j->out);
	if (j->depth == 0)
		fputc('\n', j->out);
}

void json_begin_object(struct json *j, const char *key)
{
	begin(j, key, '{');
}

void json_end_object(struct json *j)
{
	end(j, '}');
}

void json_begin_array(struct json *j, const char *key)
{
	begin(j, key, '[');
}

void json_end_array(struct json *j)
{
	end(j, ']');
}

void json_string(struct json *j, const char *key, const char *value)
{
	member(j, key);
	if (value)
		write_string(j->out, value);
	else
		fputs("null", j->out);
}

void json_int(struct json *j, const char *key, long long value)
{
	member(j, key);
	fprintf(j->out, "%lld", value);
}

void json_fixed(struct json *j, const char *key, double value, int decimals)
{
	member(j, key);
	if (isfinite(value))
		fprintf(j->out, "%.*f", decimals, value);
	else
		fputs("null", j->out);
}

void json_bool(struct json *j, const char *key, bool value)
{
	member(j, key);
	fputs(value ? "true" : "false", j->out);
}

void json_null(struct json *j, const char *key)
{
	member(j, key);
	fputs("null", j->out);
}
