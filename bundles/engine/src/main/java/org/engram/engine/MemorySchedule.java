package org.engram.engine;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.engram.api.PluginKind;
import org.engram.api.engine.TrialProblem;
import org.engram.api.memory.FreezableMemory;

/**
 * When a trial's working memory learns and when it runs frozen, and on how many windows per epoch the engine
 * measures it against the exact signal: the {@link FreezableMemory} keys of the trial's memory section.
 *
 * @param learnEpochs  epochs of learning, then frozen; -1 when not given
 * @param learnWindows learning windows from the trial's start, then frozen; -1 when not given
 * @param probeWindows windows per epoch, spread evenly over it, on which the engine computes ξ* to measure the memory; 0: none
 */
record MemorySchedule(long learnEpochs, long learnWindows, long probeWindows) {

    /** No schedule: the memory learns throughout and nothing is probed, as before schedules existed. */
    static final MemorySchedule NONE = new MemorySchedule(-1, -1, 0);
    /** Probe windows per epoch when a schedule gives none: enough for a stable ratio, few beside an epoch. */
    static final long DEFAULT_PROBE_WINDOWS = 64;

    private static final List<String> KEYS = List.of(FreezableMemory.LEARN_EPOCHS, FreezableMemory.LEARN_WINDOWS,
            FreezableMemory.PROBE_WINDOWS);

    /** Whether the section gave any schedule key: then the epochs report the probe error, the frozen share and the time per window. */
    boolean active() {
        return this != NONE;
    }

    /** Whether the memory is ever frozen. */
    boolean freezes() {
        return learnEpochs >= 0 || learnWindows >= 0;
    }

    /** The learning windows the memory learns on before it freezes, given the windows of one epoch; Long.MAX_VALUE if never. */
    long freezeAfter(long windowsPerEpoch) {
        if (learnEpochs >= 0) {
            return learnEpochs * windowsPerEpoch;
        }
        return learnWindows >= 0 ? learnWindows : Long.MAX_VALUE;
    }

    /** The memory section's parameters without the schedule keys: what the plugin itself resolves. */
    static Map<String, Object> pluginParameters(Map<String, Object> section) {
        Map<String, Object> out = new LinkedHashMap<>(section);
        out.keySet().removeAll(KEYS);
        return out;
    }

    /**
     * Reads the schedule keys of a memory section, adding a problem (naming the fix) for each bad value, for a
     * schedule that freezes a memory that cannot be frozen, and for a freeze point at or past the trial's end.
     *
     * @param freezable whether the memory plugin implements {@link FreezableMemory}
     */
    static MemorySchedule of(String memory, boolean freezable, Map<String, Object> section, int epochs,
            List<TrialProblem> problems) {
        if (KEYS.stream().noneMatch(section::containsKey)) {
            return NONE;
        }
        String owner = "memory '" + memory + "': ";
        long learnEpochs = whole(memory, section, FreezableMemory.LEARN_EPOCHS, owner, problems);
        long learnWindows = whole(memory, section, FreezableMemory.LEARN_WINDOWS, owner, problems);
        long probes = whole(memory, section, FreezableMemory.PROBE_WINDOWS, owner, problems);
        String key = learnEpochs >= 0 ? FreezableMemory.LEARN_EPOCHS : FreezableMemory.LEARN_WINDOWS;
        if (learnEpochs >= 0 && learnWindows >= 0) {
            problems.add(problem(memory, FreezableMemory.LEARN_WINDOWS, owner + "give either " + FreezableMemory.LEARN_EPOCHS + " or " + FreezableMemory.LEARN_WINDOWS
                    + ", not both: each sets when the memory freezes"));
        } else if ((learnEpochs >= 0 || learnWindows >= 0) && !freezable) {
            problems.add(problem(memory, key, owner + key + " asks to freeze it, but '" + memory + "' cannot be frozen: it learns nothing and "
                    + "computes the exact signal from the whole window at every step (it is the reference a frozen memory is "
                    + "compared with); remove " + key + " from its section (" + FreezableMemory.PROBE_WINDOWS
                    + " alone is fine), or freeze a learned memory such as reservoir or lstm"));
        } else if (learnEpochs >= epochs) {
            problems.add(problem(memory, FreezableMemory.LEARN_EPOCHS, owner + FreezableMemory.LEARN_EPOCHS + " is " + learnEpochs + ", but the trial has only " + epochs
                    + " epoch" + (epochs == 1 ? "" : "s") + ", so the memory would never run frozen; set "
                    + FreezableMemory.LEARN_EPOCHS + " below epochs (e.g. 1) or raise epochs"));
        }
        return new MemorySchedule(learnEpochs, learnWindows, probes >= 0 ? probes : DEFAULT_PROBE_WINDOWS);
    }

    /** The key's value as a whole number ≥ 0, -1 if absent, or -1 with a problem if not one. */
    private static long whole(String memory, Map<String, Object> section, String key, String owner,
            List<TrialProblem> problems) {
        Object v = section.get(key);
        if (v == null) {
            return -1;
        }
        if ((v instanceof Integer || v instanceof Long) && ((Number) v).longValue() >= 0) {
            return ((Number) v).longValue();
        }
        if (v instanceof String text && text.strip().matches("\\d+")) {
            // the command line's -M key=value hands every value over as text
            try {
                return Long.parseLong(text.strip());
            } catch (NumberFormatException tooLarge) {
                // falls through to the problem below
            }
        }
        problems.add(problem(memory, key, owner + key + " is " + v + "; it must be a whole number ≥ 0"));
        return -1;
    }

    /** The first schedule key the section gives (null if none), where a problem of the whole schedule is shown. */
    static String firstKey(Map<String, Object> section) {
        return KEYS.stream().filter(section::containsKey).findFirst().orElse(null);
    }

    /** A problem with one schedule key, located at that key of the memory's section. */
    static TrialProblem problem(String memory, String key, String message) {
        return new TrialProblem(TrialProblem.Kind.PARAMETER, PluginKind.MEMORY, memory, TrialProblem.NO_LAYER, key, message);
    }

    @Override
    public String toString() {
        if (!active()) {
            return "learns throughout";
        }
        String learn = learnEpochs >= 0 ? "learns " + learnEpochs + " epochs, then frozen"
                : learnWindows >= 0 ? "learns " + learnWindows + " windows, then frozen" : "learns throughout";
        return learn + "; probed on " + probeWindows + " windows per epoch";
    }
}
