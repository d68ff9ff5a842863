package org.engram.study;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.engram.api.study.InvalidStudyException;
import org.engram.study.Yaml.YMap;
import org.engram.study.Yaml.YNode;
import org.engram.study.Yaml.YScalar;

/**
 * The problems found in one study file, each with its line and the trials it concerns, and the checks of single
 * values that every part of the parser shares (whole numbers in a range, known keys). All are collected before the
 * file is refused, so the user sees every problem at once.
 */
final class StudyProblems {

    /** A problem at a line (0: the file as a whole). */
    private record Problem(int line, String message) {
    }

    private final String source;
    private final Map<Problem, Set<String>> problems = new LinkedHashMap<>();
    /** Problems reported so far, counting repeats: tells whether building something found any. */
    private int reported;

    /** @param source the study file's name, which starts each message */
    StudyProblems(String source) {
        this.source = source;
    }

    void problem(int line, String message) {
        reported++;
        problems.computeIfAbsent(new Problem(line, message), k -> new LinkedHashSet<>());
    }

    /** A problem the engine found in a trial: one message for all the trials it concerns. */
    void trialProblem(int line, String message, String trialId) {
        problems.computeIfAbsent(new Problem(line, message), k -> new LinkedHashSet<>()).add(trialId);
    }

    /** Problems reported by {@link #problem} so far: compare before and after building something. */
    int reported() {
        return reported;
    }

    boolean isEmpty() {
        return problems.isEmpty();
    }

    /** Every problem, in line order, as {@code file:line: message (trials)}. */
    InvalidStudyException invalid() {
        List<Map.Entry<Problem, Set<String>>> sorted = new ArrayList<>(problems.entrySet());
        sorted.sort(Comparator.comparingInt(e -> e.getKey().line()));
        List<String> out = new ArrayList<>();
        for (Map.Entry<Problem, Set<String>> e : sorted) {
            Problem p = e.getKey();
            StringBuilder sb = new StringBuilder(source);
            if (p.line() > 0) {
                sb.append(':').append(p.line());
            }
            sb.append(": ").append(p.message());
            List<String> ids = List.copyOf(e.getValue());
            if (!ids.isEmpty()) {
                sb.append(ids.size() == 1 ? " (trial " : " (" + ids.size() + " trials: ")
                        .append(String.join(", ", ids.subList(0, Math.min(3, ids.size()))))
                        .append(ids.size() > 3 ? ", ..." : "").append(')');
            }
            out.add(sb.toString());
        }
        return new InvalidStudyException(source, out);
    }

    // ---- values --------------------------------------------------------------------------------

    /** A whole number from {@code min} to {@code max}; else a problem, and {@code fallback}. */
    long whole(YNode n, String what, long min, long max, long fallback) {
        Object v = n instanceof YScalar s ? s.value() : null;
        if (v instanceof Integer || v instanceof Long || v instanceof BigInteger) {
            BigInteger b = v instanceof BigInteger bi ? bi : BigInteger.valueOf(((Number) v).longValue());
            if (b.compareTo(BigInteger.valueOf(min)) < 0) {
                problem(n.line(), what + " is " + v + "; it must be " + range(min, max));
            } else if (b.compareTo(BigInteger.valueOf(max)) > 0) {
                // the bound it passed, which "at least 1" would not name
                problem(n.line(), what + " is " + v + "; it must be at most " + max
                        + (max == Long.MAX_VALUE ? " (it is a 64-bit whole number)" : ""));
            } else {
                return b.longValue();
            }
            return fallback;
        }
        String expected = min == Long.MIN_VALUE ? "" : " " + range(min, max);
        problem(n.line(), what + " must be a whole number" + expected + ", got '" + n.plain() + "'");
        return fallback;
    }

    private static String range(long min, long max) {
        if (min == Long.MIN_VALUE) {
            return "from " + min + " to " + max + " (a 64-bit whole number)";
        }
        return max >= Integer.MAX_VALUE ? "at least " + min : "from " + min + " to " + max;
    }

    /** Each key of {@code m} that is not {@code allowed} is a problem, with the nearest allowed one. */
    void checkKeys(YMap m, List<String> allowed, String where) {
        for (String k : m.entries().keySet()) {
            if (!allowed.contains(k)) {
                String near = allowed.stream().filter(a -> distance(a.toLowerCase(Locale.ROOT), k.toLowerCase(Locale.ROOT)) <= 2)
                        .min(Comparator.comparingInt(a -> distance(a, k))).map(a -> " (did you mean '" + a + "'?)").orElse("");
                problem(m.keyLine(k), "unknown key '" + k + "' " + where + near + "; allowed: " + String.join(", ", allowed));
            }
        }
    }

    /** Levenshtein distance, for "did you mean". */
    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
