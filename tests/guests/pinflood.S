/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pinflood: map one Guest page 786432 times.
 *
 * The guest points directory entries 0-767 (all of user space) at one page
 * table (ptx) whose 1024 entries all map one page (target), reads one
 * address per 4 MiB so the Host builds a shadow page table for each, then
 * sends SET_PTE, through the async ring, for every page below 3 GiB: each
 * one remaps target in the shadow, 768 x 1024 shadow PTEs in all.  It
 * reads target back through a few of them, says so, and spins with it all
 * mapped until the Launcher is killed.
 *
 * A Host that pins once per shadow PTE takes 786432 pins of target (each
 * worth 1024 references: a few such Guests overflow its refcount) and
 * holds them all until the Guest goes; ours takes one.
 */
#include "lgtest.h"

#define LAST_PDE	767
#define MAGIC		0x50494E53

	MSG	m_ok, "pinflood: one page mapped 768 x 1024 times, still intact"

	START
	HCALL	LHCALL_LGUEST_INIT, $PA(lguest_data)
	movl	$MAGIC, target

	/* ptx: every entry is target, present, writable, user, A and D. */
	movl	$ptx, %edi
	movl	$(PA(target) + 0x67), %eax
	movl	$1024, %ecx
	rep stosl
	/* All of user space goes through ptx. */
	movl	$pd, %edi
	movl	$(PA(ptx) + 0x67), %eax
	movl	$(LAST_PDE + 1), %ecx
	rep stosl
	OWN_PAGETABLE 0x63

	/* Fault in one address per 4 MiB. */
	xorl	%edi, %edi
1:	cmpl	$MAGIC, (%edi)
	je	2f
	CRASH	"pinflood: target not visible"
2:	addl	$(1 << 22), %edi
	cmpl	$((LAST_PDE + 1) << 22), %edi
	jb	1b

	/* SET_PTE every page, 64 calls per exit. */
	xorl	%edi, %edi
3:	xorl	%ecx, %ecx
4:	movl	%ecx, %eax
	shll	$4, %eax
	movl	$LHCALL_SET_PTE, lguest_data + LD_HCALLS(%eax)
	movl	$PA(pd), lguest_data + LD_HCALLS + 4(%eax)
	movl	%edi, lguest_data + LD_HCALLS + 8(%eax)
	movl	$(PA(target) + 0x67), lguest_data + LD_HCALLS + 12(%eax)
	movb	$0, lguest_data + LD_STATUS(%ecx)
	addl	$4096, %edi
	incl	%ecx
	cmpl	$64, %ecx
	jb	4b
	HCALL	LHCALL_FLUSH_ASYNC
	cmpl	$((LAST_PDE + 1) << 22), %edi
	jb	3b

	/* Still the same page, here and there. */
	movl	$0x1000, %edi
5:	cmpl	$MAGIC, (%edi)
	je	6f
	CRASH	"pinflood: target lost after the flood"
6:	addl	$((1 << 22) + 4096 * 7), %edi
	cmpl	$((LAST_PDE + 1) << 22), %edi
	jb	5b
	PRINT	m_ok
	/* Keep it all mapped until the Launcher is killed. */
7:	jmp	7b

	LGUEST_DATA
	.bss
	.balign	4096
pd:	.fill	4096, 1, 0
pt0:	.fill	4096, 1, 0
pt1:	.fill	4096, 1, 0
ptx:	.fill	4096, 1, 0
target:	.fill	4096, 1, 0
