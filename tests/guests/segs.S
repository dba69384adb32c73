/* SPDX-License-Identifier: GPL-2.0 */
/*
 * segs: odd segments and bad stacks, one per -DTEST=n.
 *
 *  1 ring2	 lret into a DPL 2 code segment, then a hypercall from
 *		 ring 2: it must be a #GP (the hypercall gate is ring 1's)
 *  2 conforming a user far-jumps into a conforming code segment (which the
 *		 Guest wrote with DPL 0) and tries a hypercall: still ring 3,
 *		 so a #GP
 *  3 sixteen	 a 16-bit code segment runs and comes back; with a 16-bit
 *		 stack segment, a hypercall: what is in the top half of
 *		 %esp after it (the Host's return may only leave its own
 *		 Switcher address there, nothing else of the Host's)
 *  4 expanddown a TLS entry that is an expand-down data segment: reads
 *		 above its limit work, before and after an exit (a CPU
 *		 may #GP below it; QEMU's TCG does not check)
 *  5 badstack	 SET_STACK to an unmapped address, then ud2 in user mode:
 *		 the Host cannot push the trap frame, the Guest dies
 *  6 badstack80 the same with the direct int $0x80 path
 *  7 badss80	 SET_STACK with the kernel code selector as stack segment,
 *		 then a user's int $0x80: the CPU cannot load it; the Guest
 *		 dies, the Host is fine
 *  8 misaligned SET_STACK to a misaligned address, then ud2 in user mode
 *
 * 1-4 end in a clean power off after printing what happened; 5-8 must
 * be killed.
 */
#include "lgtest.h"

#define SLOT_A		20
#define SLOT_B		21
#define SEL(s, rpl)	((s) * 8 + (rpl))

	MSG	m_ring2, "segs: ring 2 hypercall refused with #GP 0xfa"
	MSG	m_conf, "segs: conforming code ran in ring 3, hypercall refused"
	MSG	m_code16, "segs: 16-bit code ran and came back"
	MSG	m_expdown, "segs: expand-down TLS segment read through, before and after an exit"

	START
	HCALL	LHCALL_LGUEST_INIT, $PA(lguest_data)
	OWN_PAGETABLE 0x67
	HCALL	LHCALL_LOAD_GDT, $PA(gdt), $32
	IDT	13, gp_handler, 0x8E
	IDT	6, ud_handler, 0x8E
	HCALL	LHCALL_SET_STACK, $KDS, $stack_top, $1

#if TEST == 1
	movl	$0, %eax
	movl	$0xFFFFF, %edx
	movl	$0x00C0DA00, %ecx	/* code, DPL 2 */
	movl	$gdt + SLOT_A * 8, %edi
	call	mkdesc
	movl	$0, %eax
	movl	$0xFFFFF, %edx
	movl	$0x00C0D200, %ecx	/* data, DPL 2 */
	movl	$gdt + SLOT_B * 8, %edi
	call	mkdesc
	HCALL	LHCALL_LOAD_GDT, $PA(gdt), $32
	movl	$SEL(SLOT_A, 2), want_cs
	pushl	$SEL(SLOT_B, 2)
	pushl	$user_stack_top
	pushl	$SEL(SLOT_A, 2)
	pushl	$1f
	lret
1:	movl	%cs, %eax
	cmpl	$SEL(SLOT_A, 2), %eax
	jne	fail
	movl	$LHCALL_CRASH, %eax
	movl	$PA(t_escaped), %edx
	int	$LGUEST_TRAP_ENTRY
	jmp	fail
#elif TEST == 2
	movl	$0, %eax
	movl	$0xFFFFF, %edx
	movl	$0x00C09E00, %ecx	/* conforming code, DPL 0 */
	movl	$gdt + SLOT_A * 8, %edi
	call	mkdesc
	HCALL	LHCALL_LOAD_GDT, $PA(gdt), $32
	movl	$SEL(SLOT_A, 3), want_cs
	call	to_user
	ljmp	$SEL(SLOT_A, 3), $1f
1:	movl	$LHCALL_CRASH, %eax
	movl	$PA(t_escaped), %edx
	int	$LGUEST_TRAP_ENTRY
	jmp	.
#elif TEST == 3
	/* A 16-bit code segment based at code16. */
	movl	$code16, %eax
	movl	$0xFFFF, %edx
	movl	$0x00009A00, %ecx	/* code, byte granular, 16-bit */
	movl	$gdt + SLOT_A * 8, %edi
	call	mkdesc
	/* A 16-bit stack segment: 64 KiB ending at stack_top. */
	movl	$stack_top - 0x10000, %eax
	movl	$0xFFFF, %edx
	movl	$0x00009200, %ecx	/* data, byte granular, 16-bit */
	movl	$gdt + SLOT_B * 8, %edi
	call	mkdesc
	HCALL	LHCALL_LOAD_GDT, $PA(gdt), $32
	ljmp	$SEL(SLOT_A, 1), $0
back32:	cmpw	$0x1616, %ax
	jne	fail
	PRINT	m_code16
	movl	$SEL(SLOT_B, 1), %eax
	movl	%eax, %ss
	movl	$0x1234FF00, %esp	/* sp 0xFF00: just below stack_top */
	HCALL	LHCALL_FLUSH_ASYNC
	movl	%esp, %esi
	movl	$KDS, %eax
	movl	%eax, %ss
	movl	$stack_top, %esp
	/* "segs: 16-bit stack: esp's top half XXXX after an exit" */
	shrl	$16, %esi
	movl	$esp_text_hex + 4, %edi
	movl	$4, %ecx
2:	decl	%edi
	movl	%esi, %edx
	andl	$0xF, %edx
	movb	hexdigits(%edx), %dl
	movb	%dl, (%edi)
	shrl	$4, %esi
	loop	2b
	PRINT	esp_text
	CRASH	"Power down"
#elif TEST == 4
	/* Expand-down, 4 KiB granular, limit 0xC0000: valid above 0xC0000FFF. */
	movl	$0, %eax
	movl	$0xC0000, %edx
	movl	$0x00C0F600, %ecx
	movl	$tls, %edi
	call	mkdesc
	HCALL	LHCALL_LOAD_TLS, $PA(tls)
	movl	$SEL(6, 3), %eax
	movl	%eax, %fs
	movl	$0x5E6D0A11, probe
	cmpl	$0x5E6D0A11, %fs:probe	/* above the limit */
	jne	fail
	HCALL	LHCALL_FLUSH_ASYNC	/* the Host reloads %fs on the way back */
	movl	%fs, %eax
	cmpl	$SEL(6, 3), %eax
	jne	fail
	cmpl	$0x5E6D0A11, %fs:probe
	jne	fail
	PRINT	m_expdown
	CRASH	"Power down"
#elif TEST >= 5
#if TEST == 5 || TEST == 6
	HCALL	LHCALL_SET_STACK, $KDS, $0xC0F00000, $1
#elif TEST == 7
	HCALL	LHCALL_SET_STACK, $KCS, $stack_top, $1
#else
	HCALL	LHCALL_SET_STACK, $KDS, $(stack_top - 2), $1
#endif
	IDT	10, gp_handler, 0x8E
	IDT	14, ud_handler, 0x8E
	IDT	0x80, gp_handler, 0xEF	/* trap gate, DPL 3: the direct path */
	call	to_user
#if TEST == 5 || TEST == 8
	ud2
#else
	int	$0x80
#endif
	jmp	.
#endif

fail:	CRASH	"segs: not what we expected"

/* Leave for ring 3 at the instruction after the call. */
to_user:
	popl	%eax
	pushl	$UDS
	pushl	$user_stack_top
	pushl	$0x202
	pushl	$UCS
	pushl	%eax
	iret

/*
 * mkdesc: descriptor at (%edi) for base %eax, limit %edx (20 bits) and
 * access/flag bits %ecx (the high word without base or limit).
 */
mkdesc:
	movl	%eax, %ebx
	shll	$16, %ebx
	movw	%dx, %bx
	movl	%ebx, (%edi)
	movl	%eax, %ebx
	andl	$0xFF000000, %ebx
	shrl	$16, %eax
	andl	$0xFF, %eax
	orl	%eax, %ebx
	andl	$0xF0000, %edx
	orl	%edx, %ebx
	orl	%ecx, %ebx
	movl	%ebx, 4(%edi)
	ret

/* #GP: [err][eip][cs]...  The expected ones end the test. */
gp_handler:
	cmpl	$0, expect_gp
	je	1f
	incl	gps
	addl	$4, %esp
	pushl	%eax
	movl	skip, %eax
	addl	%eax, 4(%esp)
	popl	%eax
	iret
1:	cmpl	$0xFA, (%esp)
	jne	fail
	movl	want_cs, %eax
	cmpl	%eax, 8(%esp)
	jne	fail
#if TEST == 1
	PRINT	m_ring2
#else
	PRINT	m_conf
#endif
	CRASH	"Power down"

ud_handler:
	CRASH	"segs: a trap was delivered on a bad stack"

#if TEST == 3
	.code16
code16:	movw	$0x1616, %ax
	ljmpl	$KCS, $back32
	.code32
#endif

	.section .rodata
hexdigits: .ascii "0123456789abcdef"
t_escaped: .asciz "segs: a hypercall from outside ring 1 worked"
	.data
esp_text: .ascii "segs: 16-bit stack: esp's top half "
esp_text_hex: .ascii "XXXX after an exit\n"
	.set	esp_text_len, . - esp_text
want_cs: .long	0
expect_gp: .long 0
gps:	.long	0
skip:	.long	0
probe:	.long	0
	.balign	8
tls:	.fill	3, 8, 0
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
