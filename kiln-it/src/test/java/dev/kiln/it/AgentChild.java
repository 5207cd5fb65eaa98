package dev.kiln.it;

import dev.kiln.KilnException;
import dev.kiln.it.kernels.Annotated;

import java.util.ArrayList;
import java.util.List;

/**
 * A child JVM started with {@code -javaagent:kiln-agent.jar} that calls {@link Annotated}'s kernels the plain way:
 * no Kiln API. Arguments: {@code [--threads N] kernel...}; each thread calls each kernel five times (all results must
 * agree), then the child prints {@code RESULT <kernel> <raw bits in hex>} per kernel. Exit 3 on a KilnException
 * (message printed), 4 when calls disagree.
 */
public final class AgentChild {
    static double[] input() {
        double[] x = new double[211];
        for (int i = 0; i < x.length; i++) x[i] = (i * 7.31) % 230 - 20;
        return x;
    }

    static double call(String kernel, double[] x, double a) {
        return switch (kernel) {
            case "layer" -> Annotated.layer(x, a);
            case "fastSum" -> Annotated.fastSum(x, a);
            case "twoLayers" -> Annotated.twoLayers(x, a);
            case "refused" -> Annotated.refused(x, a);
            case "parallelLayer" -> dev.kiln.it.kernels.ParallelAnnotated.parallelLayer(x, a);
            default -> throw new IllegalArgumentException("no kernel " + kernel);
        };
    }

    static final double A = 12.5;

    public static void main(String[] args) throws InterruptedException {
        int threads = 1;
        List<String> kernels = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--threads")) threads = Integer.parseInt(args[++i]);
            else kernels.add(args[i]);
        }
        double[][] results = new double[threads][kernels.size()];
        Throwable[] failure = new Throwable[1];
        List<Thread> ts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int me = t;
            ts.add(Thread.ofPlatform().start(() -> {
                try {
                    for (int k = 0; k < kernels.size(); k++) {
                        double first = call(kernels.get(k), input(), A);
                        for (int i = 0; i < 4; i++) {
                            double again = call(kernels.get(k), input(), A);
                            if (Double.compare(first, again) != 0) throw new AssertionError(kernels.get(k) + " changed: " + first + " then " + again);
                        }
                        results[me][k] = first;
                    }
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
            failure[0].printStackTrace(System.out);
            System.out.flush();
            System.exit(4);
        }
        for (int k = 0; k < kernels.size(); k++) {
            for (int t = 1; t < threads; t++) {
                if (Double.compare(results[0][k], results[t][k]) != 0) {
                    System.out.println("threads disagree on " + kernels.get(k));
                    System.exit(4);
                }
            }
            System.out.println("RESULT " + kernels.get(k) + " " + Long.toHexString(Double.doubleToRawLongBits(results[0][k])));
        }
        System.out.flush();
    }
}
