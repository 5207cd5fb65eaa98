package dev.kiln.maven;

import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

import java.util.List;

/** {@code kiln verify}: fails the build if a configured target would compile any kernel at run time. */
@Mojo(name = "verify", defaultPhase = LifecyclePhase.VERIFY, requiresDependencyResolution = ResolutionScope.RUNTIME,
        threadSafe = false) // sets kiln.* system properties for the call
public final class VerifyMojo extends KilnCliMojo {
    /** Check entries as a runtime with {@code KILN_TRUST} set to these keys would; {@code --trust}. */
    @Parameter(property = "kiln.trust")
    String trust;

    @Override
    String command() {
        return "verify";
    }

    @Override
    void addArguments(List<String> args) {
        if (trust != null && !trust.isBlank()) args.addAll(List.of("--trust", trust));
    }
}
