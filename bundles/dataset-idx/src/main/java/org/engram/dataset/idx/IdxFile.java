package org.engram.dataset.idx;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.engram.api.data.DataException;

/**
 * Reads one IDX file of unsigned bytes (LeCun's MNIST format), raw or gzipped. Compression is told by the
 * gzip magic number, not the file name, so a renamed file still reads.
 */
final class IdxFile {

    /** Magic of an IDX file of unsigned bytes with one dimension (labels). */
    static final int LABEL_MAGIC = 0x00000801;
    /** Magic of an IDX file of unsigned bytes with three dimensions (images). */
    static final int IMAGE_MAGIC = 0x00000803;

    private static final int GZIP_MAGIC_1 = 0x1f;
    private static final int GZIP_MAGIC_2 = 0x8b;

    /** Said after every problem with a file's content. */
    static final String FIX = "Run ./setup-data.sh at the repository root to fetch and verify the data again, "
            + "or set parameter 'folder' to a folder with good IDX files";

    /** The pixels of {@code count} images of {@code rows x columns} bytes, image after image, row-major. */
    record Images(int count, int rows, int columns, byte[] pixels) {
    }

    private IdxFile() {
    }

    /** Reads a label file and checks every label is below {@code classes}. */
    static byte[] readLabels(Path file, int classes) throws DataException {
        try (DataInputStream in = open(file)) {
            readMagic(in, file, LABEL_MAGIC, "label");
            long count = Integer.toUnsignedLong(in.readInt());
            byte[] labels = readBody(in, file, 8, count, "labels");
            for (int i = 0; i < labels.length; i++) {
                int label = labels[i] & 0xFF;
                if (label >= classes) {
                    throw new DataException(String.format(Locale.ROOT,
                            "%s: label %d (sample %d) is out of range; labels must be 0 to %d for %d classes. "
                                    + "The file is damaged or belongs to another data set. %s",
                            file, label, i, classes - 1, classes, FIX));
                }
            }
            return labels;
        } catch (IOException e) {
            throw unreadable(file, e, FIX);
        }
    }

    /** Reads an image file and checks the images are {@code rows x columns}. */
    static Images readImages(Path file, int rows, int columns) throws DataException {
        try (DataInputStream in = open(file)) {
            readMagic(in, file, IMAGE_MAGIC, "image");
            long count = Integer.toUnsignedLong(in.readInt());
            long fileRows = Integer.toUnsignedLong(in.readInt());
            long fileColumns = Integer.toUnsignedLong(in.readInt());
            if (fileRows != rows || fileColumns != columns) {
                throw new DataException(String.format(Locale.ROOT,
                        "%s: images are %dx%d but this data set's are %dx%d; the file belongs to another data set. %s",
                        file, fileRows, fileColumns, rows, columns, FIX));
            }
            byte[] pixels = readBody(in, file, 16, count * rows * columns, "pixel bytes (" + count + " images)");
            return new Images((int) count, rows, columns, pixels);
        } catch (IOException e) {
            throw unreadable(file, e, FIX);
        }
    }

    /** Opens a file for reading, through gzip if it starts with gzip's magic number. */
    static DataInputStream open(Path file) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        buffered.mark(2);
        int b1 = buffered.read();
        int b2 = buffered.read();
        buffered.reset();
        InputStream in = b1 == GZIP_MAGIC_1 && b2 == GZIP_MAGIC_2 ? new GZIPInputStream(buffered, 1 << 16) : buffered;
        return new DataInputStream(in);
    }

    private static void readMagic(DataInputStream in, Path file, int expected, String kind) throws IOException, DataException {
        int magic;
        try {
            magic = in.readInt();
        } catch (EOFException e) {
            throw new DataException(file + ": the file is shorter than an IDX header (empty or cut short). " + FIX, e);
        }
        if (magic != expected) {
            String hint = magic == LABEL_MAGIC ? " (an IDX label file: are the file names swapped?)"
                    : magic == IMAGE_MAGIC ? " (an IDX image file: are the file names swapped?)"
                    : " (not an IDX file of unsigned bytes: perhaps a failed download, e.g. an HTML page)";
            throw new DataException(String.format(Locale.ROOT,
                    "%s: wrong magic number 0x%08x%s; an IDX %s file starts with 0x%08x. %s",
                    file, magic, hint, kind, expected, FIX));
        }
    }

    /**
     * Reads exactly the {@code length} bytes the header announced, and checks nothing follows them.
     *
     * @param headerBytes where the body starts, for the message
     */
    private static byte[] readBody(DataInputStream in, Path file, int headerBytes, long length, String what)
            throws IOException, DataException {
        if (length > Integer.MAX_VALUE - 16) {
            throw new DataException(String.format(Locale.ROOT,
                    "%s: the header announces %d %s, more than one array can hold; the header is damaged. %s",
                    file, length, what, FIX));
        }
        byte[] body = new byte[(int) length];
        int read = readFully(in, body, file);
        if (read < body.length) {
            throw new DataException(String.format(Locale.ROOT,
                    "%s: truncated: the header announces %d %s after its %d header bytes, but the file ends after %d. %s",
                    file, length, what, headerBytes, read, FIX));
        }
        if (in.read() != -1) {
            // damaged gzip data can inflate to more bytes than were packed: its checksum, at the end, tells which it is
            try {
                in.transferTo(OutputStream.nullOutputStream());
            } catch (EOFException | ZipException e) {
                throw unreadable(file, e, FIX);
            }
            throw new DataException(String.format(Locale.ROOT,
                    "%s: the file goes on past the %d %s its header announces; the header or the file is damaged. %s",
                    file, length, what, FIX));
        }
        return body;
    }

    /** Reads until {@code into} is full or the stream ends; a gzip stream that stops early counts as an end. */
    static int readFully(InputStream in, byte[] into, Path file) throws IOException, DataException {
        int total = 0;
        try {
            while (total < into.length) {
                int n = in.read(into, total, into.length - total);
                if (n < 0) {
                    break;
                }
                total += n;
            }
        } catch (EOFException e) {
            // GZIPInputStream throws this when the compressed stream is cut short
            return total;
        } catch (ZipException e) {
            throw new DataException(file + ": the gzip data is corrupt (" + e.getMessage() + "). " + FIX, e);
        }
        return total;
    }

    /** @param fix what to do about a damaged file, ending without a full stop */
    static DataException unreadable(Path file, IOException e, String fix) {
        if (e instanceof EOFException) {
            return new DataException(file + ": truncated: the file ends inside its header or its gzip stream. " + fix, e);
        }
        if (e instanceof ZipException) {
            return new DataException(file + ": the gzip data is corrupt (" + e.getMessage() + "). " + fix, e);
        }
        return new DataException(file + ": cannot be read (" + e + "). Check the file's permissions. " + fix, e);
    }
}
