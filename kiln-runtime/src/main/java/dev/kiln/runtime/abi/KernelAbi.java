package dev.kiln.runtime.abi;

import java.lang.invoke.MethodType;
import java.util.List;

/**
 * How a compiled kernel is called: the contract between the compiler's back end and {@link NativeBinder}.
 *
 * <p>The native function {@code symbol} takes the Java parameters in order, each mapped as:
 * {@code boolean} → {@code i1 zeroext}, {@code byte} → {@code i8 signext}, {@code short} → {@code i16 signext},
 * {@code char} → {@code i16 zeroext}, {@code int} → {@code i32}, {@code long} → {@code i64}, {@code float},
 * {@code double}; a primitive array {@code T[]} → two parameters {@code (ptr data, i32 length)}, data being null for a
 * null array (the array is passed zero-copy, pinned for the call). When {@code faultRecord} is true a last
 * {@code ptr} parameter points at a 24-byte {@link Fault} record, zero on entry, that the code fills when Java would
 * throw; the Java side then throws the same exception type and message.
 *
 * @param symbol      the exported function, named from the cache key so two different kernels never share a name
 * @param descriptor  the kernel's Java method descriptor, e.g. {@code ([DI)D}
 * @param faultRecord whether the function takes the trailing fault-record pointer (false when nothing can throw)
 * @param messages    exception messages a fault's {@code detail} field indexes (null-pointer and overflow messages)
 */
public record KernelAbi(String symbol, String descriptor, boolean faultRecord, List<String> messages) {
    public KernelAbi {
        if (!symbol.matches("[A-Za-z_][A-Za-z0-9_]*")) throw new IllegalArgumentException("bad symbol " + symbol);
        messages = List.copyOf(messages);
    }

    public MethodType javaType() {
        return MethodType.fromMethodDescriptorString(descriptor, KernelAbi.class.getClassLoader());
    }
}
