package dev.kiln.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.fail;

/** Starts child JVMs running {@link Child}, and reads their stats files. */
final class Jvm {
    static final String MANY = "dev.kiln.it.kernels.Many#";
    private final Map<String, String> props = new LinkedHashMap<>();
    private final List<String> args = new ArrayList<>();
    private Path workDir;
    private List<String> wrapper = List.of();
    private boolean runtimeOnly;
    private String mainClass = Child.class.getName();
    private boolean assertions;
    private Path agent;
    private Path first;
    private final List<Path> last = new ArrayList<>();
    private final Map<String, String> env = new LinkedHashMap<>();
    private final List<String> jvmArgs = new ArrayList<>();

    static Jvm child() {
        return new Jvm();
    }

    Jvm prop(String name, Object value) {
        props.put(name, String.valueOf(value));
        return this;
    }

    Jvm cache(Path... tiers) {
        StringBuilder sb = new StringBuilder();
        for (Path t : tiers) sb.append(sb.isEmpty() ? "" : ":").append(t.toAbsolutePath());
        return prop("kiln.cache.path", sb);
    }

    Jvm stats(Path file) {
        return prop("kiln.stats.file", file.toAbsolutePath());
    }

    Jvm args(String... a) {
        args.addAll(List.of(a));
        return this;
    }

    Jvm args(List<String> a) {
        args.addAll(a);
        return this;
    }

    Jvm in(Path dir) {
        workDir = dir;
        return this;
    }

    /** Runs the JVM inside a private mount namespace where each of {@code dirs} is bind-mounted read-only. */
    Jvm readOnly(Path... dirs) {
        StringBuilder sh = new StringBuilder();
        for (Path d : dirs) {
            String q = "'" + d.toAbsolutePath() + "'";
            sh.append("mount --bind ").append(q).append(' ').append(q).append(" && mount -o remount,bind,ro ")
                    .append(q).append(' ').append(q).append(" && ");
        }
        sh.append("exec \"$@\"");
        wrapper = List.of("unshare", "-m", "sh", "-c", sh.toString(), "sh");
        return this;
    }

    /**
     * Runs the JVM under {@code sh -c script} in a private mount namespace; the script gets the JVM's command line as
     * {@code "$@"} and {@code $0} set to {@code arg0}.
     */
    Jvm inNamespace(String script, String arg0) {
        wrapper = List.of("unshare", "-m", "sh", "-c", script, arg0);
        return this;
    }

    /** Sets an environment variable of the child (e.g. {@code LD_PRELOAD}). */
    Jvm env(String name, String value) {
        env.put(name, value);
        return this;
    }

    /** Runs the child's {@code java} command as the arguments of {@code command} (e.g. {@code perf record --}). */
    Jvm wrappedBy(String... command) {
        wrapper = List.of(command);
        return this;
    }

    /** Adds options to the child's {@code java} command (before the class path). */
    Jvm jvmArgs(String... a) {
        jvmArgs.addAll(List.of(a));
        return this;
    }

    /** Runs the child with {@code -ea}. */
    Jvm assertions() {
        assertions = true;
        return this;
    }

    /** Runs {@code main} instead of {@link Child}. */
    Jvm main(Class<?> main) {
        mainClass = main.getName();
        return this;
    }

    /** Leaves kiln-compiler and LLVM off the class path, like an application that ships kiln-runtime alone. */
    Jvm runtimeOnly() {
        runtimeOnly = true;
        return this;
    }

    /** Starts the JVM with {@code -javaagent:jar}. */
    Jvm agent(Path jar) {
        agent = jar;
        return this;
    }

    /** Puts {@code dir} before the test class path (classes there win). */
    Jvm classPathFirst(Path dir) {
        first = dir;
        return this;
    }

    /** Appends {@code entries} to the test class path. */
    Jvm classPathLast(Path... entries) {
        last.addAll(List.of(entries));
        return this;
    }

    /** Read-only tiers need a real read-only file system: root ignores permission bits. */
    static boolean canMountReadOnly() {
        try {
            Process p = new ProcessBuilder("unshare", "-m", "sh", "-c",
                    "d=$(mktemp -d) && mount --bind $d $d && mount -o remount,bind,ro $d $d && ! touch $d/x 2>/dev/null; r=$?; rmdir $d 2>/dev/null; exit $r")
                    .redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    List<String> command() {
        List<String> cmd = new ArrayList<>(wrapper);
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("--enable-native-access=ALL-UNNAMED");
        cmd.add("-Xshare:auto");
        cmd.add("-XX:TieredStopAtLevel=1"); // children are short-lived; C1 only saves CPU on this shared machine
        cmd.addAll(jvmArgs);
        if (agent != null) cmd.add("-javaagent:" + agent.toAbsolutePath());
        cmd.add("-cp");
        String cp = System.getProperty("java.class.path");
        if (runtimeOnly) {
            cp = java.util.Arrays.stream(cp.split(java.io.File.pathSeparator))
                    .filter(e -> !e.contains("kiln-compiler") && !e.contains("bytedeco")
                            && !e.contains("/kiln-agent/") && !e.contains("kiln-agent-"))
                    .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
        }
        if (first != null) cp = first.toAbsolutePath() + java.io.File.pathSeparator + cp;
        for (Path p : last) cp = cp + java.io.File.pathSeparator + p.toAbsolutePath();
        cmd.add(cp);
        props.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        if (assertions) cmd.add("-ea");
        cmd.add(mainClass);
        cmd.addAll(args);
        return cmd;
    }

    Process start() throws IOException {
        return processBuilder().start();
    }

    /** The child's command, directory and environment, not started (e.g. for {@link ProcessBuilder#startPipeline}). */
    ProcessBuilder processBuilder() {
        ProcessBuilder pb = new ProcessBuilder(command());
        if (workDir != null) pb.directory(workDir.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("KILN_"));
        pb.environment().putAll(env);
        return pb;
    }

    /** Runs to completion (at most {@code seconds}). */
    Result run(int seconds) throws IOException, InterruptedException {
        Process p = start();
        return Result.await(p, seconds);
    }

    record Result(int exit, String out, String err) {
        static Result await(Process p, int seconds) throws InterruptedException {
            var out = new java.util.concurrent.CompletableFuture<String>();
            var err = new java.util.concurrent.CompletableFuture<String>();
            Thread.ofVirtual().start(() -> out.complete(slurp(p.getInputStream())));
            Thread.ofVirtual().start(() -> err.complete(slurp(p.getErrorStream())));
            if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail("child did not finish in " + seconds + " s");
            }
            return new Result(p.exitValue(), out.join(), err.join());
        }

        private static String slurp(java.io.InputStream in) {
            try {
                return new String(in.readAllBytes());
            } catch (IOException e) {
                return "";
            }
        }

        Result ok() {
            if (exit != 0) fail("child exit " + exit + "\nstdout:\n" + out + "\nstderr:\n" + err);
            return this;
        }

        long count(String prefix) {
            return out.lines().filter(l -> l.startsWith(prefix)).count();
        }

        @Override
        public String toString() {
            return "exit " + exit + "\nstdout:\n" + out + "\nstderr:\n" + err;
        }
    }

    /** The few fields tests read from a stats JSON file. */
    record Stats(long hits, long misses, long compiles, Map<String, Long> missesByReason, Map<String, Long> hitsByTier,
                 List<String> compiledKeys, List<String> missLog, Map<String, Long> remote) {
        static Stats read(Path file) throws IOException {
            String j = Files.readString(file);
            return new Stats(num(j, "hits"), num(j, "misses"), num(j, "compiles"), obj(j, "missesByReason"),
                    obj(j, "hitsByTier"), arr(j, "compiledKeys"), arr(j, "missLog"), obj(j, "remote"));
        }

        long remote(String counter) {
            Long v = remote.get(counter);
            if (v == null) fail("no remote." + counter + " in " + remote);
            return v;
        }

        private static long num(String j, String f) {
            Matcher m = Pattern.compile("\"" + f + "\": (\\d+)").matcher(j);
            if (!m.find()) fail("no " + f + " in " + j);
            return Long.parseLong(m.group(1));
        }

        private static Map<String, Long> obj(String j, String f) {
            Matcher m = Pattern.compile("\"" + f + "\": \\{([^}]*)}").matcher(j);
            if (!m.find()) fail("no " + f + " in " + j);
            Map<String, Long> out = new LinkedHashMap<>();
            Matcher e = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\": (\\d+)").matcher(m.group(1));
            while (e.find()) out.put(e.group(1), Long.parseLong(e.group(2)));
            return out;
        }

        private static List<String> arr(String j, String f) {
            Matcher m = Pattern.compile("\"" + f + "\": \\[(.*)]").matcher(j);
            if (!m.find()) fail("no " + f + " in " + j);
            List<String> out = new ArrayList<>();
            Matcher e = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(m.group(1));
            while (e.find()) out.add(e.group(1).replace("\\\"", "\"").replace("\\\\", "\\"));
            return out;
        }
    }

    static List<String> many(int from, int to) {
        List<String> l = new ArrayList<>();
        for (int i = from; i < to; i++) l.add(MANY + String.format("k%02d", i));
        return l;
    }
}
