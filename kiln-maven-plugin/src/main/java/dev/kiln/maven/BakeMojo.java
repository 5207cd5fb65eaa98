package dev.kiln.maven;

import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

import org.apache.maven.plugin.MojoExecutionException;

import java.io.File;
import java.util.List;

/** {@code kiln bake}: compiles every {@code @Kernel} of the project into the cache for the configured targets. */
@Mojo(name = "bake", defaultPhase = LifecyclePhase.PACKAGE, requiresDependencyResolution = ResolutionScope.RUNTIME,
        threadSafe = false) // sets kiln.* system properties for the call
public final class BakeMojo extends KilnCliMojo {
    /** Compilations at once (default: the number of cores). */
    @Parameter(property = "kiln.jobs")
    Integer jobs;

    /** Compile what can be compiled and do not fail the build for the rest. */
    @Parameter(property = "kiln.keepGoing", defaultValue = "false")
    boolean keepGoing;

    /** Sign every entry with this Ed25519 private key ({@code kiln keygen}); {@code --sign}. */
    @Parameter(property = "kiln.signKey")
    File signKey;

    /**
     * Also put the baked entries into the project's jar (under {@code META-INF/kiln/}), where the runtime reads them
     * from the class path: {@code java -jar} on a fresh host is served without a cache directory.
     */
    @Parameter(property = "kiln.embed", defaultValue = "false")
    boolean embed;

    @Parameter(defaultValue = "${project.build.directory}/${project.build.finalName}.jar", required = true)
    File jarFile;

    @Override
    String command() {
        return "bake";
    }

    @Override
    void after() throws MojoExecutionException {
        if (!embed) return;
        if (!jarFile.isFile()) {
            throw new MojoExecutionException("kiln: cannot embed entries: no jar at " + jarFile
                    + " (bind bake after the jar is made, e.g. to package)");
        }
        try {
            int n = Embedder.embed(cacheDirectory.toPath(), jarFile.toPath());
            getLog().info("kiln: embedded " + n + " cache entr" + (n == 1 ? "y" : "ies") + " in " + jarFile);
        } catch (java.io.IOException | RuntimeException e) {
            throw new MojoExecutionException("kiln: cannot embed cache entries in " + jarFile + ": " + e.getMessage(), e);
        }
    }

    @Override
    void addArguments(List<String> args) {
        if (jobs != null) args.addAll(List.of("--jobs", jobs.toString()));
        if (keepGoing) args.add("--keep-going");
        if (signKey != null) args.addAll(List.of("--sign", signKey.getAbsolutePath()));
    }
}
