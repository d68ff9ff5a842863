package org.engram.study;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.engram.api.study.InvalidStudyException;

/** A study file's text: UTF-8, as YAML is, with the line of the first byte that is not, when one is not. */
final class StudyText {

    private StudyText() {
    }

    static String read(Path file) throws InvalidStudyException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new InvalidStudyException(file.toString(), List.of(file + ": cannot read the file (" + e + ")"));
        }
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = utf8.decode(in, out, true);
        if (result.isError()) {
            int at = in.position();
            int line = 1;
            for (int i = 0; i < at; i++) {
                line += bytes[i] == '\n' ? 1 : 0;
            }
            throw new InvalidStudyException(file.toString(), List.of(String.format("%s:%d: the file is not UTF-8 text (byte "
                    + "0x%02X at offset %d is not UTF-8; another encoding, such as Latin-1 or UTF-16, or not a text file); "
                    + "save it as UTF-8", file, line, bytes[at] & 0xFF, at)));
        }
        utf8.flush(out);
        return out.flip().toString();
    }
}
