package dev.kiln.cli;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Real processes for the end-to-end tests: the kiln command, the application, and plain shell tools. */
final class Procs {
    record Out(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private Procs() {
    }

    static Path java() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    /** This test JVM's class path (surefire's real one, not its booter jar): kiln-cli, kiln-compiler, LLVM, ... */
    static String kilnClassPath() {
        String cp = System.getProperty("surefire.test.class.path");
        return cp != null && !cp.isBlank() ? cp : System.getProperty("java.class.path");
    }

    /** Starts {@code kiln args} in a new JVM (not waiting). */
    static Process startKiln(Path workDir, Map<String, String> env, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(java().toString(), "--enable-native-access=ALL-UNNAMED",
                "-cp", kilnClassPath(), KilnCli.class.getName()));
        cmd.addAll(List.of(args));
        return start(workDir, env, cmd);
    }

    static Out kiln(Path workDir, Map<String, String> env, String... args) throws Exception {
        return finish(startKiln(workDir, env, args), workDir);
    }

    /** Runs {@code mainClass} of an application on exactly {@code classPath} (nothing of this JVM's). */
    static Out app(Path workDir, Map<String, String> env, String classPath, String mainClass, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(java().toString(), "--enable-native-access=ALL-UNNAMED",
                "-cp", classPath, mainClass));
        cmd.addAll(List.of(args));
        return finish(start(workDir, env, cmd), workDir);
    }

    static Out sh(Path workDir, String... cmd) throws Exception {
        return finish(start(workDir, Map.of(), List.of(cmd)), workDir);
    }

    private static Process start(Path workDir, Map<String, String> env, List<String> cmd) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("KILN_"));
        pb.environment().putAll(env);
        Path out = Files.createTempFile("kiln-test-out", ".txt");
        Path err = Files.createTempFile("kiln-test-err", ".txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        OUTPUTS.put(p, new Path[]{out, err});
        return p;
    }

    private static final Map<Process, Path[]> OUTPUTS = new java.util.concurrent.ConcurrentHashMap<>();

    static Out finish(Process p, Path workDir) throws Exception {
        if (!p.waitFor(240, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("process timed out: " + p.info().commandLine().orElse("?"));
        }
        Path[] f = OUTPUTS.remove(p);
        Out o = new Out(p.exitValue(), Files.readString(f[0]), Files.readString(f[1]));
        Files.deleteIfExists(f[0]);
        Files.deleteIfExists(f[1]);
        return o;
    }

    static String join(Path... entries) {
        List<String> s = new ArrayList<>();
        for (Path e : entries) s.add(e.toString());
        return String.join(File.pathSeparator, s);
    }
}
