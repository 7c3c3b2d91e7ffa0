/* SPDX-License-Identifier: MIT */
/* json-check FILE [PATH=VALUE | PATH:TYPE | PATH~ERE]...
   json-check --self-test

   A strict JSON (RFC 8259) validator for rseq-info --json, written apart
   from the writer in bench/json.c so that a bug in one is not hidden by the
   same bug in the other.  Beyond the RFC it rejects duplicate keys.  Each
   PATH (keys and array indexes joined by dots, e.g. benchmark.cases.0.key)
   names a value that must exist and equal VALUE (the decoded text of a
   string, the token of anything else), be of TYPE (object array string
   number bool null, or missing), or match the extended regular expression ERE.  */
#define _GNU_SOURCE
#include <regex.h>
#include <stdint.h>
#include <string.h>
#include "check.h"

enum kind { KIND_NONE, KIND_OBJECT, KIND_ARRAY, KIND_STRING, KIND_NUMBER, KIND_BOOL, KIND_NULL };

static const char *const kind_names[] = {
	"missing", "object", "array", "string", "number", "bool", "null",
};

struct text {
	char *data;
	size_t len, cap;
};

struct query {
	const char *path;
	char op;			/* '=', ':' or '~' */
	const char *operand;
	enum kind kind;			/* KIND_NONE: not found */
	struct text value;		/* scalars only */
};

enum { MAX_DEPTH = 64, MAX_PATH = 1024 };

struct parser {
	const unsigned char *start, *p, *end;
	const char *error;
	size_t error_at;
	int depth;
	char path[MAX_PATH];
	struct query *queries;
	size_t n_queries;
};

static void text_add(struct text *t, const void *data, size_t len)
{
	if (t->len + len + 1 > t->cap) {
		t->cap = (t->len + len + 1) * 2;
		t->data = realloc(t->data, t->cap);
		REQUIRE(t->data);
	}
	memcpy(t->data + t->len, data, len);
	t->len += len;
	t->data[t->len] = '\0';
}

static void text_set(struct text *t, const void *data, size_t len)
{
	t->len = 0;
	text_add(t, data, len);
}

static bool fail(struct parser *ps, const char *why)
{
	if (!ps->error) {
		ps->error = why;
		ps->error_at = (size_t) (ps->p - ps->start);
	}
	return false;
}

static void skip_space(struct parser *ps)
{
	while (ps->p < ps->end &&
	       (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n' || *ps->p == '\r'))
		ps->p++;
}

static bool at(struct parser *ps, char c)
{
	return ps->p < ps->end && *ps->p == (unsigned char) c;
}

static void put_code_point(struct text *t, uint32_t c)
{
	unsigned char b[4];
	size_t n;

	if (c < 0x80) {
		b[0] = (unsigned char) c, n = 1;
	} else if (c < 0x800) {
		b[0] = (unsigned char) (0xc0 | c >> 6), n = 2;
	} else if (c < 0x10000) {
		b[0] = (unsigned char) (0xe0 | c >> 12), n = 3;
	} else {
		b[0] = (unsigned char) (0xf0 | c >> 18), n = 4;
	}
	for (size_t i = 1; i < n; i++)
		b[i] = (unsigned char) (0x80 | ((c >> (6 * (n - 1 - i))) & 0x3f));
	text_add(t, b, n);
}

/* Decodes one UTF-8 character of the input; false unless it is the
   shortest form of a scalar value (no surrogates, at most U+10FFFF).  */
static bool read_utf8(struct parser *ps, uint32_t *out)
{
	static const uint32_t min_for_length[] = { 0, 0, 0x80, 0x800, 0x10000 };
	const unsigned char lead = *ps->p;
	size_t n = lead < 0x80 ? 1 : (lead & 0xe0) == 0xc0 ? 2 : (lead & 0xf0) == 0xe0 ? 3
		: (lead & 0xf8) == 0xf0 ? 4 : 0;
	uint32_t c;

	if (n == 0 || (size_t) (ps->end - ps->p) < n)
		return fail(ps, "invalid UTF-8");
	c = n == 1 ? lead : lead & (0x7f >> n);
	for (size_t i = 1; i < n; i++) {
		if ((ps->p[i] & 0xc0) != 0x80)
			return fail(ps, "invalid UTF-8");
		c = c << 6 | (ps->p[i] & 0x3f);
	}
	if (c < min_for_length[n] || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return fail(ps, "invalid UTF-8");
	ps->p += n;
	*out = c;
	return true;
}

static bool read_hex4(struct parser *ps, uint32_t *out)
{
	*out = 0;
	for (int i = 0; i < 4; i++, ps->p++) {
		if (ps->p >= ps->end)
			return fail(ps, "truncated \\u escape");
		const unsigned char h = *ps->p;
		const int digit = h >= '0' && h <= '9' ? h - '0'
			: h >= 'a' && h <= 'f' ? h - 'a' + 10
			: h >= 'A' && h <= 'F' ? h - 'A' + 10 : -1;
		if (digit < 0)
			return fail(ps, "bad hex digit in \\u escape");
		*out = *out << 4 | (uint32_t) digit;
	}
	return true;
}

/* After the backslash.  */
static bool read_escape(struct parser *ps, struct text *out)
{
	static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
	uint32_t c, low;

	if (ps->p >= ps->end)
		return fail(ps, "truncated escape");
	const char *simple = *ps->p ? strchr(from, *ps->p) : NULL;
	if (simple) {
		text_add(out, &to[simple - from], 1);
		ps->p++;
		return true;
	}
	if (*ps->p++ != 'u')
		return fail(ps, "unknown escape");
	if (!read_hex4(ps, &c))
		return false;
	if (c >= 0xdc00 && c <= 0xdfff)
		return fail(ps, "lone low surrogate");
	if (c >= 0xd800 && c <= 0xdbff) {
		if (ps->end - ps->p < 2 || ps->p[0] != '\\' || ps->p[1] != 'u')
			return fail(ps, "high surrogate without low surrogate");
		ps->p += 2;
		if (!read_hex4(ps, &low))
			return false;
		if (low < 0xdc00 || low > 0xdfff)
			return fail(ps, "high surrogate without low surrogate");
		c = 0x10000 + ((c - 0xd800) << 10) + (low - 0xdc00);
	}
	put_code_point(out, c);
	return true;
}

static bool parse_string(struct parser *ps, struct text *out)
{
	uint32_t c;

	text_set(out, "", 0);
	ps->p++;	/* the opening quote */
	for (;;) {
		if (ps->p >= ps->end)
			return fail(ps, "unterminated string");
		if (*ps->p == '"') {
			ps->p++;
			return true;
		}
		if (*ps->p < 0x20)
			return fail(ps, "control character in string");
		if (*ps->p == '\\') {
			ps->p++;
			if (!read_escape(ps, out))
				return false;
		} else {
			if (!read_utf8(ps, &c))
				return false;
			put_code_point(out, c);
		}
	}
}

static bool digits(struct parser *ps)
{
	const unsigned char *first = ps->p;

	while (ps->p < ps->end && *ps->p >= '0' && *ps->p <= '9')
		ps->p++;
	return ps->p > first || fail(ps, "digit expected");
}

static bool parse_number(struct parser *ps)
{
	if (at(ps, '-'))
		ps->p++;
	if (at(ps, '0'))
		ps->p++;
	else if (!(ps->p < ps->end && *ps->p >= '1' && *ps->p <= '9') || !digits(ps))
		return fail(ps, "bad number");
	if (at(ps, '.')) {
		ps->p++;
		if (!digits(ps))
			return false;
	}
	if (at(ps, 'e') || at(ps, 'E')) {
		ps->p++;
		if (at(ps, '+') || at(ps, '-'))
			ps->p++;
		if (!digits(ps))
			return false;
	}
	return true;
}

static bool parse_literal(struct parser *ps, const char *word)
{
	const size_t len = strlen(word);

	if ((size_t) (ps->end - ps->p) < len || memcmp(ps->p, word, len) != 0)
		return fail(ps, "unexpected character");
	ps->p += len;
	return true;
}

static bool parse_value(struct parser *ps);

/* Runs parse_value() with ".NAME" added to the path.  */
static bool parse_child(struct parser *ps, const char *name)
{
	const size_t len = strlen(ps->path);

	if (len + 1 + strlen(name) + 1 > sizeof(ps->path))
		return fail(ps, "path too long");
	if (len)
		strcat(ps->path, ".");
	strcat(ps->path, name);
	const bool ok = parse_value(ps);
	ps->path[len] = '\0';
	return ok;
}

static bool parse_object(struct parser *ps)
{
	struct text *keys = NULL;
	size_t n = 0;
	bool ok = false;

	ps->p++;
	skip_space(ps);
	if (at(ps, '}')) {
		ps->p++;
		return true;
	}
	for (;;) {
		if (!at(ps, '"')) {
			fail(ps, "key expected");
			break;
		}
		keys = realloc(keys, (n + 1) * sizeof(*keys));
		REQUIRE(keys);
		memset(&keys[n], 0, sizeof(keys[n]));
		if (!parse_string(ps, &keys[n++]))
			break;
		bool duplicate = false;
		for (size_t i = 0; i + 1 < n; i++)
			duplicate |= keys[i].len == keys[n - 1].len &&
				     !memcmp(keys[i].data, keys[n - 1].data, keys[i].len);
		if (duplicate) {
			fail(ps, "duplicate key");
			break;
		}
		skip_space(ps);
		if (!at(ps, ':')) {
			fail(ps, "':' expected");
			break;
		}
		ps->p++;
		if (!parse_child(ps, keys[n - 1].data))
			break;
		skip_space(ps);
		if (at(ps, '}')) {
			ps->p++;
			ok = true;
			break;
		}
		if (!at(ps, ',')) {
			fail(ps, "',' or '}' expected");
			break;
		}
		ps->p++;
		skip_space(ps);
	}
	for (size_t i = 0; i < n; i++)
		free(keys[i].data);
	free(keys);
	return ok;
}

static bool parse_array(struct parser *ps)
{
	char index[24];

	ps->p++;
	skip_space(ps);
	if (at(ps, ']')) {
		ps->p++;
		return true;
	}
	for (unsigned long i = 0;; i++) {
		snprintf(index, sizeof(index), "%lu", i);
		if (!parse_child(ps, index))
			return false;
		skip_space(ps);
		if (at(ps, ']')) {
			ps->p++;
			return true;
		}
		if (!at(ps, ','))
			return fail(ps, "',' or ']' expected");
		ps->p++;
	}
}

/* Leading space, the value, trailing space; records what the queries
   naming this path ask for.  */
static bool parse_value(struct parser *ps)
{
	struct text string = { 0 };
	enum kind kind;
	bool ok;

	if (++ps->depth > MAX_DEPTH)
		return fail(ps, "nested too deeply");
	skip_space(ps);
	const unsigned char *first = ps->p;
	if (ps->p >= ps->end) {
		ok = fail(ps, "value expected");
		kind = KIND_NONE;
	} else if (*ps->p == '{') {
		ok = parse_object(ps), kind = KIND_OBJECT;
	} else if (*ps->p == '[') {
		ok = parse_array(ps), kind = KIND_ARRAY;
	} else if (*ps->p == '"') {
		ok = parse_string(ps, &string), kind = KIND_STRING;
	} else if (*ps->p == 't') {
		ok = parse_literal(ps, "true"), kind = KIND_BOOL;
	} else if (*ps->p == 'f') {
		ok = parse_literal(ps, "false"), kind = KIND_BOOL;
	} else if (*ps->p == 'n') {
		ok = parse_literal(ps, "null"), kind = KIND_NULL;
	} else {
		ok = parse_number(ps), kind = KIND_NUMBER;
	}
	for (size_t i = 0; ok && i < ps->n_queries; i++) {
		struct query *q = &ps->queries[i];

		if (strcmp(q->path, ps->path) != 0)
			continue;
		q->kind = kind;
		if (kind == KIND_STRING)
			text_set(&q->value, string.data, string.len);
		else if (kind != KIND_OBJECT && kind != KIND_ARRAY)
			text_set(&q->value, first, (size_t) (ps->p - first));
	}
	free(string.data);
	ps->depth--;
	skip_space(ps);
	return ok;
}

/* Validates LEN bytes at DATA; fills the queries.  */
static bool parse(struct parser *ps, const void *data, size_t len, struct query *queries,
		  size_t n_queries)
{
	memset(ps, 0, sizeof(*ps));
	ps->start = ps->p = data;
	ps->end = ps->start + len;
	ps->queries = queries;
	ps->n_queries = n_queries;
	if (!parse_value(ps))
		return false;
	return ps->p == ps->end || fail(ps, "text after the value");
}

static bool query_holds(const struct query *q)
{
	regex_t re;

	switch (q->op) {
	case '=':
		return q->kind != KIND_NONE && q->kind != KIND_OBJECT && q->kind != KIND_ARRAY &&
		       strcmp(q->value.data, q->operand) == 0;
	case ':':
		return strcmp(kind_names[q->kind], q->operand) == 0;
	default: {
		if (q->kind == KIND_NONE || q->kind == KIND_OBJECT || q->kind == KIND_ARRAY)
			return false;
		REQUIRE(regcomp(&re, q->operand, REG_EXTENDED | REG_NOSUB) == 0);
		const bool match = regexec(&re, q->value.data, 0, NULL, 0) == 0;
		regfree(&re);
		return match;
	}
	}
}

/* S for a one-line message: bytes outside printable ASCII as \xNN.  */
static void show(char *buf, size_t size, const char *s, size_t len)
{
	size_t n = 0;

	for (size_t i = 0; i < len && n + 5 < size; i++) {
		const unsigned char c = (unsigned char) s[i];
		n += (size_t) (c < 0x20 || c >= 0x7f ? snprintf(buf + n, size - n, "\\x%02x", c)
						      : snprintf(buf + n, size - n, "%c", c));
	}
	buf[n] = '\0';
}

/* The value found is shown only on failure, so that the names of passing
   checks do not change from run to run.  */
static void check_query(const struct query *q)
{
	char operand[256], value[256];

	show(operand, sizeof(operand), q->operand, strlen(q->operand));
	show(value, sizeof(value), q->value.data ? q->value.data : "", q->value.len);
	if (query_holds(q))
		check(true, "%s %c %s", q->path, q->op, operand);
	else
		check(false, "%s %c %s (got %s%s%s)", q->path, q->op, operand,
		      kind_names[q->kind], q->value.data ? ": " : "", value);
}

/* The self-test: the validator must reject what is not JSON, or the
   checks that use it could not fail.  */
struct sample {
	bool valid;
	const char *text;
	size_t len;
};

/* sizeof, not strlen: a sample may hold a NUL.  */
#define OK(s)	{ true, s, sizeof(s) - 1 }
#define BAD(s)	{ false, s, sizeof(s) - 1 }

static const struct sample samples[] = {
	OK("{}"), OK("[]"), OK("0"), OK("-0.5e+10"),
	OK("\"a\\u00e9\\ud83d\\ude00\\/\\b\""), OK(" \n\t{ \"x\" : 1 }\r\n"),
	OK("{\"a\":[1,true,false,null,{\"b\":\"c\"}],\"\":1E3}"),
	OK("\"caf\xc3\xa9 \xf0\x9f\x98\x80\""), BAD(""), BAD(" "), BAD("{"),
	BAD("{\"a\":1,}"), BAD("[1,]"), BAD("[1 2]"), BAD("01"), BAD("1."), BAD(".5"),
	BAD("+1"), BAD("1e"), BAD("-"), BAD("NaN"), BAD("tru"), BAD("nulll"),
	BAD("{'a':1}"), BAD("{\"a\" 1}"), BAD("{a:1}"), BAD("{\"a\":1}{}"),
	BAD("{\"a\":1,\"a\":2}"), BAD("\"abc"), BAD("\"\x01\""), BAD("\"tab\there\""),
	BAD("\"\\q\""), BAD("\"\\u12g4\""), BAD("\"\\ud800\""),
	BAD("\"\\udc00\\ud800\""), BAD("\"\xff\""), BAD("\"\xc0\xaf\""),
	BAD("\"\xed\xa0\x80\""), BAD("\"\xe2\x82\""), BAD("[1]\x00"),
};

static int self_test(void)
{
	const size_t n = sizeof(samples) / sizeof(samples[0]);
	static const char doc[] = "{\"a\":{\"b\":[10,\"x\\ty\"]},\"c\":null}";
	struct query queries[] = {
		{ "a.b.0", '=', "10", KIND_NONE, { 0 } },
		{ "a.b.1", '=', "x\ty", KIND_NONE, { 0 } },
		{ "a.b", ':', "array", KIND_NONE, { 0 } },
		{ "c", ':', "null", KIND_NONE, { 0 } },
		{ "a.b.1", '~', "^x.y$", KIND_NONE, { 0 } },
		{ "a.b.2", ':', "missing", KIND_NONE, { 0 } },
	};
	const size_t n_queries = sizeof(queries) / sizeof(queries[0]);
	struct parser ps;
	char shown[256];

	plan((int) (n + 2 + n_queries + 3));
	for (size_t i = 0; i < n; i++) {
		const bool valid = parse(&ps, samples[i].text, samples[i].len, NULL, 0);

		show(shown, sizeof(shown), samples[i].text, samples[i].len);
		check(valid == samples[i].valid, "%s %s%s%s",
		      samples[i].valid ? "accepts" : "rejects", shown,
		      ps.error ? " -> " : "", ps.error ? ps.error : "");
	}
	char deep[2 * MAX_DEPTH + 4];
	memset(deep, '[', MAX_DEPTH + 1);
	memset(deep + MAX_DEPTH + 1, ']', MAX_DEPTH + 1);
	check(!parse(&ps, deep, 2 * MAX_DEPTH + 2, NULL, 0), "rejects arrays nested %d deep",
	      MAX_DEPTH + 1);
	check(parse(&ps, doc, strlen(doc), queries, n_queries), "query document is valid");
	for (size_t i = 0; i < n_queries; i++)
		check_query(&queries[i]);
	/* And queries that must not hold.  */
	struct query wrong[] = {
		{ "a.b.0", '=', "1", KIND_NONE, { 0 } },
		{ "a.missing", ':', "null", KIND_NONE, { 0 } },
		{ "a", '=', "{", KIND_NONE, { 0 } },
	};
	parse(&ps, doc, strlen(doc), wrong, 3);
	for (size_t i = 0; i < 3; i++)
		check(!query_holds(&wrong[i]), "query %s %c %s does not hold", wrong[i].path,
		      wrong[i].op, wrong[i].operand);
	return 0;
}

int main(int argc, char **argv)
{
	REQUIRE(argc >= 2);
	if (!strcmp(argv[1], "--self-test"))
		return self_test();

	const size_t n_queries = (size_t) argc - 2;
	struct query *queries = calloc(n_queries + 1, sizeof(*queries));
	REQUIRE(queries);
	for (size_t i = 0; i < n_queries; i++) {
		char *arg = argv[i + 2];
		const size_t split = strcspn(arg, "=:~");
		REQUIRE(arg[split] != '\0');
		queries[i].op = arg[split];
		arg[split] = '\0';
		queries[i].path = arg;
		queries[i].operand = arg + split + 1;
	}

	struct text input = { 0 };
	char chunk[4096];
	size_t got;
	FILE *in = fopen(argv[1], "rb");
	REQUIRE(in);
	while ((got = fread(chunk, 1, sizeof(chunk), in)) > 0)
		text_add(&input, chunk, got);
	REQUIRE(!ferror(in));
	fclose(in);

	struct parser ps;
	plan((int) (1 + n_queries));
	const bool valid = parse(&ps, input.data ? input.data : "", input.len, queries,
				 n_queries);
	if (valid)
		check(true, "strict JSON");
	else
		check(false, "strict JSON (byte %zu: %s)", ps.error_at, ps.error);
	for (size_t i = 0; i < n_queries; i++)
		check_query(&queries[i]);
	return 0;
}
