package io.trackline.systemtests.checker;

import java.util.ArrayList;
import java.util.List;

/** What the checker found, in words: the first {@value #MAX} findings of a run (the counts hold them all). */
final class Findings {

    static final int MAX = 40;

    private final List<String> lines = new ArrayList<>();

    void note(String format, Object... args) {
        if (lines.size() < MAX) {
            lines.add(format.formatted(args));
        }
    }

    List<String> list() {
        return List.copyOf(lines);
    }
}
