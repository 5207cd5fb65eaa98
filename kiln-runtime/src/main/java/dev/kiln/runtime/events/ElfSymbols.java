package dev.kiln.runtime.events;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The function symbols of a kernel library (ELF64, little-endian), read from the bytes that were loaded: their
 * offsets in the library and their sizes. Kiln's libraries keep a {@code .symtab} naming every function (the entry
 * point, callees compiled out of line, {@code kiln.raise}); without one, the exported {@code .dynsym} entry point.
 */
final class ElfSymbols {
    /** A function: {@code value} is its offset from the library's load address. */
    record Function(String name, long value, long size) {
    }

    private static final int SHT_SYMTAB = 2;
    private static final int SHT_DYNSYM = 11;
    private static final int STT_FUNC = 2;

    private ElfSymbols() {
    }

    /** Every function symbol with a size; empty when {@code elf} is not a 64-bit little-endian ELF file. */
    static List<Function> functions(byte[] elf) {
        if (elf.length < 64 || elf[0] != 0x7f || elf[1] != 'E' || elf[2] != 'L' || elf[3] != 'F'
                || elf[4] != 2 /* ELFCLASS64 */ || elf[5] != 1 /* little-endian */) {
            return List.of();
        }
        ByteBuffer b = ByteBuffer.wrap(elf).order(ByteOrder.LITTLE_ENDIAN);
        try {
            long shoff = b.getLong(0x28);
            int shentsize = Short.toUnsignedInt(b.getShort(0x3A));
            int shnum = Short.toUnsignedInt(b.getShort(0x3C));
            int table = -1;
            for (int pass = 0; pass < 2 && table < 0; pass++) { // .symtab first, else .dynsym
                for (int i = 0; i < shnum; i++) {
                    int type = b.getInt(section(shoff, shentsize, i) + 4);
                    if (type == (pass == 0 ? SHT_SYMTAB : SHT_DYNSYM)) {
                        table = i;
                        break;
                    }
                }
            }
            if (table < 0) return List.of();
            int sh = section(shoff, shentsize, table);
            int symOff = Math.toIntExact(b.getLong(sh + 0x18));
            long symSize = b.getLong(sh + 0x20);
            int link = b.getInt(sh + 0x28);
            long entSize = b.getLong(sh + 0x38);
            int strOff = Math.toIntExact(b.getLong(section(shoff, shentsize, link) + 0x18));
            if (entSize < 24) return List.of();
            List<Function> out = new ArrayList<>();
            for (long at = symOff; at + entSize <= symOff + symSize; at += entSize) {
                int s = Math.toIntExact(at);
                int nameOff = b.getInt(s);
                int info = b.get(s + 4) & 0xff;
                int shndx = Short.toUnsignedInt(b.getShort(s + 6));
                long value = b.getLong(s + 8);
                long size = b.getLong(s + 16);
                if ((info & 0xf) != STT_FUNC || shndx == 0 || size <= 0) continue;
                out.add(new Function(string(elf, strOff + nameOff), value, size));
            }
            return out;
        } catch (IndexOutOfBoundsException | ArithmeticException e) {
            return List.of(); // truncated or odd: no names rather than a failed load
        }
    }

    /**
     * A copy of {@code elf} whose symbol tables ({@code .symtab} and {@code .dynsym}) call the function {@code symbol}
     * {@code name} instead: each table gets a new string table, appended to the file, with the name added. For
     * profilers only: the copy is never loaded. Null when no table names {@code symbol}.
     */
    static byte[] renamed(byte[] elf, String symbol, String name) {
        if (functions(elf).stream().noneMatch(f -> f.name().equals(symbol))) return null;
        byte[] out = elf;
        ByteBuffer b = ByteBuffer.wrap(elf).order(ByteOrder.LITTLE_ENDIAN);
        long shoff = b.getLong(0x28);
        int shentsize = Short.toUnsignedInt(b.getShort(0x3A));
        int shnum = Short.toUnsignedInt(b.getShort(0x3C));
        byte[] extra = (name + "\0").getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < shnum; i++) {
            int sh = section(shoff, shentsize, i);
            int type = b.getInt(sh + 4);
            if (type != SHT_SYMTAB && type != SHT_DYNSYM) continue;
            int symOff = Math.toIntExact(b.getLong(sh + 0x18));
            long symSize = b.getLong(sh + 0x20);
            long entSize = b.getLong(sh + 0x38);
            int strSh = section(shoff, shentsize, b.getInt(sh + 0x28));
            int strOff = Math.toIntExact(b.getLong(strSh + 0x18));
            int strSize = Math.toIntExact(b.getLong(strSh + 0x20));
            int at = out.length;
            out = java.util.Arrays.copyOf(out, at + strSize + extra.length);
            System.arraycopy(elf, strOff, out, at, strSize); // the table's strings, then the new name
            System.arraycopy(extra, 0, out, at + strSize, extra.length);
            ByteBuffer o = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
            o.putLong(strSh + 0x18, at);
            o.putLong(strSh + 0x20, strSize + extra.length);
            for (long e = symOff; entSize >= 24 && e + entSize <= symOff + symSize; e += entSize) {
                int sym = Math.toIntExact(e);
                if (string(elf, strOff + b.getInt(sym)).equals(symbol)) o.putInt(sym, strSize);
            }
        }
        return out;
    }

    private static int section(long shoff, int shentsize, int i) {
        return Math.toIntExact(shoff + (long) i * shentsize);
    }

    private static String string(byte[] elf, int at) {
        int end = at;
        while (elf[end] != 0) end++;
        return new String(elf, at, end - at, StandardCharsets.UTF_8);
    }
}
