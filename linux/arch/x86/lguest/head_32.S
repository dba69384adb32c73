/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The lguest Guest's assembly: where its kernel starts running its own
 * code (lguest_entry), and its replacement for iret (lguest_iret).
 *
 * (And lguest_int80, the direct entry for system calls.)
 *
 * lguest_entry.  The Launcher starts the Guest at startup_32
 * (arch/x86/kernel/head_32.S) with boot_params.hdr.hardware_subarch set
 * to X86_SUBARCH_LGUEST.  Unlike a boot loader, it starts us in ring 1
 * with paging already on: the Launcher's page tables map guest-physical
 * memory both at 0 (so the physical addresses startup_32 works with are
 * valid) and at PAGE_OFFSET.  startup_32 has skipped everything
 * privileged, cleared the BSS, copied the boot parameters and the command
 * line, built initial_page_table (the kernel's own identity + PAGE_OFFSET
 * mapping) and then jumped here, still running at the physical address.
 *
 * Tour stop 1, Guest boot: from startup_32 to here; next: boot.c lguest_init().
 */
#include <linux/linkage.h>
#include <linux/init.h>
#include <linux/lguest.h>
#include <asm/asm.h>
#include <asm/page_types.h>
#include <asm/percpu.h>
#include <asm/processor-flags.h>
#include <asm/segment.h>
#include "lg_guest.h"

/* The Host wants guest-physical addresses, and we are not relocatable. */
#define pa(x)	((x) - __PAGE_OFFSET)

#ifdef CONFIG_PARAVIRT_XXL
	__INIT
SYM_CODE_START(lguest_entry)
	/*
	 * The first hypercall must tell the Host where lguest_data is; any
	 * other would kill us.  lguest_data is statically initialised
	 * (noirq window, interrupts off, timer masked, ring empty), and the
	 * Host fills in its part (reserve_mem, tsc_khz, the time) now.
	 */
	movl	$LHCALL_LGUEST_INIT, %eax
	movl	$pa(lguest_data), %edx
	int	$LGUEST_TRAP_ENTRY

	/*
	 * startup_32 pointed page directory entry 1023 at the early fixmap
	 * page table, but in a Guest the top 4 MiB belong to the Host's
	 * Switcher: lguest_init() moves the fixmap below them
	 * (reserve_top_address), so the entry is only a trap for the
	 * unwary.  Clear it before the table is used.
	 */
	movl	$0, pa(initial_page_table + 0xffc)

	/*
	 * Switch to the kernel's own tables now rather than in C: they map
	 * the kernel just like the Launcher's do, so the switch is
	 * invisible to us, and from here on the Host's idea of our cr3 is
	 * what lguest_init() says it is.
	 */
	movl	$LHCALL_NEW_PGTABLE, %eax
	movl	$pa(initial_page_table), %edx
	int	$LGUEST_TRAP_ENTRY

	/*
	 * The initial stack at its virtual address, no frame, and on to C
	 * at the virtual address of lguest_init (a plain "jmp" is relative
	 * and would keep us at the physical alias).
	 */
	movl	pa(initial_stack), %esp
	xorl	%ebp, %ebp
	movl	$lguest_init, %eax
	jmp	*%eax
SYM_CODE_END(lguest_entry)

/*
 * lguest_iret: the end of every return from the kernel, to user mode or
 * to the kernel.  lguest_init() turns the jump at early_lguest_iret_patch
 * (entry_32.S, just before its iret) into a jump here; the stack then
 * holds the iret frame: eip, cs, eflags (and esp, ss when returning to
 * user mode), and every register already holds its final value.
 *
 * In ring 1 with IOPL 0, iret cannot change the real interrupt flag (it
 * stays on; it is the Host's).  The Guest's interrupt flag is
 * lguest_data.irq_enabled, so we copy the frame's IF there before the
 * iret.  Between the copy and the iret an interrupt must not come in: it
 * would be delivered with interrupts "enabled" onto a stack that still
 * holds this frame, and could repeat without bound.  So that stretch is
 * the window [lguest_noirq_iret, lguest_noirq_end) that lguest_data
 * tells the Host it must never interrupt.  %ds may already be the user's
 * segment here, hence the %ss override for lguest_data.
 *
 * A ring-1 iret to a code selector with RPL 0 (a frame built in software
 * with plain __KERNEL_CS) would fault: returning to a more privileged
 * ring is not allowed.  Frames the CPU or the Host builds carry our real
 * RPL 1; to be safe against software-built ones we raise RPL 0 to 1 here.
 * (There is no stack selector to fix: a return to ring 1 does not pop
 * one, and a return to user mode carries user selectors.)
 */
	.pushsection .noinstr.text, "ax"
SYM_CODE_START(lguest_iret)
	pushl	%eax
	/* Now 4(%esp) is eip, 8(%esp) cs, 12(%esp) eflags. */
	testl	$SEGMENT_RPL_MASK, 8(%esp)
	jnz	1f
	orl	$1, 8(%esp)
1:	movl	12(%esp), %eax
	andl	$X86_EFLAGS_IF, %eax
SYM_INNER_LABEL(lguest_noirq_iret, SYM_L_GLOBAL)
	movl	%eax, %ss:lguest_data	/* irq_enabled is at offset 0 */
	popl	%eax
.Llguest_iret:
	iret

/*
 * lguest_int80: where a user's "int $0x80" lands, straight from the CPU.
 * lguest_send_gate() (boot.c) gives the Host a trap gate to here instead
 * of the interrupt gate to entry_INT80_32 that Linux sets, and the Host
 * puts that gate in the real IDT: the CPU switches to our ring-1 stack
 * and pushes the frame itself, with no trip through the Host.  A trap
 * gate leaves the real interrupt flag alone (the Host's interrupts must
 * stay on); what an interrupt gate would have done to ours we do here,
 * first thing and inside the noirq window, so that no virtual interrupt
 * gets in before it.  The frame's eflags carry IF set, as user mode
 * always runs with interrupts on, and our iret restores it.
 */
SYM_INNER_LABEL(lguest_int80, SYM_L_GLOBAL)
	movl	$0, %ss:lguest_data	/* irq_enabled = 0 */
	jmp	entry_INT80_32
SYM_INNER_LABEL(lguest_noirq_end, SYM_L_GLOBAL)

	/*
	 * The iret faulted (a bad user segment, say): we come here through
	 * the exception table with the stack as it was at the iret.  That
	 * is the stack entry_32.S has when its own iret faults, so we share
	 * its handling (asm_iret_error), which treats the fault as an
	 * exception taken with that frame and ends in a signal to the task.
	 * The interrupt flag we just restored is the one of the frame we
	 * failed to return to: turn it off again first, as the CPU does on
	 * an exception.
	 */
.Llguest_iret_fault:
	movl	$0, %ss:lguest_data
	jmp	asm_iret_error

	_ASM_EXTABLE(.Llguest_iret, .Llguest_iret_fault)
SYM_CODE_END(lguest_iret)

/*
 * The interrupt-flag pv ops (see "Interrupts" in boot.c), written here so
 * that each is the one or two instructions it has to be.  Linux calls
 * them as callee-save ops from anywhere, the system call path included:
 * they may change %eax (save_fl's result), %edx and the flags, nothing
 * else.  As C functions they needed a thunk saving %ecx and a frame
 * each, which made every irq_disable or irq_enable around a dozen
 * instructions instead of two; a system call makes several.
 */
SYM_FUNC_START(lguest_save_fl_asm)
	movl	%ss:lguest_data, %eax	/* irq_enabled */
	RET
SYM_FUNC_END(lguest_save_fl_asm)

SYM_FUNC_START(lguest_irq_disable_asm)
	movl	$0, %ss:lguest_data
	RET
SYM_FUNC_END(lguest_irq_disable_asm)

/*
 * Enable, then look at irq_pending (in that order: see boot.c); if an
 * interrupt waits, any hypercall lets the Host deliver it.  FLUSH_ASYNC
 * takes no arguments, so %edx, %ebx and %ecx go as they are, and the
 * Host changes only %eax.
 */
SYM_FUNC_START(lguest_irq_enable_asm)
	movl	$X86_EFLAGS_IF, %ss:lguest_data
	cmpl	$0, %ss:lguest_data + LGUEST_DATA_IRQ_PENDING
	jne	1f
	RET
1:	movl	$LHCALL_FLUSH_ASYNC, %eax
	int	$LGUEST_TRAP_ENTRY
	RET
SYM_FUNC_END(lguest_irq_enable_asm)

/*
 * lguest_cmpxchg8b_emu: this_cpu_cmpxchg8b_emu for a Guest.
 *
 * On i386 every this_cpu_cmpxchg64() is an alternative between a call to
 * this_cpu_cmpxchg8b_emu (arch/x86/lib/cmpxchg8b_emu.S) and the cmpxchg8b
 * instruction.  Until alternatives are applied, late in start_kernel(),
 * the call is what runs, from the first slab allocation on, and the
 * emulation protects itself with pushfl/cli/popfl: cli faults in ring 1.
 * lguest_init() makes that function jump here.  This is the same
 * compare-and-exchange, with the Guest's own interrupt flag saved, cleared
 * and restored instead.  Like the original it reports success in ZF
 * (callers only look at ZF; every x86 asm statement clobbers the flags).
 * In: %edx:%eax the old value, %ecx:%ebx the new one, %esi the per-cpu
 * variable.  Out: ZF, and on failure the current value in %edx:%eax.
 */
SYM_FUNC_START(lguest_cmpxchg8b_emu)
	pushl	%ss:lguest_data
	movl	$0, %ss:lguest_data

	cmpl	__percpu (%esi), %eax
	jne	.Lemu_not_same
	cmpl	__percpu 4(%esi), %edx
	jne	.Lemu_not_same

	movl	%ebx, __percpu (%esi)
	movl	%ecx, __percpu 4(%esi)

	popl	%ss:lguest_data
	cmpl	%eax, %eax		/* ZF = 1: exchanged */
	RET

.Lemu_not_same:
	movl	__percpu (%esi), %eax
	movl	__percpu 4(%esi), %edx

	popl	%ss:lguest_data
	testl	%esp, %esp		/* ZF = 0: the stack pointer is not 0 */
	RET
SYM_FUNC_END(lguest_cmpxchg8b_emu)
	.popsection

#else /* !CONFIG_PARAVIRT_XXL */
/*
 * Without the full set of paravirt hooks (PARAVIRT_XXL, which the lguest
 * patches turn on) boot.c is not built and a Guest cannot run: say so to
 * the Host rather than fault somewhere.  This keeps every step of the
 * patch series buildable.
 */
	__INIT
SYM_CODE_START(lguest_entry)
	movl	$LHCALL_CRASH, %eax
	movl	$pa(lguest_entry_msg), %edx
	int	$LGUEST_TRAP_ENTRY
	/* The Host never resumes a crashed Guest; "hlt" is not ours to use. */
1:	jmp	1b
SYM_CODE_END(lguest_entry)

	__INITRODATA
SYM_DATA_START_LOCAL(lguest_entry_msg)
	.asciz	"lguest_entry: this kernel lacks the paravirt hooks (PARAVIRT_XXL)"
SYM_DATA_END(lguest_entry_msg)
#endif /* CONFIG_PARAVIRT_XXL */
