package dev.kiln.compiler.emit;

import dev.kiln.compiler.ir.Function;
import dev.kiln.runtime.abi.Fault;
import dev.kiln.runtime.abi.KernelAbi;
import dev.kiln.runtime.abi.SourceFrame;
import dev.kiln.runtime.abi.ThrowSite;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How a Java exception leaves native code (which never unwinds): a cold block calls {@link #RAISE} to fill the fault
 * record (code, detail, two 64-bit values the Java side formats into the message), then every function returns its
 * fault flag up to the entry. A {@code throw} statement raises {@link Fault#THROW} with its {@link ThrowSite}; a call
 * it unwinds through appends its call site to the frame's trace ({@link #TRACE}). This class numbers a module's
 * messages, throw sites and call sites (the tables the {@code KernelAbi} carries) and writes the module-level helpers
 * and branch weights.
 */
final class FaultProtocol {
    static final String COLD_TRUE = "!0";   // the true edge goes to a fault
    static final String COLD_FALSE = "!1";  // the false edge goes to a fault
    /**
     * A bounds check in an outer loop: still unlikely to fault (block placement keeps the fault out of line), but
     * below the 15/16 that inductive range check elimination requires, so it does not copy the inner loops.
     */
    static final String OUTER_LOOP_FALSE = "!3";
    static final String RAISE = "@kiln.raise";
    static final String TRACE = "@kiln.trace";

    private final List<String> messages = new ArrayList<>();
    private final Map<String, Integer> messageIndex = new HashMap<>();
    private final List<ThrowSite> throwSites = new ArrayList<>();
    private final List<SourceFrame> callSites = new ArrayList<>();

    /** The index of exception message {@code m} (a fault's detail), numbered in order of first use. */
    int message(String m) {
        return messageIndex.computeIfAbsent(m, k -> {
            messages.add(k);
            return messages.size() - 1;
        });
    }

    /** The index of a throw statement (a code-11 fault's detail). */
    int throwSite(ThrowSite site) {
        throwSites.add(site);
        return throwSites.size() - 1;
    }

    /** The index of a call a thrown exception can unwind through; a call without a site stands for its function. */
    int callSite(SourceFrame site, Function f) {
        callSites.add(site != null ? site : new SourceFrame(f.method().owner().replace('/', '.'),
                f.method().name(), null, -1));
        return callSites.size() - 1;
    }

    List<String> messages() {
        return List.copyOf(messages);
    }

    List<ThrowSite> throwSites() {
        return List.copyOf(throwSites);
    }

    List<SourceFrame> callSites() {
        return List.copyOf(callSites);
    }

    /** The cold block of a fault: fill the record, then leave through the function's {@code unwind} block. */
    static String faultBlock(String label, Fault fault, int detail, String a, String b) {
        return label + ":\n  call void " + RAISE + "(ptr %fault, i32 " + fault.code + ", i32 " + detail
                + ", i64 " + a + ", i64 " + b + ")\n  br label %unwind\n";
    }

    /** Fills the fault record: code, detail and the message's two values. */
    static String raiseFunction() {
        return "define internal void " + RAISE + "(ptr %rec, i32 %code, i32 %detail, i64 %a, i64 %b) #1 {\n"
                + "  store i32 %code, ptr %rec, align 4\n"
                + "  %d = getelementptr inbounds i8, ptr %rec, i64 4\n"
                + "  store i32 %detail, ptr %d, align 4\n"
                + "  %pa = getelementptr inbounds i8, ptr %rec, i64 8\n"
                + "  store i64 %a, ptr %pa, align 8\n"
                + "  %pb = getelementptr inbounds i8, ptr %rec, i64 16\n"
                + "  store i64 %b, ptr %pb, align 8\n"
                + "  ret void\n}\n\n";
    }

    /** Appends a call site to the trace of a throw unwinding through it (other faults keep no trace). */
    static String traceFunction() {
        return "define internal void " + TRACE + "(ptr %rec, i32 %site) #1 {\n"
                + "  %code = load i32, ptr %rec, align 4\n"
                + "  %thrown = icmp eq i32 %code, " + Fault.THROW.code + "\n"
                + "  br i1 %thrown, label %count, label %out\n"
                + "count:\n"
                + "  %pa = getelementptr inbounds i8, ptr %rec, i64 8\n"
                + "  %n = load i64, ptr %pa, align 8\n"
                + "  %room = icmp ult i64 %n, " + KernelAbi.TRACE_MAX + "\n"
                + "  br i1 %room, label %keep, label %next\n"
                + "keep:\n"
                + "  %o4 = mul i64 %n, 4\n"
                + "  %off = add i64 %o4, " + KernelAbi.FRAME_TRACE + "\n"
                + "  %slot = getelementptr inbounds i8, ptr %rec, i64 %off\n"
                + "  store i32 %site, ptr %slot, align 4\n"
                + "  br label %next\n"
                + "next:\n"
                + "  %n1 = add i64 %n, 1\n"
                + "  store i64 %n1, ptr %pa, align 8\n"
                + "  br label %out\n"
                + "out:\n"
                + "  ret void\n}\n\n";
    }
}
