package dev.kiln.runtime.cache;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Brings one fetched remote entry into the first writable local tier, checked by the same code as a local entry:
 * the entry's files are written into a private staging tier inside the destination's kernel folder
 * ({@code .tmp-<key>-<nonce>/}, which fsck and gc already know as an abandoned write), {@link EntryLookup#find} is run
 * on that staging tier alone (checksum, key, symbol, ABI, CPU features, and whatever else a local lookup checks), and
 * only an entry that passes is renamed into place. A refused entry is deleted with its staging folder: nothing of it
 * reaches a tier.
 */
final class RemoteAdoption {
    private RemoteAdoption() {
    }

    /** The remote entry failed a check; the message is one line. */
    static final class Refused extends Exception {
        Refused(String message) {
            super(message);
        }
    }

    /**
     * @return the adopted entry (bytes as checked, folder in a local tier), or null when it needs a CPU feature this
     *         host lacks or could not be written locally (that tier's trouble is reported by the compile that follows)
     */
    static KilnCache.Found adopt(TieredStore store, EntryLookup lookup, KernelKey spec, Set<String> features, String featuresText,
                                 String key, byte[] object) throws Refused {
        Bundle b = decode(spec, key, object);
        // An abbreviated name does not say every feature: this host may lack one. Not a bad entry, just not ours.
        if (!features.containsAll(b.meta().requiredFeatures())) return null;
        Tier dest = store.writableOrPrivate(); // where a compile would write
        Path kdir = dest.kernelDir(spec.identity());
        Path staging = kdir.resolve(".tmp-" + key + "-r" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
        try {
            Files.createDirectories(kdir);
            // Held while staging too: a publisher of this key removes .tmp-<key>-* folders under this lock.
            try (KeyLock l = KeyLock.exclusive(Tier.lockFile(kdir, key))) {
                Tier stage = new Tier(staging, Integer.MAX_VALUE);
                Path entry = stage.kernelDir(spec.identity()).resolve(key);
                Files.createDirectories(entry);
                for (var e : b.files().entrySet()) Tier.writeSynced(entry.resolve(e.getKey()), e.getValue());
                Tier.fsyncDir(entry);
                KilnCache.Result r = checked(lookup, stage, spec, features, featuresText, key);
                Path target = kdir.resolve(key);
                if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                    Files.move(entry, target, StandardCopyOption.ATOMIC_MOVE);
                    Tier.fsyncDir(kdir);
                }
                // Else a local entry of this key appeared meanwhile: same key, same meaning; the next lookup checks it.
                return new KilnCache.Found(dest, target, r.found().meta(), r.found().library());
            }
        } catch (IOException e) {
            KilnCache.warnOnce("adopt " + dest, "cannot copy a remote cache entry into " + dest + ": "
                    + WriteFailure.describe(e) + "; compiling instead");
            return null;
        } finally {
            Tier.deleteTree(staging);
        }
    }

    /**
     * Whether the remote entry would be adopted, checked exactly as {@link #adopt} checks it but in a temporary folder
     * outside every tier, which is deleted: nothing reaches the local cache ({@code kiln verify}, {@code explain}).
     *
     * @return the checked entry (its folder gone), or null when it needs a CPU feature this host lacks
     */
    static KilnCache.Found inspect(EntryLookup lookup, KernelKey spec, Set<String> features, String featuresText,
                                   String key, byte[] object) throws Refused, IOException {
        Bundle b = decode(spec, key, object);
        if (!features.containsAll(b.meta().requiredFeatures())) return null;
        Path staging = Files.createTempDirectory("kiln-remote-check-");
        try {
            Tier stage = new Tier(staging, Integer.MAX_VALUE);
            Path entry = stage.kernelDir(spec.identity()).resolve(key);
            Files.createDirectories(entry);
            for (var e : b.files().entrySet()) Files.write(entry.resolve(e.getKey()), e.getValue());
            return checked(lookup, stage, spec, features, featuresText, key).found();
        } finally {
            Tier.deleteTree(staging);
        }
    }

    private record Bundle(Map<String, byte[]> files, EntryMeta meta) {
    }

    /** The bundle's files and metadata, once the metadata names this key and kernel. */
    private static Bundle decode(KernelKey spec, String key, byte[] object) throws Refused {
        Map<String, byte[]> files;
        EntryMeta m;
        try {
            files = EntryBundle.decode(object);
            m = EntryMeta.parse(files.get(Tier.META));
        } catch (EntryBundle.BadBundle | EntryMeta.MalformedEntryException e) {
            throw new Refused(e.getMessage());
        }
        if (!m.key().equals(key)) {
            throw new Refused("it holds the entry of key " + m.key().substring(0, 16) + "…, not the one its name says");
        }
        if (!m.kernel().equals(spec.identity())) {
            throw new Refused("it is an entry of " + KernelKey.displayMethod(m.kernel()) + ", not of "
                    + KernelKey.displayMethod(spec.identity()));
        }
        return new Bundle(files, m);
    }

    /** A local lookup run on the staging tier alone: the entry passes every check a local entry must pass. */
    private static KilnCache.Result checked(EntryLookup lookup, Tier stage, KernelKey spec, Set<String> features,
                                            String featuresText, String key) throws Refused {
        KilnCache.Result r = lookup.find(List.of(stage), spec, features, featuresText, false);
        if (r.found() == null) throw new Refused(r.verdict().reason().map(x -> x.id() + ": ").orElse("")
                + r.verdict().detail());
        if (!r.found().meta().key().equals(key)) throw new Refused("it is not the entry its name says");
        return r;
    }
}
