package dev.kiln.compiler.frontend;

import dev.kiln.compiler.frontend.BytecodeCfg.BcBlock;
import dev.kiln.compiler.ir.Value;

import java.lang.classfile.MethodModel;
import java.lang.classfile.instruction.IncrementInstruction;
import java.lang.classfile.instruction.StoreInstruction;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * HotSpot's helpful NullPointerException texts ("Cannot load from int array because "a[i]" is null"): where each
 * reference on the operand stack came from, and how HotSpot names that source, down to its quirks about which
 * parameter slots count as overwritten locals.
 */
final class NpeNames {
    /** Where an array reference on the stack came from, for HotSpot's helpful NullPointerException text. */
    record Origin(int bci, int slot, String text) {
        static final int NULL_CONSTANT = -1;
        /** A value HotSpot describes by {@code text}: an array element ({@code a[i]}) or a static field. */
        static final int DESCRIBED = -2;
        static final int STATIC_FIELD = DESCRIBED;

        Origin(int bci, int slot) {
            this(bci, slot, null);
        }
    }

    private final BytecodeCfg cfg;
    private final MethodModel method;
    private BitSet[] writtenAtBlockStart; // lazily, for "<parameterN>" versus "<localN>"

    NpeNames(BytecodeCfg cfg, MethodModel method) {
        this.cfg = cfg;
        this.method = method;
    }

    /** HotSpot's name for {@code array[index]}: {@code a[i]}, {@code a[0]}, or {@code a[...]} for a computed index. */
    Origin elementOrigin(Origin array, Value index, Origin indexOrigin) {
        if (array == null) return null;
        String i = index instanceof Value.IntConst c ? Integer.toString(c.value())
                : indexOrigin != null && indexOrigin.slot >= 0 ? describe(indexOrigin) : "...";
        return new Origin(cfg.bci, Origin.DESCRIBED, describe(array) + "[" + i + "]");
    }

    /** A field {@code field} read from the object {@code object} names: {@code this.xs}. */
    Origin fieldOrigin(Origin object, String field) {
        return object == null ? null : new Origin(cfg.bci, Origin.DESCRIBED, describe(object) + "." + field);
    }

    String npeMessage(String action, Origin origin) {
        if (origin == null) return action;
        return action + " because \"" + describe(origin) + "\" is null";
    }

    /** As HotSpot names the source of a null: the local's name, else {@code <parameterN>} or {@code <localN>}. */
    private String describe(Origin o) {
        if (o.slot == Origin.NULL_CONSTANT) return "null";
        if (o.slot == Origin.DESCRIBED) return o.text; // a[i], a static field (class and field), this.field
        Optional<String> name = cfg.localName(o.slot, o.bci);
        if (name.isPresent()) return name.get();
        // The method's own receiver: a kernel object's, or a replaced object's in a method lowered inline
        boolean instance = !method.flags().has(java.lang.reflect.AccessFlag.STATIC);
        if (instance && o.slot == 0) return "this";
        int slot = instance ? 1 : 0;
        int index = 1;
        for (var p : method.methodTypeSymbol().parameterList()) {
            int size = p.descriptorString().equals("J") || p.descriptorString().equals("D") ? 2 : 1;
            if (o.slot >= slot && o.slot < slot + size) {
                return writtenBefore(o.bci).get(o.slot) ? "<local" + o.slot + ">" : "<parameter" + index + ">";
            }
            slot += size;
            index++;
        }
        return "<local" + o.slot + ">";
    }

    /**
     * Locals HotSpot's helpful-NPE analysis counts as written before {@code bci}: it simulates the bytecode once in
     * order, merging into a later instruction what the paths seen so far wrote, so writes that only reach a point
     * over a back edge (processed after it) do not count; and it tracks 64 slots, counting higher ones as written.
     */
    private BitSet writtenBefore(int bci) {
        if (writtenAtBlockStart == null) {
            List<BcBlock> blocks = new ArrayList<>(cfg.blocksByIndex.values());
            Map<BcBlock, Integer> pos = new IdentityHashMap<>();
            for (int k = 0; k < blocks.size(); k++) pos.put(blocks.get(k), k);
            writtenAtBlockStart = new BitSet[blocks.size()];
            boolean[] reached = new boolean[blocks.size()];
            reached[0] = true;
            for (int k = 0; k < blocks.size(); k++) writtenAtBlockStart[k] = new BitSet();
            for (int k = 0; k < blocks.size(); k++) { // one pass in bytecode order, forward edges only
                BcBlock b = blocks.get(k);
                if (!b.reachable || !reached[k]) continue;
                BitSet out = writesThrough(b, writtenAtBlockStart[k], b.end);
                for (BcBlock succ : cfg.successors(b)) {
                    int j = pos.get(succ);
                    if (j <= k) continue;
                    writtenAtBlockStart[j].or(out);
                    reached[j] = true;
                }
            }
            // A block reached only over a back edge: HotSpot's analysis goes round again, with every write seen.
            boolean changed = true;
            while (changed) {
                changed = false;
                for (int k = 0; k < blocks.size(); k++) {
                    BcBlock b = blocks.get(k);
                    if (!b.reachable) continue;
                    BitSet out = writesThrough(b, writtenAtBlockStart[k], b.end);
                    for (BcBlock succ : cfg.successors(b)) {
                        int j = pos.get(succ);
                        if (reached[j]) continue;
                        BitSet merged = (BitSet) writtenAtBlockStart[j].clone();
                        merged.or(out);
                        if (!merged.equals(writtenAtBlockStart[j])) {
                            writtenAtBlockStart[j] = merged;
                            changed = true;
                        }
                    }
                }
            }
        }
        int index = cfg.indexOfBci.get(bci);
        int k = 0;
        BcBlock owner = null;
        for (BcBlock b : cfg.blocksByIndex.values()) {
            if (index >= b.first && index < b.end) {
                owner = b;
                break;
            }
            k++;
        }
        BitSet w = writesThrough(owner, writtenAtBlockStart[k], index);
        w.set(64, Math.max(64, cfg.code.maxLocals() + 1)); // slots above 63 count as written
        return w;
    }

    /** {@code in} plus the locals the instructions of {@code b} before index {@code end} store to. */
    private BitSet writesThrough(BcBlock b, BitSet in, int end) {
        BitSet out = (BitSet) in.clone();
        for (int j = b.first; j < end; j++) {
            if (cfg.insns.get(j) instanceof StoreInstruction st) out.set(st.slot());
            if (cfg.insns.get(j) instanceof IncrementInstruction inc) out.set(inc.slot());
        }
        return out;
    }
}
