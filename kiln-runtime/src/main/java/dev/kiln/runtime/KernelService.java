package dev.kiln.runtime;

import dev.kiln.KilnException;
import dev.kiln.KilnStats;
import dev.kiln.Target;
import dev.kiln.model.KernelGraph;
import dev.kiln.model.MethodRef;
import dev.kiln.runtime.abi.NativeBinder;
import dev.kiln.spi.CompiledKernel;
import dev.kiln.spi.KernelCompiler;

import java.io.IOException;
import java.lang.classfile.MethodModel;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.atomic.AtomicLong;

/** Turns a kernel graph into a bound method handle. Interim: compiles every time; the cache replaces this path. */
public final class KernelService {
    private final KilnConfig config;
    private final AtomicLong compiles = new AtomicLong();
    private final AtomicLong compileNanos = new AtomicLong();
    private final AtomicLong loadNanos = new AtomicLong();

    public KernelService(KilnConfig config) {
        this.config = config;
    }

    public MethodHandle handle(KernelGraph graph) {
        KernelCompiler compiler = compiler();
        Target target = config.target().equals("host") ? Target.level("x86-64-v3") : Target.parse(config.target());
        String symbol = "kiln_" + digest(graph, target).substring(0, 32);
        long t0 = System.nanoTime();
        CompiledKernel ck = compiler.compile(graph, config.options(), target, symbol);
        long t1 = System.nanoTime();
        compiles.incrementAndGet();
        compileNanos.addAndGet(t1 - t0);
        try {
            Path dir = Files.createTempDirectory("kiln-");
            Path lib = dir.resolve(symbol + ".so");
            Files.write(lib, ck.library());
            MethodHandle mh = NativeBinder.load(lib, ck.abi());
            loadNanos.addAndGet(System.nanoTime() - t1);
            return mh;
        } catch (IOException e) {
            throw new KilnException("cannot write kernel library: " + e.getMessage(), e);
        }
    }

    public KilnStats stats() {
        return new KilnStats(Map.of(), Map.of(), compiles.get(), compileNanos.get(), loadNanos.get());
    }

    static KernelCompiler compiler() {
        return ServiceLoader.load(KernelCompiler.class).findFirst().orElseThrow(() -> new KilnException(
                "no Kiln compiler on the class path (add kiln-compiler) and the kernel is not in the cache"));
    }

    private String digest(KernelGraph graph, Target target) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (Map.Entry<MethodRef, MethodModel> e : graph.methods().entrySet()) {
                md.update(e.getKey().toString().getBytes(StandardCharsets.UTF_8));
                e.getValue().code().ifPresent(c -> md.update(((java.lang.classfile.attribute.CodeAttribute) c).codeArray()));
            }
            md.update((config.options() + "|" + target).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
