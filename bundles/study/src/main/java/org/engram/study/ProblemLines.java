package org.engram.study;

import java.util.Map;
import org.engram.api.PluginKind;
import org.engram.api.engine.TrialProblem;
import org.engram.study.Yaml.YList;
import org.engram.study.Yaml.YMap;
import org.engram.study.Yaml.YNode;

/**
 * Where in the study file a problem the engine found is written: the engine's problems are data (plugin kind, layer,
 * parameter), and this maps them onto the lines of the sections the trial was built from.
 */
final class ProblemLines {

    private ProblemLines() {
    }

    /**
     * Finds the line an engine problem comes from, by what it concerns: the parameter's key, else the plugin's
     * name, else the layer or the plugin's section, else the trial.
     *
     * @param trialLine where the trial's entry is written
     * @param sections  the trial's sections, as its spec was built from them
     */
    static int lineOf(TrialProblem problem, int trialLine, Map<String, YNode> sections) {
        YMap target = problem.plugin() == null ? null : target(sections, problem.plugin(), problem.layer());
        if (target != null) {
            if (problem.parameter() != null && target.get(problem.parameter()) != null) {
                return target.keyLine(problem.parameter());
            }
            String nameKey = problem.plugin() == PluginKind.NEURON ? "neuron" : "name";
            if (problem.kind() != TrialProblem.Kind.PARAMETER && target.get(nameKey) != null) {
                return target.get(nameKey).line();
            }
            return target.line();
        }
        YNode network = sections.get("network");
        if (problem.layer() != TrialProblem.NO_LAYER && network instanceof YList l && problem.layer() < l.items().size()) {
            return l.items().get(problem.layer()).line();
        }
        boolean inNetwork = problem.plugin() == null ? problem.kind() == TrialProblem.Kind.MISSING
                : problem.plugin() == PluginKind.NEURON || problem.plugin() == PluginKind.CONNECTIVITY;
        YNode section = inNetwork ? network : problem.plugin() == null ? null : sections.get(problem.plugin().word());
        return section != null ? section.line() : trialLine;
    }

    /**
     * The mapping that configures the plugin a problem concerns: a layer's (its neuron model's parameters sit beside
     * {@code neuron}), its {@code connectivity}, or the plugin's section; null when the trial does not write one.
     */
    private static YMap target(Map<String, YNode> sections, PluginKind plugin, int layer) {
        if (plugin == PluginKind.NEURON || plugin == PluginKind.CONNECTIVITY) {
            if (layer == TrialProblem.NO_LAYER || !(sections.get("network") instanceof YList l) || layer >= l.items().size()
                    || !(l.items().get(layer) instanceof YMap m)) {
                return null;
            }
            return plugin == PluginKind.NEURON ? m : m.get(StudyParser.CONNECTIVITY) instanceof YMap c ? c : null;
        }
        return sections.get(plugin.word()) instanceof YMap m ? m : null;
    }
}
