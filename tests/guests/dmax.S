/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dmax.S - test guests for the hostile suite's DMA classes
 * (tests/hostile/dma-*.sh), driven by lgrun or lgattack.  Built once per
 * TEST:
 *
 *   HIGH     binds one buffer at key 0x80000008, array 0x80000100 (Guest
 *            memory must reach past 2 GiB), says so and powers off; the
 *            Launcher then asks LHREQ_GETDMA for that buffer.
 *   LOW      the same just below 2 GiB: key 0x7FFFF008, array 0x7FFFF100.
 *   BIGBIND  (lgrun -s FILE) binds 65535 buffers at the shared key, then
 *            65 (one past LGUEST_MAX_DMA_BUFS), then 64, and prints what
 *            the Host answered; ends "bigbind: 64 ok".
 *   FULL     (lgrun -s FILE) binds as many buffers as the Host takes
 *            (65535, else 64) at the shared key, every one already full,
 *            prints "receiver ready" and sleeps in HALT until killed.
 *   FULL1    the same with a single (full) buffer.
 *   FLOOD    (lgrun -s FILE) sends 1000 messages to the shared key as fast
 *            as it can, then powers off.
 *   BINDLOOP (lgrun -s FILE) binds two empty buffers at the shared key and
 *            unbinds them again, 3000 times, then powers off.
 *   SINK     (lgrun -s FILE) binds two buffers at the shared key and
 *            empties them as fast as it can, forever: every send finds
 *            room.
 */
#include "lgtest.h"

#define T_HIGH		1
#define T_LOW		2
#define T_BIGBIND	3
#define T_FULL		4
#define T_FLOOD		5
#define T_FULL1		6
#define T_BINDLOOP	7
#define T_SINK		8

#define SHARED_KEY	(0x300000 + 8)	/* in the page lgrun -s shares */
#define DMA_IRQ		3
#define DMA_SIZE	100		/* sizeof(struct lguest_dma) */
#define BIG		65535

	MSG	m_bound, "dmax: bound"
	MSG	m_ready, "dma: receiver ready"
	MSG	m_big, "bigbind: 65535 buffers accepted"
	MSG	m_big65, "bigbind: 65 buffers accepted"
	MSG	m_big_no, "bigbind: 65535 refused, 65 refused"
	MSG	m_64, "bigbind: 64 ok"
	MSG	m_flood, "dmax: flood sent"
	MSG	m_loop, "dmax: bound and unbound 3000 times"
	MSG	msg, "flood"

	START
	HCALL	LHCALL_LGUEST_INIT, $PA(lguest_data)
#if TEST == T_HIGH
	HCALL	LHCALL_BIND_DMA, $0x80000008, $0x80000100, $((1 << 8) | DMA_IRQ)
	PRINT	m_bound
#elif TEST == T_LOW
	HCALL	LHCALL_BIND_DMA, $0x7FFFF008, $0x7FFFF100, $((1 << 8) | DMA_IRQ)
	PRINT	m_bound
#elif TEST == T_BIGBIND
	HCALL	LHCALL_BIND_DMA, $SHARED_KEY, $PA(bigarray), $((BIG << 8) | DMA_IRQ)
	testl	%eax, %eax
	jz	1f
	PRINT	m_big
	HCALL	LHCALL_BIND_DMA, $SHARED_KEY, $PA(bigarray), $0
1:	HCALL	LHCALL_BIND_DMA, $SHARED_KEY, $PA(bigarray), $((65 << 8) | DMA_IRQ)
	testl	%eax, %eax
	jz	1f
	PRINT	m_big65
	HCALL	LHCALL_BIND_DMA, $SHARED_KEY, $PA(bigarray), $0
	jmp	2f
1:	PRINT	m_big_no
2:	HCALL	LHCALL_BIND_DMA, $SHARED_KEY, $PA(bigarray), $((64 << 8) | DMA_IRQ)
	cmpl	$1, %eax
	je	1f
	CRASH	"64 buffers refused"
1:	PRINT	m_64
#elif TEST == T_FULL
	/* Every buffer full: used_len 1. */
	movl	$bigarray, %edi
	movl	$BIG, %ecx
1:	movl	$1, (%edi)
	addl	$DMA_SIZE, %edi
	loop	1b
	HCALL	LHCALL_BIND_DMA, $SHARED_KEY, $PA(bigarray), $((BIG << 8) | DMA_IRQ)
	testl	%eax, %eax
	jnz	1f
	HCALL	LHCALL_BIND_DMA, $SHARED_KEY, $PA(bigarray), $((64 << 8) | DMA_IRQ)
1:	PRINT	m_ready
2:	HCALL	LHCALL_HALT
	jmp	2b
#elif TEST == T_FULL1
	movl	$1, bigarray
	HCALL	LHCALL_BIND_DMA, $SHARED_KEY, $PA(bigarray), $((1 << 8) | DMA_IRQ)
	PRINT	m_ready
2:	HCALL	LHCALL_HALT
	jmp	2b
#elif TEST == T_BINDLOOP || TEST == T_SINK
	movl	$PA(rxbuf), bigarray + 4
	movw	$64, bigarray + 68
	movl	$PA(rxbuf), bigarray + DMA_SIZE + 4
	movw	$64, bigarray + DMA_SIZE + 68
#if TEST == T_BINDLOOP
	movl	$3000, %esi
1:	movl	$0, bigarray
	movl	$0, bigarray + DMA_SIZE
	HCALL	LHCALL_BIND_DMA, $SHARED_KEY, $PA(bigarray), $((2 << 8) | DMA_IRQ)
	cmpl	$1, %eax
	je	2f
	CRASH	"bind refused"
2:	HCALL	LHCALL_BIND_DMA, $SHARED_KEY, $PA(bigarray), $0
	decl	%esi
	jnz	1b
	PRINT	m_loop
#else
	HCALL	LHCALL_BIND_DMA, $SHARED_KEY, $PA(bigarray), $((2 << 8) | DMA_IRQ)
	PRINT	m_ready
1:	movl	$0, bigarray
	movl	$0, bigarray + DMA_SIZE
	jmp	1b
#endif
#elif TEST == T_FLOOD
	movl	$PA(msg), txdma + 4
	movw	$msg_len, txdma + 68
	movl	$1000, %esi
1:	HCALL	LHCALL_SEND_DMA, $SHARED_KEY, $PA(txdma)
	decl	%esi
	jnz	1b
	PRINT	m_flood
#endif
	CRASH	"Power down"

	.data
	.balign	4
txdma:	.fill	DMA_SIZE, 1, 0
rxbuf:	.fill	64, 1, 0
#if TEST != T_HIGH && TEST != T_LOW && TEST != T_FLOOD
	.bss
	.balign	4096
bigarray: .fill	BIG * DMA_SIZE, 1, 0
#endif

	LGUEST_DATA
