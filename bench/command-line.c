/* SPDX-License-Identifier: MIT */
/* The command line and the end of output every benchmark program shares.  */
#include <errno.h>
#include <getopt.h>
#include <string.h>
#include "bench.h"

static void usage(FILE *out, const char *name)
{
	fprintf(out, "usage: %s [--quick] [--json]\n"
		"  --quick  fewer, shorter samples\n"
		"  --json   print the results as one JSON object\n", name);
}

int bench_parse_command_line(int argc, char **argv, const char *name,
			     const struct bench_settings **settings, bool *json)
{
	static const struct option options[] = {
		{ "quick", no_argument, NULL, 'q' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int opt;

	*settings = &bench_full;
	*json = false;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "", options, NULL)) != -1) {
		switch (opt) {
		case 'q': *settings = &bench_quick; break;
		case 'j': *json = true; break;
		case 'h': usage(stdout, name); return 0;
		default:
			fprintf(stderr, "%s: unknown option '%s'\n", name, argv[optind - 1]);
			usage(stderr, name);
			return 2;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "%s: unexpected argument '%s'\n", name, argv[optind]);
		usage(stderr, name);
		return 2;
	}
	return -1;
}

int bench_finish_output(const char *name)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "%s: write error: %s\n", name, strerror(errno));
		return 1;
	}
	return 0;
}
