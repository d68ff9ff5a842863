package org.engram.dataset.idx;

import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.engram.api.EngramDataset;
import org.engram.api.data.DataException;
import org.engram.api.data.DataSplits;
import org.engram.api.data.Dataset;
import org.engram.api.param.Parameter;
import org.engram.api.param.ParameterDescriptor;
import org.engram.api.param.ParameterSet;
import org.engram.api.param.Parameters;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * CIFAR-10 from its binary version: {@code data_batch_1.bin} .. {@code data_batch_5.bin} (50 000 training
 * images) and {@code test_batch.bin} (10 000), each a run of 3073-byte records: a label byte, then 1024 red,
 * 1024 green and 1024 blue bytes, row-major. Files may be gzipped. Training augmentation (pad-and-crop, flip;
 * spec §5.2) is not done here: a SampleSet has no per-epoch randomness.
 */
@Component(service = Dataset.class)
@EngramDataset("cifar10")
public final class Cifar10Dataset implements Dataset {

    static final String NAME = "cifar10";

    static final int SIDE = 32;
    static final int PIXELS = CifarNormalization.CHANNELS * SIDE * SIDE;
    static final int RECORD = 1 + PIXELS;
    /** CIFAR-100's binary records carry a coarse and a fine label. */
    private static final int CIFAR100_RECORD = 2 + PIXELS;
    static final int CLASSES = 10;

    static final List<String> TRAIN_FILES = List.of("data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin",
            "data_batch_4.bin", "data_batch_5.bin");
    static final String TEST_FILE = "test_batch.bin";
    /** The folder the binary archive unpacks to; looked into when the files are not in the folder itself. */
    static final String ARCHIVE_FOLDER = "cifar-10-batches-bin";

    static final String FETCH_FIX = "CIFAR-10 is not shipped by any package registry this project uses: get the "
            + "'CIFAR-10 binary version' archive (cifar-10-binary.tar.gz) from its authors, unpack it, and set "
            + "parameter 'folder' to the unpacked " + ARCHIVE_FOLDER + " folder (default data/cifar10)";
    private static final String DAMAGED_FIX = "The file is damaged or not CIFAR-10's binary version; unpack "
            + "cifar-10-binary.tar.gz again";

    private final List<Path> baseDirectories;

    @Activate
    public Cifar10Dataset(BundleContext context) {
        this(DataFolders.baseDirectories(context));
    }

    /** For tests and embedding: relative folders are looked up in these directories, in order. */
    Cifar10Dataset(List<Path> baseDirectories) {
        this.baseDirectories = List.copyOf(baseDirectories);
    }

    @Override
    public String description() {
        return "CIFAR-10 colour images: 3x32x32, 10 classes, 50 000 train / 10 000 test, from the binary version's "
                + ".bin files; no augmentation";
    }

    /** The parameters, declared once. */
    record Settings(
            @Parameter(defaultValue = "data/" + NAME,
                    description = "folder holding data_batch_1.bin .. data_batch_5.bin and test_batch.bin (each raw or .gz), "
                            + "or holding the unpacked " + ARCHIVE_FOLDER + " folder; a relative path is taken from "
                            + "the launcher's working directory (framework property " + DataFolders.WORKDIR_PROPERTY
                            + "), then the current directory")
            String folder,
            @Parameter(defaultValue = "STANDARDIZED",
                    description = "pixel scaling, dimensionless: STANDARDIZED = x/255 then (x - mean)/sd per channel with "
                            + "mean (0.4914, 0.4822, 0.4465) and sd (0.247, 0.243, 0.261) (the paper's); "
                            + "SYMMETRIC = x/255 then (x-0.5)/0.5, in [-1, 1]; UNIT = x/255, in [0, 1]")
            CifarNormalization normalization) {

        static final ParameterSet<Settings> PARAMETERS = ParameterSet.of(Settings.class);
    }

    @Override
    public List<ParameterDescriptor> parameters() {
        return Settings.PARAMETERS.descriptors();
    }

    @Override
    public DataSplits load(Parameters parameters, long seed) throws DataException {
        Settings settings = Settings.PARAMETERS.read(parameters);
        Path folder = DataFolders.locate(NAME, settings.folder(), baseDirectories, FETCH_FIX);
        if (!hasFile(folder, TEST_FILE) && Files.isDirectory(folder.resolve(ARCHIVE_FOLDER))) {
            folder = folder.resolve(ARCHIVE_FOLDER);
        }
        CifarNormalization normalization = settings.normalization();
        List<Path> trainFiles = new ArrayList<>();
        for (String name : TRAIN_FILES) {
            trainFiles.add(DataFolders.find(NAME, folder, name, FETCH_FIX));
        }
        Batches train = read(trainFiles);
        Batches test = read(List.of(DataFolders.find(NAME, folder, TEST_FILE, FETCH_FIX)));

        double[] valueOfByte = normalization.lookupTable();
        ByteImageSet trainSet = new ByteImageSet(train.pixels(), train.labels(), PIXELS, valueOfByte);
        ByteImageSet testSet = new ByteImageSet(test.pixels(), test.labels(), PIXELS, valueOfByte);
        return new ImageSplits(NAME + "[" + normalization.word() + "]",
                IdxImageReader.contentHash(trainSet, testSet, normalization.name()),
                new int[] {CifarNormalization.CHANNELS, SIDE, SIDE}, CLASSES, trainSet, testSet);
    }

    private static boolean hasFile(Path folder, String name) {
        return Files.isRegularFile(folder.resolve(name)) || Files.isRegularFile(folder.resolve(name + ".gz"));
    }

    private record Batches(byte[] labels, byte[] pixels) {
    }

    /** Reads the files' records, in order, split into labels and pixels. */
    private static Batches read(List<Path> files) throws DataException {
        List<byte[]> contents = new ArrayList<>();
        long records = 0;
        for (Path file : files) {
            byte[] content = readAll(file);
            if (content.length == 0 || content.length % RECORD != 0) {
                String hint = content.length > 0 && content.length % CIFAR100_RECORD == 0
                        ? " (its size fits CIFAR-100's 3074-byte records: this reader is for CIFAR-10)" : "";
                throw new DataException(String.format(Locale.ROOT,
                        "%s: truncated or not a CIFAR-10 binary batch: %d bytes is not a whole number of %d-byte "
                                + "records (a label byte and %d pixel bytes)%s. %s",
                        file, content.length, RECORD, PIXELS, hint, DAMAGED_FIX));
            }
            contents.add(content);
            records += content.length / RECORD;
        }
        if (records * PIXELS > Integer.MAX_VALUE - 16) {
            throw new DataException(files + ": " + records + " images are more than one array can hold");
        }
        byte[] labels = new byte[(int) records];
        byte[] pixels = new byte[(int) records * PIXELS];
        int sample = 0;
        for (int f = 0; f < contents.size(); f++) {
            byte[] content = contents.get(f);
            for (int at = 0; at < content.length; at += RECORD, sample++) {
                int label = content[at] & 0xFF;
                if (label >= CLASSES) {
                    throw new DataException(String.format(Locale.ROOT,
                            "%s: label %d (record %d) is out of range; CIFAR-10 labels are 0 to 9. %s",
                            files.get(f), label, at / RECORD, DAMAGED_FIX));
                }
                labels[sample] = (byte) label;
                System.arraycopy(content, at + 1, pixels, sample * PIXELS, PIXELS);
            }
        }
        return new Batches(labels, pixels);
    }

    private static byte[] readAll(Path file) throws DataException {
        try (DataInputStream in = IdxFile.open(file)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw IdxFile.unreadable(file, e, DAMAGED_FIX);
        }
    }
}
