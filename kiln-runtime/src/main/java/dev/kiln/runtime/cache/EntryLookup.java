package dev.kiln.runtime.cache;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A lookup in a list of tiers: every entry of the kernel, those this CPU can run ranked, the best one verified (and its
 * signatures checked, with {@code kiln.trust}) on the bytes that will be loaded; else the miss verdict. Used for the
 * searched tiers of a load and, alone on its staging tier, for a remote entry before it is adopted
 * ({@link RemoteAdoption}), so both pass exactly the same checks.
 */
final class EntryLookup {
    private final TieredStore store;
    /** Null when kiln.trust is unset: then signatures are never read on a lookup. */
    private final Trust trust;

    EntryLookup(TieredStore store, Trust trust) {
        this.store = store;
        this.trust = trust;
    }

    /**
     * The best verified entry for {@code spec} in {@code searched} runnable with {@code features}: most required
     * features, then earlier tier, then newest. Corrupt entries are skipped and, when {@code repair}, moved to
     * quarantine. A miss is explained against every tier the cache searches.
     */
    KilnCache.Result find(List<Tier> searched, KernelKey spec, Set<String> features, String featuresText, boolean repair) {
        List<KilnCache.Cand> all = new ArrayList<>();
        String corruptDetail = null;
        for (Tier t : searched) {
            for (Path dir : Tier.entryDirs(t.kernelDir(spec.identity()))) {
                try {
                    EntryMeta m = Tier.readMeta(dir);
                    if (m.kernel().equals(spec.identity())) all.add(new KilnCache.Cand(t, dir, m));
                } catch (CorruptEntryException e) {
                    corruptDetail = "entry " + dir.getFileName().toString().substring(0, 16) + " was corrupt ("
                            + e.getMessage() + ")";
                    corruptDetail += corrupt(t, dir, e.getMessage(), repair);
                } catch (IOException e) {
                    // vanished or unreadable: not ours to judge
                }
            }
        }
        List<KilnCache.Cand> runnable = runnable(spec, all, features);
        boolean runnableCorrupt = false;
        String untrusted = null;
        for (KilnCache.Cand c : runnable) {
            String bad = null;
            try (KeyLock l = c.tier().sharedLock(c.dir().getParent(), c.meta().key())) {
                byte[] lib = Tier.verify(c.dir(), c.meta());
                // Checked on the bytes that will be loaded, before anything is loaded.
                String why = trust == null ? null : trust.check(c.dir(), c.meta(), lib);
                if (why == null) return new KilnCache.Result(new KilnCache.Found(c.tier(), c.dir(), c.meta(), lib), null);
                if (untrusted == null) untrusted = "entry for " + KilnCache.shortTarget(c.meta().target()) + " " + why;
                continue;
            } catch (CorruptEntryException e) {
                bad = e.getMessage();
            } catch (IOException e) {
                continue; // evicted or quarantined meanwhile
            }
            runnableCorrupt = true;
            corruptDetail = "entry for " + KilnCache.shortTarget(c.meta().target()) + " was corrupt (" + bad + ")";
            corruptDetail += corrupt(c.tier(), c.dir(), bad, repair);
        }
        if (untrusted != null) return new KilnCache.Result(null, Verdict.miss(MissReason.UNTRUSTED, untrusted));
        return new KilnCache.Result(null, MissExplainer.explain(spec, all, features, featuresText, runnableCorrupt, corruptDetail,
                store.searched()));
    }

    /**
     * The entries {@code features} can run, best first: most required features, then earlier tier, then newest.
     * Plain loops (no streams or comparator lambdas): this runs once per kernel on every hit, in a fresh JVM.
     */
    private static List<KilnCache.Cand> runnable(KernelKey spec, List<KilnCache.Cand> all, Set<String> features) {
        List<KilnCache.Cand> out = new ArrayList<>();
        List<Integer> needs = new ArrayList<>();
        for (KilnCache.Cand c : all) {
            if (!MissExplainer.sameSpec(spec, c.meta())) continue;
            Set<String> req = c.meta().requiredFeatures();
            if (!features.containsAll(req)) continue;
            int i = 0;
            while (i < out.size() && better(needs.get(i), out.get(i), req.size(), c)) i++;
            out.add(i, c);
            needs.add(i, req.size());
        }
        return out;
    }

    /** Whether candidate a (needing {@code na} features) goes before b (needing {@code nb}). */
    private static boolean better(int na, KilnCache.Cand a, int nb, KilnCache.Cand b) {
        if (na != nb) return na > nb;
        if (a.tier().index != b.tier().index) return a.tier().index < b.tier().index;
        return a.meta().created().compareTo(b.meta().created()) >= 0;
    }

    /**
     * Reports a corrupt entry once and, when repairing, moves it to quarantine under its exclusive lock. Returns what
     * became of it, to append to the miss detail.
     */
    private String corrupt(Tier t, Path dir, String reason, boolean repair) {
        if (!repair) return "";
        if (t.readOnly) { // embedded in a jar: nobody can repair it, and it is only ever a miss
            KilnCache.warnOnce(dir + reason, "corrupt cache entry " + dir + " in " + t + ": " + reason + "; ignoring it");
            return " (in a read-only tier, left in place)";
        }
        String key = dir.getFileName().toString();
        String elsewhere = " (another process holds it: it is reading it or moving it to quarantine)";
        try (KeyLock l = KeyLock.tryExclusive(Tier.lockFile(dir.getParent(), key))) {
            if (l == null) return elsewhere; // look again next time
            try {
                Tier.verify(dir, Tier.readMeta(dir));
                return " (since replaced by a good entry)";
            } catch (NoSuchFileException e) {
                return " and was moved to quarantine by another process";
            } catch (CorruptEntryException | IOException e) {
                // still bad
            }
            Path dest = Tier.moveAside(dir, t.quarantine(), reason);
            KilnCache.warn("corrupt cache entry " + dir + ": " + reason + "; moved to " + dest);
            return " and was moved to quarantine";
        } catch (IOException e) {
            KilnCache.warnOnce(dir + reason, "corrupt cache entry " + dir + ": " + reason + "; cannot move it aside ("
                    + e.getClass().getSimpleName() + "), ignoring it");
            return " and could not be moved to quarantine (" + e.getClass().getSimpleName() + ")";
        }
    }
}
