package dev.kiln.compiler.emit;

import dev.kiln.compiler.ir.Block;
import dev.kiln.compiler.ir.Function;
import dev.kiln.compiler.ir.Inst;
import dev.kiln.compiler.ir.IrModule;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Who calls whom, and what follows from it: which functions can fault (and so take the fault-record pointer, which
 * is the frame), and which sit in a recursive cycle (and check the stack limit the frame holds).
 */
final class CallGraph {
    private final Map<String, Set<String>> callees = new HashMap<>();
    private final Set<String> faulting = new HashSet<>();
    private final Set<String> cyclic = new HashSet<>();
    private boolean throwsAny;

    CallGraph(IrModule module) {
        for (Function f : module.functions()) {
            Set<String> out = new LinkedHashSet<>();
            boolean throwsItself = false;
            for (Block b : f.blocks()) {
                for (Inst i : b.insts()) {
                    if (i instanceof Inst.Call c) out.add(c.callee());
                    if (i.canThrow()) throwsItself = true;
                }
                if (b.terminator() instanceof dev.kiln.compiler.ir.Terminator.Throw) {
                    throwsItself = true;
                    throwsAny = true;
                }
            }
            callees.put(f.name(), out);
            if (throwsItself) faulting.add(f.name());
        }
        for (String f : callees.keySet()) {
            if (reach(f).contains(f)) cyclic.add(f);
        }
        faulting.addAll(cyclic);
        boolean changed = true;
        while (changed) {
            changed = false;
            for (var e : callees.entrySet()) {
                if (faulting.contains(e.getKey())) continue;
                for (String c : e.getValue()) {
                    if (faulting.contains(c)) {
                        faulting.add(e.getKey());
                        changed = true;
                        break;
                    }
                }
            }
        }
    }

    /** Functions reachable from {@code f} through one or more calls. */
    private Set<String> reach(String f) {
        Set<String> seen = new HashSet<>();
        Deque<String> work = new ArrayDeque<>(callees.getOrDefault(f, Set.of()));
        while (!work.isEmpty()) {
            String g = work.pop();
            if (seen.add(g)) work.addAll(callees.getOrDefault(g, Set.of()));
        }
        return seen;
    }

    boolean canFault(String f) {
        return faulting.contains(f);
    }

    boolean anyFault() {
        return !faulting.isEmpty();
    }

    boolean inCycle(String f) {
        return cyclic.contains(f);
    }

    /** Whether {@code caller} and {@code callee} sit on one recursive cycle (each reaches the other). */
    boolean sameCycle(String caller, String callee) {
        return cyclic.contains(caller) && cyclic.contains(callee)
                && (caller.equals(callee) || reach(caller).contains(callee) && reach(callee).contains(caller));
    }

    boolean anyCycle() {
        return !cyclic.isEmpty();
    }

    /** Whether some function has a {@code throw} statement (calls then record where a throw unwinds through). */
    boolean anyThrow() {
        return throwsAny;
    }
}
