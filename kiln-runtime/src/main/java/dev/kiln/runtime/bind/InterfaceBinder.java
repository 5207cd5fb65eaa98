package dev.kiln.runtime.bind;

import dev.kiln.KilnException;

import java.lang.classfile.ClassFile;
import java.lang.classfile.TypeKind;
import java.lang.constant.ClassDesc;
import java.lang.constant.ConstantDescs;
import java.lang.constant.DynamicConstantDesc;
import java.lang.constant.MethodTypeDesc;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;

/**
 * Binds a method handle to a functional interface through a small hidden class whose method calls the handle as a
 * class-data constant, so the JIT inlines straight through to the native call ({@code MethodHandleProxies} keeps the
 * handle in a field, which costs an indirect, non-inlined call on every invocation).
 */
public final class InterfaceBinder {
    private static final ClassDesc CD_MH = ConstantDescs.CD_MethodHandle;

    private InterfaceBinder() {
    }

    /** Kiln's generated classes live in this module's package: the interface must be accessible from there. */
    static void requirePublic(Class<?> iface) {
        try {
            MethodHandles.lookup().accessClass(iface);
        } catch (IllegalAccessException e) {
            throw new KilnException("interface " + iface.getName() + " must be public (and so must its enclosing classes)"
                    + " for Kiln to implement it");
        }
    }

    private static void requireAccessible(Class<?> c, Class<?> iface) {
        try {
            MethodHandles.lookup().accessClass(c);
        } catch (IllegalAccessException e) {
            throw new KilnException(c.getName() + " must be public (and so must its enclosing classes) for Kiln to"
                    + " implement " + iface.getName() + ", whose method takes it; declare that parameter as Object");
        }
    }

    /** An instance of {@code iface} whose single abstract method {@code sam} invokes {@code target} (same type). */
    public static <T> T bind(Class<T> iface, Method sam, MethodHandle target) {
        MethodType type = MethodType.methodType(sam.getReturnType(), sam.getParameterTypes());
        MethodHandle exact = target.asType(type);
        MethodHandles.Lookup host = MethodHandles.lookup();
        requirePublic(iface);
        for (Class<?> c : type.parameterList()) requireAccessible(c, iface); // e.g. a kernel object's receiver class
        try {
            ClassDesc self = ClassDesc.of(InterfaceBinder.class.getPackageName() + ".KernelBinding");
            MethodTypeDesc desc = type.describeConstable().orElseThrow();
            var handleConstant = DynamicConstantDesc.ofNamed(ConstantDescs.BSM_CLASS_DATA, ConstantDescs.DEFAULT_NAME, CD_MH);
            byte[] bytes = ClassFile.of().build(self, cb -> cb
                    .withFlags(ClassFile.ACC_FINAL | ClassFile.ACC_SYNTHETIC)
                    .withInterfaceSymbols(iface.describeConstable().orElseThrow())
                    .withMethodBody(ConstantDescs.INIT_NAME, ConstantDescs.MTD_void, ClassFile.ACC_PUBLIC, code -> code
                            .aload(0)
                            .invokespecial(ConstantDescs.CD_Object, ConstantDescs.INIT_NAME, ConstantDescs.MTD_void)
                            .return_())
                    .withMethodBody(sam.getName(), desc, ClassFile.ACC_PUBLIC | ClassFile.ACC_FINAL, code -> {
                        code.ldc(handleConstant);
                        int slot = 1;
                        for (Class<?> p : type.parameterList()) {
                            TypeKind kind = TypeKind.from(p);
                            code.loadLocal(kind, slot);
                            slot += kind.slotSize();
                        }
                        code.invokevirtual(CD_MH, "invokeExact", desc);
                        code.return_(TypeKind.from(type.returnType()));
                    }));
            MethodHandles.Lookup hidden = host.defineHiddenClassWithClassData(bytes, exact, true);
            Object instance = hidden.findConstructor(hidden.lookupClass(), MethodType.methodType(void.class)).invoke();
            return iface.cast(instance);
        } catch (Throwable e) {
            throw new KilnException("cannot bind kernel to " + iface.getName() + ": " + e, e);
        }
    }
}
