package dev.kiln.compiler.intrinsics;

import dev.kiln.runtime.abi.Fault;
import org.junit.jupiter.api.Test;

import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.*;

/** The table's coverage and the contract with the emitter ({@link Intrinsic}), without compiling anything. */
class IntrinsicTableTest {
    /**
     * StrictMath's transcendentals are specified bit for bit (fdlibm): never in the table (the C library does not
     * reproduce them); Kiln compiles the JDK's fdlibm bytecode for them, or refuses them.
     */
    static final Set<String> TRANSCENDENTALS = Set.of("cbrt", "exp", "expm1", "log", "log1p", "log10", "pow", "sin",
            "cos", "tan", "asin", "acos", "atan", "atan2", "sinh", "cosh", "tanh", "hypot");

    static final Map<Class<?>, Set<String>> REQUIRED = Map.of(
            Math.class, mathNames(), StrictMath.class, strictNames(),
            Integer.class, intNames(), Long.class, intNames(),
            Double.class, Set.of("doubleToRawLongBits", "doubleToLongBits", "longBitsToDouble", "isNaN", "isInfinite",
                    "isFinite", "compare", "min", "max", "sum"),
            Float.class, Set.of("floatToRawIntBits", "floatToIntBits", "intBitsToFloat", "isNaN", "isInfinite",
                    "isFinite", "compare", "min", "max", "sum"));

    static Set<String> mathNames() {
        return Set.of("abs", "min", "max", "sqrt", "cbrt", "fma", "floor", "ceil", "rint", "round", "exp", "expm1",
                "log", "log1p", "log10", "pow", "sin", "cos", "tan", "asin", "acos", "atan", "atan2", "sinh", "cosh",
                "tanh", "hypot", "signum", "copySign", "floorDiv", "floorMod", "multiplyHigh", "addExact",
                "subtractExact", "multiplyExact", "incrementExact", "decrementExact", "negateExact", "toIntExact",
                "absExact");
    }

    static Set<String> strictNames() {
        Set<String> s = new TreeSet<>(mathNames());
        s.removeAll(TRANSCENDENTALS);
        return s;
    }

    /** The runtime's list of leaves (what the cache key does not read as bytecode) is exactly this table. */
    @Test
    void runtimeLeavesAreTheTable() {
        assertEquals(new TreeSet<>(Intrinsics.all().keySet()), new TreeSet<>(dev.kiln.model.JdkLeaves.all()));
        assertFalse(dev.kiln.model.KernelGraph.compiledFromBytecode("java/lang/Math", "sin", "(D)D"));
        assertTrue(dev.kiln.model.KernelGraph.compiledFromBytecode("java/lang/StrictMath", "sin", "(D)D"));
        assertTrue(dev.kiln.model.KernelGraph.compiledFromBytecode("java/util/Arrays", "binarySearch", "([II)I"));
        assertFalse(dev.kiln.model.KernelGraph.compiledFromBytecode("java/lang/Integer", "toString", "(I)Ljava/lang/String;"));
        assertFalse(dev.kiln.model.KernelGraph.compiledFromBytecode("java/util/Arrays", "sort", "([Ljava/lang/Object;)V"));
    }

    @Test
    void strictMathTranscendentalsAreRefusedWithAReason() {
        for (String f : TRANSCENDENTALS) {
            String desc = f.equals("pow") || f.equals("atan2") || f.equals("hypot") ? "(DD)D" : "(D)D";
            assertEquals(Optional.empty(), Intrinsics.find("java/lang/StrictMath", f, desc), f);
            assertTrue(Intrinsics.find("java/lang/Math", f, desc).isPresent(), f);
            String why = Intrinsics.refusal("java/lang/StrictMath", f, desc).orElseThrow();
            assertTrue(why.contains("StrictMath." + f) && why.contains("Math." + f + " compiles"), why);
        }
        assertEquals(Optional.empty(), Intrinsics.refusal("java/lang/Math", "random", "()D"));
    }

    static Set<String> intNames() {
        return Set.of("bitCount", "numberOfLeadingZeros", "numberOfTrailingZeros", "rotateLeft", "rotateRight",
                "reverse", "reverseBytes", "compare", "signum", "compareUnsigned", "divideUnsigned",
                "remainderUnsigned", "highestOneBit", "lowestOneBit", "min", "max", "sum");
    }

    /** Every public static overload of every required name, as this JDK declares them, is in the table. */
    @Test
    void coversEveryOverloadOfTheRequiredMethods() {
        Set<String> missing = new TreeSet<>();
        int expected = 0;
        for (var e : REQUIRED.entrySet()) {
            String owner = e.getKey().getName().replace('.', '/');
            for (Method m : e.getKey().getDeclaredMethods()) {
                if (!Modifier.isStatic(m.getModifiers()) || !Modifier.isPublic(m.getModifiers())
                        || !e.getValue().contains(m.getName())) continue;
                String desc = MethodType.methodType(m.getReturnType(), m.getParameterTypes()).toMethodDescriptorString();
                expected++;
                if (Intrinsics.find(owner, m.getName(), desc).isEmpty()) missing.add(owner + "." + m.getName() + desc);
            }
        }
        assertEquals(Set.of(), missing);
        assertEquals(expected, Intrinsics.all().size(), "the table has entries beyond the required methods");
    }

    @Test
    void unknownMethodsAreRefused() {
        assertEquals(Optional.empty(), Intrinsics.find("java/lang/Math", "random", "()D"));
        assertEquals(Optional.empty(), Intrinsics.find("java/lang/Math", "pow", "(FF)F"));
        assertEquals(Optional.empty(), Intrinsics.find("java/lang/System", "nanoTime", "()J"));
    }

    @Test
    void definitionsFollowTheEmitterContract() {
        Map<String, String> bySymbol = new HashMap<>();
        Map<String, String> declByName = new HashMap<>();
        for (var e : Intrinsics.all().entrySet()) {
            Intrinsic in = e.getValue();
            String all = in.definition();
            // Helpers (exp's and log's own functions and tables) come first; the entry's function is last and alone.
            int own = all.lastIndexOf("\ndefine internal ") + 1;
            String def = all.substring(own);
            boolean helpers = own > 0;
            assertEquals(helpers, e.getKey().equals("java/lang/Math.exp(D)D") || e.getKey().equals("java/lang/Math.log(D)D"),
                    "only exp and log have helpers: " + e.getKey());
            assertTrue(def.startsWith("define internal "), e.getKey());
            assertTrue(def.contains("@\"" + in.symbol() + "\"("), e.getKey());
            assertEquals(1, def.split("\ndefine ", -1).length, "one function per definition: " + e.getKey());
            assertNull(bySymbol.put(in.symbol(), e.getKey()), "symbol reused: " + in.symbol());
            String desc = e.getKey().substring(e.getKey().indexOf('('));
            String ret = switch (desc.charAt(desc.indexOf(')') + 1)) {
                case 'J' -> "i64";
                case 'F' -> "float";
                case 'D' -> "double";
                default -> "i32";
            };
            String expectRet = in.fault().isPresent() ? "{" + ret + ", i1}" : ret;
            assertTrue(def.startsWith("define internal " + expectRet + " @"), e.getKey() + ": " + def);
            // The same callee is always declared with the same text, so the emitter can merge declarations.
            for (String d : in.declarations()) {
                String name = d.substring(d.indexOf('@') + 1, d.indexOf('('));
                String prev = declByName.putIfAbsent(name, d);
                assertEquals(prev == null ? d : prev, d, name);
            }
        }
    }

    @Test
    void faultsAndMessagesMatchHotSpot() {
        Map<String, String> messages = new HashMap<>();
        for (var e : Intrinsics.all().entrySet()) {
            e.getValue().fault().ifPresent(f -> messages.put(e.getKey(), f.fault() + ":" + f.message()));
        }
        for (String owner : List.of("java/lang/Math", "java/lang/StrictMath")) {
            for (String n : List.of("addExact(II)I", "subtractExact(II)I", "multiplyExact(II)I", "incrementExact(I)I",
                    "decrementExact(I)I", "negateExact(I)I", "toIntExact(J)I")) {
                assertEquals("ARITHMETIC:integer overflow", messages.remove(owner + "." + n), n);
            }
            for (String n : List.of("addExact(JJ)J", "subtractExact(JJ)J", "multiplyExact(JJ)J", "multiplyExact(JI)J",
                    "incrementExact(J)J", "decrementExact(J)J", "negateExact(J)J")) {
                assertEquals("ARITHMETIC:long overflow", messages.remove(owner + "." + n), n);
            }
            assertEquals("ARITHMETIC:Overflow to represent absolute value of Integer.MIN_VALUE",
                    messages.remove(owner + ".absExact(I)I"));
            assertEquals("ARITHMETIC:Overflow to represent absolute value of Long.MIN_VALUE",
                    messages.remove(owner + ".absExact(J)J"));
            for (String n : List.of("floorDiv(II)I", "floorDiv(JI)J", "floorDiv(JJ)J", "floorMod(II)I",
                    "floorMod(JI)I", "floorMod(JJ)J")) {
                assertEquals("DIVIDE_BY_ZERO:/ by zero", messages.remove(owner + "." + n), n);
            }
        }
        for (String n : List.of("java/lang/Integer.divideUnsigned(II)I", "java/lang/Integer.remainderUnsigned(II)I",
                "java/lang/Long.divideUnsigned(JJ)J", "java/lang/Long.remainderUnsigned(JJ)J")) {
            assertEquals("DIVIDE_BY_ZERO:/ by zero", messages.remove(n), n);
        }
        assertEquals(Map.of(), messages, "unexpected faulting intrinsics");
        assertEquals(2, Fault.DIVIDE_BY_ZERO.code);
    }

    /** The messages above are HotSpot's own: checked here against the running JDK. */
    @Test
    void hotSpotMessagesAreTheOnesInTheTable() {
        assertEquals("integer overflow", assertThrows(ArithmeticException.class,
                () -> Math.addExact(Integer.MAX_VALUE, 1)).getMessage());
        assertEquals("long overflow", assertThrows(ArithmeticException.class,
                () -> Math.multiplyExact(Long.MAX_VALUE, 2)).getMessage());
        assertEquals("integer overflow", assertThrows(ArithmeticException.class,
                () -> Math.toIntExact(1L << 40)).getMessage());
        assertEquals("Overflow to represent absolute value of Integer.MIN_VALUE", assertThrows(
                ArithmeticException.class, () -> Math.absExact(Integer.MIN_VALUE)).getMessage());
        assertEquals("Overflow to represent absolute value of Long.MIN_VALUE", assertThrows(
                ArithmeticException.class, () -> Math.absExact(Long.MIN_VALUE)).getMessage());
        assertEquals("/ by zero", assertThrows(ArithmeticException.class, () -> Math.floorMod(5L, 0)).getMessage());
        assertEquals("/ by zero", assertThrows(ArithmeticException.class,
                () -> Integer.remainderUnsigned(5, 0)).getMessage());
    }
}
