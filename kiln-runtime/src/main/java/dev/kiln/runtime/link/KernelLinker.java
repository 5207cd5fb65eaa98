package dev.kiln.runtime.link;

import dev.kiln.CompileOptions;
import dev.kiln.Kernel;
import dev.kiln.KilnException;
import dev.kiln.model.MethodRef;
import dev.kiln.runtime.KilnContext;
import dev.kiln.runtime.KilnService;
import dev.kiln.runtime.cache.CacheMissException;
import dev.kiln.runtime.events.KilnEvents;

import java.lang.invoke.CallSite;
import java.lang.invoke.ConstantCallSite;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The bootstrap of the call sites that the Kiln agent and build-time rewriting put into every {@code @Kernel}
 * method: {@code layer(x, a, l)} becomes {@code invokedynamic layer(x, a, l)} linked here at its first call, with the
 * original body kept as {@code layer$java}. The site is linked once and for good ({@link ConstantCallSite}) to the
 * kernel's native handle, found in (or compiled into) the cache, so later calls cost what a bound handle costs. An
 * instance method's site ({@link #linkInstance}) takes {@code this} first and selects per receiver class
 * ({@link ReceiverDispatch}).
 *
 * <p>A kernel that cannot be served natively (refused construct, no entry and no compiler, no entry this CPU can run,
 * class file unreadable) is linked to its Java body, with one warning per kernel naming the reason; in strict mode
 * ({@code kiln.strict}) the site throws that error instead, at the first call and every later one. A bad setting
 * ({@link dev.kiln.KilnSettingsException}, or a trust or remote setting the cache cannot open with) is thrown at every
 * kernel's calls whatever strict mode says. With
 * {@code kiln.disable} / {@code KILN_DISABLE} set (read with the other settings, at the first link), every kernel runs as Java without looking at the cache.
 *
 * <p>Public only because rewritten classes link to it. Not API.
 */
public final class KernelLinker {
    /** Rewritten classes name this method as their bootstrap. */
    public static final String BOOTSTRAP_NAME = "link";
    /** Rewritten instance methods name this method as their bootstrap. */
    public static final String INSTANCE_BOOTSTRAP_NAME = "linkInstance";
    public static final String JAVA_SUFFIX = "$java";

    /**
     * The settings of every rewritten kernel of the process: a {@link KilnContext} read once at the first link, or
     * the KilnException a bad setting raised. Bootstraps are static, so this is where the linker keeps its context.
     */
    private static volatile Object context;
    /** One service per set of compile options ({@code @Kernel} may ask for its own). */
    private static final ConcurrentHashMap<CompileOptions, KilnService> SERVICES = new ConcurrentHashMap<>();
    /** Per class, per kernel: the linked target, so racing first calls link (and warn) once. */
    private static final ClassValue<ConcurrentHashMap<String, CompletableFuture<MethodHandle>>> LINKED =
            new ClassValue<>() {
                @Override
                protected ConcurrentHashMap<String, CompletableFuture<MethodHandle>> computeValue(Class<?> type) {
                    return new ConcurrentHashMap<>();
                }
            };

    private KernelLinker() {
    }

    /**
     * Bootstrap: links the call site of kernel {@code name} of the caller's class, of type {@code type}, to native
     * code or to {@code javaBody}.
     */
    public static CallSite link(MethodHandles.Lookup caller, String name, MethodType type, MethodHandle javaBody) {
        Class<?> owner = caller.lookupClass();
        return linkOnce(owner, name, type, () -> target(owner, name, type, javaBody));
    }

    /**
     * Bootstrap of a {@code @Kernel} instance method: {@code type} takes the receiver first. Each receiver class runs
     * the kernel object {@code compile(receiver, name)} would give ({@link ReceiverDispatch}), linked at the first
     * call with a receiver of that class; {@code javaBody} is the original body, called on the same receiver.
     */
    public static CallSite linkInstance(MethodHandles.Lookup caller, String name, MethodType type,
                                        MethodHandle javaBody) {
        Class<?> owner = caller.lookupClass();
        return linkOnce(owner, name, type, () -> instanceTarget(owner, name, type, javaBody));
    }

    private static CallSite linkOnce(Class<?> owner, String name, MethodType type,
                                     java.util.function.Supplier<MethodHandle> target) {
        String id = name + type.toMethodDescriptorString();
        CompletableFuture<MethodHandle> mine = new CompletableFuture<>();
        CompletableFuture<MethodHandle> linked = LINKED.get(owner).putIfAbsent(id, mine);
        if (linked == null) {
            try {
                mine.complete(target.get());
            } catch (Throwable e) {
                mine.completeExceptionally(e);
                throw e;
            }
            linked = mine;
        }
        return new ConstantCallSite(linked.join());
    }

    private static MethodHandle target(Class<?> owner, String name, MethodType type, MethodHandle javaBody) {
        KilnContext cfg;
        try {
            cfg = context();
        } catch (KilnException e) { // a bad setting: an error at every kernel's call, strict or not
            return thrower(type, e);
        }
        String identity = owner.getName() + "." + name + type.toMethodDescriptorString();
        if (cfg.disabled()) {
            KilnEvents.fellBack(cfg, identity, "kiln.disable is set", false);
            return javaBody;
        }
        String kernel = new MethodRef(owner.getName().replace('.', '/'), name, type.toMethodDescriptorString()).display();
        return serve(cfg, owner, name, type, type, javaBody, kernel, null);
    }

    private static MethodHandle instanceTarget(Class<?> owner, String name, MethodType type, MethodHandle javaBody) {
        KilnContext cfg;
        try {
            cfg = context();
        } catch (KilnException e) {
            return thrower(type, e);
        }
        MethodType own = type.dropParameterTypes(0, 1);
        if (cfg.disabled()) {
            KilnEvents.fellBack(cfg, owner.getName() + "." + name + own.toMethodDescriptorString(), "kiln.disable is set", false);
            return javaBody;
        }
        String kernel = new MethodRef(owner.getName().replace('.', '/'), name, own.toMethodDescriptorString()).display();
        return new ReceiverDispatch(owner, name, type, javaBody, receiver -> serve(cfg, receiver, name, own, type,
                javaBody, kernel, receiver == owner ? null : receiver.getName())).target();
    }

    /**
     * The native handle of kernel {@code name} of {@code owner} ({@code own}: the method's type; for an instance
     * method, a kernel object of exactly class {@code owner}), as {@code site}; or {@code javaBody} with a warning,
     * or in strict mode a handle throwing why. {@code subclass} names the receiver class when it is not the class
     * declaring the kernel: its entries are its own, and the messages say so.
     */
    private static MethodHandle serve(KilnContext cfg, Class<?> owner, String name, MethodType own, MethodType site,
                                      MethodHandle javaBody, String kernel, String subclass) {
        CompileOptions base = cfg.config().options();
        KilnService service;
        try {
            // Opening the cache reads the trust and remote settings: a failure there is no kernel's own.
            service = SERVICES.computeIfAbsent(base, o -> new KilnService(cfg.withOptions(o)));
        } catch (KilnException e) {
            return thrower(site, e);
        }
        try {
            CompileOptions options = options(owner, name, own, base);
            if (!options.equals(base)) {
                service = SERVICES.computeIfAbsent(options, o -> new KilnService(cfg.withOptions(o)));
            }
            // Through the cache's direct mode: when the class files are unchanged since the entry was made, no class
            // file is parsed and no key derived (a rewritten class is keyed by the original it carries).
            return service.handle(owner, name, own).asType(site);
        } catch (RuntimeException | LinkageError e) {
            // LinkageError: a compiler whose natives cannot load; the Java body still runs, as promised.
            String forReceivers = subclass == null ? "" : " for receivers of class " + subclass;
            if (cfg.config().strict()) {
                return thrower(site, e instanceof CacheMissException m && subclass != null
                        ? new CacheMissException(m.kernel() + forReceivers, m.reason(), m.detail()) : e);
            }
            System.err.println("kiln: warning: " + kernel + forReceivers + " runs as Java: " + reason(e));
            KilnEvents.fellBack(cfg, owner.getName() + "." + name + own.toMethodDescriptorString(), reason(e), true);
            return javaBody;
        }
    }

    /**
     * {@code base} with the options the kernel's {@code @Kernel} asks for: the same answer
     * {@link KernelAnnotation#options} gives from the class file. Read from the class file's bytes
     * ({@link KernelOptionsScan}); reflection only when there is no readable class file (its first annotation costs
     * a fresh JVM about a hundred milliseconds).
     */
    private static CompileOptions options(Class<?> owner, String name, MethodType type, CompileOptions base) {
        String descriptor = type.toMethodDescriptorString();
        for (Class<?> c = owner; c != null; c = c.getSuperclass()) { // an instance kernel may be inherited
            Map<String, Integer> declared = DECLARED.get(c);
            switch (declared == null ? KernelOptionsScan.UNREADABLE : KernelOptionsScan.lookUp(declared, name, descriptor)) {
                case KernelOptionsScan.NOT_DECLARED -> {
                    continue; // declared further up
                }
                case KernelOptionsScan.NO_KERNEL, KernelOptionsScan.KERNEL -> {
                    return base;
                }
                case KernelOptionsScan.KERNEL_FAST_MATH -> {
                    return base.withFastMath(true);
                }
                default -> {
                    return reflectedOptions(owner, name, type, base);
                }
            }
        }
        return reflectedOptions(owner, name, type, base);
    }

    /**
     * Per class: what its class file says of each method it declares ({@link KernelOptionsScan#scanAll}), or null when
     * it has no readable class file. Read once per class, not once per kernel: the class is defined, so its file as
     * first read describes the code this JVM runs.
     */
    private static final ClassValue<Map<String, Integer>> DECLARED = new ClassValue<>() {
        @Override
        protected Map<String, Integer> computeValue(Class<?> c) {
            return KernelOptionsScan.scanAll(classFile(c));
        }
    };

    /** The class file of {@code c} as its loader serves it, or an empty array when there is none. */
    private static byte[] classFile(Class<?> c) {
        ClassLoader l = c.getClassLoader() != null ? c.getClassLoader() : ClassLoader.getSystemClassLoader();
        try (java.io.InputStream in = l.getResourceAsStream(c.getName().replace('.', '/') + ".class")) {
            return in == null ? new byte[0] : in.readAllBytes();
        } catch (java.io.IOException e) {
            return new byte[0];
        }
    }

    /** {@link #options} by reflection (the annotation stays on the rewritten method). */
    private static CompileOptions reflectedOptions(Class<?> owner, String name, MethodType type, CompileOptions base) {
        for (Class<?> c = owner; c != null; c = c.getSuperclass()) {
            try {
                return KernelAnnotation.options(c.getDeclaredMethod(name, type.parameterArray()).getAnnotation(Kernel.class), base);
            } catch (NoSuchMethodException e) {
                // declared further up
            }
        }
        throw new KilnException("no method " + name + type.toMethodDescriptorString() + " in " + owner.getName());
    }

    /** A handle of {@code type} that throws {@code e}: strict mode's answer at every call of a kernel it refused. */
    private static MethodHandle thrower(MethodType type, Throwable e) {
        MethodHandle t = MethodHandles.throwException(type.returnType(), e.getClass()).bindTo(e);
        return MethodHandles.dropArguments(t, 0, type.parameterList());
    }

    private static String reason(Throwable e) {
        String m = e.getMessage();
        if (m == null) m = "";
        int nl = m.indexOf('\n');
        if (nl >= 0) m = m.substring(0, nl);
        return e instanceof KilnException ? m : e.getClass().getName() + (m.isEmpty() ? "" : ": " + m);
    }

    /** The settings, read and checked once; a bad one is remembered and thrown at every link. */
    private static KilnContext context() {
        Object c = context;
        if (c == null) {
            synchronized (KernelLinker.class) {
                if (context == null) {
                    try {
                        KilnContext read = KilnContext.fromEnvironment();
                        if (!read.disabled()) LinkWarmUp.start();
                        context = read;
                    } catch (KilnException e) {
                        context = e;
                    }
                }
                c = context;
            }
        }
        if (c instanceof KilnException e) throw e;
        return (KilnContext) c;
    }
}
