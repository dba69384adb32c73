/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ldt.S - a Guest's own LDT (LHCALL_LOAD_LDT), abused one way per TEST:
 *
 *   1 too many entries (8193)         killed: "LDT of 8193 entries"
 *   2 a call gate in entry 1          killed: "bad LDT entry 1 ... system"
 *   3 a DPL 0 code segment            killed: "... code of DPL 0"
 *   4 a table in the Switcher's 4 MiB killed: "runs into the Switcher"
 *   5 a table that runs into it       killed: "runs into the Switcher"
 *   6 a page beyond Guest memory      killed: "LDT page at ... not mapped"
 *   7 a table not on a page boundary  killed: "does not start a page"
 *   8 the LDT used as intended, then attacked: our copy changed behind the
 *     Host's back (no effect: the CPU reads the Host's copy, which ring 1
 *     can read where the GDT's LDT descriptor says), the LDT dropped (its
 *     selectors fault).  Prints "ldt: ..." and powers down; crashes
 *     saying what went wrong otherwise.
 *   9 as 8, then a write to the Host's copy  killed: "switcher pages"
 */
#include "lgtest.h"

#define MAGIC		0x1d7c0de5
/* A flat data segment, DPL 3, read/write, not yet accessed. */
#define DATA_LO		0x0000FFFF
#define DATA_HI		0x00CFF200
/* lar's view of it once loaded: the Host sets the accessed bit. */
#define DATA_AR		0x00C0F300

	START
	HCALL	LHCALL_LGUEST_INIT, $PA(lguest_data)
	IDT	11, fault_handler, 0x8E
	IDT	13, fault_handler, 0x8E
	IDT	14, fault_handler, 0x8E
	HCALL	LHCALL_SET_STACK, $KDS, $stack_top, $1

#if TEST == 1
	HCALL	LHCALL_LOAD_LDT, $ldt_table, $8193
#elif TEST == 2
	movl	$DATA_LO, ldt_table
	movl	$DATA_HI, ldt_table + 4
	movl	$0x00500000, ldt_table + 8	/* call gate to 0x50:0 */
	movl	$0x0000EC00, ldt_table + 12
	HCALL	LHCALL_LOAD_LDT, $ldt_table, $2
#elif TEST == 3
	movl	$0x0000FFFF, ldt_table		/* code, DPL 0 */
	movl	$0x00CF9A00, ldt_table + 4
	HCALL	LHCALL_LOAD_LDT, $ldt_table, $1
#elif TEST == 4
	HCALL	LHCALL_LOAD_LDT, $0xFFC00000, $1
#elif TEST == 5
	HCALL	LHCALL_LOAD_LDT, $0xFFBFF000, $1024
#elif TEST == 6
	/* Our own page tables, with a page far beyond our 16 MiB. */
	OWN_PAGETABLE 0x63
	movl	$(0x7F00000 + 0x63), pt1
	HCALL	LHCALL_LOAD_LDT, $0xC0400000, $1
#elif TEST == 7
	HCALL	LHCALL_LOAD_LDT, $ldt_table + 8, $1
#elif TEST == 8 || TEST == 9
	movl	$DATA_LO, ldt_table
	movl	$DATA_HI, ldt_table + 4
	HCALL	LHCALL_LOAD_LDT, $ldt_table, $1

	/* The GDT's LDT slot (17) is loaded, and entry 0 works. */
	sldt	%eax
	cmpw	$0x88, %ax
	je	1f
	CRASH	"sldt is not 0x88 with an LDT"
1:	movl	$7, %eax
	movw	%ax, %fs
	cmpl	$MAGIC, %fs:magic
	je	2f
	CRASH	"LDT entry 0 does not read our data"
2:	movl	$7, %ecx
	lar	%ecx, %eax
	andl	$0x00F0FF00, %eax
	cmpl	$DATA_AR, %eax
	je	3f
	CRASH	"lar of LDT entry 0 is not the data segment"
	/* Our copy turned into a call gate: the CPU still sees data. */
3:	movl	$0x00500000, ldt_table
	movl	$0x0000EC00, ldt_table + 4
	movl	$7, %ecx
	lar	%ecx, %eax
	andl	$0x00F0FF00, %eax
	cmpl	$DATA_AR, %eax
	je	4f
	CRASH	"our own copy of the LDT is what the CPU reads"
	/* The Host's copy, where the GDT's LDT descriptor says it is. */
4:	sgdt	gdtr
	movl	gdtr + 2, %ebx
	movl	0x88(%ebx), %eax		/* base 15..0 in bits 31..16 */
	shrl	$16, %eax
	movl	0x8C(%ebx), %ecx
	movl	%ecx, %edx
	andl	$0xFF000000, %edx
	orl	%edx, %eax
	andl	$0xFF, %ecx
	shll	$16, %ecx
	orl	%ecx, %eax
	movl	%eax, ldt_base
	cmpl	$DATA_LO, (%eax)
	je	5f
	CRASH	"the Host's copy of the LDT is not readable in ring 1"
5:
#if TEST == 9
	movl	$0, (%eax)
	CRASH	"wrote the Host's copy of the LDT"
#endif
	/*
	 * No LDT any more: sldt is 0 and selector 7 faults.  %fs must
	 * not hold it meanwhile: the Host reloads it when it resumes us.
	 */
	xorl	%eax, %eax
	movw	%ax, %fs
	HCALL	LHCALL_LOAD_LDT, $0, $0
	sldt	%eax
	testw	%ax, %ax
	jz	7f
	CRASH	"sldt is not 0 after LOAD_LDT 0"
7:	movl	$2, skip
	movl	$7, %eax
	movw	%ax, %fs			/* 2 bytes */
	cmpl	$1, faults
	je	8f
	CRASH	"selector 7 still loads without an LDT"
8:	PRINT	m_ok
	CRASH	"Power down"

	MSG	m_ok, "ldt: loaded, used, unchanged by our copy, dropped"
#endif
	CRASH	"the Host accepted a bad LDT"

/* A fault: count it and skip the instruction (skip bytes long). */
fault_handler:
	incl	faults
	addl	$4, %esp			/* error code */
	pushl	%eax
	movl	skip, %eax
	addl	%eax, 4(%esp)
	popl	%eax
	iret

	LGUEST_DATA
	.data
faults:	.long	0
skip:	.long	0
magic:	.long	MAGIC
ldt_base: .long	0
gdtr:	.fill	8, 1, 0
	.bss
	.balign	4096
ldt_table:
	.fill	4096, 1, 0
#if TEST == 6
pd:	.fill	4096, 1, 0
pt0:	.fill	4096, 1, 0
pt1:	.fill	4096, 1, 0
#endif
