package dev.kiln.maven;

import dev.kiln.agent.KernelRewriter;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Rewrites every {@code @Kernel} method in the compiled classes so that calling it runs native code without the
 * agent (see {@code docs/agent.md}). Bound to {@code process-classes}: tests and the jar see rewritten classes.
 */
@Mojo(name = "rewrite", defaultPhase = LifecyclePhase.PROCESS_CLASSES, threadSafe = true)
public final class RewriteMojo extends AbstractMojo {
    @Parameter(defaultValue = "${project.build.outputDirectory}", required = true)
    File classesDirectory;

    @Parameter(property = "kiln.skip", defaultValue = "false")
    boolean skip;

    @Override
    public void execute() throws MojoExecutionException {
        if (skip || !classesDirectory.isDirectory()) return;
        int classes = 0, kernels = 0;
        try (Stream<Path> files = Files.walk(classesDirectory.toPath())) {
            for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                KernelRewriter.Result r = KernelRewriter.rewrite(Files.readAllBytes(f), true);
                for (String s : r.skipped()) getLog().warn("@Kernel " + s + "; not rewritten");
                if (!r.changed()) continue;
                Path tmp = f.resolveSibling(f.getFileName() + ".kiln-tmp");
                Files.write(tmp, r.bytes());
                Files.move(tmp, f, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                classes++;
                kernels += r.rewritten().size();
                if (getLog().isDebugEnabled()) getLog().debug("rewrote " + String.join(", ", r.rewritten()));
            }
        } catch (IOException | RuntimeException e) {
            throw new MojoExecutionException("kiln: cannot rewrite " + classesDirectory + ": " + e.getMessage(), e);
        }
        getLog().info("kiln: rewrote " + kernels + " @Kernel method" + (kernels == 1 ? "" : "s") + " in " + classes
                + " class" + (classes == 1 ? "" : "es"));
    }
}
