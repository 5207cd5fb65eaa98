import sys
# Emits LLVM IR: Math.min/max candidate lowerings as alwaysinline functions, and three loops per candidate.
# minimum: llvm.minimum/maximum (Kiln before); hsblend: HotSpot's blend on the sign, then one min/max and a NaN
# fix-up; hsblend2: the same with the sign from copysign; eqfix / numfix: compare-select (or minnum) with the tie
# and NaN fix-ups as selects; and2: AND/OR of min(a,b) and min(b,a); zs1/zs2: swap only on -0.0; branch, branch2,
# branch3: ordered-and-unequal fast path, cold path llvm.minimum / hsblend / bits-and-sum. branch3 is
# FloatOps.minMaxBody.
T = sys.argv[1] if len(sys.argv) > 1 else "double"
I = "i64" if T == "double" else "i32"
S = "f64" if T == "double" else "f32"

def v_minimum(op):
    f = "minimum" if op == "min" else "maximum"
    return f"  %r = call {T} @llvm.{f}.{S}({T} %a, {T} %b)\n  ret {T} %r\n"

def v_hsblend(op):
    # HotSpot: blend operands on the sign of a (min) / b (max), one min/max instruction, NaN fix-up on the first.
    s = "%a" if op == "min" else "%b"
    cmp = "olt" if op == "min" else "ogt"
    return f"""  %si = bitcast {T} {s} to {I}
  %neg = icmp slt {I} %si, 0
  %x = select i1 %neg, {T} %b, {T} %a
  %y = select i1 %neg, {T} %a, {T} %b
  %c = fcmp {cmp} {T} %x, %y
  %t = select i1 %c, {T} %x, {T} %y
  %n = fcmp uno {T} %x, %x
  %r = select i1 %n, {T} %x, {T} %t
  ret {T} %r
"""

def v_eqfix(op):
    cmp = "olt" if op == "min" else "ogt"
    bit = "or" if op == "min" else "and"
    return f"""  %c = fcmp {cmp} {T} %a, %b
  %t = select i1 %c, {T} %a, {T} %b
  %e = fcmp oeq {T} %a, %b
  %ai = bitcast {T} %a to {I}
  %bi = bitcast {T} %b to {I}
  %zi = {bit} {I} %ai, %bi
  %z = bitcast {I} %zi to {T}
  %r1 = select i1 %e, {T} %z, {T} %t
  %n = fcmp uno {T} %a, %a
  %r = select i1 %n, {T} %a, {T} %r1
  ret {T} %r
"""

def v_numfix(op):
    f = "minnum" if op == "min" else "maxnum"
    bit = "or" if op == "min" else "and"
    return f"""  %t = call {T} @llvm.{f}.{S}({T} %a, {T} %b)
  %e = fcmp oeq {T} %a, %b
  %ai = bitcast {T} %a to {I}
  %bi = bitcast {T} %b to {I}
  %zi = {bit} {I} %ai, %bi
  %z = bitcast {I} %zi to {T}
  %r1 = select i1 %e, {T} %z, {T} %t
  %n = fcmp uno {T} %a, %b
  %q = fadd {T} %a, %b
  %r = select i1 %n, {T} %q, {T} %r1
  ret {T} %r
"""

def v_branch(op):
    f = "minimum" if op == "min" else "maximum"
    cmp = "olt" if op == "min" else "ogt"
    return f"""  %u = fcmp one {T} %a, %b
  br i1 %u, label %fast, label %slow, !prof !0
fast:
  %c = fcmp {cmp} {T} %a, %b
  %t = select i1 %c, {T} %a, {T} %b
  ret {T} %t
slow:
  %r = call {T} @llvm.{f}.{S}({T} %a, {T} %b)
  ret {T} %r
"""


def v_hsblend2(op):
    s = "%a" if op == "min" else "%b"
    cmp = "olt" if op == "min" else "ogt"
    return f"""  %sg = call {T} @llvm.copysign.{S}({T} 1.0, {T} {s})
  %neg = fcmp olt {T} %sg, 0.0
  %x = select i1 %neg, {T} %b, {T} %a
  %y = select i1 %neg, {T} %a, {T} %b
  %c = fcmp {cmp} {T} %x, %y
  %t = select i1 %c, {T} %x, {T} %y
  %n = fcmp uno {T} %x, %x
  %r = select i1 %n, {T} %x, {T} %t
  ret {T} %r
"""

def v_branch2(op):
    cmp = "olt" if op == "min" else "ogt"
    return f"""  %u = fcmp one {T} %a, %b
  br i1 %u, label %fast, label %slow, !prof !0
fast:
  %c = fcmp {cmp} {T} %a, %b
  %t = select i1 %c, {T} %a, {T} %b
  ret {T} %t
slow:
""" + v_hsblend(op).replace("%c ", "%c2 ").replace("%c,", "%c2,").replace("%t ", "%t2 ").replace("%t\n", "%t2\n")

def v_and2(op):
    cmp = "olt" if op == "min" else "ogt"
    bit = "or" if op == "min" else "and"
    return f"""  %c1 = fcmp {cmp} {T} %a, %b
  %t1 = select i1 %c1, {T} %a, {T} %b
  %c2 = fcmp {cmp} {T} %b, %a
  %t2 = select i1 %c2, {T} %b, {T} %a
  %i1 = bitcast {T} %t1 to {I}
  %i2 = bitcast {T} %t2 to {I}
  %zi = {bit} {I} %i1, %i2
  %z = bitcast {I} %zi to {T}
  %n = fcmp uno {T} %a, %b
  %q = fadd {T} %a, %b
  %r = select i1 %n, {T} %q, {T} %z
  ret {T} %r
"""


def zs(op, intnan):
    # swap only when the operand is exactly -0.0 (rare, so a predictable branch in scalar code)
    s = "%a" if op == "min" else "%b"
    cmp = "olt" if op == "min" else "ogt"
    negz = "-9223372036854775808" if I == "i64" else "-2147483648"
    absm = "9223372036854775807" if I == "i64" else "2147483647"
    inf = "9218868437227405312" if I == "i64" else "2139095040"
    nan = (f"""  %xi = bitcast {T} %x to {I}
  %xa = and {I} %xi, {absm}
  %n = icmp ugt {I} %xa, {inf}
""" if intnan else f"  %n = fcmp uno {T} %x, %x\n")
    return f"""  %si = bitcast {T} {s} to {I}
  %neg = icmp eq {I} %si, {negz}
  %x = select i1 %neg, {T} %b, {T} %a
  %y = select i1 %neg, {T} %a, {T} %b
  %c = fcmp {cmp} {T} %x, %y
  %t = select i1 %c, {T} %x, {T} %y
""" + nan + f"""  %r = select i1 %n, {T} %x, {T} %t
  ret {T} %r
"""
def v_zs1(op): return zs(op, False)
def v_zs2(op): return zs(op, True)
def v_branch3(op):
    cmp = "olt" if op == "min" else "ogt"
    bit = "or" if op == "min" else "and"
    return f"""  %u = fcmp one {T} %a, %b
  br i1 %u, label %fast, label %slow, !prof !0
fast:
  %c = fcmp {cmp} {T} %a, %b
  %t = select i1 %c, {T} %a, {T} %b
  ret {T} %t
slow:
  %ai = bitcast {T} %a to {I}
  %bi = bitcast {T} %b to {I}
  %zi = {bit} {I} %ai, %bi
  %z = bitcast {I} %zi to {T}
  %n = fcmp uno {T} %a, %b
  %q = fadd {T} %a, %b
  %r = select i1 %n, {T} %q, {T} %z
  ret {T} %r
"""
V = {"minimum": v_minimum, "hsblend": v_hsblend, "eqfix": v_eqfix, "numfix": v_numfix, "branch": v_branch,
     "hsblend2": v_hsblend2, "branch2": v_branch2, "and2": v_and2, "zs1": v_zs1, "zs2": v_zs2, "branch3": v_branch3}

print(f"""declare {T} @llvm.minimum.{S}({T}, {T})
declare {T} @llvm.maximum.{S}({T}, {T})
declare {T} @llvm.minnum.{S}({T}, {T})
declare {T} @llvm.maxnum.{S}({T}, {T})
declare {T} @llvm.copysign.{S}({T}, {T})
!0 = !{{!"branch_weights", i32 2000, i32 1}}
""")
for name, fn in V.items():
    for op in ("min", "max"):
        print(f"define internal {T} @{op}_{name}({T} %a, {T} %b) alwaysinline {{\nentry:\n{fn(op)}}}\n")
    for loop, fl in (("red", ""), ("redfast", "reassoc contract ")):
        print(f"""define {T} @{loop}_{name}(ptr noalias %x, i32 %n, {T} %lo, {T} %hi) {{
entry:
  %z = icmp sle i32 %n, 0
  br i1 %z, label %exit0, label %loop
loop:
  %i = phi i32 [0, %entry], [%i1, %loop]
  %s = phi {T} [0.0, %entry], [%s1, %loop]
  %p = getelementptr {T}, ptr %x, i32 %i
  %v = load {T}, ptr %p
  %a = call {T} @max_{name}({T} %v, {T} %lo)
  %b = call {T} @min_{name}({T} %a, {T} %hi)
  %s1 = fadd {fl}{T} %s, %b
  %i1 = add i32 %i, 1
  %c = icmp slt i32 %i1, %n
  br i1 %c, label %loop, label %exit
exit:
  ret {T} %s1
exit0:
  ret {T} 0.0
}}
""")
    print(f"""define void @store_{name}(ptr noalias %x, ptr noalias %o, i32 %n, {T} %lo, {T} %hi) {{
entry:
  %z = icmp sle i32 %n, 0
  br i1 %z, label %exit, label %loop
loop:
  %i = phi i32 [0, %entry], [%i1, %loop]
  %p = getelementptr {T}, ptr %x, i32 %i
  %v = load {T}, ptr %p
  %a = call {T} @max_{name}({T} %v, {T} %lo)
  %b = call {T} @min_{name}({T} %a, {T} %hi)
  %q = getelementptr {T}, ptr %o, i32 %i
  store {T} %b, ptr %q
  %i1 = add i32 %i, 1
  %c = icmp slt i32 %i1, %n
  br i1 %c, label %loop, label %exit
exit:
  ret void
}}
""")
