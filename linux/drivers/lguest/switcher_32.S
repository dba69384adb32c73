/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The lguest Switcher: the only code that runs in both
 * worlds.
 *
 * This code is not run where the linker puts it.  At boot, core.c copies
 * everything between lguest_switcher_start and lguest_switcher_end into the
 * Switcher text pages, which live at the same virtual address (permanent
 * fixmap slots at the top of memory) in the Host and in every Guest.  So it
 * must be position independent: only relative jumps, and every data address
 * is computed from the per-CPU "struct lguest_pages" pointer.
 *
 * Entering the Guest (lguest_switch_to_guest), called by core.c with
 * "pushf; lcall" through LGUEST_CS, interrupts off:
 *	%eax = this CPU's struct lguest_pages (Switcher address)
 *	%ebx = physical address of the Guest's shadow page directory
 *	%ecx = this CPU's host page (its address in the Host's map)
 * The pushf + far call leave eflags, cs, eip on the Host stack: an
 * interrupt frame, so the way back is a plain iret.
 *
 * Leaving the Guest: every vector of the IDT in force while the Guest runs
 * points at a stub here.  The CPU switches to the ring-0 stack named in the
 * Guest TSS - the top of this CPU's regs page - and pushes the Guest's ss,
 * esp, eflags, cs, eip (and an error code for some exceptions); the stub
 * pushes the vector; the exit path pushes the general registers.  The
 * result is exactly struct lguest_regs (lg.h) at the end of the regs page.
 *
 * Tour stop 3: changing worlds; read with struct lguest_regs; next: run.c.
 */
#include <linux/linkage.h>
#include <asm/segment.h>
#include <asm/page_types.h>
#include "lg.h"

/* Offsets from the start of struct lguest_pages. */
#define ST(x)		(PAGE_SIZE + LG_ST_##x)
#define REGS		(PAGE_SIZE - LG_REGS_SIZE)
/* The host page, where the bridge maps it: just after the pair. */
#define HS(x)		(2 * PAGE_SIZE + LG_HS_##x)

	.text
SYM_CODE_START(lguest_switcher_start)

SYM_INNER_LABEL(lguest_switch_to_guest, SYM_L_GLOBAL)
	/*
	 * Save what the Host needs back that the C caller cannot: its
	 * segment registers, and %ebp (the frame pointer, which C code
	 * cannot list as clobbered).
	 */
	pushl	%es
	pushl	%ds
	pushl	%gs
	pushl	%fs
	pushl	%ebp
	/*
	 * The Host's LDT selector (0, or its GDT_ENTRY_LDT when the Launcher
	 * has an LDT): the Guest must never run with it, see below.
	 */
	sldt	%edx
	pushl	%edx
	movl	%esp, LG_HS_SP(%ecx)

	/*
	 * From here on the stack is the Guest's register block.  It is a
	 * valid stack in both address spaces, which matters if an NMI
	 * arrives in the middle of the switch.
	 */
	leal	REGS(%eax), %esp

	/*
	 * Load the Guest's GDT, IDT and TSS.  ltr marks the TSS descriptor
	 * busy; the Host cleared that bit in this CPU's copy before calling
	 * us (an ltr of a busy TSS faults).
	 */
	lgdt	ST(GUEST_GDT)(%eax)
	lidt	ST(GUEST_IDT)(%eax)
	/*
	 * The Guest's LDT, or none.  LDTR keeps the descriptor it was
	 * loaded with whatever GDT we switch to: a Launcher's LDT left in it
	 * would let the Guest use that LDT's selectors, a call gate planted
	 * there included, which leads straight into ring 0.  So we always
	 * load it: the selector of the Guest GDT's LDT slot, which describes
	 * the Guest's sanitised LDT (core.c), or 0.
	 */
	movl	ST(GUEST_LDT)(%eax), %edx
	lldt	%dx
	movl	$(GDT_ENTRY_TSS * 8), %edx
	ltr	%dx

	/* Into the Guest's address space.  Our pages are mapped there too. */
	movl	%ebx, %cr3

	/*
	 * Restore the Guest's registers.  If one of its segment selectors
	 * is bad, a pop (or the iret) faults here in ring 0: the stubs spot
	 * that and leave through the exit path with a trap number the Host
	 * recognises (LG_TRAP_SWITCHER_FAULT + vector).
	 */
	popl	%ebx
	popl	%ecx
	popl	%edx
	popl	%esi
	popl	%edi
	popl	%ebp
	popl	%eax
	popl	%gs
	popl	%fs
	popl	%ds
	popl	%es
	/* Skip trapnum and errcode: what is left is an iret frame. */
	addl	$8, %esp
	iret

/*
 * The exit path.  Stubs jump here with the vector and an error code pushed
 * on top of the CPU's frame.
 */
SYM_INNER_LABEL(lguest_exit_common, SYM_L_GLOBAL)
	/*
	 * If the interrupted code was in ring 0, the CPU faulted inside the
	 * Switcher while loading Guest state (above).  The stack is then
	 * not the tidy frame we expect.  Rebuild one at the top of the regs
	 * page: garbage registers, trapnum = LG_TRAP_SWITCHER_FAULT + vector.
	 * The Host only looks at trapnum and kills the Guest.
	 */
	testl	$3, 12(%esp)
	jnz	1f
	movl	(%esp), %edx
	addl	$LG_TRAP_SWITCHER_FAULT, %edx
	movl	%esp, %ecx
	andl	$PAGE_MASK, %ecx
	leal	(PAGE_SIZE - 20)(%ecx), %esp
	pushl	$0
	pushl	%edx
1:
	pushl	%es
	pushl	%ds
	pushl	%fs
	pushl	%gs
	pushl	%eax
	pushl	%ebp
	pushl	%edi
	pushl	%esi
	pushl	%edx
	pushl	%ecx
	pushl	%ebx

	/* Our own data segment, valid in both GDTs. */
	movl	$LGUEST_DS, %eax
	movl	%eax, %ds
	movl	%eax, %es

	/*
	 * The regs block ends the regs page, and the stack is inside it:
	 * rounding down gives this CPU's struct lguest_pages.
	 */
	movl	%esp, %eax
	andl	$PAGE_MASK, %eax

	/*
	 * Back to the Host, by way of this CPU's bridge: only there is the
	 * host page mapped.  Take everything we need from it into
	 * registers (the Guest's are all saved), then load the Host's cr3.
	 */
	movl	ST(BRIDGE_CR3)(%eax), %edx
	movl	%edx, %cr3
	movl	HS(CR3)(%eax), %edx
	movl	HS(SP)(%eax), %ecx
	movl	HS(GDT) - 2(%eax), %ebx
	movl	HS(GDT) + 2(%eax), %esi
	movl	HS(IDT) - 2(%eax), %edi
	movl	HS(IDT) + 2(%eax), %ebp
	movl	%edx, %cr3

	/*
	 * lgdt and lidt want their operands in memory: the free space just
	 * below the Host's saved stack pointer will do.  %ds is still our
	 * flat LGUEST_DS, which the Guest's GDT has too.
	 */
	movl	%ebx, -16(%ecx)
	movl	%esi, -12(%ecx)
	movl	%edi, -8(%ecx)
	movl	%ebp, -4(%ecx)
	lgdt	-14(%ecx)

	/*
	 * The Host's stack, with its own stack segment, and only then the
	 * Host's IDT: until here an NMI still goes to our stub.  The stack
	 * pointer starts below the two pseudo-descriptors, so that an NMI
	 * cannot push its frame over them.
	 */
	movl	$__KERNEL_DS, %edx
	movl	%edx, %ss
	leal	-16(%ecx), %esp
	lidt	10(%esp)
	addl	$16, %esp

	/* The Host's TSS (the Host cleared its busy bit before entry). */
	movl	$(GDT_ENTRY_TSS * 8), %edx
	ltr	%dx

	/* The Host's LDT again, now that its GDT is back. */
	popl	%edx
	lldt	%dx
	popl	%ebp
	popl	%fs
	popl	%gs
	popl	%ds
	popl	%es
	/* Back to the C code that called us, interrupts still off. */
	iret

/*
 * An NMI.  If it interrupted the Guest, leave like any other trap: back in
 * the Host, core.c calls the Host's NMI handler.  If it interrupted the
 * Switcher itself, half way between worlds, there is no leaving: throw
 * away the error code and vector and return at once (the NMI is lost, but
 * the window is a few dozen instructions).  The Host's own handler never
 * runs on the regs page: the exit path loads the Host's IDT only once it
 * is on the Host's stack.
 */
lguest_nmi_stub:
	testl	$3, 12(%esp)
	jnz	lguest_exit_common
	addl	$8, %esp
	iret

/*
 * One stub per vector.  Those whose exception pushes no error code push a
 * 0 so that every frame looks the same.
 */
	.macro	lg_stub vector
.Llg_stub_\vector:
	.if (\vector == 8) || ((\vector >= 10) && (\vector <= 14)) || (\vector == 17)
	.else
	pushl	$0
	.endif
	pushl	$\vector
	.if \vector == 2
	jmp	lguest_nmi_stub
	.else
	jmp	lguest_exit_common
	.endif
	.endm

	.macro	lg_stub_off vector
	.long	.Llg_stub_\vector - lguest_switcher_start
	.endm

SYM_INNER_LABEL(lguest_stubs, SYM_L_GLOBAL)
	.altmacro
	.set	vec, 0
	.rept	256
	.balign	4
	lg_stub	%vec
	.set	vec, vec + 1
	.endr
	.noaltmacro

SYM_INNER_LABEL(lguest_switcher_end, SYM_L_GLOBAL)
SYM_CODE_END(lguest_switcher_start)

/*
 * Where each stub begins, relative to lguest_switcher_start.  This table
 * stays in the kernel image; core.c turns it into Switcher addresses.
 */
	.section .rodata, "a"
	.balign	4
SYM_DATA_START(lguest_stub_offsets)
	.altmacro
	.set	vec, 0
	.rept	256
	lg_stub_off %vec
	.set	vec, vec + 1
	.endr
	.noaltmacro
SYM_DATA_END(lguest_stub_offsets)
