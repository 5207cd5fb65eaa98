package dev.kiln.runtime.parallel;

import dev.kiln.model.UserAccess;
import dev.kiln.model.GeneratedNames;
import dev.kiln.KilnException;
import dev.kiln.model.KernelGraph;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.ClassModel;
import java.lang.classfile.CodeBuilder;
import java.lang.classfile.CodeElement;
import java.lang.classfile.CodeTransform;
import java.lang.classfile.Label;
import java.lang.classfile.MethodModel;
import java.lang.classfile.TypeKind;
import java.lang.classfile.attribute.CodeAttribute;
import java.lang.classfile.attribute.SourceFileAttribute;
import java.lang.constant.ClassDesc;
import java.lang.constant.ConstantDescs;
import java.lang.constant.DirectMethodHandleDesc;
import java.lang.constant.MethodTypeDesc;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.AccessFlag;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Kernels with parallel loops ({@link ParallelSites}). The kernel runs as Java, with each stream pipeline replaced
 * by a call of {@link ParallelLoop}; each loop's lambda body becomes a native kernel of its own, the <em>chunk</em>
 * {@code chunk(captures..., int lo, int hi)} that runs the body for {@code i} from {@code lo} to {@code hi} in order
 * (and for a sum, returns the sum of the values from 0). The chunk is a small synthetic class whose only method calls
 * the lambda's method, compiled and cached like any kernel: its key covers the lambda's bytecode and everything it
 * calls, and nothing about threads.
 *
 * <p>The rewritten kernel is a hidden class, nestmate of the kernel's class, so that the kernel's code keeps its
 * access to private members of its class.
 *
 * <p>Public only because the runtime's kernel service calls it. Not API.
 */
public final class ParallelKernels {
    private static final ClassDesc CD_LOOP = ClassDesc.of(ParallelLoop.class.getName());
    private static final byte[] MARK = "java/util/stream/IntStream".getBytes(StandardCharsets.UTF_8);

    private ParallelKernels() {
    }

    /** Per class: its class file when it mentions IntStream, else null (no parallel loop is possible). */
    private static final ClassValue<byte[]> STREAM_USERS = new ClassValue<>() {
        @Override
        protected byte[] computeValue(Class<?> owner) {
            ClassLoader loader = owner.getClassLoader() != null ? owner.getClassLoader() : ClassLoader.getSystemClassLoader();
            try (InputStream in = loader.getResourceAsStream(owner.getName().replace('.', '/') + ".class")) {
                if (in == null) return null;
                byte[] raw = in.readAllBytes();
                return contains(raw, MARK) ? raw : null;
            } catch (IOException e) {
                return null; // the ordinary path reports it
            }
        }
    };

    /**
     * The handle of static kernel {@code name} of {@code owner} ({@code type} null: the only method of that name) run
     * as Java with its parallel loops native, each chunk compiled by {@code compiler}; null when the method has no
     * {@code IntStream.parallel()} call. {@code threads}: the context's {@code kiln.threads}, the size of the process's
     * pool if these are its first loops.
     *
     * @throws dev.kiln.UnsupportedConstructException for a {@code parallel()} outside the supported form, or a
     *                                                lambda the compiler refuses
     */
    public static MethodHandle handle(Class<?> owner, String name, MethodType type, int threads, Chunks compiler) {
        byte[] raw = STREAM_USERS.get(owner);
        if (raw == null) return null; // most kernels' classes: read once, never parsed
        ClassLoader loader = owner.getClassLoader() != null ? owner.getClassLoader() : ClassLoader.getSystemClassLoader();
        String internal = owner.getName().replace('.', '/');
        ClassModel cm = KernelGraph.asCompiled(raw);
        MethodModel method = method(cm, name, type == null ? null : type.toMethodDescriptorString());
        if (method == null) return null;
        List<ParallelSites.Site> sites = ParallelSites.find((CodeAttribute) method.code().get(), owner.getName(), name);
        List<ParallelLoop> loops = new ArrayList<>();
        for (ParallelSites.Site s : sites) {
            Chunk c = chunk(loader, internal, s);
            loops.add(new ParallelLoop(s.kind(), compiler.link(c.loader(), c.name(), "chunk", c.descriptor()),
                    s.captures().size(), threads));
        }
        return define(owner, cm, method, sites, loops);
    }

    /**
     * The chunk graphs of static kernel {@code name} ({@code descriptor} null: the only method of that name) of class
     * {@code internal} as {@code loader} reads it, one per parallel loop, with the keys {@link #handle} links them
     * under: what {@code kiln bake} compiles ahead. Null when the method has no {@code IntStream.parallel()} call.
     *
     * @throws dev.kiln.UnsupportedConstructException for a {@code parallel()} outside the supported form
     */
    public static List<KernelGraph> chunkGraphs(ClassLoader loader, String internal, String name, String descriptor) {
        byte[] raw;
        try (InputStream in = loader.getResourceAsStream(internal + ".class")) {
            if (in == null) return null;
            raw = in.readAllBytes();
        } catch (IOException e) {
            return null; // the ordinary path reports it
        }
        if (!contains(raw, MARK)) return null;
        MethodModel method = method(KernelGraph.asCompiled(raw), name, descriptor);
        if (method == null) return null;
        List<KernelGraph> graphs = new ArrayList<>();
        for (ParallelSites.Site s : ParallelSites.find((CodeAttribute) method.code().get(),
                internal.replace('/', '.'), name)) {
            graphs.add(chunkGraph(loader, internal, s));
        }
        return graphs;
    }

    /** The static method with a parallel loop named {@code name} (and {@code descriptor}, if not null), else null. */
    private static MethodModel method(ClassModel cm, String name, String descriptor) {
        MethodModel method = null;
        for (MethodModel m : cm.methods()) {
            if (!m.methodName().equalsString(name)) continue;
            if (descriptor != null && !m.methodType().equalsString(descriptor)) continue;
            if (method != null) return null; // overloaded: the ordinary path says so
            method = m;
        }
        if (method == null || !method.flags().has(AccessFlag.STATIC) || method.code().isEmpty()) return null;
        return ParallelSites.any((CodeAttribute) method.code().get()) ? method : null;
    }

    /**
     * Links a chunk kernel: method {@code name} ({@code descriptor}) of class {@code owner} as {@code loader} serves
     * it, a class this JVM does not define, as a handle of the method's type.
     */
    @FunctionalInterface
    public interface Chunks {
        MethodHandle link(ClassLoader loader, String owner, String name, String descriptor);
    }

    /** A loop's chunk class: its internal name, the loader that serves its bytes, the descriptor of its method. */
    private record Chunk(ClassLoader loader, String name, String descriptor) {
    }

    private static KernelGraph chunkGraph(ClassLoader loader, String owner, ParallelSites.Site s) {
        Chunk c = chunk(loader, owner, s);
        return KernelGraph.of(c.loader(), c.name(), "chunk", c.descriptor());
    }

    private static Chunk chunk(ClassLoader loader, String owner, ParallelSites.Site s) {
        DirectMethodHandleDesc body = s.body();
        // named after the lambda's method, so that a refusal or a cache miss names the loop it is about
        String chunkName = packageOf(owner) + simpleOf(body.owner().descriptorString()) + "$KilnChunk$"
                + body.methodName() + "$" + GeneratedNames.hash(body.owner().descriptorString() + body.methodName()
                + body.lookupDescriptor() + s.kind());
        MethodTypeDesc type = chunkType(s);
        byte[] bytes = chunkClass(chunkName, s, type);
        return new Chunk(new ChunkLoader(loader, chunkName + ".class", bytes), chunkName, type.descriptorString());
    }

    private static MethodTypeDesc chunkType(ParallelSites.Site s) {
        List<ClassDesc> p = new ArrayList<>(s.captures());
        p.add(ConstantDescs.CD_int);
        p.add(ConstantDescs.CD_int);
        return MethodTypeDesc.of(ClassDesc.ofDescriptor(s.kind().result.descriptorString()), p);
    }

    /**
     * {@code static R chunk(captures..., int lo, int hi)}: {@code for (int i = lo; i < hi; i++) body(captures..., i)},
     * for a sum {@code R s = 0; ... s = s + body(captures..., i); return s}.
     */
    private static byte[] chunkClass(String name, ParallelSites.Site s, MethodTypeDesc type) {
        DirectMethodHandleDesc body = s.body();
        TypeKind r = TypeKind.from(type.returnType());
        return ClassFile.of().build(ClassDesc.ofInternalName(name), clb -> {
            clb.withFlags(ClassFile.ACC_FINAL | ClassFile.ACC_SUPER | ClassFile.ACC_SYNTHETIC);
            clb.withMethodBody("chunk", type, ClassFile.ACC_PUBLIC | ClassFile.ACC_STATIC | ClassFile.ACC_SYNTHETIC, cb -> {
                int slot = 0;
                for (ClassDesc c : s.captures()) slot += TypeKind.from(c).slotSize();
                int lo = slot;
                int hi = slot + 1;
                int i = slot + 2;
                int acc = slot + 3;
                if (r != TypeKind.VOID) {
                    zero(cb, r);
                    cb.storeLocal(r, acc);
                }
                cb.iload(lo).istore(i);
                Label top = cb.newLabel();
                Label end = cb.newLabel();
                cb.labelBinding(top);
                cb.iload(i).iload(hi).if_icmpge(end);
                if (r != TypeKind.VOID) cb.loadLocal(r, acc);
                int p = 0;
                for (ClassDesc c : s.captures()) {
                    TypeKind k = TypeKind.from(c);
                    cb.loadLocal(k, p);
                    p += k.slotSize();
                }
                cb.iload(i);
                cb.invokestatic(body.owner(), body.methodName(), MethodTypeDesc.ofDescriptor(body.lookupDescriptor()),
                        body.isOwnerInterface());
                if (r != TypeKind.VOID) {
                    switch (r) {
                        case DOUBLE -> cb.dadd();
                        case LONG -> cb.ladd();
                        default -> cb.iadd();
                    }
                    cb.storeLocal(r, acc);
                }
                cb.iinc(i, 1).goto_(top);
                cb.labelBinding(end);
                if (r != TypeKind.VOID) cb.loadLocal(r, acc);
                cb.return_(r);
            });
        });
    }

    private static void zero(CodeBuilder cb, TypeKind k) {
        switch (k) {
            case DOUBLE -> cb.dconst_0();
            case LONG -> cb.lconst_0();
            default -> cb.iconst_0();
        }
    }

    /**
     * The kernel method copied into a hidden nestmate class, each pipeline replaced: {@code IntStream.range} and
     * {@code parallel()} dropped (a and b stay on the stack), the lambda's {@code invokedynamic} dropped (its
     * captures stay), the terminal call(s) replaced by {@code par$k(a, b, captures...)}, which hands the loop to its
     * {@link ParallelLoop}.
     */
    private static MethodHandle define(Class<?> owner, ClassModel cm, MethodModel method, List<ParallelSites.Site> sites,
                                       List<ParallelLoop> loops) {
        String internal = owner.getName().replace('.', '/');
        ClassDesc self = ClassDesc.ofInternalName(internal + "$KilnParallel");
        CodeAttribute code = (CodeAttribute) method.code().get();
        int n = code.elementList().size();
        int[] action = new int[n]; // 0 keep, -1 drop, k+1 call par$k
        for (int k = 0; k < sites.size(); k++) {
            ParallelSites.Site s = sites.get(k);
            action[s.range()] = -1;
            action[s.parallel()] = -1;
            action[s.indy()] = -1;
            List<Integer> t = s.terminal();
            for (int j = 0; j < t.size() - 1; j++) action[t.get(j)] = -1;
            action[t.getLast()] = k + 1;
        }
        ClassLoader loader = owner.getClassLoader() != null ? owner.getClassLoader() : ClassLoader.getSystemClassLoader();
        ClassHierarchyResolver resolver = ClassHierarchyResolver.defaultResolver()
                .orElse(ClassHierarchyResolver.ofResourceParsing(loader));
        byte[] bytes;
        try {
            bytes = ClassFile.of(ClassFile.ClassHierarchyResolverOption.of(resolver)).build(self, clb -> {
                clb.withFlags(ClassFile.ACC_FINAL | ClassFile.ACC_SUPER | ClassFile.ACC_SYNTHETIC);
                cm.findAttribute(java.lang.classfile.Attributes.sourceFile())
                        .ifPresent(f -> clb.with(SourceFileAttribute.of(f.sourceFile().stringValue())));
                for (int k = 0; k < sites.size(); k++) {
                    clb.withField("loop" + k, CD_LOOP, ClassFile.ACC_PRIVATE | ClassFile.ACC_STATIC);
                }
                clb.withMethod(method.methodName().stringValue(), method.methodTypeSymbol(),
                        ClassFile.ACC_PUBLIC | ClassFile.ACC_STATIC, mb -> mb.transformCode(code, new CodeTransform() {
                            private int at;

                            @Override
                            public void accept(CodeBuilder cb, CodeElement e) {
                                int a = action[at++];
                                if (a == 0) cb.with(e);
                                else if (a > 0) {
                                    ParallelSites.Site s = sites.get(a - 1);
                                    cb.invokestatic(self, "par$" + (a - 1), parType(s));
                                }
                            }
                        }));
                for (int k = 0; k < sites.size(); k++) {
                    int site = k;
                    ParallelSites.Site s = sites.get(k);
                    clb.withMethodBody("par$" + k, parType(s), ClassFile.ACC_PRIVATE | ClassFile.ACC_STATIC,
                            cb -> par(cb, self, site, s));
                }
            });
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new KilnException("cannot rewrite the parallel loops of " + owner.getName() + "."
                    + method.methodName().stringValue() + ": " + e.getMessage(), e);
        }
        try {
            MethodHandles.Lookup host = UserAccess.privateLookup(owner);
            MethodHandles.Lookup hidden = host.defineHiddenClass(bytes, true, MethodHandles.Lookup.ClassOption.NESTMATE);
            for (int k = 0; k < loops.size(); k++) {
                hidden.findStaticVarHandle(hidden.lookupClass(), "loop" + k, ParallelLoop.class).set(loops.get(k));
            }
            return hidden.findStatic(hidden.lookupClass(), method.methodName().stringValue(),
                    MethodType.fromMethodDescriptorString(method.methodType().stringValue(), owner.getClassLoader()));
        } catch (ReflectiveOperationException | IllegalArgumentException | LinkageError e) {
            throw new KilnException("cannot define the parallel form of " + owner.getName() + "."
                    + method.methodName().stringValue() + ": " + e, e);
        }
    }

    private static MethodTypeDesc parType(ParallelSites.Site s) {
        List<ClassDesc> p = new ArrayList<>(List.of(ConstantDescs.CD_int, ConstantDescs.CD_int));
        p.addAll(s.captures());
        return MethodTypeDesc.of(ClassDesc.ofDescriptor(s.kind().result.descriptorString()), p);
    }

    /** {@code loopK.forEach(a, b, new Object[] {captures...})} (or the sum), returned. */
    private static void par(CodeBuilder cb, ClassDesc self, int k, ParallelSites.Site s) {
        cb.getstatic(self, "loop" + k, CD_LOOP);
        cb.iload(0).iload(1);
        cb.loadConstant(s.captures().size()).anewarray(ConstantDescs.CD_Object);
        int slot = 2;
        for (int j = 0; j < s.captures().size(); j++) {
            ClassDesc c = s.captures().get(j);
            TypeKind kind = TypeKind.from(c);
            cb.dup().loadConstant(j).loadLocal(kind, slot);
            if (c.isPrimitive()) {
                ClassDesc box = box(c);
                cb.invokestatic(box, "valueOf", MethodTypeDesc.of(box, c));
            }
            cb.aastore();
            slot += kind.slotSize();
        }
        String m = switch (s.kind()) {
            case FOR_EACH -> "forEach";
            case SUM_DOUBLE -> "sumDouble";
            case SUM_LONG -> "sumLong";
            case SUM_INT -> "sumInt";
        };
        ClassDesc r = ClassDesc.ofDescriptor(s.kind().result.descriptorString());
        cb.invokevirtual(CD_LOOP, m, MethodTypeDesc.of(r, ConstantDescs.CD_int, ConstantDescs.CD_int,
                ConstantDescs.CD_Object.arrayType()));
        cb.return_(TypeKind.from(r));
    }

    private static ClassDesc box(ClassDesc p) {
        return switch (p.descriptorString()) {
            case "Z" -> ConstantDescs.CD_Boolean;
            case "B" -> ConstantDescs.CD_Byte;
            case "C" -> ConstantDescs.CD_Character;
            case "S" -> ConstantDescs.CD_Short;
            case "I" -> ConstantDescs.CD_Integer;
            case "J" -> ConstantDescs.CD_Long;
            case "F" -> ConstantDescs.CD_Float;
            default -> ConstantDescs.CD_Double;
        };
    }

    /** The kernel class's loader, serving one more class file: the synthetic chunk class the compiler reads. */
    private static final class ChunkLoader extends ClassLoader {
        private final String resource;
        private final byte[] bytes;

        ChunkLoader(ClassLoader parent, String resource, byte[] bytes) {
            super(parent);
            this.resource = resource;
            this.bytes = bytes;
        }

        @Override
        public InputStream getResourceAsStream(String name) {
            return name.equals(resource) ? new ByteArrayInputStream(bytes) : getParent().getResourceAsStream(name);
        }
    }

    private static boolean contains(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
            return true;
        }
        return false;
    }

    private static String packageOf(String internal) {
        int slash = internal.lastIndexOf('/');
        return slash < 0 ? "" : internal.substring(0, slash + 1);
    }

    /** {@code Lp/q/Owner;} → {@code Owner}. */
    private static String simpleOf(String descriptor) {
        String s = descriptor.substring(1, descriptor.length() - 1);
        return s.substring(s.lastIndexOf('/') + 1);
    }
}
