/*
 * In-kernel tests: TESTCASE(suite, name) registers a case by linker
 * section; uk_test_run_all() runs every case and prints TAP on the console.
 */
#ifndef UK_TEST_H
#define UK_TEST_H

#include <stdbool.h>
#include <uk/essentials.h>
#include <uk/print.h>

struct uk_testcase {
	const char *suite;
	const char *name;
	void (*fn)(void);
};

/* Marks the running case failed; used by the EXPECT_* macros. */
void _uk_test_fail(const char *file, int line, const char *expr);
void _uk_test_fail_eq(const char *file, int line, const char *expr, long long a,
		      long long b);

#define TESTCASE(suite, name)                                                  \
	static void __uk_test_##suite##_##name(void);                          \
	static const struct uk_testcase __uk_testcase_##suite##_##name __used  \
		__section(".uk_testtab") = { #suite, #name,                    \
					     __uk_test_##suite##_##name };     \
	static void __uk_test_##suite##_##name(void)

#define EXPECT_TRUE(cond)                                                      \
	do {                                                                   \
		if (!(cond))                                                   \
			_uk_test_fail(__FILE__, __LINE__, #cond);              \
	} while (0)
#define EXPECT_FALSE(cond) EXPECT_TRUE(!(cond))

#define EXPECT_OP(a, op, b)                                                    \
	do {                                                                   \
		long long __a = (long long)(a), __b = (long long)(b);          \
		if (!(__a op __b))                                             \
			_uk_test_fail_eq(__FILE__, __LINE__,                   \
					 #a " " #op " " #b, __a, __b);         \
	} while (0)
#define EXPECT_EQ(a, b) EXPECT_OP(a, ==, b)
#define EXPECT_NE(a, b) EXPECT_OP(a, !=, b)
#define EXPECT_LT(a, b) EXPECT_OP(a, <, b)
#define EXPECT_LE(a, b) EXPECT_OP(a, <=, b)
#define EXPECT_GT(a, b) EXPECT_OP(a, >, b)
#define EXPECT_GE(a, b) EXPECT_OP(a, >=, b)

/*
 * Runs every registered case in link order and prints TAP version 13,
 * then the end marker "# tessera-test: done, P passed, F failed".
 * Returns the number of failed cases.
 */
int uk_test_run_all(void);

#endif /* UK_TEST_H */
