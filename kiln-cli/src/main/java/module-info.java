/** The {@code kiln} command. */
module dev.kiln.cli {
    requires dev.kiln.runtime;
    requires info.picocli;
    requires com.fasterxml.jackson.databind;

    // picocli reads and sets the annotated command fields reflectively.
    opens dev.kiln.cli to info.picocli;
}
