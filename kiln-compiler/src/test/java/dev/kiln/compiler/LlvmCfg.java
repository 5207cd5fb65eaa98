package dev.kiln.compiler;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The blocks of one optimised LLVM function as text, with their successors, for tests that look at loop bodies. */
final class LlvmCfg {
    private static final Pattern LABEL = Pattern.compile("(?m)^([\\w.\"/()\\[\\];-]+):");
    private static final Pattern TARGET = Pattern.compile("label %([\\w.\"/()\\[\\];-]+)");

    /** Label to the block's text (label line included), in order. */
    final Map<String, String> blocks = new LinkedHashMap<>();

    LlvmCfg(String function) {
        Matcher m = LABEL.matcher(function);
        List<int[]> at = m.results().map(r -> new int[] {r.start(), r.end()}).toList();
        for (int k = 0; k < at.size(); k++) {
            String text = function.substring(at.get(k)[0], k + 1 < at.size() ? at.get(k + 1)[0] : function.length());
            blocks.put(text.substring(0, text.indexOf(':')), text);
        }
    }

    Set<String> successors(String label) {
        Set<String> out = new HashSet<>();
        String body = blocks.get(label);
        Matcher m = TARGET.matcher(body.substring(body.indexOf('\n') + 1)); // not the "; preds = " comment
        while (m.find()) out.add(m.group(1));
        return out;
    }

    /** Whether {@code label} is on a cycle: some path leaves it and comes back. */
    boolean inLoop(String label) {
        Set<String> seen = new HashSet<>();
        Deque<String> work = new ArrayDeque<>(successors(label));
        while (!work.isEmpty()) {
            String b = work.pop();
            if (b.equals(label)) return true;
            if (seen.add(b) && blocks.containsKey(b)) work.addAll(successors(b));
        }
        return false;
    }

    /** Blocks on a cycle whose text matches {@code regex}. */
    List<String> loopBlocksMatching(String regex) {
        Pattern p = Pattern.compile(regex);
        return blocks.keySet().stream().filter(l -> p.matcher(blocks.get(l)).find() && inLoop(l)).toList();
    }
}
