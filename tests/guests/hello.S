/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hello.S - a well-behaved test guest that walks through the Host's
 * features one step at a time, printing a line per step, and powers off
 * with CRASH("Power down").  Any surprise crashes with another message.
 *
 * Steps: LGUEST_INIT and the values the Host fills in; int $0x80 from
 * ring 1; a page fault reflected with cr2; LOAD_GDT (DPL 0 kernel
 * descriptors, as Linux writes them); a trip to ring 3 and back through
 * int $0x80; the async hypercall ring; a page table of our own
 * (NEW_PGTABLE, demand faults, SET_PTE, SET_PMD, FLUSH_TLB); the timer
 * interrupt waking a HALT; the FPU.
 */
#include "lgtest.h"

	MSG	m_hello, "hello: LGUEST_INIT done"
	MSG	m_data, "hello: reserve_mem is 4 MiB"
	MSG	m_int80, "hello: int $0x80 from ring 1 ok"
	MSG	m_pf, "hello: page fault reflected, cr2 ok"
	MSG	m_gdt, "hello: LOAD_GDT ok"
	MSG	m_user, "hello: ring 3 and back via int $0x80 ok"
	MSG	m_async, "hello: async hypercall ring ok"
	MSG	m_pgt, "hello: own page table, SET_PTE, SET_PMD ok"
	MSG	m_timer, "hello: timer interrupt woke HALT ok"
	MSG	m_fpu, "hello: FPU ok"
	MSG	m_bye, "hello: powering off"

	START
	HCALL	LHCALL_LGUEST_INIT, $PA(lguest_data)
	PRINT	m_hello
	cmpl	$0x400000, lguest_data + LD_RESERVE_MEM
	je	1f
	CRASH	"reserve_mem wrong"
1:	PRINT	m_data

	/* Handlers. */
	IDT	14, pf_handler, 0x8E
	IDT	0x80, syscall_handler, 0xEE
	IDT	32, timer_handler, 0x8E
	HCALL	LHCALL_SET_STACK, $KDS, $stack_top, $1

	/* int $0x80 in ring 1. */
	int	$0x80
	cmpl	$1, syscalls
	je	1f
	CRASH	"int 0x80 not delivered"
1:	PRINT	m_int80

	/* Touch an address nobody maps: the fault must come back to us. */
	movl	0x40000000, %eax
	cmpl	$1, faults
	je	1f
	CRASH	"page fault not reflected"
1:	cmpl	$0x40000000, fault_cr2
	je	1f
	CRASH	"wrong cr2"
1:	PRINT	m_pf

	/* A full GDT with DPL 0 kernel segments; reload the data segments. */
	HCALL	LHCALL_LOAD_GDT, $PA(gdt), $32
	movl	$KDS, %eax
	movl	%eax, %ds
	movl	%eax, %es
	movl	%eax, %ss
	PRINT	m_gdt

	/*
	 * Our own page directory (the Launcher's maps nothing for user
	 * mode): the first 4 MiB at PAGE_OFFSET, user-accessible.
	 */
	OWN_PAGETABLE 0x67

	/* Into ring 3; the user code comes back with int $0x80. */
	movl	$0x200, lguest_data + LD_IRQ_ENABLED
	pushl	$UDS
	pushl	$user_stack_top
	pushl	$0x202
	pushl	$UCS
	pushl	$user_code
	iret
back_from_user:
	movl	$KDS, %eax
	movl	%eax, %ds
	movl	%eax, %es
	PRINT	m_user

	/* The async ring: queue FLUSH_TLB(0) in slot 0, then FLUSH_ASYNC. */
	movl	$LHCALL_FLUSH_TLB, lguest_data + LD_HCALLS
	movl	$0, lguest_data + LD_HCALLS + 4
	movb	$0, lguest_data + LD_STATUS
	HCALL	LHCALL_FLUSH_ASYNC
	cmpb	$0xFF, lguest_data + LD_STATUS
	je	1f
	CRASH	"async hypercall not run"
1:	PRINT	m_async

	/* Map 0xC0400000 -> the page of "probe" via SET_PTE, then read it. */
	movl	$(PA(probe) + 0x63), pt1
	HCALL	LHCALL_SET_PTE, $PA(pd), $0xC0400000, $(PA(probe) + 0x63)
	cmpl	$0x12345678, 0xC0400000 + (probe - probe_page)
	je	1f
	CRASH	"SET_PTE mapping wrong"
1:	/* Unmap it with SET_PMD on a cleared directory entry: must fault. */
	movl	$0, pd + 769 * 4
	HCALL	LHCALL_SET_PMD, $PA(pd), $769
	movl	faults, %esi
	movl	0xC0400000, %eax
	incl	%esi
	cmpl	%esi, faults
	je	1f
	CRASH	"SET_PMD did not unmap"
1:	HCALL	LHCALL_FLUSH_TLB, $1
	PRINT	m_pgt

	/*
	 * Timer: unmask IRQ 0, 1 ms, HALT.  Interrupts stay disabled until
	 * the HALT (which means "enable interrupts and wait"), as in a real
	 * idle loop: otherwise the tick could arrive before we halt, and
	 * the HALT would wait for a tick that never comes.
	 */
	movl	$0, lguest_data + LD_IRQ_ENABLED
	movl	$0, lguest_data + LD_BLOCKED
	HCALL	LHCALL_SET_CLOCKEVENT, $1000000
	HCALL	LHCALL_HALT
	cmpl	$0, ticks
	jne	1f
	CRASH	"no timer interrupt"
1:	PRINT	m_timer

	/* The FPU: 1 + 1 == 2, and SSE if present does not fault. */
	fninit
	fld1
	fld1
	faddp
	fistpl	fpu_result
	cmpl	$2, fpu_result
	je	1f
	CRASH	"fpu wrong"
1:	PRINT	m_fpu

	PRINT	m_bye
	CRASH	"Power down"

/* Page faults: record cr2, skip the 5-byte "movl addr, %eax". */
pf_handler:
	incl	faults
	pushl	%eax
	movl	lguest_data + LD_CR2, %eax
	movl	%eax, fault_cr2
	popl	%eax
	addl	$4, %esp		/* error code */
	addl	$5, (%esp)
	iret

/*
 * int $0x80: count it; from ring 3 it means "take me back".  Ring 1's
 * selectors have RPL 1, so bit 1 of the saved cs tells user from kernel.
 */
syscall_handler:
	testl	$2, 4(%esp)
	jnz	1f
	incl	syscalls
	iret
1:	movl	$stack_top, %esp
	jmp	back_from_user

timer_handler:
	incl	ticks
	movl	$0x200, lguest_data + LD_IRQ_ENABLED
	iret

/* Ring 3. */
user_code:
	movl	$UDS, %eax
	movl	%eax, %ds
	incl	user_ran
	int	$0x80
	jmp	.

	.data
	.balign	8
gdt:	.quad	0
	.fill	11, 8, 0
	.quad	0x00cf9a000000ffff	/* 12: kernel code, DPL 0 */
	.quad	0x00cf92000000ffff	/* 13: kernel data, DPL 0 */
	.quad	0x00cffa000000ffff	/* 14: user code */
	.quad	0x00cff2000000ffff	/* 15: user data */
	.fill	16, 8, 0
syscalls:	.long 0
faults:		.long 0
fault_cr2:	.long 0
ticks:		.long 0
user_ran:	.long 0
fpu_result:	.long 0
	.balign	4096
probe_page:
probe:	.long	0x12345678
	.balign	4096
pd:	.fill	1024, 4, 0
pt0:	.fill	1024, 4, 0
pt1:	.fill	1024, 4, 0

	LGUEST_DATA
