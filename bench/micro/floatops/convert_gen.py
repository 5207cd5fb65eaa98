# Emits LLVM IR: (int)/(long) of double candidate lowerings and four loops per candidate. sat: llvm.fptosi.sat
# (Kiln before); cvtt: x86's cvttsd2si with a cold fix-up when it returns MIN_VALUE (HotSpot's pattern; a target
# intrinsic, so no vectorising); range: branch on |x| < 2^31 to fptosi, else fptosi.sat; range2: the same with the
# saturation as selects; rsel: range2 without the branch; rclamp: range branch, clamp on the cold path; clamp:
# clamp into [-2^N, 2^N) (NaN to 0), fptosi, then MAX_VALUE for x >= 2^N; clamp2: double to int clamps to 2^31-1.
# clamp2 (double to int) and clamp (the rest) are FloatOps.conversion.
out=['declare i32 @llvm.fptosi.sat.i32.f64(double)','declare i64 @llvm.fptosi.sat.i64.f64(double)',
'declare double @llvm.fabs.f64(double)','declare i32 @llvm.x86.sse2.cvttsd2si(<2 x double>)','declare i64 @llvm.x86.sse2.cvttsd2si64(<2 x double>)']
def body(v, it):
    lim = "0x41E0000000000000" if it=="i32" else "0x43E0000000000000"  # 2^31, 2^63
    mn = "-2147483648" if it=="i32" else "-9223372036854775808"
    s = "f64"
    if v=="sat":
        return f"  %r = call {it} @llvm.fptosi.sat.{it}.{s}(double %x)\n  ret {it} %r\n"
    if v=="range":
        return f"""  %ax = call double @llvm.fabs.f64(double %x)
  %in = fcmp olt double %ax, {lim}
  br i1 %in, label %fast, label %slow, !prof !{{!"branch_weights", i32 2000, i32 1}}
fast:
  %f = fptosi double %x to {it}
  ret {it} %f
slow:
  %r = call {it} @llvm.fptosi.sat.{it}.{s}(double %x)
  ret {it} %r
"""
    if v=="range2":
        mx = "2147483647" if it=="i32" else "9223372036854775807"
        return f"""  %ax = call double @llvm.fabs.f64(double %x)
  %in = fcmp olt double %ax, {lim}
  br i1 %in, label %fast, label %slow, !prof !{{!"branch_weights", i32 2000, i32 1}}
fast:
  %f = fptosi double %x to {it}
  ret {it} %f
slow:
  %pos = fcmp ogt double %x, 0.0
  %sat = select i1 %pos, {it} {mx}, {it} {mn}
  %nan = fcmp uno double %x, 0.0
  %sat2 = select i1 %nan, {it} 0, {it} %sat
  ret {it} %sat2
"""
    if v=="clamp":
        mx = "2147483647" if it=="i32" else "9223372036854775807"
        nlim = "0xC1E0000000000000" if it=="i32" else "0xC3E0000000000000"
        return f"""  %big = fcmp uge double %x, {lim}
  %low = fcmp olt double %x, {nlim}
  %c0 = select i1 %low, double {nlim}, double %x
  %c = select i1 %big, double 0.0, double %c0
  %t = fptosi double %c to {it}
  %pos = fcmp oge double %x, {lim}
  %r = select i1 %pos, {it} {mx}, {it} %t
  ret {it} %r
"""
    if v=="rclamp":
        mx = "2147483647" if it=="i32" else "9223372036854775807"
        nlim = "0xC1E0000000000000" if it=="i32" else "0xC3E0000000000000"
        return f"""  %ax = call double @llvm.fabs.f64(double %x)
  %in = fcmp olt double %ax, {lim}
  br i1 %in, label %fast, label %slow, !prof !{{!"branch_weights", i32 2000, i32 1}}
fast:
  %f = fptosi double %x to {it}
  ret {it} %f
slow:
  %big = fcmp uge double %x, {lim}
  %low = fcmp olt double %x, {nlim}
  %c0 = select i1 %low, double {nlim}, double %x
  %c = select i1 %big, double 0.0, double %c0
  %t = fptosi double %c to {it}
  %pos = fcmp oge double %x, {lim}
  %r = select i1 %pos, {it} {mx}, {it} %t
  ret {it} %r
"""
    if v=="clamp2":
        if it=="i64": return body("clamp", it)
        return f"""  %low = fcmp olt double %x, -2147483648.0
  %c0 = select i1 %low, double -2147483648.0, double %x
  %high = fcmp ogt double %c0, 2147483647.0
  %c1 = select i1 %high, double 2147483647.0, double %c0
  %nan = fcmp uno double %x, 0.0
  %c = select i1 %nan, double 0.0, double %c1
  %t = fptosi double %c to {it}
  ret {it} %t
"""
    if v=="rsel":
        mx = "2147483647" if it=="i32" else "9223372036854775807"
        return f"""  %ax = call double @llvm.fabs.f64(double %x)
  %in = fcmp olt double %ax, {lim}
  %f = fptosi double %x to {it}
  %pos = fcmp ogt double %x, 0.0
  %sat = select i1 %pos, {it} {mx}, {it} {mn}
  %nan = fcmp uno double %x, 0.0
  %sat2 = select i1 %nan, {it} 0, {it} %sat
  %r = select i1 %in, {it} %f, {it} %sat2
  ret {it} %r
"""
    if v=="cvtt":
        fn = "cvttsd2si" if it=="i32" else "cvttsd2si64"
        return f"""  %v = insertelement <2 x double> undef, double %x, i32 0
  %f = call {it} @llvm.x86.sse2.{fn}(<2 x double> %v)
  %bad = icmp eq {it} %f, {mn}
  br i1 %bad, label %slow, label %fast, !prof !{{!"branch_weights", i32 1, i32 2000}}
fast:
  ret {it} %f
slow:
  %r = call {it} @llvm.fptosi.sat.{it}.{s}(double %x)
  ret {it} %r
"""
for v in ("sat","range","cvtt","rsel","range2","clamp","rclamp","clamp2"):
  for it in ("i32","i64"):
    n=f"{v}_{it}"
    out.append(f"define internal {it} @cv_{n}(double %x) alwaysinline {{\nentry:\n{body(v,it)}}}")
    # histogram-like: scalar (scatter)
    out.append(f"""define void @hist_{n}(ptr noalias %x, i32 %n, double %lo, double %scale, ptr noalias %cnt, i32 %bins) {{
entry:
  %z = icmp sle i32 %n, 0
  br i1 %z, label %exit, label %loop
loop:
  %i = phi i32 [0, %entry], [%i1, %cont]
  %p = getelementptr double, ptr %x, i32 %i
  %v = load double, ptr %p
  %d = fsub double %v, %lo
  %m = fmul double %d, %scale
  %b0 = call {it} @cv_{n}(double %m)
  %b = {"add i32 %b0, 0" if it=="i32" else "trunc i64 %b0 to i32"}
  %neg = icmp slt i32 %b, 0
  %b1 = select i1 %neg, i32 0, i32 %b
  %big = icmp sge i32 %b1, %bins
  %bm = add i32 %bins, -1
  %b2 = select i1 %big, i32 %bm, i32 %b1
  %q = getelementptr i32, ptr %cnt, i32 %b2
  %c0 = load i32, ptr %q
  %c1 = add i32 %c0, 1
  store i32 %c1, ptr %q
  br label %cont
cont:
  %i1 = add i32 %i, 1
  %c = icmp slt i32 %i1, %n
  br i1 %c, label %loop, label %exit
exit:
  ret void
}}
define void @store_{n}(ptr noalias %x, ptr noalias %o, i32 %n) {{
entry:
  %z = icmp sle i32 %n, 0
  br i1 %z, label %exit, label %loop
loop:
  %i = phi i32 [0, %entry], [%i1, %loop]
  %p = getelementptr double, ptr %x, i32 %i
  %v = load double, ptr %p
  %m = fmul double %v, 1000.0
  %r = call {it} @cv_{n}(double %m)
  %q = getelementptr {it}, ptr %o, i32 %i
  store {it} %r, ptr %q
  %i1 = add i32 %i, 1
  %c = icmp slt i32 %i1, %n
  br i1 %c, label %loop, label %exit
exit:
  ret void
}}""")
for v in ("sat","range","cvtt","rsel","range2","clamp","rclamp","clamp2"):
    n=f"{v}_i32"
    out.append(f"""define i32 @isum_{n}(ptr noalias %x, i32 %n) {{
entry:
  %z = icmp sle i32 %n, 0
  br i1 %z, label %exit0, label %loop
loop:
  %i = phi i32 [0, %entry], [%i1, %loop]
  %s = phi i32 [0, %entry], [%s1, %loop]
  %p = getelementptr double, ptr %x, i32 %i
  %v = load double, ptr %p
  %m = fmul double %v, 1000.0
  %r = call i32 @cv_{n}(double %m)
  %s1 = add i32 %s, %r
  %i1 = add i32 %i, 1
  %c = icmp slt i32 %i1, %n
  br i1 %c, label %loop, label %exit
exit:
  ret i32 %s1
exit0:
  ret i32 0
}}""")
for v in ("sat","cvtt","rsel","range2","clamp","rclamp","clamp2"):
    out.append(f"""define i64 @quant_{v}(ptr noalias %x, i32 %n, ptr noalias %q) {{
entry:
  %z = icmp sle i32 %n, 0
  br i1 %z, label %exit0, label %loop
loop:
  %i = phi i32 [0, %entry], [%i1, %loop]
  %s = phi i64 [0, %entry], [%s1, %loop]
  %p = getelementptr double, ptr %x, i32 %i
  %v = load double, ptr %p
  %m = fmul double %v, 1000.0
  %r = call i32 @cv_{v}_i32(double %m)
  %qp = getelementptr i32, ptr %q, i32 %i
  store i32 %r, ptr %qp
  %m2 = fmul double %m, 1048576.0
  %l = call i64 @cv_{v}_i64(double %m2)
  %s1 = add i64 %s, %l
  %i1 = add i32 %i, 1
  %c = icmp slt i32 %i1, %n
  br i1 %c, label %loop, label %exit
exit:
  ret i64 %s1
exit0:
  ret i64 0
}}""")
print("\n".join(out))
