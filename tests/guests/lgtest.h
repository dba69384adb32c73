/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lgtest.h - helpers for the tiny lguest test guests (assembly).
 *
 * A test guest is linked at PAGE_OFFSET + 1 MiB and loaded at guest-physical
 * 1 MiB; the launcher maps guest RAM both at 0 and at PAGE_OFFSET, and the
 * guest starts at the physical address of _start with paging on, in ring 1,
 * cs = 0x61, ds = es = ss = 0x69, esp = 0.
 */
#ifndef LGTEST_H
#define LGTEST_H

#include <linux/lguest.h>

#define PAGE_OFFSET	0xC0000000
#define PA(x)		((x) - PAGE_OFFSET)
#define KCS		0x61
#define KDS		0x69
#define UCS		0x73
#define UDS		0x7B

/* Offsets in struct lguest_data. */
#define LD_IRQ_ENABLED	0
#define LD_BLOCKED	4
#define LD_CR2		8
#define LD_TIME		12
#define LD_STATUS	20
#define LD_HCALLS	84
#define LD_RESERVE_MEM	1108
#define LD_GUESTID	1112
#define LD_TSC_KHZ	1116

/* A synchronous hypercall: number, then up to three arguments. */
.macro HCALL nr, a1=$0, a2=$0, a3=$0
	movl	\a1, %edx
	movl	\a2, %ebx
	movl	\a3, %ecx
	movl	$\nr, %eax
	int	$LGUEST_TRAP_ENTRY
.endm

/* A message: label, label_len. */
.macro MSG name, text
	.pushsection .rodata
\name:	.ascii "\text\n"
	.set \name\()_len, . - \name
	.popsection
.endm

/* Print a message through SEND_DMA to the console key (0). */
.macro PRINT name
	movl	$0, dma
	movl	$PA(\name), dma + 4
	movw	$\name\()_len, dma + 68
	movw	$0, dma + 70
	HCALL	LHCALL_SEND_DMA, $0, $PA(dma)
.endm

/* Crash with a message: the reason becomes "CRASH: text". */
.macro CRASH text
	.pushsection .rodata
	.balign 4
9999:	.asciz "\text"
	.popsection
	HCALL	LHCALL_CRASH, $PA(9999b)
.endm

/*
 * Install IDT gate vec -> handler with the given type byte (0x8E interrupt
 * gate DPL 0, 0xEE interrupt gate DPL 3, 0x8F trap gate).
 */
.macro IDT vec, handler, type
	movl	$\handler, %ebx
	movl	%ebx, %ecx
	andl	$0xFFFF, %ebx
	orl	$0x00600000, %ebx
	andl	$0xFFFF0000, %ecx
	orl	$(\type << 8), %ecx
	movl	$\vec, %edx
	movl	$LHCALL_LOAD_IDT_ENTRY, %eax
	int	$LGUEST_TRAP_ENTRY
.endm

/*
 * Common start: a stack, jump to the virtual alias, register lguest_data.
 * The guest defines lguest_data (LGUEST_DATA), stack_top and dma (DMA_BUF).
 */
.macro START
	.text
	.globl	_start
_start:
	movl	$stack_top, %esp
	movl	$1f, %eax
	jmp	*%eax
1:
.endm

/*
 * Switch to our own page directory "pd": 0xC0000000-0xC03FFFFF maps
 * guest-physical 0-4 MiB through "pt0" with the given PTE flags (0x63
 * kernel only, 0x67 user too); 0xC0400000 goes through "pt1", initially
 * empty.  The guest defines pd, pt0 and pt1 (page aligned).
 */
.macro OWN_PAGETABLE flags
	movl	$pt0, %edi
	movl	$\flags, %eax
	movl	$1024, %ecx
8888:	movl	%eax, (%edi)
	addl	$4, %edi
	addl	$4096, %eax
	loop	8888b
	movl	$(PA(pt0) + 0x67), pd + 768 * 4
	movl	$(PA(pt1) + 0x67), pd + 769 * 4
	HCALL	LHCALL_NEW_PGTABLE, $PA(pd)
.endm

.macro LGUEST_DATA
	.data
	.balign	4096
	.globl	lguest_data
lguest_data:
	.long	0			/* irq_enabled */
	.long	1			/* blocked_interrupts: timer masked */
	.long	0			/* cr2 */
	.long	0, 0			/* time */
	.fill	64, 1, 0xFF		/* hcall_status: all done */
	.fill	64 * 16, 1, 0		/* hcalls */
	.long	0			/* reserve_mem */
	.short	0, 0			/* guestid */
	.long	0			/* tsc_khz */
	.long	0, 0			/* noirq_start, noirq_end */
	.balign	4
dma:	.fill	100, 1, 0		/* struct lguest_dma for PRINT */
	.bss
	.balign	4096
	.fill	8192, 1, 0
stack_top:
	.fill	4096, 1, 0
user_stack_top:
.endm

#endif
