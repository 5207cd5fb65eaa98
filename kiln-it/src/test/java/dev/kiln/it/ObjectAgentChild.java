package dev.kiln.it;

import dev.kiln.KilnException;
import dev.kiln.it.kernels.CappedTariff;
import dev.kiln.it.kernels.PeakTariff;
import dev.kiln.it.kernels.Tariff;

/**
 * A child JVM (normally with {@code -javaagent:kiln-agent.jar}) that calls the {@code @Kernel} instance method
 * {@link Tariff#charge} the plain way on receivers named by its arguments: {@code tariff}, {@code peak},
 * {@code capped}, {@code null}. Prints {@code RESULT <receiver> <raw bits in hex>} (twice for {@code tariff}: before
 * and after its fee changes) or {@code THROWN <receiver> <class>: <message>}. Exit 3 on a KilnException.
 */
public final class ObjectAgentChild {
    static final double[] BANDS = {10, 50, 200, Double.POSITIVE_INFINITY};
    static final double[] RATES = {0.5, 0.25, 0.125, 0.0625};

    static double[] usage() {
        double[] u = new double[301];
        for (int i = 0; i < u.length; i++) u[i] = (i * 13.7) % 400 - 5;
        u[7] = -0.0;
        u[8] = 1e6;
        return u;
    }

    static Tariff receiver(String kind) {
        return switch (kind) {
            case "tariff" -> new Tariff(BANDS.clone(), RATES.clone(), 4.25);
            case "peak" -> new PeakTariff(BANDS.clone(), RATES.clone(), 1);
            case "capped" -> new CappedTariff(BANDS.clone(), RATES.clone(), 2, 5000);
            case "null" -> null;
            default -> throw new IllegalArgumentException("no receiver " + kind);
        };
    }

    /** The lines this child prints for {@code kind}; the test computes them in its own JVM, without the agent. */
    static String run(String kind) {
        Tariff t = receiver(kind);
        StringBuilder out = new StringBuilder();
        try {
            out.append(line(kind, Tariff.chargeOf(t, usage())));
            if (kind.equals("tariff")) { // a field changed after the kernel linked is read at the next call
                t.setFee(-12.5);
                out.append(line(kind, Tariff.chargeOf(t, usage())));
            }
        } catch (NullPointerException e) {
            out.append("THROWN ").append(kind).append(' ').append(e.getClass().getName()).append(": ")
                    .append(e.getMessage()).append('\n');
        }
        return out.toString();
    }

    private static String line(String kind, double v) {
        return "RESULT " + kind + " " + Long.toHexString(Double.doubleToRawLongBits(v)) + "\n";
    }

    public static void main(String[] args) {
        try {
            for (String kind : args) System.out.print(run(kind));
        } catch (KilnException e) {
            System.out.println("KILN-ERROR " + e.getClass().getSimpleName() + ": " + e.getMessage());
            System.out.flush();
            System.exit(3);
        }
        System.out.flush();
    }
}
