package dev.kiln.maven;

import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.ResolutionScope;

import java.util.List;

/** {@code kiln verify}: fails the build if a configured target would compile any kernel at run time. */
@Mojo(name = "verify", defaultPhase = LifecyclePhase.VERIFY, requiresDependencyResolution = ResolutionScope.RUNTIME,
        threadSafe = false) // sets kiln.* system properties for the call
public final class VerifyMojo extends KilnCliMojo {
    @Override
    String command() {
        return "verify";
    }

    @Override
    void addArguments(List<String> args) {
    }
}
