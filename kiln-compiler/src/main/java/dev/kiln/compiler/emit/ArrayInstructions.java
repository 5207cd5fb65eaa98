package dev.kiln.compiler.emit;

import dev.kiln.compiler.ir.Elem;
import dev.kiln.compiler.ir.Inst;
import dev.kiln.compiler.ir.Type;
import dev.kiln.runtime.abi.Fault;

import static dev.kiln.compiler.emit.LlvmEmitter.llvm;
import static dev.kiln.compiler.emit.LlvmEmitter.storage;

/**
 * The array instructions that call a module helper of {@link ArrayHelpers} (allocation of arrays of arrays, copies,
 * fills, {@code System.arraycopy}) for one function body; each helper reports its fault through the record it is
 * passed, and the body leaves through {@code unwind} when it did.
 */
final class ArrayInstructions {
    private final FunctionEmitter fn;
    private final ArrayHelpers arrays;
    private final FaultProtocol protocol;
    /** The module's result site (see {@link ResultSite}), or null. */
    private final ResultSite resultSite;

    ArrayInstructions(FunctionEmitter fn, ArrayHelpers arrays, FaultProtocol protocol, ResultSite resultSite) {
        this.fn = fn;
        this.arrays = arrays;
        this.protocol = protocol;
        this.resultSite = resultSite;
    }

    /** {@code new T[a][b]...}: the helper allocates every level; a null result means it raised a fault. */
    void newMultiArray(Inst.NewMultiArray m) {
        int depth = 1;
        Type t = m.type();
        while (t instanceof Type.RefArray r) {
            depth++;
            t = r.component();
        }
        StringBuilder dims = new StringBuilder();
        for (int k = 0; k < ArrayHelpers.MAX_DIMS; k++) {
            dims.append(", i32 ").append(k < m.dims().size() ? fn.operand(m.dims().get(k)) : "0");
        }
        fn.line(fn.data(m) + " = call ptr " + arrays.multiNew() + "(ptr %fault, i32 " + m.dims().size() + ", i32 "
                + depth + ", i64 " + ((Type.Array) t).elem().bytes + dims + ")");
        fn.line(fn.len(m) + " = add i32 " + fn.operand(m.dims().get(0)) + ", 0");
        fn.unwindIfNull(fn.data(m));
    }

    /** {@code clone}, {@code Arrays.copyOf} and {@code copyOfRange}: a new array; a null result means a fault. */
    void copyOf(Inst.ArrayCopyOf c) {
        String d = fn.data(c.src()), n = fn.len(c.src());
        if (resultSite != null && resultSite.site() == c && resultSite.length().isClone()) {
            // a clone the Java side may already have made (ResultLength.copyOf)
            fn.line(fn.data(c) + " = call ptr " + arrays.cloneResult() + "(ptr %fault, ptr " + d + ", i32 " + n + ", i64 "
                    + c.elem().bytes + ", i32 " + protocol.message(c.nullMessage()) + ")");
            fn.line(fn.len(c) + " = add i32 " + n + ", 0");
            fn.unwindIfNull(fn.data(c));
            return;
        }
        String helper = resultSite != null && resultSite.site() == c ? arrays.copyOfResult() : arrays.copyOf();
        fn.line(fn.data(c) + " = call ptr " + helper + "(ptr %fault, ptr " + d + ", i32 " + n
                + ", i32 " + fn.operand(c.from()) + ", i32 " + fn.operand(c.to()) + ", i32 " + c.kind().ordinal()
                + ", i64 " + c.elem().bytes + ", i32 " + protocol.message(c.nullMessage()) + ", i32 "
                + protocol.message("{a} > {b}") + ", " + arrays.arraycopyMessages(c.elem()) + ")");
        switch (c.kind()) {
            case CLONE -> fn.line(fn.len(c) + " = add i32 " + n + ", 0");
            case COPY_OF -> fn.line(fn.len(c) + " = add i32 " + fn.operand(c.to()) + ", 0");
            case COPY_OF_RANGE -> fn.line(fn.len(c) + " = sub i32 " + fn.operand(c.to()) + ", " + fn.operand(c.from()));
        }
        fn.unwindIfNull(fn.data(c));
    }

    /** {@code Arrays.fill}, whole or ranged, with its null and range checks. */
    void fill(Inst.ArrayFill fl) {
        String vt = llvm(fl.elem().computational);
        String failed = fn.tmp();
        fn.line(failed + " = call i1 " + arrays.fill(fl.elem(), storage(fl.elem()), vt) + "(ptr %fault, ptr "
                + fn.data(fl.array()) + ", i32 " + fn.len(fl.array()) + ", i32 " + fn.operand(fl.from()) + ", i32 "
                + fn.operand(fl.to()) + ", " + vt + " " + fn.operand(fl.value()) + ", i32 " + (fl.ranged() ? 1 : 0)
                + ", i32 " + protocol.message(fl.nullMessage()) + ", i32 " + protocol.message("fromIndex({a}) > toIndex({b})")
                + ", i32 " + protocol.message("Array index out of range: {a}") + ")");
        fn.unwindIf(failed);
    }

    /** System.arraycopy: arrays of different element types throw ArrayStoreException once neither is null. */
    void arrayCopy(Inst.ArrayCopy c) {
        Elem se = c.src().type() instanceof Type.Array a ? a.elem() : null;
        Elem de = c.dst().type() instanceof Type.Array a ? a.elem() : null;
        if (se != null && de != null && se != de) {
            String bothSet = fn.tmp(), s1 = fn.tmp(), s2 = fn.tmp();
            fn.line(s1 + " = icmp ne ptr " + fn.data(c.src()) + ", null");
            fn.line(s2 + " = icmp ne ptr " + fn.data(c.dst()) + ", null");
            fn.line(bothSet + " = and i1 " + s1 + ", " + s2);
            fn.faultIf(bothSet, false, Fault.NULL_POINTER, -1, "0", "0");
            String always = fn.tmp();
            fn.line(always + " = icmp eq i32 0, 0");
            fn.faultIf(always, true, Fault.ARRAY_STORE, protocol.message("arraycopy: type mismatch: can not copy "
                    + se.javaName + "[] into " + de.javaName + "[]"), "0", "0");
            return;
        }
        Elem e = se != null ? se : de != null ? de : Elem.BYTE;
        // rows of arrays of arrays (same type: the front end refuses others) are 16-byte {ptr, length} entries
        boolean rows = c.src().type() instanceof Type.RefArray || c.dst().type() instanceof Type.RefArray;
        String failed = fn.tmp();
        // the first copy into a result the Java side passed as a copy already made (ResultSite.fill)
        String helper = resultSite != null && resultSite.fill() == c ? arrays.arraycopyResult() : arrays.arraycopy();
        fn.line(failed + " = call i1 " + helper + "(ptr %fault, ptr " + fn.data(c.src()) + ", i32 " + fn.len(c.src())
                + ", i32 " + fn.operand(c.srcPos()) + ", ptr " + fn.data(c.dst()) + ", i32 " + fn.len(c.dst()) + ", i32 "
                + fn.operand(c.dstPos()) + ", i32 " + fn.operand(c.length()) + ", i64 " + (rows ? 16 : e.bytes) + ", "
                + arrays.arraycopyMessages(rows ? "object array" : e.javaName) + ")");
        fn.unwindIf(failed);
    }
}
