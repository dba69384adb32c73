/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lguest_entry: where an lguest Guest's kernel starts running its own code.
 *
 * The Launcher starts the Guest at startup_32 (arch/x86/kernel/head_32.S)
 * with boot_params.hdr.hardware_subarch set to X86_SUBARCH_LGUEST.  Unlike
 * a boot loader, it starts us in ring 1 with paging already on: the
 * Launcher's page tables map guest-physical memory both at 0 (so the
 * physical addresses startup_32 works with are valid) and at PAGE_OFFSET.
 * startup_32 has skipped everything privileged, cleared the BSS, copied
 * the boot parameters and the command line, built the early page tables
 * and then jumped here, still running at the physical address.
 *
 * From here the Guest has to introduce itself to the Host (the
 * LHCALL_LGUEST_INIT hypercall), switch to initial_page_table, move to the
 * virtual stack and call into C.  That belongs to the Guest boot code,
 * which does not exist yet, so for now this entry only tells the Host why
 * it cannot go on: a Guest kernel built from this tree stops with a clear
 * message instead of faulting somewhere inside startup_32.
 */
#include <linux/linkage.h>
#include <linux/init.h>
#include <linux/lguest.h>
#include <asm/page_types.h>

/* The Host wants guest-physical addresses, and we are not relocatable. */
#define pa(x)	((x) - __PAGE_OFFSET)

	__INIT
SYM_CODE_START(lguest_entry)
	/* Hypercall: number in %eax, first argument in %edx. */
	movl	$LHCALL_CRASH, %eax
	movl	$pa(lguest_entry_msg), %edx
	int	$LGUEST_TRAP_ENTRY
	/*
	 * The Host never resumes a Guest that crashed.  If it did, spinning
	 * is all we can do: "hlt" is a privileged instruction in ring 1.
	 */
1:	jmp	1b
SYM_CODE_END(lguest_entry)

	__INITRODATA
SYM_DATA_START_LOCAL(lguest_entry_msg)
	.asciz	"lguest_entry: booting as an lguest Guest is not implemented yet"
SYM_DATA_END(lguest_entry_msg)
