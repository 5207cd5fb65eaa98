package dev.kiln.it;

import dev.kiln.Kiln;
import dev.kiln.it.kernels.Guarded;
import dev.kiln.KilnConfig;

import java.lang.invoke.MethodHandle;
import java.util.Arrays;
import java.util.List;

/**
 * A child JVM that runs {@link Guarded#scaled} natively and on HotSpot over inputs that throw, and compares the
 * exception class, message, the kernel frames of the stack trace, and the array afterwards. Prints
 * {@code SAME <class>: <message>} per input; exit 0 when all agree, 4 on a difference.
 */
public final class ThrowChild {
    public static void main(String[] args) throws Throwable {
        Kiln kiln = Kiln.create(KilnConfig.fromEnvironment());
        MethodHandle h = kiln.compile(Guarded.class, "scaled");
        List<Object[]> inputs = List.of(new Object[] {new double[] {1, 2}, -1.5}, new Object[] {new double[5], 2.0},
                new Object[] {new double[] {1, 2}, Double.NaN}, new Object[] {new double[] {Double.NaN, 1}, 2.0},
                new Object[] {new double[] {1, 2, 3}, 0.5});
        boolean same = true;
        for (Object[] in : inputs) {
            double[] a = ((double[]) in[0]).clone();
            double[] b = ((double[]) in[0]).clone();
            String want = outcome(() -> Guarded.scaled(a, (double) in[1]));
            String got = outcome(() -> (double) h.invokeExact(b, (double) in[1]));
            want += " " + Arrays.toString(a);
            got += " " + Arrays.toString(b);
            System.out.println((want.equals(got) ? "SAME " : "DIFFERENT ") + got + (want.equals(got) ? "" : " want " + want));
            same &= want.equals(got);
        }
        System.out.flush();
        System.exit(same ? 0 : 4);
    }

    interface Call {
        double run() throws Throwable;
    }

    /** The value, or the exception's class, message and kernel frames (class, method, file, line). */
    static String outcome(Call c) {
        try {
            return "value " + c.run();
        } catch (Throwable t) {
            StringBuilder sb = new StringBuilder(t.getClass().getName()).append(": ").append(t.getMessage());
            for (StackTraceElement e : t.getStackTrace()) {
                if (!e.getClassName().startsWith("dev.kiln.it.kernels.")) break;
                sb.append(" at ").append(e);
            }
            return sb.toString();
        }
    }
}
