package dev.kiln.compiler.intrinsics;

import dev.kiln.CompileOptions;
import dev.kiln.Target;
import dev.kiln.compiler.link.Lld;
import dev.kiln.compiler.llvm.LlvmDriver;
import dev.kiln.runtime.abi.KernelAbi;
import dev.kiln.runtime.bind.NativeBinder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compiles intrinsics to a native library the way a kernel would use them: one exported wrapper per intrinsic
 * ({@code test_wrap_<n>}, the kernel calling convention for its Java descriptor)
 * calling the intrinsic's internal function. Each wrapper is bound with {@link NativeBinder}, so a fault comes back as
 * the exception the Java side throws for kernels.
 */
final class IntrinsicHarness {
    private IntrinsicHarness() {
    }

    /** The module text: every wrapper, then each intrinsic's definition and declarations once. */
    static String module(List<String> keys) {
        StringBuilder wrappers = new StringBuilder();
        Set<String> decls = new LinkedHashSet<>();
        Map<String, String> defs = new LinkedHashMap<>();
        for (int n = 0; n < keys.size(); n++) {
            String key = keys.get(n);
            Intrinsic in = Intrinsics.all().get(key);
            wrappers.append(wrapper("test_wrap_" + n, descriptor(key), in));
            decls.addAll(in.declarations());
            defs.putIfAbsent(in.symbol(), in.definition());
        }
        StringBuilder m = new StringBuilder(wrappers);
        for (String d : defs.values()) m.append('\n').append(d);
        m.append('\n');
        for (String d : decls) m.append(d).append('\n');
        return m.toString();
    }

    /** Compiles, links and binds; the handles have the intrinsic's exact Java type, keyed like the table. */
    static Map<String, MethodHandle> load(List<String> keys, Target target, CompileOptions options, Path dir) {
        String ir = module(keys);
        var obj = LlvmDriver.compile(ir, "intrinsics", target, options);
        byte[] so = Lld.linkShared(obj.bytes(), "kiln_intrinsics");
        Path lib = dir.resolve("intrinsics-" + target.level() + "-O" + options.optLevel() + ".so");
        try {
            Files.write(lib, so);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, MethodHandle> out = new LinkedHashMap<>();
        for (int n = 0; n < keys.size(); n++) {
            String key = keys.get(n);
            Intrinsic in = Intrinsics.all().get(key);
            List<String> messages = in.fault().map(f -> List.of(f.message())).orElse(List.of());
            out.put(key, NativeBinder.bind(lib, new KernelAbi("test_wrap_" + n, descriptor(key),
                    in.fault().isPresent(), messages)).handle());
        }
        return out;
    }

    /** The JDK method itself, run by HotSpot. */
    static MethodHandle hotspot(String key) {
        int dot = key.indexOf('.');
        int paren = key.indexOf('(');
        String owner = key.substring(0, dot).replace('/', '.');
        String name = key.substring(dot + 1, paren);
        try {
            Class<?> c = Class.forName(owner);
            return MethodHandles.publicLookup().findStatic(c, name,
                    MethodType.fromMethodDescriptorString(key.substring(paren), null));
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    static String descriptor(String key) {
        return key.substring(key.indexOf('('));
    }

    /** A kernel-ABI entry (see {@code KernelAbi}): arguments from the frame's slots, faults into its record. */
    private static String wrapper(String name, String desc, Intrinsic in) {
        String args = desc.substring(1, desc.indexOf(')'));
        char r = desc.charAt(desc.indexOf(')') + 1);
        StringBuilder loads = new StringBuilder();
        StringBuilder callArgs = new StringBuilder();
        for (int k = 0; k < args.length(); k++) {
            if (k > 0) callArgs.append(", ");
            String t = irType(args.charAt(k));
            loads.append("  %s").append(k).append(" = getelementptr i8, ptr %frame, i64 ")
                    .append(KernelAbi.FRAME_PARAMS + 8L * k).append('\n');
            loads.append("  %p").append(k).append(" = load ").append(t).append(", ptr %s").append(k).append('\n');
            callArgs.append(t).append(" %p").append(k);
        }
        boolean faults = in.fault().isPresent();
        String vt = irType(r);
        String callRet = faults ? "{" + vt + ", i1}" : vt;
        StringBuilder b = new StringBuilder();
        b.append("define void @").append(name).append("(");
        b.append("ptr %frame) {\n");
        b.append("entry:\n").append(loads);
        b.append("  %v = call ").append(callRet).append(" @\"").append(in.symbol()).append("\"(").append(callArgs)
                .append(")\n");
        String value = "%v";
        if (faults) {
            b.append("  %x = extractvalue ").append(callRet).append(" %v, 0\n");
            b.append("  %f = extractvalue ").append(callRet).append(" %v, 1\n");
            b.append("  br i1 %f, label %raise, label %ok\n");
            b.append("raise:\n");
            b.append("  store i32 ").append(in.fault().get().fault().code).append(", ptr %frame\n");
            b.append("  %det = getelementptr i8, ptr %frame, i64 4\n");
            b.append("  store i32 0, ptr %det\n");
            b.append("  ret void\n");
            b.append("ok:\n");
            value = "%x";
        }
        b.append("  %rslot = getelementptr i8, ptr %frame, i64 ").append(KernelAbi.FRAME_RESULT).append('\n');
        b.append("  store ").append(vt).append(' ').append(value).append(", ptr %rslot\n");
        b.append("  ret void\n}\n");
        return b.toString();
    }

    private static String irType(char c) {
        return switch (c) {
            case 'Z', 'B', 'C', 'S', 'I' -> "i32";
            case 'J' -> "i64";
            case 'F' -> "float";
            case 'D' -> "double";
            default -> throw new IllegalArgumentException("descriptor char " + c);
        };
    }
}
