package dev.kiln.cli;

import dev.kiln.CompileOptions;
import dev.kiln.Target;
import dev.kiln.model.KernelGraph;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * The one place where the CLI calls the runtime's cache API ({@code dev.kiln.runtime.cache}). Commands only format
 * what this returns; no cache logic lives here.
 */
final class CacheGateway {
    enum BakeStatus { COMPILED, CACHED }

    record BakeOutcome(BakeStatus status, long bytes) {
    }

    /** Whether a kernel would be served from the cache; for a miss, the runtime's reason code and a readable detail. */
    record Lookup(boolean hit, String target, String where, String reason, String detail) {
    }

    record KeyPart(String name, String value) {
    }

    record Explanation(String key, List<KeyPart> parts, Lookup lookup) {
    }

    record EntryInfo(String kernel, String target, long size, Instant created, Instant lastUsed, String path) {
    }

    record GcResult(List<String> removed, long freedBytes, long remainingBytes) {
    }

    record FsckResult(int checked, List<String> bad) {
    }

    private final Path dir;

    private CacheGateway(Path dir) {
        this.dir = dir;
    }

    /** Opens {@code dir}; {@code write}: the command will add or remove entries, so it must be writable. */
    static CacheGateway open(Path dir, boolean write) {
        throw notYet();
    }

    static Target hostTarget() {
        throw notYet();
    }

    Path dir() {
        return dir;
    }

    BakeOutcome bake(KernelGraph graph, CompileOptions options, Target target) {
        throw notYet();
    }

    Lookup lookup(KernelGraph graph, CompileOptions options, Target target) {
        throw notYet();
    }

    Lookup lookupForHost(KernelGraph graph, CompileOptions options) {
        throw notYet();
    }

    Explanation explain(KernelGraph graph, CompileOptions options) {
        throw notYet();
    }

    List<EntryInfo> list() {
        throw notYet();
    }

    GcResult gc(long maxBytes, boolean stale) {
        throw notYet();
    }

    FsckResult fsck() {
        throw notYet();
    }

    private static CliException notYet() {
        return new CliException(Exit.INTERNAL, "the native-code cache is not available in this build yet");
    }
}
