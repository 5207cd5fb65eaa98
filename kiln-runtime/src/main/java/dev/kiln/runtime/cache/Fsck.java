package dev.kiln.runtime.cache;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code kiln fsck}: every entry of every tier checked as a load checks it (metadata, checksums, signatures). When
 * repairing, bad entries are moved to quarantine and abandoned writes removed; when auditing ({@code --check}), every
 * problem is reported and nothing is moved or removed, so a read-only cache (an image's) can be audited.
 */
final class Fsck {
    private Fsck() {
    }

    static KilnCache.FsckReport run(List<Tier> tiers, boolean repair) {
        int checked = 0;
        int temps = 0;
        List<KilnCache.Problem> problems = new ArrayList<>();
        for (Tier t : tiers) {
            for (Path k : t.kernelDirs()) {
                boolean fix = repair && !t.readOnly; // an embedded entry is reported, never moved
                if (fix) temps += cleanAbandoned(k);
                for (Path d : Tier.entryDirs(k)) {
                    checked++;
                    String reason = verifyOne(t, k, d);
                    if (reason == null) continue;
                    Optional<Path> moved = Optional.empty();
                    if (fix) {
                        try (KeyLock l = KeyLock.tryExclusive(Tier.lockFile(k, d.getFileName().toString()))) {
                            if (l != null && verifyOne(t, k, d) != null) moved = Optional.of(Tier.moveAside(d, t.quarantine(), reason));
                        } catch (IOException e) {
                            // read-only tier: report only
                        }
                    }
                    problems.add(new KilnCache.Problem(d, reason, moved));
                }
            }
        }
        return new KilnCache.FsckReport(checked, problems, temps);
    }

    /** Null when the entry is good, else why not. */
    private static String verifyOne(Tier t, Path kernelDir, Path d) {
        try (KeyLock l = t.sharedLock(kernelDir, d.getFileName().toString())) {
            EntryMeta m = Tier.readMeta(d);
            if (!kernelDir.getFileName().toString().equals(Tier.kernelDirName(m.kernel()))) {
                return "entry of " + m.kernel() + " in the wrong kernel folder";
            }
            // A signature that does not match is tampering whoever trusts it: as bad as a wrong checksum.
            return EntrySignature.inspect(d, m, Tier.verify(d, m)).problem();
        } catch (CorruptEntryException e) {
            return e.getMessage();
        } catch (NoSuchFileException e) {
            return null; // removed meanwhile
        } catch (IOException e) {
            return "unreadable: " + e;
        }
    }

    /** Deletes temp folders whose writer is gone (its key lock is free) and leftover trash. */
    static int cleanAbandoned(Path kernelDir) {
        int n = 0;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(kernelDir, ".{tmp,trash}-*")) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                if (name.startsWith(".trash-")) {
                    Tier.deleteTree(p);
                    n++;
                    continue;
                }
                String key = name.substring(5, Math.min(name.length(), 69));
                if (!Tier.isKey(key)) continue;
                try (KeyLock l = KeyLock.tryExclusive(Tier.lockFile(kernelDir, key))) {
                    if (l != null) n += Tier.cleanTemps(kernelDir, key);
                }
            }
        } catch (IOException e) {
            // read-only or vanished
        }
        return n;
    }
}
