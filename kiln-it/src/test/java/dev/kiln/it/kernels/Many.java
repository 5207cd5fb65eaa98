package dev.kiln.it.kernels;

/** Kernels the process tests compile; each differs in code, so each has its own key. */
public final class Many {
    private Many() {
    }

    public static double k00(double[] x, double a) { double s = 0; for (int i = 0; i < x.length; i++) s += x[i] * 1.0 + a; return s; }
    public static double k01(double[] x, double a) { double s = 2.0; for (int i = 0; i < x.length; i++) s = s * 0.5 + x[i] - a; return s; }
    public static double k02(double[] x, double a) { double m = -1e300; for (int i = 0; i < x.length; i++) { double v = x[i] * a + 3; m = v > m ? v : m; } return m; }
    public static double k03(double[] x, double a) { double s = 0; for (int i = 0; i < x.length; i += 1) s += Help.clip(x[i] - a, -4.0, 4.0); return s; }
    public static double k04(double[] x, double a) { double s = 0; for (int i = 0; i < x.length; i++) s += x[i] * 5.0 + a; return s; }
    public static double k05(double[] x, double a) { double s = 6.0; for (int i = 0; i < x.length; i++) s = s * 0.5 + x[i] - a; return s; }
    public static double k06(double[] x, double a) { double m = -1e300; for (int i = 0; i < x.length; i++) { double v = x[i] * a + 7; m = v > m ? v : m; } return m; }
    public static double k07(double[] x, double a) { double s = 0; for (int i = 0; i < x.length; i += 2) s += Help.clip(x[i] - a, -8.0, 8.0); return s; }
    public static double k08(double[] x, double a) { double s = 0; for (int i = 0; i < x.length; i++) s += x[i] * 9.0 + a; return s; }
    public static double k09(double[] x, double a) { double s = 10.0; for (int i = 0; i < x.length; i++) s = s * 0.5 + x[i] - a; return s; }
    public static double k10(double[] x, double a) { double m = -1e300; for (int i = 0; i < x.length; i++) { double v = x[i] * a + 11; m = v > m ? v : m; } return m; }
    public static double k11(double[] x, double a) { double s = 0; for (int i = 0; i < x.length; i += 3) s += Help.clip(x[i] - a, -12.0, 12.0); return s; }
    public static double k12(double[] x, double a) { double s = 0; for (int i = 0; i < x.length; i++) s += x[i] * 13.0 + a; return s; }
    public static double k13(double[] x, double a) { double s = 14.0; for (int i = 0; i < x.length; i++) s = s * 0.5 + x[i] - a; return s; }
    public static double k14(double[] x, double a) { double m = -1e300; for (int i = 0; i < x.length; i++) { double v = x[i] * a + 15; m = v > m ? v : m; } return m; }
    public static double k15(double[] x, double a) { double s = 0; for (int i = 0; i < x.length; i += 1) s += Help.clip(x[i] - a, -16.0, 16.0); return s; }
    public static double k16(double[] x, double a) { double s = 0; for (int i = 0; i < x.length; i++) s += x[i] * 17.0 + a; return s; }
    public static double k17(double[] x, double a) { double s = 18.0; for (int i = 0; i < x.length; i++) s = s * 0.5 + x[i] - a; return s; }
    public static double k18(double[] x, double a) { double m = -1e300; for (int i = 0; i < x.length; i++) { double v = x[i] * a + 19; m = v > m ? v : m; } return m; }
    public static double k19(double[] x, double a) { double s = 0; for (int i = 0; i < x.length; i += 2) s += Help.clip(x[i] - a, -20.0, 20.0); return s; }
    public static double own0(double[] x, double a) { double s = 0.25; for (int i = 0; i < x.length; i++) s += (x[i] + 0) * a; return s; }
    public static double own1(double[] x, double a) { double s = 1.25; for (int i = 0; i < x.length; i++) s += (x[i] + 1) * a; return s; }
    public static double own2(double[] x, double a) { double s = 2.25; for (int i = 0; i < x.length; i++) s += (x[i] + 2) * a; return s; }
    public static double own3(double[] x, double a) { double s = 3.25; for (int i = 0; i < x.length; i++) s += (x[i] + 3) * a; return s; }
    public static double own4(double[] x, double a) { double s = 4.25; for (int i = 0; i < x.length; i++) s += (x[i] + 4) * a; return s; }
    public static double own5(double[] x, double a) { double s = 5.25; for (int i = 0; i < x.length; i++) s += (x[i] + 5) * a; return s; }
    public static double own6(double[] x, double a) { double s = 6.25; for (int i = 0; i < x.length; i++) s += (x[i] + 6) * a; return s; }
    public static double own7(double[] x, double a) { double s = 7.25; for (int i = 0; i < x.length; i++) s += (x[i] + 7) * a; return s; }
}
