/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A test guest that touches (writes) every page of its first 12 MiB, so
 * the Host pins some 3000 pages for its shadow page tables, then powers
 * off.  Run many times, it shows whether close() releases them all.
 */
#include "lgtest.h"

	MSG	m_ok, "touch: 12 MiB touched"

	START
	HCALL	LHCALL_LGUEST_INIT, $PA(lguest_data)
	movl	$PAGE_OFFSET, %edi
1:	cmpl	$_start, %edi		/* leave our own image alone */
	jae	2f
	movl	%edi, (%edi)
2:	addl	$4096, %edi
	cmpl	$(PAGE_OFFSET + (12 << 20)), %edi
	jb	1b
	/* Read it all back through the shadow mappings. */
	movl	$PAGE_OFFSET, %edi
3:	cmpl	$_start, %edi
	jae	4f
	cmpl	%edi, (%edi)
	je	4f
	CRASH	"memory lost a write"
4:	addl	$4096, %edi
	cmpl	$(PAGE_OFFSET + (12 << 20)), %edi
	jb	3b
	PRINT	m_ok
	CRASH	"Power down"

	LGUEST_DATA
