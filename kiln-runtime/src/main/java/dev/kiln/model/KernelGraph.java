package dev.kiln.model;

import dev.kiln.KilnException;

import java.io.IOException;
import java.io.InputStream;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.CodeElement;
import java.lang.classfile.MethodModel;
import java.lang.classfile.instruction.InvokeInstruction;
import java.lang.classfile.Opcode;
import java.lang.invoke.MethodType;
import java.lang.reflect.AccessFlag;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A kernel and every static method it calls, transitively, read from class files through the kernel class's
 * loader. Calls into the JDK ({@code java/}, {@code javax/}, {@code jdk/}, {@code sun/}) that the compiler lowers as
 * intrinsics ({@link JdkLeaves}) are leaves; other static JDK methods with primitive signatures are read from the
 * JDK's class files and become part of the graph like user callees (so a JDK update changes exactly their keys).
 *
 * <p>Both the cache key and the compiler front end read this model, so "what is compiled" and "what is hashed"
 * cannot drift apart.
 */
public final class KernelGraph {
    private final MethodRef root;
    private final SortedMap<MethodRef, MethodModel> methods;
    private final Map<MethodRef, MethodRef> calledFrom;
    private final Map<String, ClassModel> classes;
    private final SortedMap<String, String> classFiles;
    private final boolean uniqueName;
    private final ClassLoader loader;
    private final Map<String, Boolean> assertions;
    private final Map<String, String> assertionClasses;
    private final String receiver;

    private KernelGraph(MethodRef root, SortedMap<MethodRef, MethodModel> methods,
                        Map<MethodRef, MethodRef> calledFrom, Map<String, ClassModel> classes,
                        SortedMap<String, String> classFiles, boolean uniqueName, ClassLoader loader,
                        Map<String, Boolean> assertions, Map<String, String> assertionClasses, String receiver) {
        this.root = root;
        this.receiver = receiver;
        this.methods = Collections.unmodifiableSortedMap(methods);
        this.calledFrom = calledFrom;
        this.classes = classes;
        this.loader = loader;
        this.assertions = assertions;
        this.assertionClasses = assertionClasses;
        this.classFiles = Collections.unmodifiableSortedMap(classFiles);
        this.uniqueName = uniqueName;
    }

    /**
     * For a kernel object ({@link KernelObjects}): the exact class of the receiver (internal name), which decides
     * what the calls on {@code this} dispatch to. Null for a static kernel.
     */
    public String receiver() {
        return receiver;
    }

    /**
     * The method a call on {@code this} of a kernel object runs ({@link #resolveOnReceiver}), or null when the call
     * cannot be one (static kernel, a method outside the receiver's class and superclasses, abstract).
     */
    public MethodRef calleeOnReceiver(InvokeInstruction inv) {
        if (receiver == null) return null;
        MethodRef m = resolveOnReceiver(loader, receiver, inv, new HashMap<>(classes), new HashMap<>());
        return m != null && methods.containsKey(m) ? m : null;
    }

    /**
     * The method a call runs on an object of exactly class {@code cls} (internal name) that the front end replaces by
     * its fields, or null when it is not in the graph (not resolvable from {@code cls}, abstract, a JDK method).
     */
    public MethodRef calleeOn(String cls, InvokeInstruction inv) {
        MethodRef m = resolveOnReceiver(loader, cls, inv, new HashMap<>(classes), new HashMap<>());
        return m != null && methods.containsKey(m) ? m : null;
    }

    /**
     * Whether {@code assert} statements run in code reading {@code owner.$assertionsDisabled}: the
     * {@code desiredAssertionStatus()} of the class javac's static initialiser asks (the top-level class), as that
     * initialiser would set it. Empty when {@code owner} has no such field set up the way javac does it.
     */
    public Optional<Boolean> assertionsEnabled(String owner) {
        return Optional.ofNullable(assertions.get(owner));
    }

    /**
     * The class (binary name) whose {@code desiredAssertionStatus()} decides {@link #assertionsEnabled}{@code (owner)},
     * so the status can be asked again without parsing the initialiser ({@link #desiredAssertionStatus}).
     */
    public Optional<String> assertionClass(String owner) {
        return Optional.ofNullable(assertionClasses.get(owner));
    }

    public MethodRef root() {
        return root;
    }

    /** The kernel and its transitive static callees (JDK ones too, except intrinsics), sorted by owner, name, descriptor. */
    public SortedMap<MethodRef, MethodModel> methods() {
        return methods;
    }

    public MethodModel method(MethodRef ref) {
        MethodModel m = methods.get(ref);
        if (m == null) throw new IllegalArgumentException("not in graph: " + ref);
        return m;
    }

    /**
     * Every class file this graph was read from, by internal name: the SHA-256 (hex) of its raw bytes, or
     * {@link #ABSENT} for a class looked up and not found. Null when a class file could not be read, so the graph
     * cannot be reproduced from these digests. The graph is a function of exactly these lookups, so equal digests
     * mean an equal graph (what the cache's direct mode relies on).
     */
    public SortedMap<String, String> classFiles() {
        return classFiles.containsValue(UNREADABLE) ? null : classFiles;
    }

    /** Whether the kernel is the only method of its name in its class (so it can be asked for by name alone). */
    public boolean uniqueName() {
        return uniqueName;
    }

    /** The digest recorded for a class that was looked up and not found. */
    public static final String ABSENT = "absent";
    private static final String UNREADABLE = "unreadable";

    /** The loader the class files were read through (the kernel class's; exceptions the kernel throws resolve through it). */
    public ClassLoader loader() {
        return loader;
    }

    /** The class model of a class named in the graph (kernel, callee owners, owners of static fields read). */
    public Optional<ClassModel> classModel(String internalName) {
        return Optional.ofNullable(classes.get(internalName));
    }

    /**
     * A class's model for inspection only: the graph's own, or read through the graph's loader without becoming part
     * of the graph (nor of its key). Empty when it cannot be read.
     */
    public Optional<ClassModel> inspect(String internalName) {
        ClassModel cm = classes.get(internalName);
        if (cm != null) return Optional.of(cm);
        try (InputStream in = loader.getResourceAsStream(internalName + ".class")) {
            return in == null ? Optional.empty() : Optional.of(ClassFile.of().parse(in.readAllBytes()));
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Calls from the kernel down to {@code ref}, kernel first, as readable strings. */
    public List<String> callPath(MethodRef ref) {
        List<String> path = new ArrayList<>();
        for (MethodRef m = ref; m != null; m = calledFrom.get(m)) path.add(0, m.display());
        return path;
    }

    /** True for owners Kiln treats as leaves (JDK classes). */
    public static boolean isJdkOwner(String internalName) {
        return internalName.startsWith("java/") || internalName.startsWith("javax/")
                || internalName.startsWith("jdk/") || internalName.startsWith("sun/");
    }

    /**
     * Finds the static method {@code name} in {@code kernelClass}; {@code type} may be null when the name is unique.
     *
     * @throws KilnException when the method is missing, ambiguous or not static, or a class file cannot be read
     */
    public static KernelGraph of(Class<?> kernelClass, String name, MethodType type) {
        ClassLoader loader = kernelClass.getClassLoader() != null ? kernelClass.getClassLoader()
                : ClassLoader.getSystemClassLoader();
        return of(loader, kernelClass.getName().replace('.', '/'), name, type == null ? null : type.toMethodDescriptorString());
    }

    /** As {@link #of(Class, String, MethodType)}, by internal class name and descriptor (null: unique by name). */
    public static KernelGraph of(ClassLoader loader, String ownerInternalName, String name, String descriptor) {
        Map<String, ClassModel> classes = new HashMap<>();
        SortedMap<String, String> files = new TreeMap<>();
        ClassModel owner = load(loader, ownerInternalName, classes, files);
        List<MethodModel> candidates = new ArrayList<>();
        int sameName = 0;
        for (MethodModel m : owner.methods()) {
            if (m.methodName().equalsString(name)) {
                sameName++;
                if (descriptor == null || m.methodType().equalsString(descriptor)) candidates.add(m);
            }
        }
        MethodModel kernel = single(candidates, ownerInternalName, name, descriptor);
        if (!kernel.flags().has(AccessFlag.STATIC)) {
            throw new KilnException(ownerInternalName.replace('/', '.') + "." + name
                    + " is not static; compile an instance method with compile(object, name) or on its class");
        }
        MethodRef root = new MethodRef(ownerInternalName, name, kernel.methodType().stringValue());
        return build(loader, root, kernel, classes, files, sameName == 1, null);
    }

    /**
     * The kernel a tool names as {@code Class#method} ({@code kiln bake}, {@code verify}, {@code explain}): the static
     * method {@code name} of that class, or else the instance method a receiver of exactly that class runs (declared
     * there or inherited, {@link #ofInstance}): the graph a call on such a receiver links, so the key is the same.
     */
    public static KernelGraph ofNamed(ClassLoader loader, String classInternalName, String name, String descriptor) {
        ClassModel cm = load(loader, classInternalName, new HashMap<>(), new TreeMap<>());
        boolean declaredStatic = cm.methods().stream().anyMatch(m -> m.methodName().equalsString(name)
                && (descriptor == null || m.methodType().equalsString(descriptor)) && m.flags().has(AccessFlag.STATIC));
        boolean declared = cm.methods().stream().anyMatch(m -> m.methodName().equalsString(name)
                && (descriptor == null || m.methodType().equalsString(descriptor)));
        boolean isInterface = cm.flags().has(AccessFlag.INTERFACE);
        if (declaredStatic || isInterface && !declared) return of(loader, classInternalName, name, descriptor);
        if (isInterface) {
            throw new KilnException(classInternalName.replace('/', '.') + "." + name
                    + " is an instance method of an interface; a kernel object's receiver is of a class");
        }
        if (cm.flags().has(AccessFlag.ABSTRACT)) { // its kernel would be for receivers that cannot exist
            throw new KilnException(classInternalName.replace('/', '.') + " is abstract: no receiver is of exactly this"
                    + " class; name a concrete class that runs " + name + " (Class#method)");
        }
        return ofInstance(loader, classInternalName, name, descriptor);
    }

    /**
     * The instance method {@code name} of a receiver of exactly class {@code receiverInternalName} (declared there or
     * inherited), with the instance methods it calls on {@code this} resolved as a call on that class dispatches.
     */
    public static KernelGraph ofInstance(ClassLoader loader, String receiverInternalName, String name, String descriptor) {
        Map<String, ClassModel> classes = new HashMap<>();
        SortedMap<String, String> files = new TreeMap<>();
        List<MethodRef> refs = new ArrayList<>();
        List<MethodModel> candidates = new ArrayList<>();
        java.util.Set<String> overridden = new java.util.HashSet<>();
        String staticOne = null;
        for (String c = receiverInternalName; c != null && !isJdkOwner(c); ) {
            ClassModel cm = load(loader, c, classes, files);
            for (MethodModel m : cm.methods()) {
                if (!m.methodName().equalsString(name)) continue;
                if (m.flags().has(AccessFlag.STATIC)) {
                    staticOne = c;
                } else if (overridden.add(m.methodType().stringValue())
                        && (descriptor == null || m.methodType().equalsString(descriptor))) {
                    candidates.add(m);
                    refs.add(new MethodRef(c, name, m.methodType().stringValue()));
                }
            }
            c = cm.superclass().map(x -> x.asInternalName()).orElse(null);
        }
        if (candidates.isEmpty() && staticOne != null) {
            throw new KilnException(staticOne.replace('/', '.') + "." + name
                    + " is static; compile it with compile(Class, name)");
        }
        MethodModel kernel = single(candidates, receiverInternalName, name, descriptor);
        MethodRef root = refs.get(candidates.indexOf(kernel));
        return build(loader, root, kernel, classes, files, overridden.size() == 1, receiverInternalName);
    }

    private static MethodModel single(List<MethodModel> candidates, String owner, String name, String descriptor) {
        String cls = owner.replace('/', '.');
        if (candidates.isEmpty()) {
            throw new KilnException("no method " + cls + "." + name + (descriptor == null ? "" : descriptor));
        }
        if (candidates.size() > 1) {
            List<String> sigs = candidates.stream().map(m -> m.methodType().stringValue()).toList();
            throw new KilnException("method name " + cls + "." + name + " is overloaded " + sigs
                    + "; pass a MethodType to choose one");
        }
        return candidates.get(0);
    }

    /**
     * {@code new cls}: a thrown exception of the kernel's own (its constructors decide whether Kiln can rebuild it), or
     * a class extending Object or Record directly or through classes outside the JDK: an object the front end may
     * replace by its fields, so the methods called on it are part of the graph, and its hierarchy's class files
     * (interfaces too: a static initialiser of theirs would run at the first allocation).
     */
    private static void noteAllocated(ClassLoader loader, String cls, Map<String, ClassModel> classes,
                                      SortedMap<String, String> files, java.util.Set<String> allocated) {
        String c = cls;
        while (c != null && !isJdkOwner(c)) {
            ClassModel cm = tryLoad(loader, c, classes, files);
            c = cm == null ? null : cm.superclass().map(x -> x.asInternalName()).orElse(null);
        }
        if (!("java/lang/Object".equals(c) || "java/lang/Record".equals(c)) || isJdkOwner(cls) || !allocated.add(cls)) {
            return;
        }
        Deque<String> up = new ArrayDeque<>(List.of(cls));
        while (!up.isEmpty()) {
            ClassModel cm = tryLoad(loader, up.removeFirst(), classes, files);
            if (cm == null) continue;
            cm.superclass().ifPresent(x -> { if (!isJdkOwner(x.asInternalName())) up.add(x.asInternalName()); });
            cm.interfaces().forEach(x -> { if (!isJdkOwner(x.asInternalName())) up.add(x.asInternalName()); });
        }
    }

    private static KernelGraph build(ClassLoader loader, MethodRef root, MethodModel kernel,
                                     Map<String, ClassModel> classes, SortedMap<String, String> files,
                                     boolean uniqueName, String receiver) {
        SortedMap<MethodRef, MethodModel> methods = new TreeMap<>();
        Map<MethodRef, MethodRef> calledFrom = new LinkedHashMap<>();
        Deque<MethodRef> work = new ArrayDeque<>();
        Map<String, Boolean> assertions = new HashMap<>();
        Map<String, String> assertionClasses = new HashMap<>();
        methods.put(root, kernel);
        work.add(root);
        java.util.Set<String> allocated = new java.util.TreeSet<>(); // classes whose objects the front end may replace
        List<Map.Entry<InvokeInstruction, MethodRef>> instanceCalls = new ArrayList<>();
        while (true) {
            while (!work.isEmpty()) {
                MethodRef at = work.poll();
                MethodModel m = methods.get(at);
                var code = m.code();
                if (code.isEmpty()) continue; // abstract or native: the front end reports it
                for (CodeElement e : code.get()) {
                    if (e instanceof InvokeInstruction inv && inv.opcode() != Opcode.INVOKESTATIC
                            && !isJdkOwner(inv.owner().asInternalName())) {
                        instanceCalls.add(Map.entry(inv, at)); // perhaps on an allocated object: resolved below
                    }
                    if (e instanceof InvokeInstruction inv && inv.opcode() == Opcode.INVOKESTATIC) {
                        String calleeOwner = inv.owner().asInternalName();
                        if (calleeOwner.startsWith("[")) continue;
                        boolean jdk = isJdkOwner(calleeOwner);
                        if (jdk && !compiledFromBytecode(calleeOwner, inv.name().stringValue(), inv.type().stringValue())) {
                            continue;
                        }
                        MethodRef named = new MethodRef(calleeOwner, inv.name().stringValue(), inv.type().stringValue());
                        MethodRef resolved = resolveStatic(loader, named, classes, files, jdk);
                        if (resolved == null || methods.containsKey(resolved)) continue; // unresolved: front end reports
                        MethodModel callee = findMethod(classes.get(resolved.owner()), resolved);
                        // A native JDK method has no bytecode to compile: a leaf, refused at the call that reaches it.
                        if (jdk && callee.code().isEmpty()) continue;
                        methods.put(resolved, callee);
                        calledFrom.put(resolved, at);
                        work.add(resolved);
                    } else if (receiver != null && e instanceof InvokeInstruction inv
                            && (inv.opcode() == Opcode.INVOKEVIRTUAL || inv.opcode() == Opcode.INVOKESPECIAL)
                            && !m.flags().has(AccessFlag.STATIC) && !isJdkOwner(inv.owner().asInternalName())) {
                        // A kernel object's call on an object of its own class (the front end accepts only `this`).
                        MethodRef resolved = resolveOnReceiver(loader, receiver, inv, classes, files);
                        if (resolved == null || methods.containsKey(resolved)) continue;
                        methods.put(resolved, findMethod(classes.get(resolved.owner()), resolved));
                        calledFrom.put(resolved, at);
                        work.add(resolved);
                    } else if (e instanceof java.lang.classfile.instruction.FieldInstruction f
                            && f.opcode() == Opcode.GETSTATIC) {
                        // JDK owners too: JDK code compiled from bytecode reads its own constants (and assert flags).
                        String fo = f.owner().asInternalName();
                        ClassModel cm = tryLoad(loader, fo, classes, files);
                        if (cm != null && !isJdkOwner(fo) && f.type().stringValue().startsWith("L")) {
                            // A static object constant: the front end may rebuild it with the constructor call its
                            // class's initialiser makes (StaticObjects), so that initialiser's allocations and
                            // constructor calls are part of the graph.
                            for (MethodModel mm : cm.methods()) {
                                if (!mm.methodName().equalsString("<clinit>") || mm.code().isEmpty()) continue;
                                for (CodeElement ce : mm.code().get()) {
                                    if (ce instanceof InvokeInstruction inv && inv.opcode() == Opcode.INVOKESPECIAL
                                            && !isJdkOwner(inv.owner().asInternalName())) {
                                        instanceCalls.add(Map.entry(inv, at));
                                    } else if (ce instanceof java.lang.classfile.instruction.NewObjectInstruction n) {
                                        noteAllocated(loader, n.className().asInternalName(), classes, files, allocated);
                                    }
                                }
                            }
                        }
                        if (cm != null && f.name().equalsString("$assertionsDisabled")) {
                            assertionClass(cm).ifPresent(asked -> desiredAssertionStatus(loader, asked).ifPresent(on -> {
                                assertions.put(fo, on);
                                assertionClasses.put(fo, asked);
                            }));
                        }
                    } else if (e instanceof java.lang.classfile.instruction.NewObjectInstruction n) {
                        noteAllocated(loader, n.className().asInternalName(), classes, files, allocated);
                    }
                }
            }
            // Calls on objects of the allocated classes, dispatched from the exact class; until nothing new is read.
            int before = methods.size();
            for (String cls : allocated) {
                for (Map.Entry<InvokeInstruction, MethodRef> call : instanceCalls) {
                    MethodRef resolved = resolveOnReceiver(loader, cls, call.getKey(), classes, files);
                    if (resolved == null || methods.containsKey(resolved)) continue;
                    methods.put(resolved, findMethod(classes.get(resolved.owner()), resolved));
                    calledFrom.put(resolved, call.getValue());
                    work.add(resolved);
                }
            }
            if (methods.size() == before) break;
        }
        return new KernelGraph(root, methods, calledFrom, classes, files, uniqueName, loader, assertions, assertionClasses,
                receiver);
    }

    /**
     * The instance method {@code inv} runs when its receiver is of exactly class {@code receiver}: resolved from the
     * named class up; a private method or an {@code invokespecial} (super call) as resolved, any other method as
     * virtual dispatch selects it from {@code receiver} up. Null unless the named class is {@code receiver} or one of
     * its superclasses, the method is an instance method and the one that runs has code (the named one may be
     * abstract: dispatch selects the receiver's implementation).
     */
    private static MethodRef resolveOnReceiver(ClassLoader loader, String receiver, InvokeInstruction inv,
                                              Map<String, ClassModel> classes, Map<String, String> files) {
        String named = inv.owner().asInternalName();
        MethodRef resolved = null;
        boolean inHierarchy = false;
        for (String c = receiver; c != null && !isJdkOwner(c); ) {
            ClassModel cm = tryLoad(loader, c, classes, files);
            if (cm == null) return null;
            inHierarchy |= c.equals(named);
            MethodRef candidate = new MethodRef(c, inv.name().stringValue(), inv.type().stringValue());
            MethodModel mm = inHierarchy ? findMethod(cm, candidate) : null;
            if (mm != null) {
                resolved = candidate;
                break;
            }
            c = cm.superclass().map(x -> x.asInternalName()).orElse(null);
        }
        if (resolved == null) return null;
        MethodModel mm = findMethod(classes.get(resolved.owner()), resolved);
        if (mm.flags().has(AccessFlag.STATIC)) return null;
        boolean exact = inv.opcode() == Opcode.INVOKESPECIAL || mm.flags().has(AccessFlag.PRIVATE);
        if (exact) return mm.code().isEmpty() ? null : resolved;
        // An abstract method resolves (a base class's kernel calling what its subclasses implement); dispatch decides.
        for (String c = receiver; c != null && !isJdkOwner(c); ) { // virtual dispatch from the receiver's class
            ClassModel cm = classes.get(c);
            MethodRef candidate = new MethodRef(c, resolved.name(), resolved.descriptor());
            MethodModel over = findMethod(cm, candidate);
            if (over != null && !over.flags().has(AccessFlag.STATIC) && !over.flags().has(AccessFlag.PRIVATE)) {
                return over.code().isEmpty() ? null : candidate;
            }
            c = cm.superclass().map(x -> x.asInternalName()).orElse(null);
        }
        return resolved;
    }

    /**
     * javac's {@code static final boolean $assertionsDisabled = !Top.class.desiredAssertionStatus();}: the binary name
     * of {@code Top}, found in the static initialiser.
     */
    private static Optional<String> assertionClass(ClassModel cm) {
        for (MethodModel m : cm.methods()) {
            if (!m.methodName().equalsString("<clinit>") || m.code().isEmpty()) continue;
            java.lang.constant.ClassDesc asked = null;
            for (CodeElement e : m.code().get()) {
                if (e instanceof java.lang.classfile.instruction.ConstantInstruction c
                        && c.constantValue() instanceof java.lang.constant.ClassDesc cd) {
                    asked = cd;
                } else if (e instanceof InvokeInstruction inv && asked != null
                        && inv.owner().asInternalName().equals("java/lang/Class")
                        && inv.name().equalsString("desiredAssertionStatus")) {
                    String name = asked.descriptorString();
                    return Optional.of(name.substring(1, name.length() - 1).replace('/', '.'));
                } else if (e instanceof java.lang.classfile.Instruction) {
                    if (!(e instanceof java.lang.classfile.instruction.ConstantInstruction)) asked = null;
                }
            }
        }
        return Optional.empty();
    }

    /** {@code desiredAssertionStatus()} of class {@code name} (binary name) through {@code loader}, without initialising it. */
    public static Optional<Boolean> desiredAssertionStatus(ClassLoader loader, String name) {
        try {
            return Optional.of(Class.forName(name, false, loader).desiredAssertionStatus());
        } catch (ClassNotFoundException | LinkageError ex) {
            return Optional.empty();
        }
    }

    /**
     * Whether a static JDK method is compiled from its bytecode like user code: when the compiler has no intrinsic
     * for it and its signature is one a kernel call can have (primitives and primitive arrays only; the front end
     * refuses the others at the call, so their bytecode is never read).
     */
    public static boolean compiledFromBytecode(String owner, String name, String descriptor) {
        return !JdkLeaves.contains(owner, name, descriptor) && primitiveSignature(descriptor);
    }

    private static boolean primitiveSignature(String descriptor) {
        java.lang.constant.MethodTypeDesc mt = java.lang.constant.MethodTypeDesc.ofDescriptor(descriptor);
        if (!mt.returnType().isPrimitive()) return false; // void included
        for (java.lang.constant.ClassDesc p : mt.parameterList()) {
            if (!p.isPrimitive() && !(p.isArray() && p.componentType().isPrimitive())) return false;
        }
        return true;
    }

    /** JVM static-method resolution: the named class, then its superclasses, then its interfaces. */
    private static MethodRef resolveStatic(ClassLoader loader, MethodRef named, Map<String, ClassModel> classes,
                                           Map<String, String> files, boolean jdk) {
        Deque<String> search = new ArrayDeque<>();
        search.add(named.owner());
        while (!search.isEmpty()) {
            String cls = search.poll();
            if (isJdkOwner(cls) && !jdk) continue;
            ClassModel cm = tryLoad(loader, cls, classes, files);
            if (cm == null) continue;
            MethodRef candidate = new MethodRef(cls, named.name(), named.descriptor());
            if (findMethod(cm, candidate) != null) return candidate;
            cm.superclass().ifPresent(s -> search.add(s.asInternalName()));
            cm.interfaces().forEach(i -> search.add(i.asInternalName()));
        }
        return null;
    }

    private static MethodModel findMethod(ClassModel cm, MethodRef ref) {
        for (MethodModel m : cm.methods()) {
            if (m.methodName().equalsString(ref.name()) && m.methodType().equalsString(ref.descriptor())) return m;
        }
        return null;
    }

    private static ClassModel tryLoad(ClassLoader loader, String internalName, Map<String, ClassModel> classes,
                                      Map<String, String> files) {
        try {
            return load(loader, internalName, classes, files);
        } catch (KilnException e) {
            return null;
        }
    }

    /** Class attribute in which build-time rewriting keeps the class file as compiled (see kiln-agent). */
    public static final String ORIGINAL_ATTRIBUTE = "dev.kiln.Original";

    /** A class file's model as compiled ({@link #ORIGINAL_ATTRIBUTE}): what the compiler reads for it. */
    public static ClassModel asCompiled(byte[] classFile) {
        return original(ClassFile.of().parse(classFile));
    }

    /**
     * The class as compiled: a class whose {@code @Kernel} methods were rewritten at build time carries its original
     * bytes, and the key and the compiler read those, so rewritten and plain class files share cache entries.
     */
    private static ClassModel original(ClassModel cm) {
        for (var a : cm.attributes()) {
            if (a instanceof java.lang.classfile.attribute.UnknownAttribute u
                    && u.attributeName().equalsString(ORIGINAL_ATTRIBUTE)) {
                return ClassFile.of().parse(u.contents());
            }
        }
        return cm;
    }

    private static ClassModel load(ClassLoader loader, String internalName, Map<String, ClassModel> classes,
                                   Map<String, String> files) {
        ClassModel cached = classes.get(internalName);
        if (cached != null) return cached;
        try (InputStream in = loader.getResourceAsStream(internalName + ".class")) {
            if (in == null) {
                files.put(internalName, ABSENT);
                throw new KilnException("class file for " + internalName.replace('/', '.') + " not found through "
                        + loader);
            }
            byte[] bytes = in.readAllBytes();
            files.put(internalName, sha256Hex(bytes)); // the file as served; a rewritten one includes its original
            ClassModel cm = original(ClassFile.of().parse(bytes));
            classes.put(internalName, cm);
            return cm;
        } catch (IOException e) {
            files.put(internalName, UNREADABLE);
            throw new KilnException("cannot read class file for " + internalName.replace('/', '.') + ": " + e.getMessage(), e);
        }
    }

    /** SHA-256 of a class file's raw bytes, in hex (the digest the cache's direct mode compares). */
    public static String sha256Hex(byte[] bytes) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
