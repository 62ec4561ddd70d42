/* AArch64 system register fields and accessors used by the boot code. */
#ifndef ARM64_SYSREG_H
#define ARM64_SYSREG_H

/* Shifted constants usable from both C and assembly. */
#ifdef __ASSEMBLER__
#define ARM64_BIT(n) (1 << (n))
#define ARM64_UL(x) (x)
#else
#define ARM64_BIT(n) (1UL << (n))
#define ARM64_UL(x) (x##UL)
#endif

/* CurrentEL holds the exception level in bits [3:2]. */
#define CURRENTEL_EL_SHIFT 2

/* HCR_EL2: EL1 is AArch64; everything else (E2H, TGE, traps) off. */
#define HCR_EL2_RW ARM64_BIT(31)

/* CNTHCTL_EL2: EL1 may read the physical counter and use its timer. */
#define CNTHCTL_EL2_EL1PCTEN ARM64_BIT(0)
#define CNTHCTL_EL2_EL1PCEN ARM64_BIT(1)

/* CPTR_EL2 (E2H=0): RES1 bits and TZ (trap SVE), TFP (bit 10) clear. */
#define CPTR_EL2_DEFAULT ARM64_UL(0x33ff)

/* ICC_SRE_EL2 (GICv3): system register interface on, EL1 may use it. */
#define ICC_SRE_EL2 S3_4_C12_C9_5
#define ICC_SRE_EL2_SRE ARM64_BIT(0)
#define ICC_SRE_EL2_ENABLE ARM64_BIT(3)
#define ID_AA64PFR0_GIC_SHIFT 24

/* SPSR for eret to EL1h (SP_EL1) with D, A, I and F masked. */
#define SPSR_EL1H_DAIF ARM64_UL(0x3c5)

/* CPACR_EL1.FPEN = 0b11: FP/SIMD does not trap at EL0 or EL1. */
#define CPACR_EL1_FPEN_ALL (ARM64_UL(3) << 20)

/*
 * SCTLR_EL1. RES1 are the bits that ARMv8.0 defines as RES1 (later
 * extensions give them meanings whose value 1 is the v8.0 behaviour).
 * A (alignment check) stays clear: C code may access unaligned data.
 */
#define SCTLR_EL1_M ARM64_BIT(0) /* stage 1 MMU */
#define SCTLR_EL1_C ARM64_BIT(2) /* data cacheable */
#define SCTLR_EL1_SA ARM64_BIT(3) /* SP alignment check, EL1 */
#define SCTLR_EL1_SA0 ARM64_BIT(4) /* SP alignment check, EL0 */
#define SCTLR_EL1_I ARM64_BIT(12) /* instruction cacheable */
#define SCTLR_EL1_NTWI ARM64_BIT(16) /* WFI at EL0 not trapped */
#define SCTLR_EL1_NTWE ARM64_BIT(18) /* WFE at EL0 not trapped */
#define SCTLR_EL1_RES1                                                         \
	(ARM64_BIT(11) | ARM64_BIT(20) | ARM64_BIT(22) | ARM64_BIT(23) |       \
	 ARM64_BIT(28) | ARM64_BIT(29))
#define SCTLR_EL1_BOOT                                                         \
	(SCTLR_EL1_RES1 | SCTLR_EL1_M | SCTLR_EL1_C | SCTLR_EL1_SA |           \
	 SCTLR_EL1_SA0 | SCTLR_EL1_I | SCTLR_EL1_NTWI | SCTLR_EL1_NTWE)

/* MAIR_EL1 attribute indexes (AttrIndx in descriptors) and encodings. */
#define MAIR_IDX_DEVICE_NGNRNE 0
#define MAIR_IDX_NORMAL_WB 1
#define MAIR_IDX_NORMAL_NC 2
#define MAIR_IDX_DEVICE_NGNRE 3
#define MAIR_EL1_BOOT                                                          \
	((ARM64_UL(0x00) << (8 * MAIR_IDX_DEVICE_NGNRNE)) |                    \
	 (ARM64_UL(0xff) << (8 * MAIR_IDX_NORMAL_WB)) |                        \
	 (ARM64_UL(0x44) << (8 * MAIR_IDX_NORMAL_NC)) |                        \
	 (ARM64_UL(0x04) << (8 * MAIR_IDX_DEVICE_NGNRE)))

/*
 * TCR_EL1: 48-bit VA through TTBR0 (T0SZ = 16, 4 levels from level 0),
 * 4 KiB granule, walks write-back cacheable and inner shareable; TTBR1
 * walks disabled (EPD1). IPS is filled from ID_AA64MMFR0_EL1.PARange.
 */
#define TCR_T0SZ_48 ARM64_UL(16)
#define TCR_IRGN0_WBWA (ARM64_UL(1) << 8)
#define TCR_ORGN0_WBWA (ARM64_UL(1) << 10)
#define TCR_SH0_INNER (ARM64_UL(3) << 12)
#define TCR_TG0_4K (ARM64_UL(0) << 14)
#define TCR_T1SZ_48 (ARM64_UL(16) << 16)
#define TCR_EPD1 ARM64_BIT(23)
#define TCR_TG1_4K (ARM64_UL(2) << 30)
#define TCR_IPS_SHIFT 32
#define TCR_IPS_MAX ARM64_UL(5) /* 48 bits: the most 4 KiB pages reach */
#define TCR_EL1_BOOT                                                           \
	(TCR_T0SZ_48 | TCR_IRGN0_WBWA | TCR_ORGN0_WBWA | TCR_SH0_INNER |       \
	 TCR_TG0_4K | TCR_T1SZ_48 | TCR_EPD1 | TCR_TG1_4K)

/* VMSAv8-64 descriptors (4 KiB granule). */
#define PTE_TYPE_BLOCK ARM64_UL(1)
#define PTE_TYPE_TABLE ARM64_UL(3)
#define PTE_ATTRIDX(i) (ARM64_UL(i) << 2)
#define PTE_SH_INNER (ARM64_UL(3) << 8)
#define PTE_AF ARM64_BIT(10)
#define PTE_PXN (ARM64_UL(1) << 53)
#define PTE_UXN (ARM64_UL(1) << 54)
#define PTE_L1_BLOCK_SHIFT 30 /* a level 1 block maps 1 GiB */
#define PTE_ENTRIES 512

/* Early identity-map blocks: MMIO and RAM. */
#define PTE_BOOT_DEVICE                                                        \
	(PTE_TYPE_BLOCK | PTE_ATTRIDX(MAIR_IDX_DEVICE_NGNRNE) | PTE_AF |       \
	 PTE_PXN | PTE_UXN)
#define PTE_BOOT_NORMAL                                                        \
	(PTE_TYPE_BLOCK | PTE_ATTRIDX(MAIR_IDX_NORMAL_WB) | PTE_SH_INNER |     \
	 PTE_AF | PTE_UXN)

/* ESR_EL1 exception class. */
#define ESR_EC_SHIFT 26
#define ESR_EC_UNKNOWN 0x00

#ifndef __ASSEMBLER__
#include <stdint.h>

#define arm64_sysreg_read(reg)                                                 \
	({                                                                     \
		uint64_t __v;                                                  \
		__asm__ __volatile__("mrs %0, " #reg : "=r"(__v));             \
		__v;                                                           \
	})

#define arm64_sysreg_write(reg, v)                                             \
	__asm__ __volatile__("msr " #reg ", %0" : : "r"((uint64_t)(v)))

#endif /* !__ASSEMBLER__ */
#endif /* ARM64_SYSREG_H */
