package dev.kiln.cli;

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
        description = "Lists the entries in a cache: kernel, target, size, when created and when last used.")
final class LsCommand implements Callable<Integer> {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    @Spec
    CommandSpec spec;

    @Mixin
    CacheOption cache;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
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
            rows.add(new String[]{"KERNEL", "TARGET", "SIZE", "CREATED", "LAST USED"});
            long total = 0;
            for (CacheGateway.EntryRow e : entries) {
                rows.add(new String[]{e.kernel(), e.target(), Sizes.bytes(e.size()), time(e.created()), time(e.lastUsed())});
                total += e.size();
            }
            out.print(Table.format(rows));
            out.println(entries.size() + " entr" + (entries.size() == 1 ? "y" : "ies") + ", " + Sizes.bytes(total)
                    + " in " + gw.dir());
        }
        out.flush();
        return Exit.OK;
    }

    private static String time(Instant t) {
        return t == null ? "-" : TIME.format(t);
    }
}
