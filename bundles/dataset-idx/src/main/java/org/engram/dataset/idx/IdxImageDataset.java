package org.engram.dataset.idx;

import java.nio.file.Path;
import java.util.List;
import org.engram.api.data.DataException;
import org.engram.api.data.DataSplits;
import org.engram.api.data.Dataset;
import org.engram.api.param.ParameterDescriptor;
import org.engram.api.param.Parameters;

/** What MNIST and Fashion-MNIST share: parameters, finding the folder and reading it. Stateless. */
abstract class IdxImageDataset implements Dataset {

    static final String FOLDER = "folder";
    static final String NORMALIZATION = "normalization";
    static final String TRAIN_FRACTION = "trainFraction";

    private final String name;
    private final String description;
    private final List<Path> baseDirectories;

    /**
     * @param name            the plugin's name and the last part of its default folder, {@code data/<name>}
     * @param baseDirectories where a relative folder is looked up, first match wins
     */
    IdxImageDataset(String name, String description, List<Path> baseDirectories) {
        this.name = name;
        this.description = description;
        this.baseDirectories = List.copyOf(baseDirectories);
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public List<ParameterDescriptor> parameters() {
        return List.of(
                ParameterDescriptor.text(FOLDER, "data/" + name,
                        "folder holding the four IDX files (train-images-idx3-ubyte, train-labels-idx1-ubyte, "
                                + "t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte; each raw or .gz); a relative path "
                                + "is taken from the launcher's working directory (framework property "
                                + DataFolders.WORKDIR_PROPERTY + "), then the current directory; ./setup-data.sh fills data/"),
                ParameterDescriptor.choice(NORMALIZATION, Normalization.SYMMETRIC,
                        "pixel scaling, dimensionless: SYMMETRIC = x/255 then (x-0.5)/0.5, in [-1, 1] (the paper's); "
                                + "UNIT = x/255, in [0, 1] (the 2021 version's)"),
                ParameterDescriptor.real(TRAIN_FRACTION, 1.0, 0.0, 1.0,
                        "share of each class of the training split to keep, chosen by the seed (1 = all 60 000; "
                                + "0.5 = the 2021 version's stratified half); the test split is always whole"));
    }

    @Override
    public DataSplits load(Parameters parameters, long seed) throws DataException {
        Path folder = DataFolders.locate(name, parameters.getString(FOLDER), baseDirectories, IdxImageReader.SETUP_FIX);
        Normalization normalization = parameters.getEnum(NORMALIZATION, Normalization.class);
        return IdxImageReader.read(name, folder, normalization, parameters.getDouble(TRAIN_FRACTION), seed);
    }
}
