package org.engram.dataset.idx;

import java.nio.file.Path;
import java.util.List;
import org.engram.api.EngramDataset;
import org.engram.api.data.Dataset;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/** MNIST handwritten digits from IDX files. */
@Component(service = Dataset.class)
@EngramDataset("mnist")
public final class MnistDataset extends IdxImageDataset {

    private static final String NAME = "mnist";
    private static final String DESCRIPTION =
            "MNIST handwritten digits: 28x28 grey images, 10 classes, 60 000 train / 10 000 test, from IDX files";

    @Activate
    public MnistDataset(BundleContext context) {
        this(DataFolders.baseDirectories(context));
    }

    /** For tests and embedding: relative folders are looked up in these directories, in order. */
    MnistDataset(List<Path> baseDirectories) {
        super(NAME, DESCRIPTION, baseDirectories);
    }
}
