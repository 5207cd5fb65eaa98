package dev.kiln.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Names of classes Kiln generates next to a user's class (cold paths, parallel-loop chunks). */
public final class GeneratedNames {
    private GeneratedNames() {
    }

    /**
     * 16 hex digits of the SHA-256 of {@code s}: a class-name suffix that is the same in every process for the same
     * text, so that names derived from code (and the cache keys that contain them) are reproducible.
     */
    public static String hash(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
