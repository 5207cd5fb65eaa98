package dev.kiln.maven;

import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

import java.util.List;

/** {@code kiln bake}: compiles every {@code @Kernel} of the project into the cache for the configured targets. */
@Mojo(name = "bake", defaultPhase = LifecyclePhase.PACKAGE, requiresDependencyResolution = ResolutionScope.RUNTIME,
        threadSafe = true)
public final class BakeMojo extends KilnCliMojo {
    /** Compilations at once (default: the number of cores). */
    @Parameter(property = "kiln.jobs")
    Integer jobs;

    /** Compile what can be compiled and do not fail the build for the rest. */
    @Parameter(property = "kiln.keepGoing", defaultValue = "false")
    boolean keepGoing;

    @Override
    String command() {
        return "bake";
    }

    @Override
    void addArguments(List<String> args) {
        if (jobs != null) args.addAll(List.of("--jobs", jobs.toString()));
        if (keepGoing) args.add("--keep-going");
    }
}
