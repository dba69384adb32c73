/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ring.S - test guests that abuse the async hypercall ring (the 64 calls
 * a Guest queues in lguest_data for the Host to run at its next exit).
 * Built once per TEST:
 *
 *   FULL   all 64 entries are SEND_DMAs to the console, one character
 *          each: every one leaves the ring for the Launcher in turn, so
 *          lgrun prints the 64 characters in ring order, then
 *          "ring: all out".
 *   INIT   entries 0-9 print characters 0-9, entry 10 is LGUEST_INIT
 *          (fatal), entries 11-63 print the rest: the Guest is killed
 *          after exactly "0123456789" and nothing queued after the INIT
 *          runs.
 *   FLOOD  (lgrun -s FILE) 2000 times: fill the ring with TS, FLUSH_TLB
 *          and SEND_DMAs to a shared key nobody bound, and flush it;
 *          then "ring: flood done".
 */
#include "lgtest.h"

#define T_FULL		1
#define T_INIT		2
#define T_FLOOD		3

#define SHARED_KEY	(0x300000 + 8)
#define DMA_SIZE	100
#define RING		64

	MSG	m_out, "ring: all out"
	MSG	m_flood, "ring: flood done"

	START
	HCALL	LHCALL_LGUEST_INIT, $PA(lguest_data)

#if TEST == T_FULL || TEST == T_INIT
	/* Descriptor i: one section, the i-th character. */
	xorl	%esi, %esi
1:	imull	$DMA_SIZE, %esi, %edi
	leal	PA(chars)(%esi), %eax
	movl	%eax, rdma + 4(%edi)
	movw	$1, rdma + 68(%edi)
	/* Ring entry i: SEND_DMA(0, descriptor i), pending. */
	movl	%esi, %ebx
	shll	$4, %ebx
	movl	$LHCALL_SEND_DMA, lguest_data + LD_HCALLS(%ebx)
	movl	$0, lguest_data + LD_HCALLS + 4(%ebx)
	leal	PA(rdma)(%edi), %eax
	movl	%eax, lguest_data + LD_HCALLS + 8(%ebx)
	incl	%esi
	cmpl	$RING, %esi
	jb	1b
#if TEST == T_INIT
	movl	$LHCALL_LGUEST_INIT, lguest_data + LD_HCALLS + 10 * 16
	movl	$PA(lguest_data), lguest_data + LD_HCALLS + 10 * 16 + 4
#endif
	/*
	 * Only now mark them pending, all in one page we have touched:
	 * the Host drains the ring at any exit (a page fault too), and must
	 * not see half a ring.
	 */
	xorl	%esi, %esi
1:	movb	$0, lguest_data + LD_STATUS(%esi)
	incl	%esi
	cmpl	$RING, %esi
	jb	1b
	HCALL	LHCALL_FLUSH_ASYNC
#if TEST == T_INIT
	CRASH	"survived LGUEST_INIT in the ring"
#endif
	PRINT	m_out

#elif TEST == T_FLOOD
	movl	$PA(msg), txdma + 4
	movw	$1, txdma + 68
	movl	$2000, %ebp
2:	xorl	%esi, %esi
1:	movl	%esi, %ebx
	shll	$4, %ebx
	movl	%esi, %eax
	andl	$3, %eax
	movl	calls(,%eax,4), %eax
	movl	%eax, lguest_data + LD_HCALLS(%ebx)
	movl	$SHARED_KEY, lguest_data + LD_HCALLS + 4(%ebx)
	movl	$PA(txdma), lguest_data + LD_HCALLS + 8(%ebx)
	cmpl	$LHCALL_SEND_DMA, %eax
	je	3f
	movl	$0, lguest_data + LD_HCALLS + 4(%ebx)
3:	movb	$0, lguest_data + LD_STATUS(%esi)
	incl	%esi
	cmpl	$RING, %esi
	jb	1b
	HCALL	LHCALL_FLUSH_ASYNC
	decl	%ebp
	jnz	2b
	PRINT	m_flood
#endif
	CRASH	"Power down"

	.section .rodata
chars:	.ascii	"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz@#"
msg:	.ascii	"x"
	.balign	4
calls:	.long	LHCALL_TS, LHCALL_FLUSH_TLB, LHCALL_SEND_DMA, LHCALL_SEND_DMA

	.data
	.balign	4
txdma:	.fill	DMA_SIZE, 1, 0
rdma:	.fill	RING * DMA_SIZE, 1, 0

	LGUEST_DATA
