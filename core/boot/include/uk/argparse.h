/* Splitting the kernel command line into argv. */
#ifndef UK_ARGPARSE_H
#define UK_ARGPARSE_H

/*
 * Splits cmdline in place into at most maxargs words separated by blanks;
 * single and double quotes group words, backslash escapes one character.
 * argv[argc] is set to NULL, so argv needs maxargs + 1 slots.
 * Returns argc, or -E2BIG when there are more than maxargs words (the first
 * maxargs are still stored).
 */
int uk_argparse(char *cmdline, char *argv[], int maxargs);

#endif /* UK_ARGPARSE_H */
