package dev.kiln.compiler.llvm;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.llvm.LLVM.LLVMAttributeRef;
import org.bytedeco.llvm.LLVM.LLVMModuleRef;
import org.bytedeco.llvm.LLVM.LLVMPassBuilderOptionsRef;
import org.bytedeco.llvm.LLVM.LLVMTargetMachineRef;
import org.bytedeco.llvm.LLVM.LLVMValueRef;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.bytedeco.llvm.global.LLVM.*;

/**
 * After the O2/O3 pipeline: functions with vector variants (Kiln's exp and log, whose scalar versions stay calls
 * until the loop vectoriser has replaced what it can by calls to the variants) are inlined where they remain
 * scalar calls, e.g. in a loop carrying a product from one iteration to the next, which no vectoriser can widen;
 * an inlined call keeps the loop's floating-point values in registers (a call clobbers every vector register).
 * Variants no loop used are dropped.
 */
final class VectorVariants {
    static final String ATTRIBUTE = "vector-function-abi-variant";
    /** Inline the remaining scalar calls, then drop unused internal functions. */
    static final String PIPELINE = "cgscc(inline),globaldce";
    private static final Pattern VARIANT = Pattern.compile("\\(([A-Za-z0-9_.]+)\\)");

    private VectorVariants() {
    }

    /** Whether the module had such functions, which were then inlined. */
    static boolean inlineRemaining(LLVMModuleRef module, LLVMTargetMachineRef tm) {
        List<LLVMValueRef> scalars = new ArrayList<>();
        for (LLVMValueRef fn = LLVMGetFirstFunction(module); fn != null && !fn.isNull(); fn = LLVMGetNextFunction(fn)) {
            if (LLVMIsDeclaration(fn) != 0) continue;
            LLVMAttributeRef a = LLVMGetStringAttributeAtIndex(fn, LLVMAttributeFunctionIndex, ATTRIBUTE, ATTRIBUTE.length());
            if (a != null && !a.isNull()) scalars.add(fn);
        }
        if (scalars.isEmpty()) return false;
        int noinline = LLVMGetEnumAttributeKindForName("noinline", "noinline".length());
        for (LLVMValueRef fn : scalars) {
            LLVMAttributeRef a = LLVMGetStringAttributeAtIndex(fn, LLVMAttributeFunctionIndex, ATTRIBUTE, ATTRIBUTE.length());
            IntPointer len = new IntPointer(1);
            BytePointer v = LLVMGetStringAttributeValue(a, len);
            String value = v.getString();
            Matcher m = VARIANT.matcher(value);
            while (m.find()) {
                LLVMValueRef variant = LLVMGetNamedFunction(module, m.group(1));
                if (variant != null && !variant.isNull()) LLVMSetLinkage(variant, LLVMInternalLinkage);
            }
            LLVMRemoveStringAttributeAtIndex(fn, LLVMAttributeFunctionIndex, ATTRIBUTE, ATTRIBUTE.length());
            LLVMRemoveEnumAttributeAtIndex(fn, LLVMAttributeFunctionIndex, noinline);
        }
        LLVMPassBuilderOptionsRef opts = LLVMCreatePassBuilderOptions();
        try {
            var error = LLVMRunPasses(module, PIPELINE, tm, opts);
            if (error != null && !error.isNull()) {
                BytePointer msg = LLVMGetErrorMessage(error);
                String text = msg.getString();
                LLVMDisposeErrorMessage(msg);
                throw new dev.kiln.KilnException("LLVM optimisation failed: " + text);
            }
        } finally {
            LLVMDisposePassBuilderOptions(opts);
        }
        return true;
    }
}
