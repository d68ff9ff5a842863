package org.engram.study;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.ParserException;
import org.yaml.snakeyaml.scanner.ScannerException;

/**
 * A YAML document as a small tree whose every node knows its line, so a message can point at the line a
 * value was written on. Only plain data is accepted: maps with text keys, lists and scalars; scalars are
 * built by snakeyaml's {@link SafeConstructor}, which creates no arbitrary classes.
 */
final class Yaml {

    private Yaml() {
    }

    /** A node and its 1-based line. */
    sealed interface YNode permits YMap, YList, YScalar {
        int line();

        /** The plain Java value: maps, lists, numbers, words, booleans. */
        Object plain();
    }

    /** A mapping; {@code keyLines} holds the line of each key. */
    record YMap(Map<String, YNode> entries, Map<String, Integer> keyLines, int line) implements YNode {
        YMap {
            entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
            keyLines = Collections.unmodifiableMap(new LinkedHashMap<>(keyLines));
        }

        YNode get(String key) {
            return entries.get(key);
        }

        int keyLine(String key) {
            Integer l = keyLines.get(key);
            return l == null ? line : l;
        }

        @Override
        public Object plain() {
            Map<String, Object> out = new LinkedHashMap<>();
            entries.forEach((k, v) -> out.put(k, v.plain()));
            return out;
        }
    }

    record YList(List<YNode> items, int line) implements YNode {
        YList {
            items = List.copyOf(items);
        }

        @Override
        public Object plain() {
            List<Object> out = new ArrayList<>();
            items.forEach(i -> out.add(i.plain()));
            return out;
        }
    }

    /** A scalar; {@code value} is null for YAML's null ({@code ~} or nothing). */
    record YScalar(Object value, int line) implements YNode {
        @Override
        public Object plain() {
            return value;
        }
    }

    /** A syntax or structure error at a line (0 when unknown). */
    static final class YamlError extends Exception {
        private static final long serialVersionUID = 1L;
        final int line;

        YamlError(String message, int line) {
            super(message);
            this.line = line;
        }
    }

    /** Exposes the constructor's scalar construction, which is all this parser uses of it. */
    private static final class ScalarConstructor extends SafeConstructor {
        ScalarConstructor(LoaderOptions options) {
            super(options);
        }

        Object scalar(ScalarNode node) {
            return constructObject(node);
        }
    }

    /**
     * Parses one YAML document.
     *
     * @return the root, or null for an empty document
     * @throws YamlError for bad syntax, several documents, duplicate keys, non-text keys or unknown tags
     */
    static YNode parse(String text) throws YamlError {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(50);
        org.yaml.snakeyaml.Yaml yaml = new org.yaml.snakeyaml.Yaml(new SafeConstructor(options));
        Node root;
        try {
            root = yaml.compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String problem = e.getProblem() == null ? e.getMessage() : e.getProblem();
            Mark start = e.getContextMark();
            String context = e.getContext() == null ? ""
                    : " (" + e.getContext() + (start != null && mark != null && start.getLine() != mark.getLine()
                            ? " that starts on line " + (start.getLine() + 1) : "") + ")";
            boolean syntax = e instanceof ScannerException || e instanceof ParserException;
            throw new YamlError("YAML: " + problem + context + (syntax ? "; check the brackets, quotes and indentation there" : ""),
                    mark == null ? 0 : mark.getLine() + 1);
        } catch (YAMLException e) {
            throw new YamlError("YAML: " + e.getMessage(), 0);
        }
        return root == null ? null : convert(root, new ScalarConstructor(options));
    }

    private static YNode convert(Node node, ScalarConstructor constructor) throws YamlError {
        int line = node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
        if (!(node instanceof ScalarNode) && !node.getTag().equals(Tag.MAP) && !node.getTag().equals(Tag.SEQ)) {
            throw new YamlError("unsupported tag " + node.getTag() + "; a study holds plain mappings, lists and values", line);
        }
        if (node instanceof MappingNode map) {
            Map<String, YNode> entries = new LinkedHashMap<>();
            Map<String, Integer> keyLines = new LinkedHashMap<>();
            for (NodeTuple t : map.getValue()) {
                Node keyNode = t.getKeyNode();
                int keyLine = keyNode.getStartMark().getLine() + 1;
                if (keyNode.getTag().equals(Tag.MERGE)) {
                    throw new YamlError("merge keys (<<) are not supported; use 'defaults' for shared settings", keyLine);
                }
                Object key = keyNode instanceof ScalarNode k ? scalar(k, constructor, keyLine) : null;
                if (key == null) {
                    throw new YamlError("keys must be plain words", keyLine);
                }
                String name = key.toString();
                if (entries.containsKey(name)) {
                    throw new YamlError("duplicate key '" + name + "' (first on line " + keyLines.get(name) + ")", keyLine);
                }
                entries.put(name, convert(t.getValueNode(), constructor));
                keyLines.put(name, keyLine);
            }
            return new YMap(entries, keyLines, line);
        }
        if (node instanceof SequenceNode seq) {
            List<YNode> items = new ArrayList<>();
            for (Node n : seq.getValue()) {
                items.add(convert(n, constructor));
            }
            return new YList(items, line);
        }
        return new YScalar(scalar((ScalarNode) node, constructor, line), line);
    }

    private static Object scalar(ScalarNode node, ScalarConstructor constructor, int line) throws YamlError {
        Object value;
        try {
            value = constructor.scalar(node);
        } catch (YAMLException e) {
            throw new YamlError("unsupported value '" + node.getValue() + "': " + e.getMessage(), line);
        }
        if (value != null && !(value instanceof String || value instanceof Number || value instanceof Boolean)) {
            throw new YamlError("unsupported value '" + node.getValue()
                    + "'; write a number, a word or true/false (quote dates)", line);
        }
        return value;
    }
}
