package dev.kiln;

/**
 * A {@code KILN_*} environment variable or {@code kiln.*} system property has a value Kiln cannot use. The message is
 * one line naming the setting, its value and what is allowed, e.g. {@code KILN_OPT=5: expected 0, 1, 2 or 3}.
 * Thrown by {@link Kiln#create()} and, for kernels rewritten by the agent or the Maven plugin, by every kernel call
 * (whatever strict mode says: a bad setting is never a silent fallback to Java).
 */
public final class KilnSettingsException extends KilnException {
    private final String setting;
    private final String value;

    public KilnSettingsException(String setting, String value, String problem) {
        super(setting + "=" + value + ": " + problem);
        this.setting = setting;
        this.value = value;
    }

    /** The variable or property, as it was given ({@code KILN_OPT} or {@code kiln.opt}). */
    public String setting() { return setting; }

    public String value() { return value; }
}
