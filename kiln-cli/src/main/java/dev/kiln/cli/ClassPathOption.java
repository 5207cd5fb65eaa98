package dev.kiln.cli;

import picocli.CommandLine.Option;

/** {@code --classpath CP}: the application whose kernels a command works on. */
final class ClassPathOption {
    @Option(names = {"--classpath", "-cp"}, paramLabel = "CP", required = true,
            description = "The application's class path: jars and class directories separated by ':' (dir/* = every jar in dir).")
    String classpath;

    ClassPath parse() {
        return ClassPath.parse(classpath);
    }
}
