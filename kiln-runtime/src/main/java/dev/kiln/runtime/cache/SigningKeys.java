package dev.kiln.runtime.cache;

import dev.kiln.KilnException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ed25519 keys for signed cache entries, in the JDK's own encodings wrapped in PEM: private keys as PKCS#8
 * ({@code -----BEGIN PRIVATE KEY-----}), public keys as X.509 SubjectPublicKeyInfo ({@code -----BEGIN PUBLIC KEY-----}),
 * the same files {@code openssl genpkey -algorithm ed25519} writes. Only {@code java.security}: no dependency.
 */
public final class SigningKeys {
    public static final String ALGORITHM = "Ed25519";
    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN ([A-Z ]+)-----\\s*([A-Za-z0-9+/=\\s]+?)\\s*-----END \\1-----");
    private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/]+={0,2}");
    private static final Set<PosixFilePermission> NOT_PRIVATE = Set.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE);

    private SigningKeys() {
    }

    public static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new KilnException("this JDK cannot make " + ALGORITHM + " keys: " + e.getMessage(), e);
        }
    }

    /** A short, stable name of a public key for people: {@code SHA256:} and 16 hex digits of its X.509 encoding's hash. */
    public static String fingerprint(PublicKey key) {
        return fingerprint(key.getEncoded());
    }

    static String fingerprint(byte[] spki) {
        return "SHA256:" + HexFormat.of().formatHex(KeyEncoder.sha256().digest(spki)).substring(0, 16);
    }

    public static String pem(PublicKey key) {
        return pem("PUBLIC KEY", key.getEncoded());
    }

    public static String pem(PrivateKey key) {
        return pem("PRIVATE KEY", key.getEncoded());
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[]{'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    /**
     * Reads a private key, refusing one that the group or others may read or write (a signing key anyone can read
     * signs for anyone).
     */
    public static PrivateKey readPrivateKey(Path file) {
        try {
            if (!Files.isRegularFile(file)) throw new KilnException("signing key " + file + " does not exist");
            try {
                Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
                if (perms.stream().anyMatch(NOT_PRIVATE::contains)) {
                    throw new KilnException("signing key " + file + " is readable or writable by group or others ("
                            + java.nio.file.attribute.PosixFilePermissions.toString(perms) + "); chmod 600 " + file);
                }
            } catch (UnsupportedOperationException e) {
                // no POSIX permissions on this file system: nothing to check
            }
            List<byte[]> ders = blocks(Files.readString(file, StandardCharsets.US_ASCII), "PRIVATE KEY");
            if (ders.size() != 1) {
                throw new KilnException("signing key " + file + " is not one PEM 'PRIVATE KEY' (PKCS#8) block");
            }
            return KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(ders.get(0)));
        } catch (IOException e) {
            throw new KilnException("cannot read signing key " + file + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new KilnException("signing key " + file + " is not an " + ALGORITHM + " private key: "
                    + e.getMessage(), e);
        }
    }

    /** The public half of an Ed25519 private key (the JDK keeps none in a PKCS#8 v1 encoding: derive it). */
    public static PublicKey publicOf(PrivateKey key) {
        try {
            // A PKCS#8 v1 key (what the JDK and openssl write) holds only the 32-byte seed; the generator maps a
            // seed to its key pair deterministically, so feed it that seed.
            java.security.interfaces.EdECPrivateKey ed = (java.security.interfaces.EdECPrivateKey) key;
            byte[] seed = ed.getBytes().orElseThrow();
            KeyPairGenerator g = KeyPairGenerator.getInstance(ALGORITHM);
            g.initialize(new java.security.spec.NamedParameterSpec(ALGORITHM), new FixedRandom(seed));
            return g.generateKeyPair().getPublic();
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new KilnException("cannot derive the public key of an " + ALGORITHM + " private key: " + e, e);
        }
    }

    /**
     * Parses a trust setting: comma-separated items, each a PEM file (one or more {@code PUBLIC KEY} blocks) or a
     * base64 X.509 public key.
     *
     * @throws KilnException naming the item that is neither
     */
    public static List<PublicKey> parseTrust(String setting) {
        List<PublicKey> keys = new ArrayList<>();
        for (String raw : setting.split(",")) {
            String item = raw.trim();
            if (item.isEmpty()) continue;
            Path p = Path.of(item);
            try {
                if (Files.isRegularFile(p)) {
                    List<byte[]> ders = blocks(Files.readString(p, StandardCharsets.US_ASCII), "PUBLIC KEY");
                    if (ders.isEmpty()) throw new KilnException("kiln.trust: " + item + " holds no PEM 'PUBLIC KEY' block");
                    for (byte[] der : ders) keys.add(publicKey(der, item));
                } else if (BASE64.matcher(item).matches() && item.length() >= 40) {
                    keys.add(publicKey(Base64.getDecoder().decode(item), item));
                } else {
                    throw new KilnException("kiln.trust: '" + item + "' is neither a file nor a base64 public key");
                }
            } catch (IOException e) {
                throw new KilnException("kiln.trust: cannot read " + item + ": " + e.getMessage(), e);
            }
        }
        if (keys.isEmpty()) throw new KilnException("kiln.trust is set but names no public key");
        return keys;
    }

    static PublicKey publicKey(byte[] spki, String where) {
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(spki));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new KilnException("kiln.trust: " + where + " is not an " + ALGORITHM + " public key ("
                    + e.getMessage() + ")", e);
        }
    }

    private static List<byte[]> blocks(String text, String type) {
        List<byte[]> out = new ArrayList<>();
        Matcher m = PEM.matcher(text);
        while (m.find()) {
            if (m.group(1).equals(type)) out.add(Base64.getMimeDecoder().decode(m.group(2)));
        }
        return out;
    }

    /** Feeds a fixed seed to the key generator, which turns a 32-byte Ed25519 seed into the same key pair. */
    private static final class FixedRandom extends java.security.SecureRandom {
        private final byte[] seed;

        FixedRandom(byte[] seed) {
            this.seed = seed.clone();
        }

        @Override
        public void nextBytes(byte[] bytes) {
            System.arraycopy(seed, 0, bytes, 0, Math.min(seed.length, bytes.length));
        }
    }
}
