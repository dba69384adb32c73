/* SPDX-License-Identifier: GPL-2.0 */
/*
 * shadowhog: ask the Host for as many shadow page tables as it will build.
 *
 * Four page directories (as many as the Host caches), each with every
 * entry but the Switcher's pointing at a page table of its own value: in
 * directory k, entries 0-767 and 769-1022 all go through ptx_k, whose
 * 1024 entries all map target_k, which holds k + 1.  Entry 768 maps our
 * own code (guest-physical 0-4 MiB at 0xC0000000).  We switch to each
 * directory in turn and read one word per 4 MiB, so the Host needs a
 * shadow page table for each of the 4 x 1022 entries, twice round, and
 * check that every read sees its own directory's value.  Then we HALT
 * with it all in place until the Launcher is killed.
 *
 * A Host without a bound builds 4 x 1022 shadow page tables (and their
 * companion pages) for us: 32 MiB of Host memory for a Guest that has
 * hardly touched its own 16 MiB.
 */
#include "lgtest.h"

#define NDIRS		4

	MSG	m_ok, "shadowhog: 2 rounds of 4 directories x 1022 tables read back right"

	START
	HCALL	LHCALL_LGUEST_INIT, $PA(lguest_data)

	/* pt0: guest-physical 0-4 MiB, for our code, data and stack. */
	movl	$pt0, %edi
	movl	$0x63, %eax
	movl	$1024, %ecx
1:	stosl
	addl	$4096, %eax
	loop	1b

	/* For each k: target_k holds k + 1; ptx_k and pd_k as above. */
	xorl	%ebx, %ebx
2:	movl	%ebx, %esi
	shll	$12, %esi			/* page offset of number k */
	leal	1(%ebx), %eax
	movl	%eax, target(%esi)
	leal	ptx(%esi), %edi
	leal	PA(target)(%esi), %eax
	orl	$0x67, %eax
	movl	$1024, %ecx
	rep stosl
	leal	pd(%esi), %edi
	leal	PA(ptx)(%esi), %eax
	orl	$0x67, %eax
	movl	$1023, %ecx
	rep stosl
	movl	$(PA(pt0) + 0x67), pd + 768 * 4(%esi)
	incl	%ebx
	cmpl	$NDIRS, %ebx
	jb	2b

	/* Two rounds (%ebp = k): directory k, one read per 4 MiB, must see k + 1. */
	movl	$2, round
3:	xorl	%ebp, %ebp
4:	movl	%ebp, %esi
	shll	$12, %esi
	leal	PA(pd)(%esi), %eax
	HCALL	LHCALL_NEW_PGTABLE, %eax
	leal	1(%ebp), %eax
	xorl	%edi, %edi
5:	cmpl	$(768 << 22), %edi
	je	6f
	cmpl	%eax, (%edi)
	je	6f
	CRASH	"shadowhog: a read saw another directory's page"
6:	addl	$(1 << 22), %edi
	cmpl	$(1023 << 22), %edi
	jb	5b
	incl	%ebp
	cmpl	$NDIRS, %ebp
	jb	4b
	decl	round
	jnz	3b

	PRINT	m_ok
	/* Keep it all until the Launcher is killed. */
7:	HCALL	LHCALL_HALT
	jmp	7b

	.data
round:	.long	0
	LGUEST_DATA
	.bss
	.balign	4096
pt0:	.fill	4096, 1, 0
pd:	.fill	4096 * NDIRS, 1, 0
ptx:	.fill	4096 * NDIRS, 1, 0
target:	.fill	4096 * NDIRS, 1, 0
