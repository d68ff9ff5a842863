package org.engram.bench;

/** A page of Markdown built line by line, tables as pipe rows. */
final class Markdown {
    private final StringBuilder text = new StringBuilder();

    void line() {
        text.append('\n');
    }

    void line(String s) {
        text.append(s).append('\n');
    }

    void row(String... cells) {
        text.append("| ").append(String.join(" | ", cells)).append(" |\n");
    }

    void rule(int columns) {
        text.append('|');
        for (int i = 0; i < columns; i++) {
            text.append("---|");
        }
        text.append('\n');
    }

    String text() {
        return text.toString();
    }
}
