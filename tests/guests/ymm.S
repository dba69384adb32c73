/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A test guest that looks for other contexts' vector registers in its own,
 * or (built with -DWRITER) fills its own with a pattern and checks that
 * nobody else changes them.
 *
 * With AVX (CPUID and XCR0 say so) the registers are ymm0-7 and only their
 * upper halves matter: FXSAVE does not cover them.  Without AVX they are
 * xmm0-7 (SSE), which a leak would show just the same.
 *
 * The guest goes to sleep 300 times (HALT, woken by its timer), so that
 * whatever else runs on its CPU - ymmhog, another Guest - runs in between.
 * After each wake-up it checks its registers:
 *	reader: no 32-bit word of them is YMM_HOST or YMM_GUEST, the
 *		patterns ymmhog and a writer guest keep in theirs;
 *	writer: every 32-bit word is still YMM_GUEST.
 * Then it powers off, saying how many checks it made; anything else is a
 * CRASH with the reason.
 */
#include "lgtest.h"

#define YMM_HOST	0x484F5354	/* "TSOH" */
#define YMM_GUEST	0x47535421	/* "!TSG" */
#define ROUNDS		300

	MSG	m_avx, "ymm: checking ymm0-7 upper halves (AVX)"
	MSG	m_sse, "ymm: checking xmm0-7 (no AVX here)"
	MSG	m_none, "ymm: no vector registers on this CPU"
#ifdef WRITER
	MSG	m_ok, "ymm: own registers intact after 300 wake-ups"
#else
	MSG	m_ok, "ymm: no foreign state in 300 wake-ups"
#endif

	START
	HCALL	LHCALL_LGUEST_INIT, $PA(lguest_data)
	IDT	32, timer_handler, 0x8E
	movl	$0, lguest_data + LD_BLOCKED
	movl	$0x200, lguest_data + LD_IRQ_ENABLED

	/* Which registers: AVX needs CPUID.1 ECX AVX and OSXSAVE, XCR0 SSE|YMM. */
	movl	$1, %eax
	cpuid
	movl	%ecx, %eax
	andl	$(3 << 27), %eax
	cmpl	$(3 << 27), %eax
	jne	1f
	xorl	%ecx, %ecx
	xgetbv
	andl	$6, %eax
	cmpl	$6, %eax
	jne	1f
	movl	$1, avx
	PRINT	m_avx
	jmp	2f
1:	testl	$(1 << 25), %edx
	jnz	3f
	PRINT	m_none
	CRASH	"Power down"
3:	PRINT	m_sse
2:
#ifdef WRITER
	/* The pattern in every register, both halves. */
	movl	$8, %ecx
	movl	$YMM_GUEST, %eax
	movl	$pattern, %edi
	rep stosl
	cmpl	$0, avx
	je	1f
	vmovdqu	pattern, %ymm0
	vmovdqu	pattern, %ymm1
	vmovdqu	pattern, %ymm2
	vmovdqu	pattern, %ymm3
	vmovdqu	pattern, %ymm4
	vmovdqu	pattern, %ymm5
	vmovdqu	pattern, %ymm6
	vmovdqu	pattern, %ymm7
	jmp	2f
1:	movups	pattern, %xmm0
	movups	pattern, %xmm1
	movups	pattern, %xmm2
	movups	pattern, %xmm3
	movups	pattern, %xmm4
	movups	pattern, %xmm5
	movups	pattern, %xmm6
	movups	pattern, %xmm7
2:
#endif

	movl	$ROUNDS, %esi
round:
	/*
	 * Virtual interrupts off until the HALT (which turns them back on
	 * as it waits), or a timer that fires before it would be taken
	 * first and the HALT would wait forever.
	 */
	movl	$0, lguest_data + LD_IRQ_ENABLED
	HCALL	LHCALL_SET_CLOCKEVENT, $2000000
	HCALL	LHCALL_HALT

	/* Dump the registers (or their upper halves) to seen[0..7]. */
	cmpl	$0, avx
	je	1f
	vextractf128 $1, %ymm0, seen + 0 * 16
	vextractf128 $1, %ymm1, seen + 1 * 16
	vextractf128 $1, %ymm2, seen + 2 * 16
	vextractf128 $1, %ymm3, seen + 3 * 16
	vextractf128 $1, %ymm4, seen + 4 * 16
	vextractf128 $1, %ymm5, seen + 5 * 16
	vextractf128 $1, %ymm6, seen + 6 * 16
	vextractf128 $1, %ymm7, seen + 7 * 16
	jmp	2f
1:	movups	%xmm0, seen + 0 * 16
	movups	%xmm1, seen + 1 * 16
	movups	%xmm2, seen + 2 * 16
	movups	%xmm3, seen + 3 * 16
	movups	%xmm4, seen + 4 * 16
	movups	%xmm5, seen + 5 * 16
	movups	%xmm6, seen + 6 * 16
	movups	%xmm7, seen + 7 * 16
2:
	movl	$seen, %edi
	movl	$32, %ecx
3:	movl	(%edi), %eax
#ifdef WRITER
	cmpl	$YMM_GUEST, %eax
	je	4f
	cmpl	$YMM_HOST, %eax
	jne	5f
	CRASH	"ymm: own registers now hold a Host process's values"
5:	CRASH	"ymm: own registers changed"
#else
	cmpl	$YMM_HOST, %eax
	jne	5f
	CRASH	"ymm leak: a Host process's registers seen"
5:	cmpl	$YMM_GUEST, %eax
	jne	4f
	CRASH	"ymm leak: another Guest's registers seen"
#endif
4:	addl	$4, %edi
	loop	3b

	decl	%esi
	jnz	round
	PRINT	m_ok
	CRASH	"Power down"

/* The timer only wakes us: virtual interrupts back on, return. */
timer_handler:
	movl	$0x200, lguest_data + LD_IRQ_ENABLED
	iret

	.data
	.balign	32
pattern:	.fill	8, 4, 0
seen:		.fill	8 * 16, 1, 0
avx:		.long	0

	LGUEST_DATA
