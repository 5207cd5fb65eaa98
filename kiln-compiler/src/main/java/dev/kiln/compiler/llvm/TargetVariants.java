package dev.kiln.compiler.llvm;

import dev.kiln.Target;
import dev.kiln.compiler.intrinsics.Avx512Conversions;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.llvm.LLVM.LLVMAttributeRef;
import org.bytedeco.llvm.LLVM.LLVMContextRef;
import org.bytedeco.llvm.LLVM.LLVMModuleRef;
import org.bytedeco.llvm.LLVM.LLVMValueRef;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.bytedeco.llvm.global.LLVM.*;

/**
 * Chooses, before optimisation, between the portable vector variants of a scalar function and the ones for the
 * target ({@link Avx512Conversions}, named with its suffix): on a target with the features they need, the scalar
 * function's {@code vector-function-abi-variant} names them and the portable ones it replaced are deleted; elsewhere
 * they are deleted, as they would not compile. Nothing calls a variant yet at this point.
 */
final class TargetVariants {
    private static final Pattern VARIANT = Pattern.compile("\\(([A-Za-z0-9_.]+)\\)");

    private TargetVariants() {
    }

    static void select(LLVMContextRef ctx, LLVMModuleRef module, Target target) {
        Map<String, LLVMValueRef> special = new LinkedHashMap<>();
        for (LLVMValueRef fn = LLVMGetFirstFunction(module); fn != null && !fn.isNull(); fn = LLVMGetNextFunction(fn)) {
            String name = LLVMGetValueName(fn).getString();
            if (name.endsWith(Avx512Conversions.SUFFIX) && LLVMIsDeclaration(fn) == 0) special.put(name, fn);
        }
        if (special.isEmpty()) return;
        boolean use = target.requiredFeatures().containsAll(Avx512Conversions.FEATURES);
        List<LLVMValueRef> dead = new ArrayList<>();
        if (!use) {
            dead.addAll(special.values());
        } else {
            String key = VectorVariants.ATTRIBUTE;
            for (LLVMValueRef fn = LLVMGetFirstFunction(module); fn != null && !fn.isNull(); fn = LLVMGetNextFunction(fn)) {
                LLVMAttributeRef a = LLVMGetStringAttributeAtIndex(fn, LLVMAttributeFunctionIndex, key, key.length());
                if (a == null || a.isNull()) continue;
                BytePointer v = LLVMGetStringAttributeValue(a, new IntPointer(1));
                Matcher m = VARIANT.matcher(v.getString());
                StringBuilder value = new StringBuilder();
                while (m.find()) {
                    String portable = m.group(1);
                    if (!special.containsKey(portable + Avx512Conversions.SUFFIX)) continue;
                    m.appendReplacement(value, "(" + portable + Avx512Conversions.SUFFIX + ")");
                    LLVMValueRef old = LLVMGetNamedFunction(module, portable);
                    if (old != null && !old.isNull()) dead.add(old);
                }
                m.appendTail(value);
                String text = value.toString();
                LLVMRemoveStringAttributeAtIndex(fn, LLVMAttributeFunctionIndex, key, key.length());
                LLVMAddAttributeAtIndex(fn, LLVMAttributeFunctionIndex,
                        LLVMCreateStringAttribute(ctx, key, key.length(), text, text.length()));
            }
        }
        for (LLVMValueRef fn : dead) LLVMDeleteFunction(fn);
    }
}
