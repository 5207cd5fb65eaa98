package dev.kiln.it;

import dev.kiln.Kiln;
import dev.kiln.KilnException;
import dev.kiln.model.KernelGraph;
import dev.kiln.KilnConfig;
import dev.kiln.runtime.cache.KilnCache;
import dev.kiln.runtime.cpu.HostCpu;

import java.lang.invoke.MethodHandle;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A child JVM of the process tests. Settings come from kiln.* system properties. Arguments:
 * {@code [--classes DIR] [--print-target] [--threads N] [--gate FILE] Class#method...} ({@code --gate}: after the first
 * kernel, print {@code GATE} and wait for FILE to exist); every kernel is
 * {@code (double[], double) -> double} and is run natively and by HotSpot, which must agree bit for bit (unless fast
 * math is on). With {@code --threads N}, N threads each run every kernel, each starting at a different place in the
 * list. Prints {@code OK <kernel> <value>} per kernel and thread; exit 0, 3 on a KilnException (message printed),
 * 4 on a wrong result.
 */
public final class Child {
    public static void main(String[] args) throws Throwable {
        ClassLoader loader = Child.class.getClassLoader();
        boolean printTarget = false;
        int threads = 1;
        Path gate = null;
        List<String> kernels = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--classes" -> loader = new URLClassLoader(new URL[]{Path.of(args[++i]).toUri().toURL()}, loader);
                case "--print-target" -> printTarget = true;
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--gate" -> gate = Path.of(args[++i]);
                default -> kernels.add(args[i]);
            }
        }
        KilnConfig config = KilnConfig.fromEnvironment();
        Kiln kiln = Kiln.create(config);
        if (threads > 1) {
            runThreads(kiln, config, loader, kernels, threads);
            return;
        }
        try {
            for (String k : kernels) {
                Class<?> cls = run(kiln, config, loader, k);
                if (gate != null) { // the test changes the world between the first kernel and the rest
                    System.out.println("GATE");
                    System.out.flush();
                    for (int w = 0; w < 6000 && !java.nio.file.Files.exists(gate); w++) Thread.sleep(10);
                    gate = null;
                }
                if (printTarget) {
                    String name = k.substring(k.indexOf('#') + 1);
                    var v = KilnCache.open(config).check(KernelGraph.of(cls, name, null), HostCpu.features(config));
                    System.out.println("TARGET " + k + " " + v.entry().map(e -> e.target()).orElse("none"));
                }
            }
        } catch (KilnException e) {
            System.out.println("KILN-ERROR " + e.getClass().getSimpleName() + ": " + e.getMessage());
            System.out.flush();
            System.exit(3);
        }
        System.out.flush();
    }

    private static void runThreads(Kiln kiln, KilnConfig config, ClassLoader loader, List<String> kernels, int n)
            throws InterruptedException {
        List<Thread> ts = new ArrayList<>();
        Throwable[] failure = new Throwable[1];
        for (int t = 0; t < n; t++) {
            List<String> mine = new ArrayList<>(kernels);
            java.util.Collections.rotate(mine, -t * kernels.size() / n);
            ts.add(Thread.ofPlatform().start(() -> {
                try {
                    for (String k : mine) run(kiln, config, loader, k);
                } catch (Throwable e) {
                    synchronized (failure) {
                        if (failure[0] == null) failure[0] = e;
                    }
                }
            }));
        }
        for (Thread t : ts) t.join();
        if (failure[0] instanceof KilnException e) {
            System.out.println("KILN-ERROR " + e.getClass().getSimpleName() + ": " + e.getMessage());
            System.out.flush();
            System.exit(3);
        } else if (failure[0] != null) {
            failure[0].printStackTrace();
            System.exit(5);
        }
        System.out.flush();
    }

    /** Runs one kernel natively and on HotSpot; exits 4 if they differ. */
    private static Class<?> run(Kiln kiln, KilnConfig config, ClassLoader loader, String k) throws Throwable {
        double[] x = new double[103];
        for (int i = 0; i < x.length; i++) x[i] = (i * 0.37) % 5 - 2;
        double a = 0.75;
        int hash = k.indexOf('#');
        Class<?> cls = Class.forName(k.substring(0, hash), true, loader);
        String name = k.substring(hash + 1);
        MethodHandle mh = kiln.compile(cls, name);
        Method m = cls.getMethod(name, double[].class, double.class);
        double nat = (double) mh.invokeExact(x.clone(), a);
        double java = (double) m.invoke(null, x.clone(), a);
        if (Double.compare(nat, java) != 0 && !config.options().fastMath()) {
            System.out.println("WRONG " + k + " native=" + nat + " java=" + java);
            System.out.flush();
            System.exit(4);
        }
        synchronized (System.out) {
            System.out.println("OK " + k + " " + nat);
        }
        return cls;
    }
}
