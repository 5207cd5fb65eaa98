package dev.kiln.agent;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;

/**
 * {@code -javaagent:kiln-agent.jar}: rewrites every {@code @dev.kiln.Kernel} method (static, or an instance method of
 * a class) as its class loads (see {@link KernelRewriter}), so that calling it runs native code. kiln-runtime (and
 * kiln-compiler with LLVM, to compile on a miss) come from the application's class path or from the agent jar's
 * manifest {@code Class-Path}, which names them beside the agent, as a distribution's {@code lib/} holds them.
 */
public final class KilnAgent {
    private KilnAgent() {
    }

    public static void premain(String args, Instrumentation inst) {
        inst.addTransformer(new Transformer(), false);
    }

    public static void agentmain(String args, Instrumentation inst) {
        premain(args, inst); // classes already loaded stay as they are: attach before they load
    }

    static final class Transformer implements ClassFileTransformer {
        @Override
        public byte[] transform(ClassLoader loader, String className, Class<?> redefined, ProtectionDomain domain,
                                byte[] bytes) {
            if (redefined != null || loader == null || className == null || className.startsWith("java/")
                    || className.startsWith("jdk/") || className.startsWith("sun/")) {
                return null;
            }
            try {
                KernelRewriter.Result r = KernelRewriter.rewrite(bytes, false);
                for (String s : r.skipped()) System.err.println("kiln: warning: @Kernel " + s + "; not rewritten");
                return r.bytes();
            } catch (RuntimeException | LinkageError e) {
                // A transformer's exception is swallowed by the JVM; say why the class runs unchanged.
                System.err.println("kiln: warning: cannot rewrite " + className.replace('/', '.') + ": " + e);
                return null;
            }
        }
    }
}
