package dev.kiln.runtime.cache;

import dev.kiln.KilnVersion;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** {@code kiln gc}: size-capped LRU eviction and removal of other compiler versions, safe beside running processes. */
final class CacheGc {
    private CacheGc() {
    }

    /**
     * Garbage-collects every writable tier: removes entries of other compiler versions (when asked), then the
     * least recently used entries until the tier holds at most {@code maxBytes} (negative: no cap). An entry another
     * process is writing or reading holds its key lock and is skipped; removal renames the folder away under that
     * lock, so a reader sees a whole entry or none.
     */
    static KilnCache.GcReport gc(List<Tier> tiers, long maxBytes, boolean removeOtherCompilers) {
        List<Path> removed = new ArrayList<>();
        long freed = 0;
        long kept = 0;
        int busy = 0;
        int temps = 0;
        for (Tier t : tiers) {
            if (t.unwritable() != null) continue;
            List<EntryInfo> entries = new ArrayList<>();
            for (Path k : t.kernelDirs()) {
                temps += Fsck.cleanAbandoned(k);
                entries.addAll(KilnCache.entries(t, k));
            }
            entries.sort(Comparator.comparing(EntryInfo::lastUsed));
            long total = entries.stream().mapToLong(EntryInfo::size).sum();
            List<EntryInfo> victims = new ArrayList<>();
            for (EntryInfo e : entries) {
                if (removeOtherCompilers && !e.compiler().equals(KilnVersion.COMPILER)) victims.add(e);
            }
            long after = total - victims.stream().mapToLong(EntryInfo::size).sum();
            for (EntryInfo e : entries) {
                if (maxBytes < 0 || after <= maxBytes) break;
                if (!victims.contains(e)) {
                    victims.add(e);
                    after -= e.size();
                }
            }
            for (EntryInfo e : victims) {
                if (remove(e.dir())) {
                    removed.add(e.dir());
                    freed += e.size();
                    total -= e.size();
                } else {
                    busy++;
                }
            }
            kept += total;
        }
        return new KilnCache.GcReport(removed, freed, kept, busy, temps);
    }

    private static boolean remove(Path entryDir) {
        Path kdir = entryDir.getParent();
        String key = entryDir.getFileName().toString();
        Path trash = kdir.resolve(".trash-" + key + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt()));
        try (KeyLock l = KeyLock.tryExclusive(Tier.lockFile(kdir, key))) {
            if (l == null) return false;
            Files.move(entryDir, trash, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            return false;
        }
        Tier.deleteTree(trash);
        return true;
    }
}
