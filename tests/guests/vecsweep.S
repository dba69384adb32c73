/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vecsweep: every software interrupt and trap instruction, from the Guest
 * kernel (ring 1) and from a Guest user (ring 3).
 *
 * Every vector has a handler stub, an interrupt gate whose DPL depends on
 * the vector: 3 when v % 3 == 0, 1 when v % 3 == 1, 0 when v % 3 == 2.
 * Then, in ring 1 and again in ring 3, we run "int $v" for each v (but the
 * hypercall vector from ring 1, which is a hypercall), and icebp (0xF1),
 * int3, into with OF set, bound out of range and ud2.  For each we report
 * what arrived: one line
 *
 *	vs RING OP VECTOR ERRCODE EIP-SITE CPL
 *
 * in hex (OP 000-0ff: int $OP; 100 icebp, 101 int3, 102 into, 103 bound,
 * 104 ud2; ERRCODE ffffffff: none pushed; EIP-SITE: where the frame says
 * the trap happened, from the instruction's address; CPL: the ring in the
 * pushed cs).  tests/hostile/vector-sweep.sh says what each must be.  If
 * an instruction does not trap at all, the hlt after it reports #GP with
 * error code 0, which no expected line has.
 */
#include "lgtest.h"

#define NSPECIAL	5

	START
	HCALL	LHCALL_LGUEST_INIT, $PA(lguest_data)
	OWN_PAGETABLE 0x67
	HCALL	LHCALL_LOAD_GDT, $PA(gdt), $32
	HCALL	LHCALL_SET_STACK, $KDS, $stack_top, $1

	/* Vector v goes to stubs + 16 v, DPL by v % 3. */
	xorl	%esi, %esi
1:	movl	%esi, %eax
	xorl	%edx, %edx
	movl	$3, %ecx
	divl	%ecx
	movzbl	gatetype(%edx), %edi
	shll	$8, %edi
	movl	%esi, %eax
	shll	$4, %eax
	addl	$stubs, %eax
	movl	%eax, %ebx
	andl	$0xFFFF, %ebx
	orl	$0x00600000, %ebx
	movl	%eax, %ecx
	andl	$0xFFFF0000, %ecx
	orl	%edi, %ecx
	movl	%esi, %edx
	movl	$LHCALL_LOAD_IDT_ENTRY, %eax
	int	$LGUEST_TRAP_ENTRY
	incl	%esi
	cmpl	$256, %esi
	jb	1b

	movl	$1, ring
next_ring:
	movl	$0, op
next_op:
	movl	op, %eax
	cmpl	$256, %eax
	jae	2f
	cmpl	$1, ring
	jne	1f
	cmpl	$LGUEST_TRAP_ENTRY, %eax
	je	after_op
1:	shll	$3, %eax
	addl	$int_table, %eax
	movl	%eax, entry
	movl	%eax, site
	jmp	3f
2:	subl	$256, %eax
	movl	special_entry(, %eax, 4), %ecx
	movl	%ecx, entry
	movl	special_site(, %eax, 4), %ecx
	movl	%ecx, site
3:	movl	$stack_top, %esp
	cmpl	$1, ring
	jne	4f
	jmp	*entry
4:	pushl	$UDS
	pushl	$user_stack_top
	pushl	$0x202
	pushl	$UCS
	pushl	entry
	iret

/* Every stub pushes its vector; here we take the frame apart. */
common:
	popl	got_vec
	popl	%eax
	movl	site, %edx
	movl	%eax, %ecx
	subl	%edx, %ecx
	cmpl	$16, %ecx
	jb	1f
	/* That was an error code; the eip is next. */
	movl	%eax, got_err
	popl	%eax
	jmp	2f
1:	movl	$0xFFFFFFFF, got_err
2:	subl	%edx, %eax
	movl	%eax, got_delta
	popl	%eax
	andl	$3, %eax
	movl	%eax, got_cpl
	movl	$stack_top, %esp
	call	report
after_op:
	incl	op
	cmpl	$(256 + NSPECIAL), op
	jb	next_op
	cmpl	$3, ring
	je	done
	movl	$3, ring
	jmp	next_ring
done:
	CRASH	"Power down"

/* hex: %eax in %ecx hex digits at %edi, which moves past them. */
hex:
	pushl	%ebx
	movl	%ecx, %ebx
1:	decl	%ebx
	movl	%eax, %edx
	pushl	%ecx
	movl	%ebx, %ecx
	shll	$2, %ecx
	shrl	%cl, %edx
	popl	%ecx
	andl	$0xF, %edx
	movb	hexdigits(%edx), %dl
	movb	%dl, (%edi)
	incl	%edi
	testl	%ebx, %ebx
	jnz	1b
	movb	$' ', (%edi)
	incl	%edi
	popl	%ebx
	ret

/* Print "vs RING OP VECTOR ERRCODE EIP-SITE CPL". */
report:
	movl	$line + 3, %edi
	movl	ring, %eax
	movl	$1, %ecx
	call	hex
	movl	op, %eax
	movl	$3, %ecx
	call	hex
	movl	got_vec, %eax
	movl	$2, %ecx
	call	hex
	movl	got_err, %eax
	movl	$8, %ecx
	call	hex
	movl	got_delta, %eax
	movl	$8, %ecx
	call	hex
	movl	got_cpl, %eax
	movl	$1, %ecx
	call	hex
	movb	$'\n', -1(%edi)
	movl	$0, dma
	movl	$PA(line), dma + 4
	subl	$line, %edi
	movw	%di, dma + 68
	movw	$0, dma + 70
	HCALL	LHCALL_SEND_DMA, $0, $PA(dma)
	ret

/* The instructions, each run from ring 1 and from ring 3. */
	.balign	8
int_table:
	.set	v, 0
	.rept	256
	.balign	8
	.byte	0xCD, v			/* int $v (as "int $3" too, not int3) */
	hlt
	.set	v, v + 1
	.endr

icebp_site:
	.byte	0xF1
	hlt
int3_site:
	int3
	hlt
into_entry:
	movb	$0x7F, %al
	addb	$1, %al			/* sets OF */
into_site:
	.byte	0xCE			/* into */
	hlt
bound_entry:
	movl	$bounds, %eax
	movl	$5, %ecx
bound_site:
	.byte	0x62, 0x08		/* bound %ecx, (%eax): 5 is not in [0, 1] */
	hlt
ud2_site:
	ud2

	.balign	16
stubs:
	.set	v, 0
	.rept	256
	.balign	16
	pushl	$v
	jmp	common
	.set	v, v + 1
	.endr

	.data
	.balign	4
special_entry:
	.long	icebp_site, int3_site, into_entry, bound_entry, ud2_site
special_site:
	.long	icebp_site, int3_site, into_site, bound_site, ud2_site
bounds:	.long	0, 1
ring:	.long	0
op:	.long	0
entry:	.long	0
site:	.long	0
got_vec:	.long	0
got_err:	.long	0
got_delta:	.long	0
got_cpl:	.long	0
gatetype:	.byte	0xEE, 0xAE, 0x8E	/* interrupt gate, DPL 3, 1, 0 */
hexdigits:	.ascii	"0123456789abcdef"
line:	.ascii	"vs "
	.fill	64, 1, 0
	.balign	8
gdt:	.fill	12, 8, 0
	.quad	0x00cf9a000000ffff	/* 12: kernel code, DPL 0 */
	.quad	0x00cf92000000ffff	/* 13: kernel data, DPL 0 */
	.quad	0x00cffa000000ffff	/* 14: user code */
	.quad	0x00cff2000000ffff	/* 15: user data */
	.fill	16, 8, 0
	.balign	4096
pd:	.fill	1024, 4, 0
pt0:	.fill	1024, 4, 0
pt1:	.fill	1024, 4, 0

	LGUEST_DATA
