/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hostile.S - test guests that misbehave.  Built once per test with
 * -DTEST=n; each must be killed by the Host with a clear reason, and the
 * Host must not notice otherwise.  If the Host lets one live, it crashes
 * with "survived" (so the test sees the wrong reason).
 *
 * tests/vm/host-guests.sh lists the expected reason of each.
 */
#include "lgtest.h"

#define T_BAD_HCALL		1	/* hypercall 11 */
#define T_PREINIT		2	/* LOAD_GDT before LGUEST_INIT */
#define T_DOUBLE_INIT		3	/* LGUEST_INIT twice */
#define T_GDT_TOO_MANY		4	/* LOAD_GDT of 33 entries */
#define T_GDT_CALLGATE		5	/* a call gate into ring 0 */
#define T_GDT_DPL0		6	/* DPL 0 code segment, then lret to RPL 0 */
#define T_IDT_BAD_TYPE		7	/* IDT entry that is a call gate */
#define T_PTE_BEYOND		8	/* PTE beyond pfnlimit */
#define T_PTE_SWITCHER		9	/* SET_PTE onto the Switcher */
#define T_TOUCH_SWITCHER	10	/* read the Switcher's address */
#define T_PGD_PSE		11	/* 4 MiB page directory entry */
#define T_SEG_FAULT		12	/* %gs names an entry LOAD_GDT removed */
#define T_USER_SYSENTER		13	/* sysenter from ring 3 */
#define T_USER_HCALL		14	/* int $0x1f from ring 3 */
#define T_BAD_STACK		15	/* SET_STACK with RPL 0 */
#define T_GDT_BADADDR		16	/* LOAD_GDT from outside guest RAM */
#define T_CRASH_BADADDR		17	/* CRASH with a bad pointer */
#define T_PRIV_INSNS		18	/* cli, hlt, mov cr3, lgdt, in/out */
#define T_SPIN			19	/* loops forever: killable by signal */
#define T_HCALL_ASYNC_BAD	20	/* unknown call in the async ring */
#define T_IDT_BAD_VECTOR	21	/* LOAD_IDT_ENTRY for vector 300 */
#define T_NO_HANDLER		22	/* divide by zero, no IDT entry */
#define T_LOAD_TLS_CALLGATE	23	/* LOAD_TLS with a call gate */
#define T_DMA_CROSSES_PAGE	24	/* SEND_DMA of a section over a page end */
#define T_DMA_BIND_OUTSIDE	25	/* BIND_DMA of an array beyond memory */
#define T_DMA_BAD_SEND		26	/* SEND_DMA of a descriptor beyond memory */

	MSG	m_ring1, "hostile: still in ring 1"

	START
#if TEST == T_PREINIT
	HCALL	LHCALL_LOAD_GDT, $PA(gdt), $32
#endif
	HCALL	LHCALL_LGUEST_INIT, $PA(lguest_data)

#if TEST == T_BAD_HCALL
	HCALL	11
#elif TEST == T_DOUBLE_INIT
	HCALL	LHCALL_LGUEST_INIT, $PA(lguest_data)
#elif TEST == T_GDT_TOO_MANY
	HCALL	LHCALL_LOAD_GDT, $PA(gdt), $33
#elif TEST == T_GDT_CALLGATE
	/* Slot 20: 32-bit call gate, DPL 3, to LGUEST_CS:0. */
	movl	$0x00500000, gdt + 20 * 8
	movl	$0x0000EC00, gdt + 20 * 8 + 4
	HCALL	LHCALL_LOAD_GDT, $PA(gdt), $32
	lcall	$(20 * 8 + 1), $0
#elif TEST == T_GDT_DPL0
	/* Slot 20: flat code, DPL 0.  Jump through it and look at %cs. */
	movl	$0x0000FFFF, gdt + 20 * 8
	movl	$0x00CF9A00, gdt + 20 * 8 + 4
	HCALL	LHCALL_LOAD_GDT, $PA(gdt), $32
	ljmp	$(20 * 8), $1f
1:	movl	%cs, %eax
	testl	$3, %eax
	jnz	2f
	CRASH	"REACHED RING 0"
2:	PRINT	m_ring1
	/* Now try to return "to ring 0": #GP, and there is no handler. */
	pushl	$(20 * 8)
	pushl	$3f
	lret
3:	CRASH	"REACHED RING 0 via lret"
#elif TEST == T_IDT_BAD_TYPE
	IDT	14, 0xC0100000, 0x8C
#elif TEST == T_IDT_BAD_VECTOR
	HCALL	LHCALL_LOAD_IDT_ENTRY, $300, $0x00600000, $0xC0108E00
#elif TEST == T_PTE_BEYOND || TEST == T_PTE_SWITCHER || \
	TEST == T_TOUCH_SWITCHER || TEST == T_PGD_PSE
	OWN_PAGETABLE 0x63
#if TEST == T_PTE_BEYOND
	movl	$0xFFFFF063, pt1
	movl	0xC0400000, %eax
#elif TEST == T_PTE_SWITCHER
	HCALL	LHCALL_SET_PTE, $PA(pd), $0xFFC01000, $0x1063
#elif TEST == T_TOUCH_SWITCHER
	movl	$(PA(pt0) + 0x63), pd + 1023 * 4
	movl	0xFFFFF000, %eax
#else
	movl	$(PA(pt1) + 0xE3), pd + 770 * 4
	movl	0xC0800000, %eax
#endif
#elif TEST == T_SEG_FAULT
	/* Slot 20: user data.  Load it into %gs, then remove it. */
	movl	$0x0000FFFF, gdt + 20 * 8
	movl	$0x00CFF200, gdt + 20 * 8 + 4
	HCALL	LHCALL_LOAD_GDT, $PA(gdt), $32
	movl	$(20 * 8 + 3), %eax
	movl	%eax, %gs
	movl	$0, gdt + 20 * 8 + 4
	HCALL	LHCALL_LOAD_GDT, $PA(gdt), $32
#elif TEST == T_USER_SYSENTER || TEST == T_USER_HCALL
	OWN_PAGETABLE 0x67
	HCALL	LHCALL_LOAD_GDT, $PA(gdt), $32
	HCALL	LHCALL_SET_STACK, $KDS, $stack_top, $1
	pushl	$UDS
	pushl	$user_stack_top
	pushl	$0x202
	pushl	$UCS
	pushl	$user_code
	iret
user_code:
#if TEST == T_USER_SYSENTER
	movl	%esp, %ebp
	sysenter
#else
	int	$LGUEST_TRAP_ENTRY
#endif
	jmp	.
#elif TEST == T_BAD_STACK
	HCALL	LHCALL_SET_STACK, $0x68, $stack_top, $1
#elif TEST == T_GDT_BADADDR
	HCALL	LHCALL_LOAD_GDT, $0xFFFFF000, $32
#elif TEST == T_CRASH_BADADDR
	HCALL	LHCALL_CRASH, $0xFFFFFF00
#elif TEST == T_PRIV_INSNS
	/*
	 * With a #GP handler that skips the instruction, each of these must
	 * fault (and the Host survive); the I/O port ones are emulated.
	 */
	IDT	13, gp_handler, 0x8E
	movl	$1, skip
	cli
	movl	$1, skip
	hlt
	movl	$3, skip
	movl	%eax, %cr3
	movl	$7, skip
	lgdt	gdt
	inb	$0x60, %al		/* emulated: no #GP reaches us */
	outb	%al, $0x80
	cmpl	$4, gps
	je	1f
	CRASH	"privileged instructions did not all fault"
1:	/* Finally one with no way out: sti with no handler. */
	HCALL	LHCALL_LOAD_IDT_ENTRY, $13, $0, $0
	sti
#elif TEST == T_SPIN
	jmp	.
#elif TEST == T_HCALL_ASYNC_BAD
	movl	$99, lguest_data + LD_HCALLS
	movb	$0, lguest_data + LD_STATUS
	HCALL	LHCALL_FLUSH_ASYNC
#elif TEST == T_NO_HANDLER
	xorl	%ecx, %ecx
	divl	%ecx
#elif TEST == T_LOAD_TLS_CALLGATE
	movl	$0x00500000, tls + 8
	movl	$0x0000EC00, tls + 12
	HCALL	LHCALL_LOAD_TLS, $PA(tls)
#elif TEST == T_DMA_CROSSES_PAGE
	movl	$0x1FF0, dma + 4
	movw	$0x20, dma + 68
	HCALL	LHCALL_SEND_DMA, $0, $PA(dma)
#elif TEST == T_DMA_BIND_OUTSIDE
	HCALL	LHCALL_BIND_DMA, $0x1000, $0xFFFFF000, $((1 << 8) | 3)
#elif TEST == T_DMA_BAD_SEND
	HCALL	LHCALL_SEND_DMA, $0, $0x7FFFFFF0
#endif
	CRASH	"survived"

gp_handler:
	incl	gps
	addl	$4, %esp
	pushl	%eax
	movl	skip, %eax
	addl	%eax, 4(%esp)
	popl	%eax
	iret

	.data
	.balign	8
gdt:	.fill	12, 8, 0
	.quad	0x00cf9a000000ffff	/* 12: kernel code, DPL 0 */
	.quad	0x00cf92000000ffff	/* 13: kernel data, DPL 0 */
	.quad	0x00cffa000000ffff	/* 14: user code */
	.quad	0x00cff2000000ffff	/* 15: user data */
	.fill	17, 8, 0		/* one more than a GDT holds */
tls:	.fill	3, 8, 0
gps:	.long	0
skip:	.long	0
	.balign	4096
pd:	.fill	1024, 4, 0
pt0:	.fill	1024, 4, 0
pt1:	.fill	1024, 4, 0

	LGUEST_DATA
