/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pgchurn: NEW_PGTABLE through thousands of distinct page directories.
 *
 * Run with 32 MiB.  The 2048 pages from guest-physical 8 MiB up are each
 * made a page directory: entry 768 maps our code (guest-physical 0-4 MiB
 * at 0xC0000000 through pt0), and entry 0 points at the directory page
 * itself, used as a page table, so virtual address 0 maps the directory
 * and reads its own entry 0: PA(directory) | 0x67, a different value in
 * every directory.  Three rounds switch to every directory and read
 * address 0: 6144 switches to a directory the Host has not cached, each
 * one checked.  Then (-DTEST=n) one bad switch, which must kill us:
 *
 *	1 none: power off cleanly after the churn
 *	2 a directory beyond Guest memory
 *	3 a directory that is not page aligned
 *	4 the Switcher's address (0xFFC00000) as a directory
 *
 * With page_offset 0 (lgrun -P 0) every mapping is a kernel one, which
 * the Host keeps across switches: address 0 may then still show an
 * earlier directory, so that build (-DSHARED) only checks that what it
 * reads is one of our directories.
 */
#include "lgtest.h"

#define NDIRS		2048
#define DIRS_PA		0x800000
#define DIRS_VA		(PAGE_OFFSET + DIRS_PA)

	MSG	m_ok, "pgchurn: 3 rounds of 2048 directories, each read back right"
	MSG	m_bad, "pgchurn: now a bad directory"

	START
	HCALL	LHCALL_LGUEST_INIT, $PA(lguest_data)
	/* pt0: guest-physical 0-4 MiB at 0xC0000000; the directories' own
	 * pages are reached through the linear map lgrun built for us. */
	movl	$pt0, %edi
	movl	$0x63, %eax
	movl	$1024, %ecx
1:	stosl
	addl	$4096, %eax
	loop	1b

	movl	$DIRS_VA, %edi
	movl	$DIRS_PA, %ebx
2:	movl	%ebx, %eax
	orl	$0x67, %eax
	movl	%eax, (%edi)
	movl	$(PA(pt0) + 0x67), 768 * 4(%edi)
	addl	$4096, %edi
	addl	$4096, %ebx
	cmpl	$(DIRS_PA + NDIRS * 4096), %ebx
	jb	2b

	movl	$3, round
3:	movl	$DIRS_PA, %esi
4:	HCALL	LHCALL_NEW_PGTABLE, %esi
	movl	0, %eax
#ifdef SHARED
	movl	%eax, %edx
	andl	$0xFFF, %edx
	cmpl	$0x67, %edx
	jne	5f
	andl	$~0xFFF, %eax
	cmpl	$DIRS_PA, %eax
	jb	5f
	cmpl	$(DIRS_PA + NDIRS * 4096), %eax
	jb	6f
#else
	movl	%esi, %edx
	orl	$0x67, %edx
	cmpl	%edx, %eax
	je	6f
#endif
5:	CRASH	"pgchurn: address 0 shows a page that is none of our directories"
6:	addl	$4096, %esi
	cmpl	$(DIRS_PA + NDIRS * 4096), %esi
	jb	4b
	decl	round
	jnz	3b
	PRINT	m_ok

#if TEST == 1
	CRASH	"Power down"
#else
	PRINT	m_bad
#if TEST == 2
	HCALL	LHCALL_NEW_PGTABLE, $0x7FFFF000
#elif TEST == 3
	HCALL	LHCALL_NEW_PGTABLE, $(DIRS_PA + 4)
#elif TEST == 4
	HCALL	LHCALL_NEW_PGTABLE, $0xFFC00000
#endif
	CRASH	"pgchurn: survived a bad directory"
#endif

	.data
round:	.long	0
	LGUEST_DATA
	.bss
	.balign	4096
pt0:	.fill	4096, 1, 0
