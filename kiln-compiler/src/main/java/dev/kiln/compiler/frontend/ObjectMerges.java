package dev.kiln.compiler.frontend;

import dev.kiln.compiler.frontend.BytecodeCfg.BcBlock;
import dev.kiln.compiler.frontend.BytecodeCfg.FrameObject;
import dev.kiln.compiler.frontend.ValueObjects.Obj;
import dev.kiln.compiler.frontend.ValueObjects.ValueClass;
import dev.kiln.compiler.ir.Param;
import dev.kiln.compiler.ir.Value;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Replaced objects ({@link ValueObjects}) at a block that starts at a stack map frame: their fields become block
 * parameters, after the others, one group per object entry of the frame, in the order the first edge (or the block
 * itself, for a loop entered only around it) meets them. Objects of a class whose fields are all final, constructed,
 * merge field by field: the block's entry gets a new object per entry, so objects from different allocations (one per
 * branch, one per loop iteration) merge. Any other object keeps its identity: every edge must bring that same object,
 * its fields passed once however many entries hold it.
 */
final class ObjectMerges {
    /** One group of parameters: a new object per entry ({@code identity} null) or the fields of one object. */
    private static final class Group {
        final int position;
        final ValueClass cls;
        final Obj identity;
        final List<Param> params = new ArrayList<>();
        Obj entered; // the new object the block starts with, for a merging group

        Group(int position, ValueClass cls, Obj identity) {
            this.position = position;
            this.cls = cls;
            this.identity = identity;
        }
    }

    /** What a frame block knows of its objects. */
    static final class AtBlock {
        private final Map<Integer, Group> byPosition = new HashMap<>();
        private final List<Group> groups = new ArrayList<>();
        private final Map<Obj, Group> byObject = new IdentityHashMap<>();
    }

    private final BytecodeCfg cfg;

    ObjectMerges(BytecodeCfg cfg) {
        this.cfg = cfg;
    }

    /** The arguments an edge from {@code state} passes for the objects of {@code target}'s frame. */
    List<Value> args(BcBlock target, FrameState state) {
        AtBlock at = at(target);
        for (Map.Entry<Integer, FrameObject> e : target.frame.objects().entrySet()) {
            Value v = valueAt(state, e.getKey());
            Obj obj = ValueObjects.of(v);
            FrameObject fo = e.getValue();
            if (obj == null) {
                throw cfg.unsupported("object of class " + fo.cls().display() + (v instanceof Value.NullConst
                        ? " or null at a merge (a reference that may be null is not replaced by fields)"
                        : " and another reference at a merge"));
            }
            Group g = at.byPosition.get(e.getKey());
            if (g == null) g = group(target, at, e.getKey(), obj.cls, merging(fo, obj) ? null : obj);
            check(g, obj);
        }
        List<Value> args = new ArrayList<>();
        for (Group g : at.groups) args.addAll(Arrays.asList(state.objects.get(ValueObjects.of(valueAt(state, g.position)))));
        return args;
    }

    /** Puts the objects of {@code b}'s frame into {@code s}, the state the block starts in. */
    void enter(BcBlock b, FrameState s) {
        AtBlock at = at(b);
        for (Map.Entry<Integer, FrameObject> e : b.frame.objects().entrySet()) {
            FrameObject fo = e.getValue();
            Group g = at.byPosition.get(e.getKey());
            if (g == null) {
                if (fo.uninitialized() || !fo.cls().immutable()) {
                    throw cfg.unsupported("object of class " + fo.cls().display() + " reaching a loop only around it");
                }
                g = group(b, at, e.getKey(), fo.cls(), null);
            }
            Obj obj = g.identity;
            if (obj == null) {
                if (g.entered == null) g.entered = new Obj(g.cls);
                obj = g.entered;
            }
            s.objects.put(obj, g.params.toArray(Value[]::new));
            if (e.getKey() >= 0) s.locals[e.getKey()] = obj.token;
            else s.stack.set(-1 - e.getKey(), obj.token);
        }
    }

    /** Objects of a class whose fields are all final, fully constructed: the entry may get a new object. */
    private static boolean merging(FrameObject fo, Obj obj) {
        return !fo.uninitialized() && obj.cls.immutable() && obj.constructing == 0;
    }

    private static void checkClass(Group g, Obj obj, BytecodeCfg cfg) {
        if (obj.cls != g.cls) {
            throw cfg.unsupported(obj + " and an object of class " + g.cls.display() + " at a merge");
        }
    }

    private void check(Group g, Obj obj) {
        checkClass(g, obj, cfg);
        if (g.identity == null ? obj.constructing > 0 : g.identity != obj) {
            throw cfg.unsupported(obj + " and another object of its class at a merge (only constructed objects of"
                    + " a class whose fields are all final merge field by field)");
        }
    }

    private Group group(BcBlock b, AtBlock at, int position, ValueClass cls, Obj identity) {
        Group shared = identity == null ? null : at.byObject.get(identity);
        if (shared != null) {
            at.byPosition.put(position, shared);
            return shared;
        }
        Group g = new Group(position, cls, identity);
        String base = position >= 0 ? cfg.localName(position, cfg.bcis.get(b.first)).orElse("l" + position) : "s" + (-1 - position);
        for (ValueObjects.Field f : cls.fields()) {
            Param p = new Param(f.type(), base + "." + f.name());
            g.params.add(p);
            b.ir.params().add(p);
        }
        at.groups.add(g);
        at.byPosition.put(position, g);
        if (identity != null) at.byObject.put(identity, g);
        return g;
    }

    private static AtBlock at(BcBlock b) {
        if (b.objects == null) b.objects = new AtBlock();
        return b.objects;
    }

    private static Value valueAt(FrameState s, int position) {
        return position >= 0 ? s.locals[position] : s.stack.get(-1 - position);
    }
}
