package dev.kiln.it.kernels;

/** Inherits the kernel and changes what it calls on {@code this}: a kernel of its own, keyed on this class. */
public class PeakTariff extends Tariff {
    public PeakTariff(double[] bands, double[] rates, double fee) {
        super(bands, rates, fee);
    }

    @Override
    double bill(double u) {
        return super.bill(u) * 1.5;
    }
}
