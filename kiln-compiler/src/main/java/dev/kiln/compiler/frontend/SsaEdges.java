package dev.kiln.compiler.frontend;

import dev.kiln.compiler.frontend.BytecodeCfg.BcBlock;
import dev.kiln.compiler.ir.BlockCall;
import dev.kiln.compiler.ir.Param;
import dev.kiln.compiler.ir.Type;
import dev.kiln.compiler.ir.Value;
import dev.kiln.model.MethodRef;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

/**
 * SSA form from stack map frames: a block that starts at a frame gets one parameter per live local and stack entry
 * the frame lists (so loops need no fixpoint), and every edge into it passes the values the interpreter's state holds
 * there. A block without a frame has exactly one predecessor, whose state it starts from.
 */
final class SsaEdges {
    private final BytecodeCfg cfg;
    private final MethodRef ref;

    private final ObjectMerges objects;

    SsaEdges(BytecodeCfg cfg, MethodRef ref) {
        this.cfg = cfg;
        this.objects = new ObjectMerges(cfg);
        this.ref = ref;
    }

    /** Gives block {@code b}'s IR block one parameter per value its frame lists. */
    void addFrameParams(BcBlock b) {
        int bci = cfg.bcis.get(b.first);
        for (int slot = 0; slot < b.frame.locals().length; slot++) {
            Type t = b.frame.locals()[slot];
            if (t != null && t != Type.Void.VOID) b.ir.params().add(new Param(t, cfg.localName(slot, bci).orElse("l" + slot)));
        }
        for (int k = 0; k < b.frame.stack().length; k++) {
            if (b.frame.stack()[k] != null) b.ir.params().add(new Param(b.frame.stack()[k], "s" + k)); // null: an object
        }
    }

    /** The edge from block {@code from} (leaving {@code state}) to {@code target}. */
    BlockCall edge(BcBlock target, FrameState state, BcBlock from) {
        if (target.frame == null) {
            if (target.entry != null && target.entryFrom != from) {
                throw cfg.unsupported("control-flow merge without a stack map frame (class file older than Java 6)");
            }
            target.entry = new FrameState(state);
            target.entryFrom = from;
            return new BlockCall(target.ir, List.of());
        }
        List<Value> args = new ArrayList<>();
        Type[] locals = target.frame.locals();
        for (int slot = 0; slot < locals.length; slot++) {
            if (locals[slot] == null) continue;
            Value v = state.locals[slot];
            if (v == null) throw new IllegalStateException("frame local " + slot + " undefined on an edge in " + ref);
            if (locals[slot] == Type.Void.VOID) {
                if (target.strings == null) target.strings = new HashMap<>();
                Value seen = target.strings.putIfAbsent(slot, v);
                if (!(v instanceof Value.Opaque || v instanceof Value.NullConst) || seen != null && seen != v) {
                    throw cfg.unsupported("String local " + cfg.localName(slot, cfg.bcis.get(target.first)).orElse("<local" + slot + ">")
                            + " with different values on paths that merge");
                }
                continue;
            }
            args.add(v);
        }
        if (state.stack.size() != target.frame.stack().length) {
            throw new IllegalStateException("stack depth differs from frame in " + ref);
        }
        for (int k = 0; k < state.stack.size(); k++) if (target.frame.stack()[k] != null) args.add(state.stack.get(k));
        if (!target.frame.objects().isEmpty()) args.addAll(objects.args(target, state));
        if (target.mergedOrigins == null) {
            target.mergedOrigins = new ArrayList<>(state.origins);
        } else {
            for (int k = 0; k < target.mergedOrigins.size(); k++) {
                NpeNames.Origin o = target.mergedOrigins.get(k);
                if (o != null && !o.equals(state.origins.get(k))) target.mergedOrigins.set(k, null);
            }
        }
        return new BlockCall(target.ir, args);
    }

    /** The state block {@code b} starts in: its parameters, or what its only predecessor left. */
    FrameState entryState(BcBlock b) {
        if (b.frame == null) {
            if (b.entry == null) throw new IllegalStateException("block without state in " + ref);
            return new FrameState(b.entry);
        }
        FrameState s = new FrameState(cfg.code.maxLocals());
        Type[] locals = b.frame.locals();
        int k = 0;
        for (int slot = 0; slot < locals.length; slot++) {
            if (locals[slot] == Type.Void.VOID) {
                Value str = b.strings == null ? null : b.strings.get(slot);
                if (str == null) throw cfg.unsupported("String local reaching a loop only around it");
                s.locals[slot] = str;
            } else if (locals[slot] != null) {
                s.locals[slot] = b.ir.params().get(k++);
            }
        }
        for (int j = 0; j < b.frame.stack().length; j++) {
            s.stack.add(b.frame.stack()[j] == null ? null : b.ir.params().get(k++)); // an object: set by enter
            s.origins.add(b.mergedOrigins == null ? null : b.mergedOrigins.get(j));
        }
        if (!b.frame.objects().isEmpty()) objects.enter(b, s);
        return s;
    }
}
