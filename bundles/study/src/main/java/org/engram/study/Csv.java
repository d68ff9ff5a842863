package org.engram.study;

/** CSV cells as RFC 4180 wants them: quoted only when they hold a comma, a quote or a line break. */
final class Csv {

    private Csv() {
    }

    static String cell(Object value) {
        String s = value == null ? "" : value.toString();
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}
