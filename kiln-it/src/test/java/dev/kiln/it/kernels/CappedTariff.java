package dev.kiln.it.kernels;

/** Overrides the kernel and calls it through {@code super}: that call runs the inherited body as Java. */
public final class CappedTariff extends Tariff {
    private final double cap;

    public CappedTariff(double[] bands, double[] rates, double fee, double cap) {
        super(bands, rates, fee);
        this.cap = cap;
    }

    @Override
    public double charge(double[] usage) {
        return Math.min(super.charge(usage), cap);
    }
}
