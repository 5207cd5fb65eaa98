package dev.kiln.runtime.cache;

import dev.kiln.runtime.abi.KernelAbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The metadata file holds a constant creation time (the epoch, for readers that require the field), so two processes
 * that build one key write identical bytes; the real time is the file's modification time, and older files that
 * carry theirs still parse.
 */
class EntryMetaCreatedTest {
    @TempDir
    Path tmp;

    private static final String HEX = "0123456789abcdef".repeat(4);

    private static EntryMeta meta(Instant created) {
        KernelAbi abi = new KernelAbi(KernelKey.symbol(HEX), "([DI)D", false, List.of(), List.of(), List.of());
        return new EntryMeta(HEX, "a.B.c([DI)D", HEX, new TreeMap<>(), "kiln-test", "x86-64-v3",
                "O3 fastMath=false boundsChecks=true", abi, 10, HEX, created);
    }

    @Test
    void twoWritesOfOneEntryAtDifferentTimesAreIdenticalBytes() {
        byte[] early = meta(Instant.parse("2026-01-01T00:00:00Z")).toBytes();
        byte[] late = meta(Instant.parse("2026-12-07T01:02:03.456Z")).toBytes();
        assertArrayEquals(early, late);
        assertTrue(new String(early, StandardCharsets.UTF_8).endsWith("\ncreated: 1970-01-01T00:00:00Z\n"));
        assertEquals(Instant.EPOCH, assertDoesNotThrow(() -> EntryMeta.parse(early)).created());
    }

    @Test
    void theCreationTimeIsTheMetadataFilesModificationTime() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve(HEX));
        Files.write(dir.resolve(Tier.META), meta(Instant.now()).toBytes());
        Instant when = Instant.parse("2025-06-01T12:00:00Z");
        Files.setLastModifiedTime(dir.resolve(Tier.META), FileTime.from(when));
        assertEquals(when, Tier.readMeta(dir).created());
    }

    @Test
    void anOlderFileWithItsCreationTimeStillParses() throws Exception {
        String old = new String(meta(Instant.EPOCH).toBytes(), StandardCharsets.UTF_8)
                .replace("created: 1970-01-01T00:00:00Z", "created: 2026-11-21T23:09:12.345Z");
        assertEquals(Instant.parse("2026-11-21T23:09:12.345Z"), EntryMeta.parse(old.getBytes(StandardCharsets.UTF_8)).created());
    }
}
