package dev.kiln.cli;

import dev.kiln.model.KernelGraph;
import dev.kiln.runtime.parallel.ParallelKernels;

import java.io.IOException;
import java.io.InputStream;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.MethodModel;
import java.lang.reflect.AccessFlag;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The kernels a command works on: the ones named on the command line ({@code Class#method}, any static method,
 * annotated or not, or an instance method declared in or inherited by that class, as a kernel object whose receiver
 * is of exactly that class), or else every {@code @Kernel} method on the class path. Each is resolved to one method with its
 * descriptor, so an unknown or ambiguous name fails before any work starts.
 */
final class KernelSet {
    private KernelSet() {
    }

    static List<KernelId> select(ClassPath cp, ClassLoader loader, List<String> named) {
        if (named == null || named.isEmpty()) {
            List<KernelId> all = KernelDiscovery.scan(cp).stream().map(KernelDiscovery.Found::id).toList();
            if (all.isEmpty()) {
                throw CliException.input("no @dev.kiln.Kernel methods found in " + cp
                        + " (annotate kernels with @dev.kiln.Kernel, or name them as Class#method)");
            }
            return all;
        }
        TreeSet<KernelId> ids = new TreeSet<>();
        for (String n : named) ids.add(resolve(loader, KernelId.parse(n)));
        return new ArrayList<>(ids);
    }

    /** The one method {@code id} names, with its descriptor filled in. */
    static KernelId resolve(ClassLoader loader, KernelId id) {
        ClassModel cm = classModel(loader, id);
        List<MethodModel> matches = new ArrayList<>();
        for (MethodModel m : cm.methods()) {
            if (m.methodName().equalsString(id.method())
                    && (id.descriptor() == null || m.methodType().equalsString(id.descriptor()))) matches.add(m);
        }
        // An instance method inherited by the named class: a kernel object whose receiver is of that class.
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (MethodModel m : matches) seen.add(m.methodType().stringValue());
        for (ClassModel c = superclass(loader, cm); c != null; c = superclass(loader, c)) {
            for (MethodModel m : c.methods()) {
                if (m.methodName().equalsString(id.method()) && !m.flags().has(AccessFlag.STATIC)
                        && !m.flags().has(AccessFlag.PRIVATE)
                        && (id.descriptor() == null || m.methodType().equalsString(id.descriptor()))
                        && seen.add(m.methodType().stringValue())) {
                    matches.add(m);
                }
            }
        }
        if (matches.isEmpty()) {
            throw CliException.usage("unknown kernel '" + id + "': " + id.className() + " has no method "
                    + id.method() + (id.descriptor() == null ? "" : id.descriptor()));
        }
        if (matches.size() > 1) {
            List<String> sigs = matches.stream().map(m -> id + m.methodType().stringValue()).toList();
            throw CliException.usage("ambiguous kernel '" + id + "': " + id.method() + " is overloaded; name one of "
                    + String.join(", ", sigs));
        }
        return new KernelId(id.className(), id.method(), matches.get(0).methodType().stringValue());
    }

    /** The superclass's class file, or null at a JDK class or one the class path lacks. */
    private static ClassModel superclass(ClassLoader loader, ClassModel cm) {
        String sup = cm.superclass().map(c -> c.asInternalName()).orElse(null);
        if (sup == null || dev.kiln.model.KernelGraph.isJdkOwner(sup)) return null;
        try (InputStream in = loader.getResourceAsStream(sup + ".class")) {
            return in == null ? null : ClassFile.of().parse(in.readAllBytes());
        } catch (IOException | IllegalArgumentException e) {
            throw CliException.input("cannot read class " + sup.replace('/', '.') + ": " + e.getMessage(), e);
        }
    }

    private static ClassModel classModel(ClassLoader loader, KernelId id) {
        try (InputStream in = loader.getResourceAsStream(id.internalName() + ".class")) {
            if (in == null) {
                throw CliException.usage("unknown kernel '" + id + "': class " + id.className() + " is not on the classpath");
            }
            return ClassFile.of().parse(in.readAllBytes());
        } catch (IOException | IllegalArgumentException e) {
            throw CliException.input("cannot read class " + id.className() + ": " + e.getMessage(), e);
        }
    }

    /** Short names ({@code Class#method}) where unique in {@code ids}, with the descriptor where overloaded. */
    static Map<KernelId, String> displayNames(List<KernelId> ids) {
        Map<KernelId, Integer> count = new HashMap<>();
        for (KernelId id : ids) count.merge(id.withoutDescriptor(), 1, Integer::sum);
        Map<KernelId, String> names = new HashMap<>();
        for (KernelId id : ids) {
            names.put(id, count.get(id.withoutDescriptor()) > 1 ? id.toString() : id.withoutDescriptor().toString());
        }
        return names;
    }

    /**
     * What a kernel links to, as the runtime does: its own graph, or for a kernel with parallel loops (which runs as
     * Java around them) the graph of each loop's chunk, in order.
     */
    static List<KernelGraph> linkedGraphs(ClassLoader loader, KernelId id) {
        List<KernelGraph> chunks = ParallelKernels.chunkGraphs(loader, id.internalName(), id.method(), id.descriptor());
        if (chunks != null) return chunks;
        return List.of(KernelGraph.ofNamed(loader, id.internalName(), id.method(), id.descriptor()));
    }
}
