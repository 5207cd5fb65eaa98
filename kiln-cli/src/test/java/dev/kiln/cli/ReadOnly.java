package dev.kiln.cli;

import java.nio.file.Path;

/**
 * Makes a tree read-only for real: {@code chmod -R a-w}, and when running as root (which ignores permissions) also
 * the immutable attribute, where the file system and capabilities allow it.
 */
final class ReadOnly {
    private ReadOnly() {
    }

    /** @return whether writes are now refused even to this user */
    static boolean freeze(Path tree) throws Exception {
        Procs.sh(tree.getParent(), "chmod", "-R", "a-w", tree.toString());
        if (!isRoot()) return true;
        return Procs.sh(tree.getParent(), "chattr", "-R", "+i", tree.toString()).exit() == 0;
    }

    static void thaw(Path tree) throws Exception {
        if (isRoot()) Procs.sh(tree.getParent(), "chattr", "-R", "-i", tree.toString());
        Procs.sh(tree.getParent(), "chmod", "-R", "u+w", tree.toString());
    }

    static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }
}
