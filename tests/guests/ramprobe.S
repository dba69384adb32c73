/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ramprobe: uses a window of its memory that its Launcher attacks
 * (lgattack ram-*): guest-physical 8 MiB to 9 MiB, 256 pages.
 *
 * It reads the first word of every page of the window and prints their
 * sum ("ramprobe: sum 00107f80"), says "ramprobe: writing", then forever
 * writes every page, saying "ramprobe: still running" every 16 sweeps.
 * It never ends by itself, and never asks the Host to look at its page
 * tables again (no FLUSH_TLB): once the window is mapped, only the Host
 * noticing the Launcher's change (its MMU notifier) can stop the writes.
 */
#include "lgtest.h"

#define WINDOW		(PAGE_OFFSET + 0x800000)
#define PAGES		256

	MSG	m_writing, "ramprobe: writing"
	MSG	m_running, "ramprobe: still running"

	START
	HCALL	LHCALL_LGUEST_INIT, $PA(lguest_data)
	xorl	%eax, %eax
	movl	$WINDOW, %esi
1:	addl	(%esi), %eax
	addl	$4096, %esi
	cmpl	$(WINDOW + PAGES * 4096), %esi
	jb	1b
	/* "ramprobe: sum XXXXXXXX" */
	movl	$sum_text + 14 + 8, %edi
	movl	$8, %ecx
2:	decl	%edi
	movl	%eax, %edx
	andl	$0xF, %edx
	movb	hexdigits(%edx), %dl
	movb	%dl, (%edi)
	shrl	$4, %eax
	loop	2b
	PRINT	sum_text
	PRINT	m_writing

	xorl	%ebp, %ebp
3:	movl	$WINDOW, %esi
4:	movl	%ebp, (%esi)
	addl	$4096, %esi
	cmpl	$(WINDOW + PAGES * 4096), %esi
	jb	4b
	incl	%ebp
	testl	$15, %ebp
	jnz	3b
	PRINT	m_running
	jmp	3b

	.section .rodata
hexdigits: .ascii "0123456789abcdef"
	.data
sum_text: .ascii "ramprobe: sum XXXXXXXX\n"
	.set	sum_text_len, . - sum_text
	LGUEST_DATA
