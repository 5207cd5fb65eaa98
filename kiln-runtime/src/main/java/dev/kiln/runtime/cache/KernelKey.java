package dev.kiln.runtime.cache;

import dev.kiln.CompileOptions;
import dev.kiln.Target;
import dev.kiln.model.KernelGraph;
import dev.kiln.model.MethodRef;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.lang.classfile.MethodModel;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Everything that determines a kernel's machine code except the target: the kernel, a digest of the resolved code
 * of the kernel and every method it calls (with the values of {@code keyed} folded in where the code reads them),
 * and the {@link KeyedInputs} (compiler identity, options, process values). {@link #keyFor(Target)} adds the target
 * and gives the cache key, a SHA-256 in hex:
 *
 * <pre>
 * key    = sha256("kiln-key/1", kernel, inputs, compiler, target.toString(), options.toString())
 * inputs = sha256("kiln-inputs/1", kernel, for each method in graph order: (method, sha256(method encoding)))
 * </pre>
 *
 * Each string is length-prefixed UTF-8. Paths, times, jar names, hosts, users, pids and line numbers never enter.
 *
 * @param kernel        the kernel, e.g. {@code com.acme.Losses.layer([DD)D}
 * @param inputs        digest over the per-method digests
 * @param methodDigests per method ({@link MethodRef#toString()}), so a miss can name the method that changed
 * @param keyed         what the key depends on besides the class files, as it was read for this key
 */
public record KernelKey(MethodRef kernel, String inputs, SortedMap<String, String> methodDigests, KeyedInputs keyed) {
    public static final String KEY_FORMAT = "kiln-key/1";
    static final String INPUTS_FORMAT = "kiln-inputs/1";

    public KernelKey {
        methodDigests = Collections.unmodifiableSortedMap(new TreeMap<>(methodDigests));
    }

    /** A key whose code reads no value from the process (no computed constant, assertion flag or JDK table). */
    public KernelKey(MethodRef kernel, String inputs, SortedMap<String, String> methodDigests, String compiler,
                     CompileOptions options) {
        this(kernel, inputs, methodDigests, KeyedInputs.of(compiler, options));
    }

    /** Computes the digests of {@code graph}; cost is linear in its byte code. */
    public static KernelKey of(KernelGraph graph, CompileOptions options, String compiler) {
        return of(graph, options, compiler, new KeyedInputs.Reader(graph));
    }

    static KernelKey of(KernelGraph graph, CompileOptions options, String compiler, KeyedInputs.Reader process) {
        TreeMap<String, String> digests = new TreeMap<>();
        for (Map.Entry<MethodRef, MethodModel> e : graph.methods().entrySet()) {
            digests.put(e.getKey().toString(),
                    KeyEncoder.methodDigest(graph, process, e.getKey().owner(), e.getValue()));
        }
        return new KernelKey(graph.root(), inputsDigest(graph.root().toString(), digests), digests,
                process.build(compiler, options));
    }

    /** Code generator identity ({@link dev.kiln.KilnVersion#COMPILER}). */
    public String compiler() {
        return keyed.compiler();
    }

    public CompileOptions options() {
        return keyed.options();
    }

    static String inputsDigest(String kernel, SortedMap<String, String> methodDigests) {
        Canon c = new Canon().str(INPUTS_FORMAT).str(kernel).num(methodDigests.size());
        methodDigests.forEach((m, d) -> c.str(m).str(d));
        return c.sha256();
    }

    /** The cache key of this code compiled for {@code target}: 64 hex digits. */
    public String keyFor(Target target) {
        return key(kernel.toString(), inputs, compiler(), target.toString(), options().toString());
    }

    /** The key from its components in text form (how metadata is re-checked). */
    public static String key(String kernel, String inputs, String compiler, String target, String options) {
        return new Canon().str(KEY_FORMAT).str(kernel).str(inputs).str(compiler).str(target).str(options).sha256();
    }

    /** The exported symbol of the entry with this key: content-derived, so different code never shares a name. */
    public static String symbol(String key) {
        return "kiln_" + key.substring(0, 32);
    }

    /** Kernel identity text: class, method and descriptor (all entries of one identity live in one folder). */
    public String identity() {
        return kernel.toString();
    }

    /** Readable short form of a method key ({@code com.acme.Losses.clip(DDD)D} → {@code Losses.clip(DDD)D}). */
    public static String displayMethod(String method) {
        int paren = method.indexOf('(');
        int dot = method.lastIndexOf('.', paren < 0 ? method.length() : paren);
        int cls = dot <= 0 ? -1 : method.lastIndexOf('.', dot - 1);
        return method.substring(cls + 1);
    }

    /** Length-prefixed canonical encoding fed to SHA-256. */
    static final class Canon {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        private final DataOutputStream out = new DataOutputStream(bytes);

        Canon str(String s) {
            try {
                byte[] b = s.getBytes(StandardCharsets.UTF_8);
                out.writeInt(b.length);
                out.write(b);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            return this;
        }

        Canon num(int n) {
            try {
                out.writeInt(n);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            return this;
        }

        String sha256() {
            return KeyEncoder.sha256Hex(bytes.toByteArray());
        }
    }
}
