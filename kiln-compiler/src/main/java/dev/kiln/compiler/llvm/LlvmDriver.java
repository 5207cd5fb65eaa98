package dev.kiln.compiler.llvm;

import dev.kiln.CompileOptions;
import dev.kiln.compiler.emit.StraightLineAccesses;
import dev.kiln.KilnException;
import dev.kiln.KilnInternalException;
import dev.kiln.KilnVersion;
import dev.kiln.Target;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.llvm.LLVM.LLVMContextRef;
import org.bytedeco.llvm.LLVM.LLVMMemoryBufferRef;
import org.bytedeco.llvm.LLVM.LLVMModuleRef;
import org.bytedeco.llvm.LLVM.LLVMPassBuilderOptionsRef;
import org.bytedeco.llvm.LLVM.LLVMTargetDataRef;
import org.bytedeco.llvm.LLVM.LLVMTargetMachineRef;
import org.bytedeco.llvm.LLVM.LLVMTargetRef;
import org.bytedeco.llvm.LLVM.LLVMValueRef;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.bytedeco.llvm.global.LLVM.*;

/**
 * Textual LLVM IR to an x86-64 ELF object: parse, verify, optimise with the new pass manager, emit. Each call uses
 * its own LLVM context and target machine, so compiles on different threads never share LLVM state.
 */
public final class LlvmDriver {
    private static final Object INIT_LOCK = new Object();
    private static volatile boolean initialised;
    private static long initNanos;

    private LlvmDriver() {
    }

    /** An object file and the time each phase took ({@code parse}, {@code optimise}, {@code codegen}, nanoseconds). */
    public record ObjectCode(byte[] bytes, Map<String, Long> phaseNanos) {
    }

    /** Loads libLLVM (once per process) and returns how long that took the first time, in nanoseconds. */
    public static long ensureLoaded() {
        if (!initialised) {
            synchronized (INIT_LOCK) {
                if (!initialised) {
                    long t0 = System.nanoTime();
                    LLVMInitializeX86TargetInfo();
                    LLVMInitializeX86Target();
                    LLVMInitializeX86TargetMC();
                    LLVMInitializeX86AsmPrinter();
                    String[] argv = new String[PassPipeline.LLVM_OPTIONS.size() + 1];
                    argv[0] = "kiln";
                    for (int i = 1; i < argv.length; i++) argv[i] = PassPipeline.LLVM_OPTIONS.get(i - 1);
                    LLVMParseCommandLineOptions(argv.length, new PointerPointer<>(argv), new BytePointer(""));
                    String v = version();
                    if (!v.equals(KilnVersion.LLVM)) {
                        throw new KilnException("kiln-compiler expects LLVM " + KilnVersion.LLVM + " but loaded " + v);
                    }
                    initNanos = System.nanoTime() - t0;
                    initialised = true;
                }
            }
        }
        return initNanos;
    }

    /** The loaded LLVM's version, e.g. {@code 20.1.7}. */
    public static String version() {
        int[] major = new int[1], minor = new int[1], patch = new int[1];
        LLVMGetVersion(major, minor, patch);
        return major[0] + "." + minor[0] + "." + patch[0];
    }

    /** LLVM's name for this host's CPU, e.g. {@code cascadelake}. */
    public static String hostCpuName() {
        ensureLoaded();
        BytePointer p = LLVMGetHostCPUName();
        try {
            return p.getString();
        } finally {
            LLVMDisposeMessage(p);
        }
    }

    /** LLVM's own view of the host features, {@code +f,-g,...}; tests cross-check host detection with it. */
    public static String hostCpuFeatures() {
        ensureLoaded();
        BytePointer p = LLVMGetHostCPUFeatures();
        try {
            return p.getString();
        } finally {
            LLVMDisposeMessage(p);
        }
    }

    /**
     * Compiles one module to an object file.
     *
     * @param moduleName used in LLVM diagnostics only
     * @throws KilnException if the IR does not parse or verify (a Kiln bug, reported with LLVM's message)
     */
    public static ObjectCode compile(String ir, String moduleName, Target target, CompileOptions options) {
        ensureLoaded();
        Map<String, Long> phases = new LinkedHashMap<>();
        long t0 = System.nanoTime();
        LLVMContextRef ctx = LLVMContextCreate();
        LLVMTargetMachineRef tm = null;
        LLVMModuleRef module = null;
        try {
            module = parse(ctx, ir, moduleName);
            tm = targetMachine(target, options);
            prepare(ctx, module, tm, target);
            verify(module, moduleName);
            long t1 = System.nanoTime();
            phases.put("parse", t1 - t0);

            optimise(module, tm, options);
            long t2 = System.nanoTime();
            phases.put("optimise", t2 - t1);

            byte[] object = emit(module, tm, LLVMObjectFile);
            phases.put("codegen", System.nanoTime() - t2);
            return new ObjectCode(object, phases);
        } finally {
            if (module != null) LLVMDisposeModule(module);
            if (tm != null) LLVMDisposeTargetMachine(tm);
            LLVMContextDispose(ctx);
        }
    }

    /** The optimised module as text, for {@code kiln explain} and for tests that inspect generated code. */
    public static String optimisedIr(String ir, Target target, CompileOptions options) {
        return optimised(ir, target, options, (module, tm) -> {
            BytePointer text = LLVMPrintModuleToString(module);
            try {
                return text.getString();
            } finally {
                LLVMDisposeMessage(text);
            }
        });
    }

    /** The machine code as assembly text (AT&T syntax), for tests that inspect instruction selection. */
    public static String assembly(String ir, Target target, CompileOptions options) {
        return optimised(ir, target, options,
                (module, tm) -> new String(emit(module, tm, LLVMAssemblyFile), StandardCharsets.UTF_8));
    }

    /** What a caller reads from an optimised module before it is disposed. */
    private interface OptimisedModule<T> {
        T read(LLVMModuleRef module, LLVMTargetMachineRef tm);
    }

    /** Parses, prepares, verifies and optimises {@code ir} as a compile does, then lets {@code then} read it. */
    private static <T> T optimised(String ir, Target target, CompileOptions options, OptimisedModule<T> then) {
        ensureLoaded();
        LLVMContextRef ctx = LLVMContextCreate();
        LLVMModuleRef module = null;
        LLVMTargetMachineRef tm = null;
        try {
            module = parse(ctx, ir, "kernel");
            tm = targetMachine(target, options);
            prepare(ctx, module, tm, target);
            verify(module, "kernel");
            optimise(module, tm, options);
            return then.read(module, tm);
        } finally {
            if (module != null) LLVMDisposeModule(module);
            if (tm != null) LLVMDisposeTargetMachine(tm);
            LLVMContextDispose(ctx);
        }
    }

    private static LLVMModuleRef parse(LLVMContextRef ctx, String ir, String moduleName) {
        byte[] bytes = ir.getBytes(StandardCharsets.UTF_8);
        BytePointer data = new BytePointer(bytes.length);
        data.put(bytes, 0, bytes.length);
        LLVMMemoryBufferRef buf = LLVMCreateMemoryBufferWithMemoryRangeCopy(data, bytes.length, new BytePointer(moduleName));
        data.close();
        LLVMModuleRef module = new LLVMModuleRef();
        BytePointer err = new BytePointer();
        // LLVMParseIRInContext takes ownership of the buffer, success or not.
        if (LLVMParseIRInContext(ctx, buf, module, err) != 0) {
            String msg = err.getString();
            LLVMDisposeMessage(err);
            throw new KilnInternalException("internal error: generated LLVM IR for " + moduleName + " does not parse: " + msg);
        }
        return module;
    }

    /**
     * Triple and data layout from the target machine; "tune-cpu" only changes scheduling and cost models. With
     * AVX-512, loops vectorise at 512 bits as HotSpot's C2 does there ({@code UseAVX=3}, {@code MaxVectorSize=64});
     * LLVM's x86 tunings otherwise stop at 256 bits.
     */
    private static void prepare(LLVMContextRef ctx, LLVMModuleRef module, LLVMTargetMachineRef tm, Target target) {
        LLVMSetTarget(module, Target.TRIPLE);
        LLVMTargetDataRef layout = LLVMCreateTargetDataLayout(tm);
        LLVMSetModuleDataLayout(module, layout);
        LLVMDisposeTargetData(layout);
        TargetVariants.select(ctx, module, target);
        Map<String, String> attributes = new LinkedHashMap<>();
        if (!target.tuneCpu().equals(target.level())) attributes.put("tune-cpu", target.tuneCpu());
        if (target.level().equals("x86-64-v4") || target.features().contains("avx512f")) {
            attributes.put("prefer-vector-width", "512");
        }
        if (Target.levelFeatures(target.level()).contains("avx") || target.features().contains("avx")) {
            cleanUpperVectorStateOnEntry(ctx, module);
        }
        if (attributes.isEmpty()) return;
        for (LLVMValueRef fn = LLVMGetFirstFunction(module); fn != null && !fn.isNull(); fn = LLVMGetNextFunction(fn)) {
            if (LLVMIsDeclaration(fn) != 0) continue;
            for (Map.Entry<String, String> a : attributes.entrySet()) {
                LLVMAddAttributeAtIndex(fn, LLVMAttributeFunctionIndex, LLVMCreateStringAttribute(ctx, a.getKey(),
                        a.getKey().length(), a.getValue(), a.getValue().length()));
            }
        }
    }

    /**
     * A {@code vzeroupper} first thing in each exported function. The JVM calls a kernel with whatever upper vector
     * state its own code left (C2's AVX-512 code leaves it dirty; FFM's downcall stub does not clear it), while LLVM
     * assumes a clean state on entry and so only clears what the kernel itself dirties. With dirty upper halves,
     * every legacy SSE instruction (glibc's {@code exp} and {@code log} wrappers are SSE code) pays a state
     * transition: a kernel calling {@code Math.exp} in a loop ran 20 to 30 times slower once C2 had compiled
     * AVX-512 code in the same thread. Only for targets with AVX, where the instruction exists.
     */
    private static void cleanUpperVectorStateOnEntry(LLVMContextRef ctx, LLVMModuleRef module) {
        String name = "llvm.x86.avx.vzeroupper";
        int id = LLVMLookupIntrinsicID(name, name.length());
        LLVMValueRef vzeroupper = LLVMGetIntrinsicDeclaration(module, id, (PointerPointer<?>) null, 0);
        org.bytedeco.llvm.LLVM.LLVMTypeRef type = LLVMIntrinsicGetType(ctx, id, (PointerPointer<?>) null, 0);
        org.bytedeco.llvm.LLVM.LLVMBuilderRef b = LLVMCreateBuilderInContext(ctx);
        try {
            for (LLVMValueRef fn = LLVMGetFirstFunction(module); fn != null && !fn.isNull(); fn = LLVMGetNextFunction(fn)) {
                if (LLVMIsDeclaration(fn) != 0 || LLVMGetLinkage(fn) != LLVMExternalLinkage) continue;
                LLVMPositionBuilderBefore(b, LLVMGetFirstInstruction(LLVMGetEntryBasicBlock(fn)));
                LLVMBuildCall2(b, type, vzeroupper, (PointerPointer<?>) null, 0, "");
            }
        } finally {
            LLVMDisposeBuilder(b);
        }
    }

    private static void verify(LLVMModuleRef module, String moduleName) {
        BytePointer err = new BytePointer();
        if (LLVMVerifyModule(module, LLVMReturnStatusAction, err) != 0) {
            String msg = err.getString();
            LLVMDisposeMessage(err);
            throw new KilnInternalException("internal error: generated LLVM IR for " + moduleName + " is invalid: " + msg);
        }
        LLVMDisposeMessage(err);
    }

    private static LLVMTargetMachineRef targetMachine(Target target, CompileOptions options) {
        LLVMTargetRef t = new LLVMTargetRef();
        BytePointer err = new BytePointer();
        if (LLVMGetTargetFromTriple(new BytePointer(Target.TRIPLE), t, err) != 0) {
            String msg = err.getString();
            LLVMDisposeMessage(err);
            throw new KilnException("LLVM has no target for " + Target.TRIPLE + ": " + msg);
        }
        int level = switch (options.optLevel()) {
            case 0 -> LLVMCodeGenLevelNone;
            case 1 -> LLVMCodeGenLevelLess;
            case 2 -> LLVMCodeGenLevelDefault;
            default -> LLVMCodeGenLevelAggressive;
        };
        return LLVMCreateTargetMachine(t, Target.TRIPLE, target.level(), target.llvmFeatureString(), level,
                LLVMRelocPIC, LLVMCodeModelDefault);
    }

    /** A module the emitter marked as straight-line code with proven accesses ({@code StraightLineAccesses}). */
    private static boolean straightLine(LLVMModuleRef module) {
        String key = StraightLineAccesses.NO_SLP;
        var node = LLVMGetNamedMetadata(module, key, key.length());
        return node != null && !node.isNull();
    }

    /**
     * Keeps the SLP vectoriser off every function of the module: it skips functions marked {@code noimplicitfloat}
     * (the pass-builder option does not reach the text pipeline's SLP pass). Only for modules without loops, where
     * the attribute's other effect, no loop vectorisation, changes nothing.
     */
    private static void withoutSlp(LLVMModuleRef module) {
        String name = "noimplicitfloat";
        int kind = LLVMGetEnumAttributeKindForName(name, name.length());
        var ctx = LLVMGetModuleContext(module);
        for (LLVMValueRef fn = LLVMGetFirstFunction(module); fn != null && !fn.isNull(); fn = LLVMGetNextFunction(fn)) {
            if (LLVMIsDeclaration(fn) == 0) LLVMAddAttributeAtIndex(fn, LLVMAttributeFunctionIndex, LLVMCreateEnumAttribute(ctx, kind, 0));
        }
    }

    private static void optimise(LLVMModuleRef module, LLVMTargetMachineRef tm, CompileOptions options) {
        LLVMPassBuilderOptionsRef opts = LLVMCreatePassBuilderOptions();
        try {
            boolean full = options.optLevel() >= 2;
            LLVMPassBuilderOptionsSetLoopVectorization(opts, full ? 1 : 0);
            LLVMPassBuilderOptionsSetSLPVectorization(opts, full ? 1 : 0);
            if (straightLine(module)) withoutSlp(module);
            LLVMPassBuilderOptionsSetLoopUnrolling(opts, full ? 1 : 0);
            var error = LLVMRunPasses(module, PassPipeline.of(options), tm, opts);
            if (error != null && !error.isNull()) {
                BytePointer msg = LLVMGetErrorMessage(error);
                String text = msg.getString();
                LLVMDisposeErrorMessage(msg);
                throw new KilnException("LLVM optimisation failed: " + text);
            }
            if (full) VectorVariants.inlineRemaining(module, tm);
        } finally {
            LLVMDisposePassBuilderOptions(opts);
        }
    }

    private static byte[] emit(LLVMModuleRef module, LLVMTargetMachineRef tm, int fileType) {
        LLVMMemoryBufferRef out = new LLVMMemoryBufferRef();
        BytePointer err = new BytePointer();
        if (LLVMTargetMachineEmitToMemoryBuffer(tm, module, fileType, err, out) != 0) {
            String msg = err.getString();
            LLVMDisposeMessage(err);
            throw new KilnException("LLVM code generation failed: " + msg);
        }
        try {
            BytePointer start = LLVMGetBufferStart(out);
            long size = LLVMGetBufferSize(out);
            byte[] bytes = new byte[Math.toIntExact(size)];
            start.capacity(size).get(bytes);
            return bytes;
        } finally {
            LLVMDisposeMemoryBuffer(out);
        }
    }
}
