package dev.kiln.runtime.cache;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * One cache entry as a single object for a remote tier: every file of the entry folder (metadata, library, and
 * whatever else an entry holds, such as signatures) except the local last-use marker. One object per entry is what
 * makes a remote put atomic: a reader gets a whole entry or none.
 *
 * <pre>
 * kiln-bundle/1\n
 * file &lt;name&gt; &lt;length&gt;\n &lt;bytes&gt; \n      (repeated, names sorted)
 * end\n
 * </pre>
 */
final class EntryBundle {
    static final String FORMAT = "kiln-bundle/1";
    static final int MAX_FILES = 16;
    static final long MAX_BYTES = 512L << 20;

    private EntryBundle() {
    }

    /** A bundle that cannot be read; the message is one line. */
    static final class BadBundle extends Exception {
        BadBundle(String message) {
            super(message);
        }
    }

    static boolean validName(String n) {
        return n.length() <= 64 && n.matches("[a-z0-9][a-z0-9._-]*") && !n.equals(Tier.USED);
    }

    static byte[] encode(Map<String, byte[]> files) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes((FORMAT + "\n").getBytes(StandardCharsets.US_ASCII));
        new TreeMap<>(files).forEach((name, data) -> {
            if (!validName(name)) throw new IllegalArgumentException("bad bundle file name " + name);
            out.writeBytes(("file " + name + " " + data.length + "\n").getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(data);
            out.write('\n');
        });
        out.writeBytes("end\n".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    /** The files of a published entry, with the verified metadata and library bytes taken from memory. */
    static byte[] of(KilnCache.Found f) {
        Map<String, byte[]> files = new TreeMap<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(f.dir())) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                if (validName(n) && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    files.put(n, Tier.readCapped(p, MAX_BYTES));
                }
            }
        } catch (IOException e) {
            // evicted meanwhile: the two files that matter are in memory
        }
        files.put(Tier.META, f.meta().toBytes());
        files.put(Tier.LIBRARY, f.library());
        return encode(files);
    }

    static Map<String, byte[]> decode(byte[] b) throws BadBundle {
        if (b.length > MAX_BYTES) throw new BadBundle("object is larger than " + MAX_BYTES + " bytes");
        int[] pos = {0};
        if (!FORMAT.equals(line(b, pos))) throw new BadBundle("not a " + FORMAT + " object");
        Map<String, byte[]> files = new LinkedHashMap<>();
        while (true) {
            String l = line(b, pos);
            if (l.equals("end")) break;
            String[] parts = l.split(" ");
            if (parts.length != 3 || !parts[0].equals("file") || !validName(parts[1])) {
                throw new BadBundle("bad bundle header line");
            }
            long len;
            try {
                len = Long.parseLong(parts[2]);
            } catch (NumberFormatException e) {
                throw new BadBundle("bad length in bundle");
            }
            if (len < 0 || pos[0] + len + 1 > b.length) throw new BadBundle("bundle is truncated");
            if (files.size() >= MAX_FILES || files.containsKey(parts[1])) throw new BadBundle("bad file list in bundle");
            byte[] data = java.util.Arrays.copyOfRange(b, pos[0], (int) (pos[0] + len));
            pos[0] += (int) len;
            if (b[pos[0]++] != '\n') throw new BadBundle("bundle is corrupt");
            files.put(parts[1], data);
        }
        if (pos[0] != b.length) throw new BadBundle("bytes after the end of the bundle");
        if (!files.containsKey(Tier.META) || !files.containsKey(Tier.LIBRARY)) {
            throw new BadBundle("bundle lacks " + Tier.META + " or " + Tier.LIBRARY);
        }
        return files;
    }

    private static String line(byte[] b, int[] pos) throws BadBundle {
        int start = pos[0];
        int end = start;
        while (end < b.length && b[end] != '\n') {
            if (end - start > 200) throw new BadBundle("bad bundle header");
            end++;
        }
        if (end >= b.length) throw new BadBundle("bundle is truncated");
        pos[0] = end + 1;
        return new String(b, start, end - start, StandardCharsets.US_ASCII);
    }
}
