/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dma.S - test guests for the Host's DMA: BIND_DMA, SEND_DMA, LHREQ_GETDMA
 * and copies between Guests.  Built once per TEST:
 *
 *   LIMITS   LGUEST_MAX_DMA bindings, then the 33rd is refused (BIND_DMA
 *            answers 0); unbinding frees a slot; a bad irq or an empty
 *            array is refused.
 *   ECHO     (lgrun -e) a buffer bound at a private key; what we send to
 *            that key comes back through LHREQ_GETDMA and LHREQ_IRQ; a
 *            second send finds the buffer busy and is refused.
 *   RECV     (lgrun -s FILE) binds two buffers at a key in the shared page
 *            and waits for another Guest's message.
 *   BADRECV  (lgrun -s FILE) binds a buffer that crosses a page: whoever
 *            sends to it gets us killed, not themselves.
 *   SEND     (lgrun -s FILE) sends the message to that key and expects it
 *            taken whole; SEND_NONE expects nobody to take it.
 *
 * Each prints its findings and powers off; a surprise crashes with a reason.
 */
#include "lgtest.h"

#define T_LIMITS	1
#define T_ECHO		2
#define T_RECV		3
#define T_BADRECV	4
#define T_SEND		5
#define T_SEND_NONE	6

/* lgrun -s maps the shared file's first page at this guest-physical page. */
#define SHARED_GPA	0x300000
#define SHARED_KEY	(SHARED_GPA + 8)
#define DMA_IRQ		3
#define DMA_SIZE	100		/* sizeof(struct lguest_dma) */

	MSG	m_limits, "dma: 32 bindings, 33rd refused, unbind and rebind ok"
	MSG	m_echo, "dma: echo through GETDMA and IRQ ok"
	MSG	m_busy, "dma: busy buffer refused"
	MSG	m_ready, "dma: receiver ready"
	MSG	m_got, "dma: receiver got the message"
	MSG	m_sent, "dma: message delivered whole"
	MSG	m_none, "dma: nobody took the message"
	MSG	msg, "a message from one Guest to another, by DMA"

	START
	HCALL	LHCALL_LGUEST_INIT, $PA(lguest_data)
	IDT	32 + DMA_IRQ, irq_handler, 0x8E
	HCALL	LHCALL_SET_STACK, $KDS, $stack_top, $1
	movl	$0, lguest_data + LD_BLOCKED

	/* The message to send, as a one-section buffer. */
	movl	$PA(msg), txdma + 4
	movw	$msg_len, txdma + 68
	/* Two receive buffers of 64 bytes. */
	movl	$PA(rxbuf0), rxdma + 4
	movw	$64, rxdma + 68
	movl	$PA(rxbuf1), rxdma + DMA_SIZE + 4
	movw	$64, rxdma + DMA_SIZE + 68

#if TEST == T_LIMITS
	xorl	%esi, %esi
1:	leal	PA(keys)(,%esi,4), %edx
	movl	$PA(rxdma), %ebx
	movl	$((1 << 8) | DMA_IRQ), %ecx
	movl	$LHCALL_BIND_DMA, %eax
	int	$LGUEST_TRAP_ENTRY
	cmpl	$1, %eax
	je	2f
	CRASH	"a binding below the limit was refused"
2:	incl	%esi
	cmpl	$32, %esi
	jb	1b
	HCALL	LHCALL_BIND_DMA, $PA(keys + 128), $PA(rxdma), $((1 << 8) | DMA_IRQ)
	cmpl	$0, %eax
	je	1f
	CRASH	"33rd binding accepted"
1:	/* Unbind the first (same key, same array): answered 1, then 0. */
	HCALL	LHCALL_BIND_DMA, $PA(keys), $PA(rxdma), $0
	cmpl	$1, %eax
	je	1f
	CRASH	"unbind failed"
1:	HCALL	LHCALL_BIND_DMA, $PA(keys), $PA(rxdma), $0
	cmpl	$0, %eax
	je	1f
	CRASH	"unbind of nothing answered 1"
1:	HCALL	LHCALL_BIND_DMA, $PA(keys + 128), $PA(rxdma), $((1 << 8) | DMA_IRQ)
	cmpl	$1, %eax
	je	1f
	CRASH	"freed slot not reusable"
1:	HCALL	LHCALL_BIND_DMA, $PA(keys), $PA(rxdma), $0
	HCALL	LHCALL_BIND_DMA, $PA(keys), $PA(rxdma), $((1 << 8) | 32)
	cmpl	$0, %eax
	je	1f
	CRASH	"irq 32 accepted"
1:	HCALL	LHCALL_BIND_DMA, $PA(keys), $PA(rxdma), $DMA_IRQ
	cmpl	$0, %eax
	je	1f
	CRASH	"empty array accepted"
1:	PRINT	m_limits

#elif TEST == T_ECHO
	HCALL	LHCALL_BIND_DMA, $PA(keys), $PA(rxdma), $((1 << 8) | DMA_IRQ)
	cmpl	$1, %eax
	je	1f
	CRASH	"echo bind refused"
1:	HCALL	LHCALL_SEND_DMA, $PA(keys), $PA(txdma)
	cmpl	$msg_len, txdma
	je	1f
	CRASH	"lgrun did not take the message"
1:	call	wait_rx
	call	check_rx
	/* The data may have come before we halted: let the irq in now. */
	movl	$0x200, lguest_data + LD_IRQ_ENABLED
	HCALL	LHCALL_FLUSH_ASYNC
	cmpl	$0, irqs
	jne	1f
	CRASH	"no interrupt"
1:	PRINT	m_echo
	/* The buffer is still full: a second send must find no room. */
	HCALL	LHCALL_SEND_DMA, $PA(keys), $PA(txdma)
	cmpl	$0, txdma
	je	1f
	CRASH	"busy buffer filled again"
1:	PRINT	m_busy

#elif TEST == T_RECV || TEST == T_BADRECV
#if TEST == T_BADRECV
	/* 64 bytes from 16 before the end of a page. */
	movl	$(PA(pagebuf) + 4096 - 16), rxdma + 4
#endif
	HCALL	LHCALL_BIND_DMA, $SHARED_KEY, $PA(rxdma), $((2 << 8) | DMA_IRQ)
	cmpl	$1, %eax
	je	1f
	CRASH	"shared bind refused"
1:	PRINT	m_ready
	call	wait_rx
	call	check_rx
	PRINT	m_got

#elif TEST == T_SEND || TEST == T_SEND_NONE
	HCALL	LHCALL_SEND_DMA, $SHARED_KEY, $PA(txdma)
#if TEST == T_SEND
	cmpl	$msg_len, txdma
	je	1f
	CRASH	"message not delivered whole"
1:	PRINT	m_sent
#else
	cmpl	$0, txdma
	je	1f
	CRASH	"message taken"
1:	PRINT	m_none
#endif
#endif
	CRASH	"Power down"

/* HALT until the first receive buffer is filled. */
wait_rx:
	movl	$0, lguest_data + LD_IRQ_ENABLED
	cmpl	$0, rxdma
	jne	1f
	HCALL	LHCALL_HALT
	jmp	wait_rx
1:	ret

/* The first receive buffer must hold exactly the message. */
check_rx:
	cmpl	$msg_len, rxdma
	je	1f
	CRASH	"received length wrong"
1:	movl	$rxbuf0, %edi
	movl	$msg, %esi
	movl	$msg_len, %ecx
	repe cmpsb
	je	1f
	CRASH	"received bytes wrong"
1:	ret

irq_handler:
	incl	irqs
	movl	$0x200, lguest_data + LD_IRQ_ENABLED
	iret

	.data
	.balign	4
irqs:	.long	0
txdma:	.fill	DMA_SIZE, 1, 0
rxdma:	.fill	2 * DMA_SIZE, 1, 0
keys:	.fill	33, 4, 0
rxbuf0:	.fill	64, 1, 0
rxbuf1:	.fill	64, 1, 0
	.balign	4096
pagebuf: .fill	8192, 1, 0

	LGUEST_DATA
