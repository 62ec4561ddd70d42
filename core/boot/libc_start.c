/*
 * Hands the boot CPU to musl: builds the argv/envp/auxv block that
 * __libc_start_main expects from a Linux kernel, with a synthetic PT_TLS
 * program header so that musl sets up the image's static TLS.
 */
#include <elf.h>
#include <stdint.h>
#include <uk/essentials.h>
#include "libc_start.h"

/* TLS template bounds from the platform linker script. */
extern char _tdata_start[], _tdata_end[], _tbss_end[];

int __libc_start_main(int (*main)(int, char **, char **), int argc, char **argv,
		      void (*init)(void), void (*fini)(void),
		      void (*ldso_fini)(void));

/* The linker scripts align .tdata to 64 bytes. */
#define BOOT_TLS_ALIGN 64

static Elf64_Phdr boot_phdr[1];
/* argv[0..argc-1], NULL, (no environment) NULL, auxv pairs, AT_NULL. */
static char *boot_vec[UK_BOOT_MAXARGS + 1 + 1 + 2 * 5];

void uk_boot_libc_start(int (*main)(int, char **, char **), int argc,
			char *argv[])
{
	unsigned long *aux;
	int i, n = 0;

	boot_phdr[0] = (Elf64_Phdr){
		.p_type = PT_TLS,
		.p_flags = PF_R,
		.p_vaddr = (uintptr_t)_tdata_start,
		.p_paddr = (uintptr_t)_tdata_start,
		.p_filesz = (uintptr_t)_tdata_end - (uintptr_t)_tdata_start,
		.p_memsz = (uintptr_t)_tbss_end - (uintptr_t)_tdata_start,
		.p_align = BOOT_TLS_ALIGN,
	};
	for (i = 0; i < argc; i++)
		boot_vec[n++] = argv[i];
	boot_vec[n++] = NULL;
	boot_vec[n++] = NULL;
	aux = (unsigned long *)&boot_vec[n];
	*aux++ = AT_PAGESZ;
	*aux++ = __PAGE_SIZE;
	*aux++ = AT_PHDR;
	*aux++ = (uintptr_t)boot_phdr;
	*aux++ = AT_PHNUM;
	*aux++ = UK_ARRAY_SIZE(boot_phdr);
	*aux++ = AT_PHENT;
	*aux++ = sizeof(Elf64_Phdr);
	*aux++ = AT_NULL;
	*aux++ = 0;
	/* Runs constructors and main, then exit(): never returns. */
	__libc_start_main(main, argc, boot_vec, NULL, NULL, NULL);
	__builtin_unreachable();
}
