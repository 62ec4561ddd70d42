/* Kernel command line -> argc/argv, with shell-like quoting. */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <uk/argparse.h>

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

int uk_argparse(char *cmdline, char *argv[], int maxargs)
{
	char *in = cmdline, *out = cmdline;
	int argc = 0;

	for (;;) {
		char quote = 0;

		while (is_blank(*in))
			in++;
		if (!*in)
			break;
		if (argc == maxargs) {
			argv[argc] = NULL;
			return -E2BIG;
		}
		argv[argc++] = out;
		for (; *in; in++) {
			if (quote) {
				if (*in == quote)
					quote = 0;
				else if (*in == '\\' && quote == '"' && in[1])
					*out++ = *++in;
				else
					*out++ = *in;
			} else if (*in == '"' || *in == '\'') {
				quote = *in;
			} else if (*in == '\\' && in[1]) {
				*out++ = *++in;
			} else if (is_blank(*in)) {
				in++;
				break;
			} else {
				*out++ = *in;
			}
		}
		*out++ = '\0';
	}
	argv[argc] = NULL;
	return argc;
}
