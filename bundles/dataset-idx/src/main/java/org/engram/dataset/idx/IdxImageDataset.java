package org.engram.dataset.idx;

import java.nio.file.Path;
import java.util.List;
import org.engram.api.data.DataException;
import org.engram.api.data.DataSplits;
import org.engram.api.data.Dataset;
import org.engram.api.param.Parameter;
import org.engram.api.param.ParameterDescriptor;
import org.engram.api.param.ParameterSet;
import org.engram.api.param.Parameters;

/** What MNIST and Fashion-MNIST share: parameters, finding the folder and reading it. Stateless. */
abstract class IdxImageDataset implements Dataset {

    /** The parameters, declared once; {@code folder}'s default is {@code data/<name>}, set per dataset. */
    record Settings(
            @Parameter(defaultValue = "data/<name>",
                    description = "folder holding the four IDX files (train-images-idx3-ubyte, train-labels-idx1-ubyte, "
                            + "t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte; each raw or .gz); a relative path "
                            + "is taken from the launcher's working directory (framework property "
                            + DataFolders.WORKDIR_PROPERTY + "), then the current directory; ./setup-data.sh fills data/")
            String folder,
            @Parameter(defaultValue = "SYMMETRIC",
                    description = "pixel scaling, dimensionless: SYMMETRIC = x/255 then (x-0.5)/0.5, in [-1, 1] (the paper's); "
                            + "UNIT = x/255, in [0, 1] (the 2021 version's)")
            Normalization normalization,
            @Parameter(defaultValue = "1.0", min = 0.0, max = 1.0,
                    description = "share of each class of the training split to keep, chosen by the seed (1 = all 60 000; "
                            + "0.5 = the 2021 version's stratified half); the test split is always whole")
            double trainFraction) {
    }

    private final String name;
    private final String description;
    private final List<Path> baseDirectories;
    private final ParameterSet<Settings> settings;

    /**
     * @param name            the plugin's name and the last part of its default folder, {@code data/<name>}
     * @param baseDirectories where a relative folder is looked up, first match wins
     */
    IdxImageDataset(String name, String description, List<Path> baseDirectories) {
        this.name = name;
        this.description = description;
        this.baseDirectories = List.copyOf(baseDirectories);
        this.settings = ParameterSet.of(Settings.class).withDefault("folder", "data/" + name);
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public List<ParameterDescriptor> parameters() {
        return settings.descriptors();
    }

    @Override
    public DataSplits load(Parameters parameters, long seed) throws DataException {
        Settings given = settings.read(parameters);
        Path folder = DataFolders.locate(name, given.folder(), baseDirectories, IdxImageReader.SETUP_FIX);
        return IdxImageReader.read(name, folder, given.normalization(), given.trainFraction(), seed);
    }
}
