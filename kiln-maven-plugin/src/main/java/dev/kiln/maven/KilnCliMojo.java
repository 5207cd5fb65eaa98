package dev.kiln.maven;

import dev.kiln.cli.KilnCli;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;

import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Runs a {@code kiln} command inside the build: the same code, options and output as the CLI ({@code docs/cli.md}),
 * over the project's compiled classes and runtime class path.
 */
abstract class KilnCliMojo extends AbstractMojo {
    /** The project's classes and runtime dependencies: where {@code @Kernel} methods are looked for. */
    @Parameter(defaultValue = "${project.runtimeClasspathElements}", readonly = true, required = true)
    List<String> classpathElements;

    /** The cache directory to bake into / verify. */
    @Parameter(property = "kiln.cacheDirectory", defaultValue = "${project.build.directory}/kiln-cache", required = true)
    File cacheDirectory;

    /** Targets, e.g. {@code x86-64-v3,x86-64-v4} or {@code host} (default: {@code kiln.target}, else host). */
    @Parameter(property = "kiln.targets")
    String targets;

    /** Kernels as {@code Class#method} (default: every {@code @Kernel} method of the class path). */
    @Parameter
    List<String> kernels;

    /** LLVM optimisation level 0–3 (default: {@code kiln.opt}, else 3). Part of the key: use the runtime's. */
    @Parameter
    Integer optLevel;

    /** Fast math for every kernel (default off; {@code @Kernel(fastMath = true)} turns it on for one). */
    @Parameter
    Boolean fastMath;

    /** Array bounds checks (default on). */
    @Parameter
    Boolean boundsChecks;

    @Parameter(property = "kiln.skip", defaultValue = "false")
    boolean skip;

    abstract String command();

    abstract void addArguments(List<String> args);

    /** After a successful command. */
    void after() throws MojoExecutionException {
    }

    @Override
    public final void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("kiln: skipped");
            return;
        }
        List<String> args = new ArrayList<>(List.of(command(), "--classpath",
                String.join(File.pathSeparator, classpathElements), "--cache", cacheDirectory.getAbsolutePath()));
        if (targets != null && !targets.isBlank()) args.addAll(List.of("--target", targets.replaceAll("\\s+", "")));
        addArguments(args);
        if (kernels != null) args.addAll(kernels);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit;
        Map<String, String> saved = setOptions();
        try {
            exit = KilnCli.run(args.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
        } finally {
            restore(saved);
        }
        out.toString().lines().forEach(l -> getLog().info(l));
        err.toString().lines().forEach(l -> getLog().error(l));
        if (exit != 0) {
            String last = err.toString().lines().reduce((a, b) -> b).orElse("exit " + exit);
            throw new MojoFailureException("kiln " + command() + " failed (exit " + exit + "): " + last);
        }
        after();
    }

    /** The CLI reads compile options as the runtime does (kiln.* properties): set ours for the call only. */
    private Map<String, String> setOptions() {
        Map<String, String> set = new LinkedHashMap<>();
        if (optLevel != null) set.put("kiln.opt", optLevel.toString());
        if (fastMath != null) set.put("kiln.fastMath", fastMath.toString());
        if (boundsChecks != null) set.put("kiln.boundsChecks", boundsChecks.toString());
        Properties p = System.getProperties();
        Map<String, String> saved = new LinkedHashMap<>();
        set.forEach((k, v) -> {
            saved.put(k, p.getProperty(k));
            p.setProperty(k, v);
        });
        return saved;
    }

    private static void restore(Map<String, String> saved) {
        saved.forEach((k, v) -> {
            if (v == null) System.clearProperty(k);
            else System.setProperty(k, v);
        });
    }
}
