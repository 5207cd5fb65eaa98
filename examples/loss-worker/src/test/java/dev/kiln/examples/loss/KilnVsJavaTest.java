package dev.kiln.examples.loss;

import dev.kiln.Kernel;
import dev.kiln.Kiln;
import dev.kiln.KilnStats;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.lang.classfile.ClassFile;
import java.lang.classfile.attribute.UnknownAttribute;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every {@code @Kernel} of the loss worker, called the way the worker calls it (the build rewrote the classes, so the
 * call runs native code), against the same code on HotSpot: the results and every array argument afterwards must be
 * identical bit for bit, except where a transcendental function (only {@code Math.log}, in the AAL confidence
 * interval) is involved, which may differ by a few ulps.
 *
 * <p>The HotSpot reference is the classes as compiled, read from the {@code dev.kiln.Original} attribute the rewriting
 * keeps, defined in a loader of their own ({@link #ORIGINAL}): plain Java all the way down, including the kernels a
 * kernel calls. Each kernel's rewritten Java body ({@code name$java}) is checked against it too. The build runs these
 * tests in strict mode on the cache its {@code bake} goal filled, so a kernel that did not run natively fails
 * rather than quietly comparing Java with Java.
 */
class KilnVsJavaTest {
    static final List<Class<?>> KERNEL_CLASSES = List.of(Philox.class, GroundUp.class, DamageCdf.class,
            Calcrules.class, FinancialModule.class, Aal.class, EpCurve.class);
    /** Kernels whose results go through Math.log: allowed this many ulps of difference. */
    static final Map<String, Integer> ULPS = Map.of("Aal.confidenceZ", 4, "Aal.finish", 4);
    static final int TRIALS = 20;
    static final SyntheticModel.Sizes TINY = new SyntheticModel.Sizes(40, 40, 30, 8, 12, 10, 6, 3, 30, 3, 2, 11);

    /** The worker's classes as compiled, before rewriting: the HotSpot side of every comparison. */
    static final ClassLoader ORIGINAL = new OriginalClasses(KilnVsJavaTest.class.getClassLoader());

    @AfterAll
    static void servedNatively() {
        KilnStats s = Kiln.create().stats();
        System.out.println("kiln.stats: " + LossWorker.statsLine(s));
        // Strict mode already makes any compile or fallback an error; this checks the tests ran under it.
        assertEquals("true", System.getProperty("kiln.strict"), "tests must run strict (see pom.xml)");
        assertEquals(0, s.compiles(), "everything served from the baked cache");
        long hits = s.hitsByTier().values().stream().mapToLong(Long::longValue).sum();
        assertTrue(hits >= kernels().size(), "every kernel linked to native code: " + hits + " hits");
    }

    static List<Method> kernels() {
        List<Method> out = new ArrayList<>();
        for (Class<?> c : KERNEL_CLASSES) {
            for (Method m : c.getDeclaredMethods()) {
                if (m.isAnnotationPresent(Kernel.class) && Modifier.isStatic(m.getModifiers())) out.add(m);
            }
        }
        out.sort((a, b) -> key(a).compareTo(key(b)));
        return out;
    }

    static String key(Method m) {
        return m.getDeclaringClass().getSimpleName() + "." + m.getName();
    }

    @Test
    void everyKernelHasInputs() {
        TreeSet<String> missing = new TreeSet<>();
        for (Method m : kernels()) if (!INPUTS.containsKey(key(m))) missing.add(key(m));
        assertTrue(missing.isEmpty(), "no inputs for " + missing);
        assertEquals(46, kernels().size(), "kernels of the worker");
    }

    @Test
    void classesWereRewrittenAndTheReferenceWasNot() throws Exception {
        assertTrue(LossWorker.rewritten(), "the build's rewrite goal ran");
        Class<?> philox = ORIGINAL.loadClass(Philox.class.getName());
        assertTrue(philox.getClassLoader() == ORIGINAL, "reference defined by its own loader");
        for (Method m : philox.getDeclaredMethods()) {
            assertTrue(!m.getName().endsWith("$java"), "reference is the original code: " + m);
        }
    }

    @TestFactory
    Stream<DynamicTest> kilnMatchesHotSpot() {
        return kernels().stream().map(m -> DynamicTest.dynamicTest(key(m), () -> check(m)));
    }

    static void check(Method m) throws Throwable {
        String k = key(m);
        Class<?> owner = m.getDeclaringClass();
        Method hotspot = ORIGINAL.loadClass(owner.getName()).getDeclaredMethod(m.getName(), m.getParameterTypes());
        Method body = owner.getDeclaredMethod(m.getName() + "$java", m.getParameterTypes());
        hotspot.setAccessible(true);
        body.setAccessible(true);
        Function<SplittableRandom, Object[]> gen = INPUTS.get(k);
        SplittableRandom rnd = new SplittableRandom(k.hashCode());
        int ulps = ULPS.getOrDefault(k, 0);
        for (int t = 0; t < TRIALS; t++) {
            Object[] args = gen.apply(rnd);
            Object[] a1 = copy(args);
            Object[] a2 = copy(args);
            Object[] a3 = copy(args);
            Object expected = invoke(hotspot, a1);
            Object actual = invoke(m, a2); // the rewritten method: native code
            Object java = invoke(body, a3); // its Java body as rewriting kept it
            String where = k + " trial " + t;
            same(expected, actual, ulps, where + " result");
            for (int i = 0; i < a1.length; i++) same(a1[i], a2[i], ulps, where + " argument " + i);
            same(expected, java, 0, where + " Java body result");
            for (int i = 0; i < a1.length; i++) same(a1[i], a3[i], 0, where + " Java body argument " + i);
        }
    }

    static Object invoke(Method m, Object[] args) throws Throwable {
        return invokeOn(m, null, args);
    }

    /** The whole worker pipeline, Kiln against HotSpot: every CSV file identical (AAL CI column within ulps). */
    @Test
    void pipelineMatches(@TempDir Path dir) throws Throwable {
        Path jd = dir.resolve("java");
        Path kd = dir.resolve("kiln");
        double checksumJava = referenceRun(jd);
        double checksumKiln = new LossWorker().run(new SyntheticModel(TINY), 0.0, true, kd).checksum();
        assertEquals(checksumJava, checksumKiln);
        for (String f : new String[]{"gul_events.csv", "fm_events.csv", "ep.csv", "ept.csv"}) {
            assertEquals(Files.readString(jd.resolve(f)), Files.readString(kd.resolve(f)), f);
        }
        List<String> aj = Files.readAllLines(jd.resolve("aal.csv"));
        List<String> ak = Files.readAllLines(kd.resolve("aal.csv"));
        assertEquals(aj.size(), ak.size());
        for (int i = 1; i < aj.size(); i++) {
            String[] x = aj.get(i).split(",");
            String[] y = ak.get(i).split(",");
            for (int c = 0; c < x.length - 1; c++) assertEquals(x[c], y[c], "aal.csv line " + i);
            sameDouble(Double.parseDouble(x[x.length - 1]), Double.parseDouble(y[y.length - 1]), 4, "aal.csv CI " + i);
        }
        // And the workload shared with C and Numba.
        @SuppressWarnings("unchecked")
        List<String> cj = (List<String>) reference(CrossCheck.class, "run", int.class, int.class, int.class)
                .invoke(null, 500, 16, 1);
        List<String> ck = CrossCheck.run(500, 16, 1);
        assertEquals(cj.get(cj.size() - 1), ck.get(ck.size() - 1));
    }

    /** {@code new LossWorker().run(new SyntheticModel(TINY), 0.0, true, out).checksum()} on the original classes. */
    static double referenceRun(Path out) throws Throwable {
        Class<?> sizes = ORIGINAL.loadClass(SyntheticModel.Sizes.class.getName());
        Class<?> model = ORIGINAL.loadClass(SyntheticModel.class.getName());
        Class<?> worker = ORIGINAL.loadClass(LossWorker.class.getName());
        var components = SyntheticModel.Sizes.class.getRecordComponents();
        Object[] values = new Object[components.length];
        for (int i = 0; i < values.length; i++) values[i] = components[i].getAccessor().invoke(TINY);
        Object z = accessible(sizes.getDeclaredConstructor(Arrays.stream(components)
                .map(java.lang.reflect.RecordComponent::getType).toArray(Class<?>[]::new))).newInstance(values);
        Object m = accessible(model.getDeclaredConstructor(sizes)).newInstance(z);
        Object w = accessible(worker.getDeclaredConstructor()).newInstance();
        Object r = invokeOn(accessible(worker.getDeclaredMethod("run", model, double.class, boolean.class, Path.class)),
                w, m, 0.0, true, out);
        return (double) accessible(r.getClass().getDeclaredMethod("checksum")).invoke(r);
    }

    static <T extends java.lang.reflect.AccessibleObject> T accessible(T o) {
        o.setAccessible(true);
        return o;
    }

    static Object invokeOn(Method m, Object target, Object... args) throws Throwable {
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    static Method reference(Class<?> c, String name, Class<?>... params) throws Exception {
        return accessible(ORIGINAL.loadClass(c.getName()).getDeclaredMethod(name, params));
    }

    /**
     * Defines this package's classes itself (child first), from their class files as compiled: a rewritten class
     * carries those bytes in its {@code dev.kiln.Original} attribute. Everything else comes from the parent.
     */
    static final class OriginalClasses extends ClassLoader {
        static final String PACKAGE = KilnVsJavaTest.class.getPackageName() + ".";

        OriginalClasses(ClassLoader parent) {
            super("loss-worker-original", parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.startsWith(PACKAGE)) return super.loadClass(name, resolve);
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    byte[] b = original(name);
                    c = defineClass(name, b, 0, b.length);
                }
                return c;
            }
        }

        private byte[] original(String name) throws ClassNotFoundException {
            try (InputStream in = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
                if (in == null) throw new ClassNotFoundException(name);
                byte[] bytes = in.readAllBytes();
                for (var a : ClassFile.of().parse(bytes).attributes()) {
                    if (a instanceof UnknownAttribute u && u.attributeName().equalsString("dev.kiln.Original")) {
                        return u.contents();
                    }
                }
                return bytes;
            } catch (IOException e) {
                throw new ClassNotFoundException(name, e);
            }
        }
    }

    static Object[] copy(Object[] args) {
        Object[] c = args.clone();
        for (int i = 0; i < c.length; i++) {
            c[i] = switch (c[i]) {
                case int[] a -> a.clone();
                case long[] a -> a.clone();
                case double[] a -> a.clone();
                case float[] a -> a.clone();
                case null, default -> c[i];
            };
        }
        return c;
    }

    static void same(Object e, Object a, int ulps, String where) {
        switch (e) {
            case double[] x -> {
                double[] y = (double[]) a;
                assertEquals(x.length, y.length, where);
                for (int i = 0; i < x.length; i++) sameDouble(x[i], y[i], ulps, where + "[" + i + "]");
            }
            case float[] x -> assertTrue(Arrays.equals(x, (float[]) a), where);
            case int[] x -> assertTrue(Arrays.equals(x, (int[]) a), where + ": " + Arrays.toString(x) + " vs "
                    + Arrays.toString((int[]) a));
            case long[] x -> assertTrue(Arrays.equals(x, (long[]) a), where);
            case Double x -> sameDouble(x, (Double) a, ulps, where);
            case null -> assertEquals(null, a, where);
            default -> assertEquals(e, a, where);
        }
    }

    static void sameDouble(double x, double y, int ulps, String where) {
        if (Double.doubleToLongBits(x) == Double.doubleToLongBits(y)) return;
        if (ulps > 0 && Math.abs(x - y) <= ulps * Math.ulp(x)) return;
        fail(where + ": HotSpot " + x + " vs Kiln " + y);
    }

    // ------------------------------------------------------------------------------------------------ inputs

    static final Map<String, Function<SplittableRandom, Object[]>> INPUTS = new TreeMap<>();

    static void in(String k, Function<SplittableRandom, Object[]> f) {
        INPUTS.put(k, f);
    }

    static double[] uniforms(SplittableRandom r, int n) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) a[i] = r.nextDouble();
        return a;
    }

    static double[] losses(SplittableRandom r, int n) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) a[i] = r.nextInt(4) == 0 ? 0.0 : r.nextInt(3) == 0 ? r.nextInt(5) * 100.0 : r.nextDouble() * 1000;
        return a;
    }

    /** A random valid CDF of n entries ending at or below 1. */
    static double[] cdf(SplittableRandom r, int n) {
        double[] c = new double[n];
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += r.nextInt(5) == 0 ? 0.0 : r.nextDouble();
            c[i] = s;
        }
        double top = r.nextBoolean() ? 1.0 : 0.9;
        for (int i = 0; i < n; i++) c[i] = c[i] / s * top;
        return c;
    }

    static double[] terms(SplittableRandom r, int nodes) {
        double[] t = new double[nodes * Calcrules.TERMS];
        for (int n = 0; n < nodes; n++) {
            int o = n * Calcrules.TERMS;
            boolean frac = r.nextBoolean();
            t[o + Calcrules.T_DED] = frac ? r.nextDouble() * 1.2 : r.nextDouble() * 200;
            t[o + Calcrules.T_ATT] = r.nextDouble() * 100;
            t[o + Calcrules.T_LIM] = frac ? r.nextDouble() : r.nextDouble() * 800;
            t[o + Calcrules.T_SHARE1] = r.nextInt(6) == 0 ? 0.0 : r.nextDouble();
            t[o + Calcrules.T_SHARE2] = r.nextDouble();
            t[o + Calcrules.T_SHARE3] = r.nextDouble();
            t[o + Calcrules.T_TRIGGER_START] = r.nextDouble() * 100;
            t[o + Calcrules.T_TRIGGER_END] = r.nextBoolean() ? 0.0 : 200 + r.nextDouble() * 800;
            t[o + Calcrules.T_PAYOUT_START] = r.nextDouble();
            t[o + Calcrules.T_LIMIT2] = r.nextDouble() * 50;
            t[o + Calcrules.T_SCALE1] = r.nextDouble() * 2;
            t[o + Calcrules.T_SCALE2] = r.nextDouble() * 0.2;
        }
        return t;
    }

    static final int[] RULES = {1, 2, 3, 5, 12, 14, 15, 16, 17, 20, 22, 23, 24, 25, 33, 34, 39, 40, 41, 100, 200,
            101, 102, 103, 112, 114, 117, 122, 124, 133, 28, 32, 37, 38, 281, 0, 7, 99, 150, 300};

    static int rule(SplittableRandom r) {
        return RULES[r.nextInt(RULES.length)];
    }

    static final SyntheticModel MODEL = new SyntheticModel(TINY);
    static final float[] FROM = MODEL.binFrom;
    static final float[] TO = MODEL.binTo;
    static final float[] MEAN = MODEL.binMean;
    static final int ND = TINY.damageBins();
    static final int NI = TINY.intensityBins();

    /** Hazard records of a random event of the tiny model: hazStart, hazBin, hazProb. */
    static Object[] footprint(SplittableRandom r) {
        int[] hs = new int[TINY.areaperils() + 1];
        int[] hb = new int[MODEL.maxFootprintRecords()];
        float[] hp = new float[MODEL.maxFootprintRecords()];
        MODEL.footprint(r.nextInt(TINY.events()), hs, hb, hp);
        return new Object[]{hs, hb, hp};
    }

    static {
        // Philox
        in("Philox.block", r -> new Object[]{r.nextBoolean() ? 7 : 10, r.nextInt(), r.nextInt(), r.nextInt(),
                r.nextInt(), r.nextInt(), r.nextInt(), new int[6], r.nextInt(3)});
        in("Philox.damageSeed", r -> new Object[]{(long) r.nextInt(1000), (long) r.nextInt(), (long) r.nextInt(1 << 30)});
        in("Philox.hazardSeed", r -> new Object[]{(long) r.nextInt(1000), (long) r.nextInt(), (long) r.nextInt(1 << 30)});
        in("Philox.correlationSeed", r -> new Object[]{(long) r.nextInt(1000), (long) r.nextInt(), (long) r.nextInt(1 << 30)});
        in("Philox.damageSeeds", r -> {
            int n = 1 + r.nextInt(50);
            int[] g = new int[n];
            for (int i = 0; i < n; i++) g[i] = r.nextInt(1 << 30);
            return new Object[]{g, n, r.nextInt(1 << 20), (long) r.nextInt(100), new long[n]};
        });
        in("Philox.lhsRow", r -> {
            int n = 1 + r.nextInt(300);
            return new Object[]{r.nextLong() >>> 1, n, new double[n + 3], r.nextInt(4), new int[4]};
        });
        in("Philox.lhsRows", r -> {
            int rows = 1 + r.nextInt(20);
            int n = 1 + r.nextInt(64);
            long[] seeds = new long[rows];
            for (int i = 0; i < rows; i++) seeds[i] = r.nextLong() >>> 1;
            return new Object[]{seeds, rows, n, r.nextInt(2), new double[rows * n], new int[4]};
        });
        in("Philox.lhsRowsParallel", r -> {
            int rows = 1 + r.nextInt(300);
            int n = 1 + r.nextInt(64);
            int lanes = 1 + r.nextInt(rows + 3); // some lanes may get no rows
            long[] seeds = new long[rows];
            for (int i = 0; i < rows; i++) seeds[i] = r.nextLong() >>> 1;
            return new Object[]{seeds, rows, n, r.nextInt(2), new double[rows * n], new int[4 * lanes], lanes};
        });
        // GroundUp
        in("GroundUp.lowerBound", r -> {
            double[] c = cdf(r, 1 + r.nextInt(30));
            return new Object[]{c, 0, c.length, r.nextDouble() * 1.1 - 0.05};
        });
        in("GroundUp.sampleInBin", r -> {
            double pf = r.nextDouble() * 0.5;
            double pt = pf + r.nextDouble() * 0.5;
            double from = r.nextDouble();
            double w = r.nextInt(5) == 0 ? 0.0 : r.nextDouble();
            double mean = from + w * (r.nextInt(4) == 0 ? 0.5 : 1.0 / 3 + r.nextDouble() / 3);
            return new Object[]{pf + (pt - pf) * r.nextDouble(), pf, pt, from, from + w, mean, 1000 * r.nextDouble()};
        });
        in("GroundUp.sampleLoss", r -> new Object[]{cdf(r, ND), 0, ND, FROM, TO, MEAN, 1e5 * r.nextDouble(),
                r.nextDouble()});
        in("GroundUp.lossStats", r -> new Object[]{cdf(r, ND), 0, ND, TO, MEAN, 1e5 * r.nextDouble(), new double[6], 1});
        in("GroundUp.itemLosses", r -> {
            int s = 1 + r.nextInt(40);
            double[] u = uniforms(r, s);
            return new Object[]{cdf(r, ND), 0, ND, FROM, TO, MEAN, 1e5 * r.nextDouble(), 1 + r.nextInt(3), u, 0, s,
                    r.nextBoolean() ? 0.0 : 1e4 * r.nextDouble(), new double[4], new double[GroundUp.SPECIAL_ROWS + s], 0};
        });
        in("GroundUp.sampleRows", r -> {
            int rows = 1 + r.nextInt(20);
            int s = 1 + r.nextInt(20);
            double[] tiv = uniforms(r, rows);
            return new Object[]{cdf(r, ND), 0, ND, FROM, TO, MEAN, tiv, uniforms(r, rows * s), rows, s,
                    new double[rows * s]};
        });
        in("GroundUp.eventLosses", r -> {
            Object[] fp = footprint(r);
            int s = TINY.samples();
            SyntheticModel m = MODEL;
            return new Object[]{TINY.items(), m.itemAreaperil, m.itemVuln, m.itemGroup, m.itemTiv, m.itemCoverageItems,
                    fp[0], fp[1], fp[2], m.vuln, ND, NI, m.aggStart, m.aggMember, m.aggWeight, FROM, TO, MEAN,
                    uniforms(r, m.nGroups * s), s, r.nextBoolean() ? 0.0 : 1000.0,
                    new double[TINY.maxHazardRecords() * ND], new double[ND], new double[4],
                    new double[TINY.items() * (GroundUp.SPECIAL_ROWS + s)]};
        });
        in("GroundUp.eventLossesParallel", r -> {
            Object[] fp = footprint(r);
            int s = TINY.samples();
            int lanes = 1 + r.nextInt(TINY.items() + 3);
            SyntheticModel m = MODEL;
            return new Object[]{TINY.items(), m.itemAreaperil, m.itemVuln, m.itemGroup, m.itemTiv, m.itemCoverageItems,
                    fp[0], fp[1], fp[2], m.vuln, ND, NI, m.aggStart, m.aggMember, m.aggWeight, FROM, TO, MEAN,
                    uniforms(r, m.nGroups * s), s, r.nextBoolean() ? 0.0 : 1000.0, lanes,
                    new double[lanes * TINY.maxHazardRecords() * ND], new double[lanes * ND], new double[4 * lanes],
                    new double[TINY.items() * (GroundUp.SPECIAL_ROWS + s)]};
        });
        // DamageCdf
        Function<SplittableRandom, Object[]> pdfIn = r -> {
            int nh = 1 + r.nextInt(TINY.maxHazardRecords());
            double[] pdf = new double[nh * ND];
            for (int i = 0; i < pdf.length; i++) pdf[i] = r.nextInt(3) == 0 ? 0.0 : r.nextDouble() / ND;
            float[] p = new float[nh];
            for (int h = 0; h < nh; h++) p[h] = (float) r.nextDouble();
            return new Object[]{pdf, nh, ND, p, 0, new double[ND + 2], r.nextInt(2)};
        };
        in("DamageCdf.cdfFromPdf", pdfIn);
        in("DamageCdf.pdfToCdf", r -> {
            int n = 1 + r.nextInt(20);
            double[] pdf = new double[n];
            for (int i = 0; i < n; i++) pdf[i] = r.nextInt(3) == 0 ? 0.0 : r.nextDouble() * 2 / n;
            return new Object[]{pdf, 0, n, new double[n], 0};
        });
        in("DamageCdf.effectiveCdf", r -> {
            Object[] fp = footprint(r);
            int[] hs = (int[]) fp[0];
            int a = r.nextInt(TINY.areaperils());
            while (hs[a + 1] == hs[a]) a = r.nextInt(TINY.areaperils());
            return new Object[]{MODEL.vuln, ND, NI, r.nextInt(TINY.vulns()), fp[1], fp[2], hs[a], hs[a + 1] - hs[a],
                    new double[TINY.maxHazardRecords() * ND], new double[ND], 0};
        });
        in("DamageCdf.aggregatePdf", r -> {
            int[] hb = {1 + r.nextInt(NI), 1 + r.nextInt(NI)};
            int k = r.nextInt(TINY.aggregates());
            int mo = MODEL.aggStart[k];
            return new Object[]{MODEL.vuln, ND, NI, MODEL.aggMember, MODEL.aggWeight, mo, MODEL.aggStart[k + 1] - mo,
                    hb, 0, 2, new double[2 * ND]};
        });
        in("DamageCdf.effectiveCdfAggregate", r -> {
            int[] hb = {1 + r.nextInt(NI), 1 + r.nextInt(NI), 1 + r.nextInt(NI)};
            float[] hp = {0.2f, 0.3f, 0.5f};
            int k = r.nextInt(TINY.aggregates());
            int mo = MODEL.aggStart[k];
            return new Object[]{MODEL.vuln, ND, NI, MODEL.aggMember, MODEL.aggWeight, mo, MODEL.aggStart[k + 1] - mo,
                    hb, hp, 0, 3, new double[3 * ND], new double[ND], 0};
        });
        in("DamageCdf.hazardIndex", r -> {
            double[] c = cdf(r, 2 + r.nextInt(6));
            return new Object[]{c, 0, c.length, r.nextDouble()};
        });
        // Calcrules
        in("Calcrules.isBaseRule", r -> new Object[]{rule(r)});
        in("Calcrules.isStepRule", r -> new Object[]{rule(r)});
        in("Calcrules.isKnownRule", r -> new Object[]{rule(r)});
        in("Calcrules.baseRule", r -> {
            double[] t = terms(r, 1);
            return new Object[]{rule(r), r.nextDouble() * 1000, t[0], t[1], t[2], t[3], t[4], t[5]};
        });
        in("Calcrules.stepRule", r -> new Object[]{rule(r), r.nextDouble() * 1200, terms(r, 2), Calcrules.TERMS * r.nextInt(2)});
        in("Calcrules.apply", r -> new Object[]{rule(r), r.nextDouble() * 1200, terms(r, 2), Calcrules.TERMS * r.nextInt(2)});
        in("Calcrules.applyAll", r -> new Object[]{rule(r), losses(r, 30), 2, 25, terms(r, 1), 0});
        // FinancialModule
        in("FinancialModule.loadItems", r -> {
            int s = 1 + r.nextInt(10);
            int n = 1 + r.nextInt(10);
            return new Object[]{losses(r, n * (GroundUp.SPECIAL_ROWS + s)), n, s, new double[n * (s + 1)]};
        });
        in("FinancialModule.aggregateChildren", r -> new Object[]{r.nextInt(MODEL.levelStart[1]), true, MODEL.childStart,
                MODEL.child, losses(r, TINY.items() * 3), new double[0], 3, new double[3]});
        in("FinancialModule.backAllocate", r -> {
            int node = r.nextInt(MODEL.nodes());
            return new Object[]{node, MODEL.itemStart, MODEL.item, losses(r, TINY.items() * 3), 3, losses(r, 3),
                    losses(r, 3 * MODEL.nodes()), node * 3, new double[3]};
        });
        in("FinancialModule.computeEvent", r -> {
            int cols = 1 + r.nextInt(9);
            SyntheticModel m = MODEL;
            int[] rules = m.rule.clone();
            for (int i = 0; i < rules.length; i++) if (r.nextInt(3) == 0) rules[i] = RULES[r.nextInt(RULES.length - 5)];
            return new Object[]{m.nLevels, m.levelStart, m.childStart, m.child, m.itemStart, m.item, rules,
                    terms(r, m.nodes()), losses(r, TINY.items() * cols), new double[m.nodes() * cols], cols,
                    new double[cols], new double[cols]};
        });
        // Aal
        in("Aal.subsetCount", r -> new Object[]{r.nextInt(3000), r.nextBoolean()});
        in("Aal.accLength", r -> new Object[]{1 + r.nextInt(12)});
        in("Aal.periodWeight", r -> new Object[]{uniforms(r, 5), r.nextInt(2) * 5, r.nextInt(8) - 1, 7});
        in("Aal.accumulatePeriod", r -> {
            int s = 1 + r.nextInt(40);
            boolean alct = r.nextBoolean();
            int k = Aal.subsetCount(s, alct);
            return new Object[]{losses(r, s + 3), 1, s, r.nextDouble() * 2, k, losses(r, Aal.accLength(k))};
        });
        in("Aal.accumulateSummary", r -> {
            int s = 1 + r.nextInt(20);
            int p = 1 + r.nextInt(20);
            int k = Aal.subsetCount(s, r.nextBoolean());
            int nw = r.nextInt(2) * (p - 1);
            return new Object[]{losses(r, p * (s + 1)), p, s, uniforms(r, nw), nw, k, new double[Aal.accLength(k)]};
        });
        in("Aal.confidenceZ", r -> new Object[]{0.5 + 0.499 * r.nextDouble()});
        in("Aal.resultRow", r -> new Object[]{r.nextDouble() * 1e6, r.nextDouble() * 1e12, r.nextDouble() * 1e12,
                1 + r.nextInt(64), 1 + r.nextInt(100), 1.96, new double[7], 1});
        in("Aal.finish", r -> {
            int s = 1 + r.nextInt(40);
            int k = Aal.subsetCount(s, true);
            int p = 2 + r.nextInt(50);
            double[] v = losses(r, p * (s + 1));
            double[] acc = new double[Aal.accLength(k)];
            Aal.accumulateSummary(v, p, s, new double[0], 0, k, acc);
            return new Object[]{acc, k, p, s, 0.9 + 0.09 * r.nextDouble(), new double[(k + 1) * Aal.RESULT_COLS]};
        });
        // EpCurve
        in("EpCurve.sortDescending", r -> {
            int n = r.nextInt(500);
            return new Object[]{losses(r, n + 2), 1, n};
        });
        in("EpCurve.curve", r -> {
            int n = 1 + r.nextInt(300);
            return new Object[]{losses(r, n), 0, n, (double) n * (1 + r.nextInt(3)), 1.0 + r.nextInt(3),
                    new double[n], new double[n], new double[n]};
        });
        in("EpCurve.curveAtReturnPeriods", r -> {
            int n = 1 + r.nextInt(300);
            double maxRp = (double) n * (1 + r.nextInt(3));
            double[] rps = {10000, 1000, 500, 250, 200, 100, 50, 25, 10, 5, 2, 1, 0.5};
            return new Object[]{losses(r, n), 0, n, maxRp, 1.0 + r.nextInt(3), rps, rps.length, new int[26],
                    new double[26], new double[26]};
        });
        in("EpCurve.accumulateEvent", r -> {
            int cols = 1 + r.nextInt(5);
            int p = 1 + r.nextInt(10);
            int[] occ = new int[4];
            for (int i = 0; i < 4; i++) occ[i] = 1 + r.nextInt(p);
            return new Object[]{losses(r, 5 * cols), 2, 3, cols, occ, r.nextInt(2), r.nextInt(3), p,
                    losses(r, 3 * p * cols), losses(r, 3 * p * cols)};
        });
        in("EpCurve.gather", r -> {
            int cols = 2 + r.nextInt(5);
            int p = 1 + r.nextInt(10);
            return new Object[]{losses(r, 2 * p * cols), r.nextInt(2), p, cols, r.nextInt(3), new double[p * (cols - 1)]};
        });
    }
}
