/* SPDX-License-Identifier: MIT */
#include <getopt.h>
#include <stdio.h>
#include "options.h"

static void usage(FILE *out, const char *prog)
{
	fprintf(out, "usage: %s [--quick] [--json]\n"
		"  --quick  fewer, shorter samples\n"
		"  --json   print the results as one JSON object\n", prog);
}

int bench_parse_options(int argc, char **argv, const char *prog,
			struct bench_options *options)
{
	static const struct option longopts[] = {
		{ "quick", no_argument, NULL, 'q' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int opt;

	options->settings = &bench_full;
	options->json = false;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (opt) {
		case 'q': options->settings = &bench_quick; break;
		case 'j': options->json = true; break;
		case 'h': usage(stdout, prog); return 0;
		default:
			fprintf(stderr, "%s: unknown option '%s'\n", prog, argv[optind - 1]);
			usage(stderr, prog);
			return 2;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "%s: unexpected argument '%s'\n", prog, argv[optind]);
		usage(stderr, prog);
		return 2;
	}
	return -1;
}
