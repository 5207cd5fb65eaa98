package dev.kiln.spi;

import dev.kiln.runtime.abi.KernelAbi;

import java.util.Map;

/**
 * A compiled kernel: the bytes of a shared library and how to call it.
 *
 * @param library    ELF shared object, position independent, exporting only {@code abi.symbol()}
 * @param abi        calling contract of the exported function
 * @param phaseNanos time per phase ({@code frontEnd}, {@code optimise}, {@code codegen}, {@code link}), for stats
 */
// Implemented by dev.kiln.compiler, to which the module exports dev.kiln.model and dev.kiln.runtime.abi.
@SuppressWarnings("exports")
public record CompiledKernel(byte[] library, KernelAbi abi, Map<String, Long> phaseNanos) {
    public CompiledKernel {
        phaseNanos = Map.copyOf(phaseNanos);
    }
}
