/* SPDX-License-Identifier: GPL-2.0 */
/*
 * migrate: a hypercall- and fault-heavy load whose every step is checked,
 * for a Launcher that is moved between Host CPUs all the time.
 *
 * Each of ROUNDS rounds (i, numbers offset by SEED so two Guests differ):
 *  - puts i in %xmm0, %esi, %edi and %ebp;
 *  - writes i into one of 8 pages and maps it at 0xC0400000 with SET_PTE,
 *    not yet accessed, so that the read that checks it faults it in;
 *  - loads a TLS segment whose base depends on i (LOAD_TLS), loads %gs
 *    with it and reads through it;
 *  - runs ud2, which our #UD handler counts and skips;
 *  - checks all of it, and the registers, afterwards.
 * Then "migrate: ... correct" and a clean power off.  Anything wrong:
 * a crash saying what.
 */
#include "lgtest.h"

#define ROUNDS		20000
#define MAPPED		0xC0400000
#define TLS_SEL		(6 * 8 + 3)

	MSG	m_ok, "migrate: 20000 rounds of SET_PTE, faults, LOAD_TLS, ud2 and registers correct"

	START
	HCALL	LHCALL_LGUEST_INIT, $PA(lguest_data)
	OWN_PAGETABLE 0x63
	IDT	6, ud_handler, 0x8E
	/* tlsarea[k] = k + SEED, for a TLS base of tlsarea + 4 k. */
	xorl	%eax, %eax
1:	leal	SEED(%eax), %ecx
	movl	%ecx, tlsarea(, %eax, 4)
	incl	%eax
	cmpl	$256, %eax
	jb	1b

	xorl	%ebx, %ebx
round:
	leal	SEED(%ebx), %eax
	movl	%ebx, i
	movd	%eax, %xmm0
	movl	%eax, %esi
	movl	%eax, %edi
	movl	%eax, %ebp
	/* The page for this round, mapped but not accessed. */
	movl	%ebx, %ecx
	andl	$7, %ecx
	shll	$12, %ecx
	movl	%eax, pages(%ecx)
	leal	PA(pages) + 0x03(%ecx), %ecx
	movl	%ecx, pt1			/* our PTE for MAPPED... */
	HCALL	LHCALL_SET_PTE, $PA(pd), $MAPPED, %ecx
	cmpl	%esi, MAPPED
	je	2f
	CRASH	"migrate: the page mapped by SET_PTE holds the wrong value"
	/* A TLS segment based at tlsarea + 4 (i & 255). */
2:	movl	i, %eax
	andl	$255, %eax
	leal	tlsarea(, %eax, 4), %eax
	movl	%eax, %ecx
	shll	$16, %ecx
	orl	$0xFFFF, %ecx
	movl	%ecx, tls
	movl	%eax, %ecx
	andl	$0xFF000000, %ecx
	shrl	$16, %eax
	andl	$0xFF, %eax
	orl	%eax, %ecx
	orl	$0x00CFF200, %ecx
	movl	%ecx, tls + 4
	HCALL	LHCALL_LOAD_TLS, $PA(tls)
	movl	$TLS_SEL, %eax
	movl	%eax, %gs
	movl	i, %eax
	andl	$255, %eax
	addl	$SEED, %eax
	cmpl	%gs:0, %eax
	je	3f
	CRASH	"migrate: the TLS segment has the wrong base"
	/* A trap of our own. */
3:	ud2
	movl	i, %eax
	incl	%eax
	cmpl	uds, %eax
	je	4f
	CRASH	"migrate: a ud2 was lost or doubled"
4:	cmpl	%esi, %edi
	jne	5f
	cmpl	%esi, %ebp
	jne	5f
	movd	%xmm0, %eax
	cmpl	%esi, %eax
	jne	6f
	movl	i, %ebx
	leal	SEED(%ebx), %eax
	cmpl	%esi, %eax
	jne	5f
	incl	%ebx
	cmpl	$ROUNDS, %ebx
	jb	round
	PRINT	m_ok
	CRASH	"Power down"
5:	CRASH	"migrate: a general register changed"
6:	CRASH	"migrate: %xmm0 changed"

ud_handler:
	incl	uds
	addl	$2, (%esp)
	iret

	.data
	.balign	8
tls:	.fill	3, 8, 0
i:	.long	0
uds:	.long	0
	.balign	4096
pd:	.fill	1024, 4, 0
pt0:	.fill	1024, 4, 0
pt1:	.fill	1024, 4, 0
pages:	.fill	8 * 4096, 1, 0
tlsarea: .fill	1024, 1, 0

	LGUEST_DATA
