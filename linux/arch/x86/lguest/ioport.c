// SPDX-License-Identifier: GPL-2.0
/*
 * I/O ports for user space in an lguest Guest.
 *
 * ioperm() and iopl(3) work in a Guest as anywhere else: the task gets an
 * I/O bitmap (or iopl_emul = 3) and the kernel copies it into its TSS on
 * the way back to user space.  But that TSS is only memory here: the CPU
 * runs the Guest's user space with the Host Switcher's TSS, whose bitmap
 * grants nothing, so every in or out from ring 3 is a general protection
 * fault.  The Guest has no devices behind its ports either.
 *
 * So when the #GP handler finds a user-space in or out on ports the task
 * was granted, it lets us finish the instruction the way a machine with
 * nothing at those ports would: an in reads all ones, an out goes
 * nowhere.  Anything else (a port not granted, a fault on the memory of a
 * string form) is left to the #GP handler, which sends SIGSEGV as a
 * native kernel does for a port not granted.
 *
 * The string forms ins and outs, with or without rep, are done in full
 * when their segment is the flat user data segment.  Two differences from
 * the hardware remain, both for programs that are already broken or very
 * unusual: a string form through any other segment (an LDT segment, or
 * %fs/%gs overrides) gets SIGSEGV, and a string form whose buffer faults
 * part-way gets the #GP's SIGSEGV (si_code SI_KERNEL) with %ecx and the
 * index register stopped at the faulting element, where the hardware
 * would raise a page fault (SEGV_MAPERR/SEGV_ACCERR at that address).
 *
 * Tour stop 5, a trap the Guest finishes itself; next: the Host's side,
 * drivers/lguest/interrupts_and_traps.c.
 */
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/uaccess.h>
#include <asm/insn.h>
#include <asm/insn-eval.h>
#include <asm/io_bitmap.h>
#include <asm/processor.h>
#include <asm/ptrace.h>
#include <asm/segment.h>
#include <asm/traps.h>

/* Has the current task been granted all of [port, port + size)? */
static bool ports_granted(unsigned int port, unsigned int size)
{
	struct thread_struct *t = &current->thread;
	unsigned int i;

	/* The hardware's bitmap ends in a byte of ones: no wrap past 0xffff. */
	if (port + size > IO_BITMAP_BITS)
		return false;
	if (t->iopl_emul == 3)
		return true;
	if (!t->io_bitmap)
		return false;
	/* A set bit denies, as in the hardware's bitmap. */
	for (i = port; i < port + size; i++)
		if (test_bit(i, t->io_bitmap->bitmap))
			return false;
	return true;
}

/* The selector of the segment an instruction's (%esi) operand uses. */
static unsigned long source_segment(struct insn *insn, struct pt_regs *regs)
{
	unsigned long sel = regs->ds;
	insn_byte_t b;
	int i;

	/* The last segment override wins. */
	for_each_insn_prefix(insn, i, b) {
		switch (b) {
		case 0x26:
			sel = regs->es;
			break;
		case 0x2e:
			sel = regs->cs;
			break;
		case 0x36:
			sel = regs->ss;
			break;
		case 0x3e:
			sel = regs->ds;
			break;
		case 0x64:
			sel = regs->fs;
			break;
		case 0x65:
			sel = regs->gs;
			break;
		}
	}
	return sel;
}

/*
 * ins or outs, each element @size bytes: ins stores all ones at %es:%edi,
 * outs reads %ds:%esi (the read can fault, so it is made).  With rep, %ecx
 * elements, counted down as they are done; the registers step by @size
 * in the direction of EFLAGS.DF, in 16 or 32 bits as the address size
 * says.  False if an element's memory faulted: the registers then name it.
 */
static bool string_io(struct insn *insn, struct pt_regs *regs, bool in,
		      unsigned int size)
{
	unsigned long mask = insn->addr_bytes == 2 ? 0xffff : 0xffffffff;
	unsigned long *index = in ? &regs->di : &regs->si;
	unsigned long step = regs->flags & X86_EFLAGS_DF ? -size : size;
	bool rep = insn_has_rep_prefix(insn);
	unsigned long count = rep ? regs->cx & mask : 1, done;
	u32 ones = ~0U, scratch;
	void __user *addr;

	/* Flat segments only: their base is 0 and their limit 4 GiB. */
	if ((in ? regs->es : source_segment(insn, regs)) != __USER_DS)
		return false;

	for (done = 0; done < count; done++) {
		addr = (void __user *)(*index & mask);
		if (in ? copy_to_user(addr, &ones, size) :
			 copy_from_user(&scratch, addr, size))
			return false;
		*index = (*index & ~mask) | ((*index + step) & mask);
		if (rep)
			regs->cx = (regs->cx & ~mask) | ((regs->cx - 1) & mask);
		if (!(done % 1024))
			cond_resched();
	}
	return true;
}

/**
 * lguest_emulate_ioport - finish a user in/out on ports the task may use
 * @regs: the registers of the user-space #GP
 *
 * Called by the #GP handler in a Guest.  Return: true if the instruction
 * was done and @regs moved past it, false if the fault stands.
 */
bool lguest_emulate_ioport(struct pt_regs *regs)
{
	unsigned char buf[MAX_INSN_SIZE];
	unsigned int port, size;
	struct insn insn;
	bool in, str = false;
	int n;
	u8 op;

	if (!user_mode(regs) || v8086_mode(regs))
		return false;
	n = insn_fetch_from_user(regs, buf);
	if (n <= 0 || !insn_decode_from_regs(&insn, regs, buf, n))
		return false;
	if (insn.opcode.nbytes != 1)
		return false;

	op = insn.opcode.bytes[0];
	/* Even opcodes move a byte, odd ones a word or dword. */
	size = op & 1 ? insn.opnd_bytes : 1;
	port = regs->dx & 0xffff;
	switch (op) {
	case 0xe4 ... 0xe7:	/* in/out with the port in an imm8 */
		port = insn.immediate.bytes[0];
		in = op < 0xe6;
		break;
	case 0xec ... 0xef:	/* in/out with the port in %dx */
		in = op < 0xee;
		break;
	case 0x6c ... 0x6f:	/* ins/outs */
		in = op < 0x6e;
		str = true;
		break;
	default:
		return false;
	}
	if (!ports_granted(port, size))
		return false;

	if (str) {
		if (!string_io(&insn, regs, in, size))
			return false;
	} else if (in) {
		/* Nothing answers: the bus reads all ones, as wide as asked. */
		if (size == 4)
			regs->ax = 0xffffffff;
		else
			regs->ax |= size == 2 ? 0xffff : 0xff;
	}
	regs->ip += insn.length;

	/* Single-stepping: the trap the hardware gives after the instruction. */
	if (regs->flags & X86_EFLAGS_TF)
		send_sigtrap(regs, 0, TRAP_TRACE);
	return true;
}
