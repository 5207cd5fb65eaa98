package dev.kiln.cli;

import dev.kiln.KilnConfig;
import dev.kiln.runtime.KilnContext;
import dev.kiln.runtime.cache.RemoteListing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "ls", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Lists the entries in a cache: kernel, target, size, when created and last used, who signed.",
                "",
                "TARGET is short: the level and the CPU tuned for, e.g. 'x86-64-v4 (cascadelake)'; --verbose (and "
                        + "--json, and explain) give the full target with every LLVM feature. SIGNED BY is the "
                        + "fingerprint of each key whose signature matches the entry ('-': unsigned; INVALID: the "
                        + "entry changed after signing, which fsck quarantines)."})
final class LsCommand implements Callable<Integer> {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    @Spec
    CommandSpec spec;

    @Mixin
    CacheOption cache;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Option(names = "--remote", arity = "0..1", paramLabel = "URI", fallbackValue = "",
            description = "List the remote tiers instead: the given URIs (comma-separated, as in KILN_REMOTE_CACHE), "
                    + "or KILN_REMOTE_CACHE's without a value. Names only (kernel, target, key); entries are verified "
                    + "when a host fetches them.")
    String remote;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (remote != null) return remote(out);
        CacheGateway gw = CacheGateway.open(cache.resolve(), false);
        List<CacheGateway.EntryRow> entries = new ArrayList<>(gw.list());
        entries.sort(Comparator.comparing(CacheGateway.EntryRow::kernel).thenComparing(CacheGateway.EntryRow::target));
        if (json) {
            ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            ObjectNode root = m.createObjectNode();
            root.put("cache", gw.dir().toString());
            ArrayNode arr = root.putArray("entries");
            for (CacheGateway.EntryRow e : entries) {
                ObjectNode o = arr.addObject();
                o.put("kernel", e.kernel());
                o.put("target", e.target());
                o.put("signedBy", e.signedBy());
                o.put("size", e.size());
                o.put("created", e.created() == null ? null : e.created().toString());
                o.put("lastUsed", e.lastUsed() == null ? null : e.lastUsed().toString());
                o.put("path", e.path());
            }
            try {
                out.println(m.writeValueAsString(root));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        } else {
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[]{"KERNEL", "TARGET", "SIZE", "CREATED", "LAST USED", "SIGNED BY"});
            long total = 0;
            boolean verbose = KilnCli.verbose(spec);
            for (CacheGateway.EntryRow e : entries) {
                rows.add(new String[]{e.kernel(), verbose ? e.target() : Targets.shortForm(e.target()),
                        Sizes.bytes(e.size()), time(e.created()), time(e.lastUsed()), e.signedBy()});
                total += e.size();
            }
            out.print(Table.format(rows));
            out.println(entries.size() + " entr" + (entries.size() == 1 ? "y" : "ies") + ", " + Sizes.bytes(total)
                    + " in " + gw.dir());
        }
        out.flush();
        return Exit.OK;
    }

    /** {@code --remote}: what the remote tiers hold, by name. */
    private int remote(PrintWriter out) {
        RemoteListing.Listing l;
        String before = System.getProperty("kiln.remote.cache");
        try {
            if (!remote.isBlank()) System.setProperty("kiln.remote.cache", remote);
            l = RemoteListing.list(KilnContext.of(KilnConfig.defaults()), 100_000);
        } finally { // the CLI also runs in-process (tests, the Maven plugin): leave the setting as it was
            if (before == null) System.clearProperty("kiln.remote.cache");
            else System.setProperty("kiln.remote.cache", before);
        }
        if (l.tiers().isEmpty()) throw new CliException(Exit.USAGE, "no remote tier: give --remote URI or set KILN_REMOTE_CACHE");
        List<RemoteListing.Entry> entries = new ArrayList<>(l.entries());
        entries.sort(Comparator.comparing(RemoteListing.Entry::kernel).thenComparing(RemoteListing.Entry::target)
                .thenComparing(RemoteListing.Entry::tier));
        if (json) {
            ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            ObjectNode root = m.createObjectNode();
            ArrayNode tiers = root.putArray("tiers");
            l.tiers().forEach(tiers::add);
            ArrayNode arr = root.putArray("entries");
            for (RemoteListing.Entry e : entries) {
                ObjectNode o = arr.addObject();
                o.put("kernel", e.kernel());
                o.put("target", e.target());
                o.put("key", e.key());
                o.put("tier", e.tier());
                o.put("name", e.name());
            }
            ArrayNode errors = root.putArray("errors");
            l.errors().forEach(errors::add);
            try {
                out.println(m.writeValueAsString(root));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        } else {
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[]{"KERNEL", "TARGET", "KEY", "TIER"});
            for (RemoteListing.Entry e : entries) {
                rows.add(new String[]{e.kernel(), e.target(), e.key().substring(0, 12), e.tier()});
            }
            out.print(Table.format(rows));
            out.println(entries.size() + " entr" + (entries.size() == 1 ? "y" : "ies") + " in " + String.join(", ", l.tiers()));
            for (String e : l.errors()) out.println("could not list " + e);
        }
        out.flush();
        return l.errors().isEmpty() ? Exit.OK : Exit.INPUT; // a tier that could not be listed
    }

    private static String time(Instant t) {
        return t == null ? "-" : TIME.format(t);
    }
}
