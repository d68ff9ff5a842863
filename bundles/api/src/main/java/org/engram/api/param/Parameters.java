package org.engram.api.param;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A plugin's resolved parameters: every declared parameter present, typed and in range. Immutable.
 * Built by {@link #resolve}, which is what the engine does before a trial starts. A plugin reads them as its
 * settings record ({@link ParameterSet#read}); the getters by name are for tools and tests.
 */
@ProviderType
public final class Parameters {

    private final Map<String, Object> values;

    private Parameters(Map<String, Object> values) {
        this.values = Collections.unmodifiableMap(values);
    }

    /**
     * Checks the given values against the descriptors and fills in defaults.
     *
     * @param owner       names the plugin in error messages, e.g. {@code rule 'ib-hebbian'}
     * @param descriptors what the plugin accepts
     * @param given       what the user wrote; may be empty or null
     * @throws InvalidParametersException for each unknown name (listing the known ones and the nearest),
     *                                    wrong type or out-of-range value
     */
    public static Parameters resolve(String owner, List<ParameterDescriptor> descriptors, Map<String, ?> given) {
        Map<String, ParameterDescriptor> byName = new LinkedHashMap<>();
        for (ParameterDescriptor d : descriptors) {
            byName.put(d.name(), d);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        List<ParameterProblem> problems = new ArrayList<>();
        if (given != null) {
            // by name: the given map's own order may differ from one JVM to the next (Map.copyOf)
            for (Map.Entry<String, ?> e : new TreeMap<String, Object>(given).entrySet()) {
                ParameterDescriptor d = byName.get(e.getKey());
                if (d == null) {
                    problems.add(new ParameterProblem(e.getKey(), unknown(e.getKey(), owner, byName.keySet())));
                    continue;
                }
                try {
                    out.put(d.name(), d.coerce(e.getValue()));
                } catch (IllegalArgumentException ex) {
                    problems.add(new ParameterProblem(d.name(), ex.getMessage()));
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidParametersException(owner, problems);
        }
        // declaration order, whatever order the values were given in: resolved parameters are printed
        // into provenance and checkpoint fingerprints, which must not depend on a hash order
        Map<String, Object> ordered = new LinkedHashMap<>();
        for (ParameterDescriptor d : descriptors) {
            Object value = out.get(d.name());
            ordered.put(d.name(), value != null ? value : d.coerce(d.defaultValue()));
        }
        return new Parameters(ordered);
    }

    private static String unknown(String name, String owner, Set<String> known) {
        String message = "unknown parameter '" + name + "'; " + owner + " accepts: "
                + (known.isEmpty() ? "no parameters" : String.join(", ", new TreeSet<>(known)));
        String nearest = nearest(name, known);
        return nearest == null ? message : message + "; did you mean '" + nearest + "'?";
    }

    /**
     * The known name a typo most likely meant: the fewest single-character edits, ignoring case, and no more
     * than a third of the name's length (at least one), so that an unrelated word suggests nothing.
     */
    static String nearest(String name, Collection<String> known) {
        String best = null;
        int bestDistance = Math.max(1, name.length() / 3) + 1;
        for (String candidate : new TreeSet<>(known)) {
            int d = editDistance(name.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        return best;
    }

    /** Levenshtein distance with adjacent transpositions counted as one edit ({@code lenrgth}). */
    private static int editDistance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }

    /** Every parameter at its default. */
    public static Parameters defaults(List<ParameterDescriptor> descriptors) {
        return resolve("defaults", descriptors, Map.of());
    }

    /** The values by name, in declaration order, as canonical Java types. */
    public Map<String, Object> asMap() {
        return values;
    }

    public int getInt(String name) {
        return Math.toIntExact((Long) get(name));
    }

    public long getLong(String name) {
        return (Long) get(name);
    }

    public double getDouble(String name) {
        return ((Number) get(name)).doubleValue();
    }

    public boolean getBoolean(String name) {
        return (Boolean) get(name);
    }

    public String getString(String name) {
        return get(name).toString();
    }

    public <E extends Enum<E>> E getEnum(String name, Class<E> type) {
        String word = getString(name);
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(word)) {
                return e;
            }
        }
        throw new IllegalArgumentException("parameter '" + name + "' = '" + word + "' is not a " + type.getSimpleName());
    }

    public int[] getIntArray(String name) {
        List<?> l = (List<?>) get(name);
        int[] out = new int[l.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.toIntExact((Long) l.get(i));
        }
        return out;
    }

    public double[] getDoubleArray(String name) {
        List<?> l = (List<?>) get(name);
        double[] out = new double[l.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ((Number) l.get(i)).doubleValue();
        }
        return out;
    }

    private Object get(String name) {
        Object v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException("no parameter '" + name + "'; known: " + values.keySet());
        }
        return v;
    }

    @Override
    public String toString() {
        return values.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Parameters p && p.values.equals(values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }
}
