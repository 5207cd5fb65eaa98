package dev.kiln.compiler.diff;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Locale;

import static dev.kiln.compiler.diff.Arrays2.*;
import static dev.kiln.compiler.diff.Diff.product;

/**
 * Kernels compiled while the default locale is Turkish, where {@code "INT".toLowerCase()} is {@code "ınt"}: the
 * exception messages the native code carries ("Cannot load from int array ...") must still be HotSpot's, which do
 * not depend on the locale.
 */
class DiffLocaleTest {
    static final Diff D = Diff.forClass(DiffLocaleTest.class);
    static final Class<?> K = ArrayKernels.class;

    @Test
    void messagesDoNotDependOnTheDefaultLocale() {
        Locale before = Locale.getDefault();
        Locale.setDefault(Locale.forLanguageTag("tr-TR"));
        try {
            D.checkAll(K, "getI", product(ints(), INDICES));
            D.checkAll(K, "setI", product(ints(), List.of(0, -1, 5), List.of(7)));
            D.checkAll(K, "lenI", product(ints()));
            D.checkAll(K, "getJ", product(longs(), INDICES));
        } finally {
            Locale.setDefault(before);
        }
    }
}
