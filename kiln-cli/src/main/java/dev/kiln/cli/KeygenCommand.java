package dev.kiln.cli;

import dev.kiln.runtime.cache.SigningKeys;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.util.concurrent.Callable;

@Command(name = "keygen", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
                "Makes an Ed25519 key pair for signing cache entries.",
                "",
                "Writes NAME.key, the private key (PEM PKCS#8, owner-only permissions: 'kiln bake --sign NAME.key' "
                        + "refuses a key the group or others can read), and NAME.pub, the public key (PEM X.509) that "
                        + "runtimes trust with KILN_TRUST=NAME.pub. The same files 'openssl genpkey -algorithm ed25519' "
                        + "writes. Prints the key's fingerprint, as 'kiln ls' shows it.",
        })
final class KeygenCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "Path and name of the key files, without .key/.pub.")
    Path name;

    @Option(names = "--force", description = "Overwrite existing key files.")
    boolean force;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Path priv = Path.of(name + ".key");
        Path pub = Path.of(name + ".pub");
        for (Path p : new Path[]{priv, pub}) {
            if (Files.exists(p) && !force) throw CliException.input(p + " exists (use --force to replace it)");
        }
        Path dir = priv.toAbsolutePath().getParent();
        if (!Files.isDirectory(dir)) throw CliException.input("no directory " + dir);
        KeyPair kp = SigningKeys.generate();
        try {
            // Created owner-only from the start (never briefly world-readable), then renamed into place.
            Path tmp = Files.createTempFile(dir, ".kiln-key-", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try {
                Files.writeString(tmp, SigningKeys.pem(kp.getPrivate()), StandardCharsets.US_ASCII);
                Files.move(tmp, priv, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
            Files.writeString(pub, SigningKeys.pem(kp.getPublic()), StandardCharsets.US_ASCII);
        } catch (FileAlreadyExistsException e) {
            throw CliException.input(e.getFile() + " exists");
        } catch (IOException e) {
            throw CliException.input("cannot write key files " + name + ".key/.pub: " + e.getMessage(), e);
        }
        out.println("private key  " + priv + "  (keep it secret; kiln bake --sign " + priv + ")");
        out.println("public key   " + pub + "  (runtimes: KILN_TRUST=" + pub + ")");
        out.println("fingerprint  " + SigningKeys.fingerprint(kp.getPublic()));
        out.flush();
        return Exit.OK;
    }
}
