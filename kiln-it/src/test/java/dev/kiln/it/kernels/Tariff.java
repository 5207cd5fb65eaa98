package dev.kiln.it.kernels;

import dev.kiln.Kernel;

/**
 * A kernel object called directly, for the agent's process tests: a banded tariff over its own arrays. {@link #bill}
 * is what subclasses change; {@code fee} is not final and is read at every call.
 */
public class Tariff {
    final double[] bands;
    final double[] rates;
    double fee;

    public Tariff(double[] bands, double[] rates, double fee) {
        this.bands = bands;
        this.rates = rates;
        this.fee = fee;
    }

    public void setFee(double fee) {
        this.fee = fee;
    }

    @Kernel
    public double charge(double[] usage) {
        double total = fee;
        for (double u : usage) total += bill(u);
        return total;
    }

    double bill(double u) {
        double cost = 0;
        double from = 0;
        for (int i = 0; i < bands.length; i++) {
            double in = Math.min(u, bands[i]) - from;
            if (in > 0) cost += in * rates[i];
            from = bands[i];
        }
        return cost;
    }

    /** A plain call site: a null tariff throws NullPointerException here, as Java does. */
    public static double chargeOf(Tariff t, double[] usage) {
        return t.charge(usage);
    }
}
