/*
 * What /proc/cpuinfo and /proc/self/maps list on the kernel: the
 * platform's CPU count; the image's sections (from the linker script)
 * and the heap, which mmap'd memory and thread stacks come from.
 */
#include <string.h>
#include <uk/boot.h>
#include <uk/plat/lcpu.h>
#include <uk/procfs.h>

#include "posix/fs/procfs/procfs_cpus.h"

extern char _text[], _etext[], _rodata[], _erodata[], _data[], _edata[], _bss[],
	_end[];

unsigned int uk_procfs_cpus(void)
{
	return ukplat_lcpu_count();
}

unsigned int uk_procfs_regions(struct uk_procfs_region *r, unsigned int max)
{
	const struct uk_procfs_region image[] = {
		{ (unsigned long)_text, (unsigned long)_etext, "r-xp",
		  UK_PROCFS_EXE },
		{ (unsigned long)_rodata, (unsigned long)_erodata, "r--p",
		  UK_PROCFS_EXE },
		{ (unsigned long)_data, (unsigned long)_edata, "rw-p",
		  UK_PROCFS_EXE },
		{ (unsigned long)_bss, (unsigned long)_end, "rw-p", "" },
	};
	unsigned long start, end;
	unsigned int i, n = 0;

	if (max < UK_ARRAY_SIZE(image) + 2)
		return 0;
	for (i = 0; i < UK_ARRAY_SIZE(image); i++)
		if (image[i].end > image[i].start)
			r[n++] = image[i];
	/* The heap's regions may lie on both sides of the image. */
	uk_boot_heap_bounds(&start, &end);
	if (start < (unsigned long)_text && end > start) {
		memmove(r + 1, r, n * sizeof(*r));
		r[0] = (struct uk_procfs_region){
			start, UK_MIN(end, (unsigned long)_text), "rw-p",
			"[heap]"
		};
		n++;
	}
	if (end > (unsigned long)_end)
		r[n++] = (struct uk_procfs_region){ UK_MAX(start,
							   (unsigned long)_end),
						    end, "rw-p", "[heap]" };
	return n;
}
