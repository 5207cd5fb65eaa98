package dev.kiln.runtime.events;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.FlightRecorder;
import jdk.jfr.Label;
import jdk.jfr.MemoryAddress;
import jdk.jfr.Name;
import jdk.jfr.Timespan;

import java.util.Map;

/**
 * Kiln's JDK Flight Recorder events. Only {@link KilnEvents} touches this class, and only when the {@code jdk.jfr}
 * module is present and the recorder is initialized (a recording was started): a process that never records loads
 * none of it. Every event is committed when a kernel is linked, loaded or compiled, never per call.
 */
final class Jfr {
    private Jfr() {
    }

    static boolean initialized() {
        return FlightRecorder.isInitialized();
    }

    @Name("dev.kiln.KernelLoad")
    @Label("Kernel Load")
    @Category({"Kiln"})
    @Description("A kernel's native code was loaded and bound: served from a cache tier, fetched from a remote tier or "
            + "just compiled. The duration runs from the cache lookup to the bound entry point, so it includes the "
            + "compile when the source is compiled (the compile has its own event too).")
    static final class Load extends Event {
        @Label("Kernel") @Description("Class.method(descriptor)")
        String kernel;
        @Label("Source") @Description("cache, remote or compiled")
        String source;
        @Label("Tier") @Description("The cache folder the entry was loaded from")
        String tier;
        @Label("Key") @Description("The entry's cache key")
        String key;
        @Label("Target") @Description("The CPU target the entry was compiled for")
        String target;
        @Label("Entry Address") @Description("Address of the kernel's native entry point in this process")
        @MemoryAddress
        long address;
    }

    @Name("dev.kiln.KernelCompile")
    @Label("Kernel Compile")
    @Category({"Kiln"})
    @Description("A kernel was compiled to native code (on a cache miss, or by a bake). The duration is the whole "
            + "compile; the phases are the compiler's own timings.")
    static final class Compile extends Event {
        @Label("Kernel") @Description("Class.method(descriptor)")
        String kernel;
        @Label("Key") @Description("The new entry's cache key")
        String key;
        @Label("Target") @Description("The CPU target compiled for")
        String target;
        @Label("Front End") @Description("Class files to typed IR, Kiln's passes and LLVM IR text")
        @Timespan(Timespan.NANOSECONDS)
        long frontEnd;
        @Label("LLVM Parse") @Description("Parsing and verifying the LLVM IR")
        @Timespan(Timespan.NANOSECONDS)
        long llvmParse;
        @Label("LLVM Optimise") @Description("LLVM's optimisation pipeline")
        @Timespan(Timespan.NANOSECONDS)
        long optimise;
        @Label("Code Generation") @Description("LLVM machine code generation")
        @Timespan(Timespan.NANOSECONDS)
        long codegen;
        @Label("Link") @Description("Linking the shared library (lld)")
        @Timespan(Timespan.NANOSECONDS)
        long link;
        @Label("Library Size")
        @DataAmount
        long librarySize;
    }

    @Name("dev.kiln.KernelMiss")
    @Label("Kernel Cache Miss")
    @Category({"Kiln"})
    @Description("No cache entry could serve a kernel on this host; it is compiled next (or, in strict mode, fails)")
    static final class Miss extends Event {
        @Label("Kernel") @Description("Class.method(descriptor)")
        String kernel;
        @Label("Reason") @Description("no-entry, inputs-changed, options-changed, target-not-runnable, corrupt, "
                + "other-compiler, untrusted or refused")
        String reason;
        @Label("Detail")
        String detail;
    }

    @Name("dev.kiln.KernelRefusal")
    @Label("Kernel Refusal")
    @Category({"Kiln"})
    @Description("The compiler refused a kernel: it (or a method it calls) uses something Kiln does not compile")
    static final class Refusal extends Event {
        @Label("Kernel") @Description("Class.method(descriptor)")
        String kernel;
        @Label("Construct") @Description("What was refused")
        String construct;
        @Label("Class") @Description("The class of the offending method")
        String className;
        @Label("Method") @Description("The offending method")
        String methodName;
        @Label("Line") @Description("Source line, -1 when unknown")
        int line;
        @Label("Bytecode Index")
        int bci;
        @Label("Call Path") @Description("From the kernel down to the offending method")
        String callPath;
    }

    @Name("dev.kiln.JavaFallback")
    @Label("Kernel Runs As Java")
    @Category({"Kiln"})
    @Description("A @Kernel call site was linked to the method's Java body instead of native code")
    static final class Fallback extends Event {
        @Label("Kernel") @Description("Class.method(descriptor)")
        String kernel;
        @Label("Reason")
        String reason;
    }

    /** A load event begun now, or null when no recording wants it. */
    static Load beginLoad() {
        Load e = new Load();
        if (!e.isEnabled()) return null;
        e.begin();
        return e;
    }

    static void commitLoad(Object begun, String kernel, String source, String tier, String key, String target,
                           long address) {
        Load e = (Load) begun;
        e.end();
        if (!e.shouldCommit()) return;
        e.kernel = kernel;
        e.source = source;
        e.tier = tier;
        e.key = key;
        e.target = target;
        e.address = address;
        e.commit();
    }

    static Compile beginCompile() {
        Compile e = new Compile();
        if (!e.isEnabled()) return null;
        e.begin();
        return e;
    }

    static void commitCompile(Object begun, String kernel, String key, String target, Map<String, Long> phases,
                              long size) {
        Compile e = (Compile) begun;
        e.end();
        if (!e.shouldCommit()) return;
        e.kernel = kernel;
        e.key = key;
        e.target = target;
        e.frontEnd = phases.getOrDefault("frontEnd", 0L);
        e.llvmParse = phases.getOrDefault("llvmParse", 0L);
        e.optimise = phases.getOrDefault("optimise", 0L);
        e.codegen = phases.getOrDefault("codegen", 0L);
        e.link = phases.getOrDefault("link", 0L);
        e.librarySize = size;
        e.commit();
    }

    static void miss(String kernel, String reason, String detail) {
        Miss e = new Miss();
        if (!e.shouldCommit()) return;
        e.kernel = kernel;
        e.reason = reason;
        e.detail = detail;
        e.commit();
    }

    static void refusal(String kernel, dev.kiln.UnsupportedConstructException x) {
        Refusal e = new Refusal();
        if (!e.shouldCommit()) return;
        e.kernel = kernel;
        e.construct = x.construct();
        e.className = x.className();
        e.methodName = x.methodName();
        e.line = x.line();
        e.bci = x.bci();
        e.callPath = String.join(" -> ", x.callPath());
        e.commit();
    }

    static void fallback(String kernel, String reason) {
        Fallback e = new Fallback();
        if (!e.shouldCommit()) return;
        e.kernel = kernel;
        e.reason = reason;
        e.commit();
    }
}
