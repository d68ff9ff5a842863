package org.engram.dataset.idx;

import java.nio.file.Path;
import java.util.List;
import org.engram.api.EngramDataset;
import org.engram.api.data.Dataset;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/** Fashion-MNIST (Zalando clothing images) from IDX files, a drop-in harder MNIST. */
@Component(service = Dataset.class)
@EngramDataset("fashion-mnist")
public final class FashionMnistDataset extends IdxImageDataset {

    private static final String NAME = "fashion-mnist";
    private static final String DESCRIPTION =
            "Fashion-MNIST clothing images: 28x28 grey images, 10 classes, 60 000 train / 10 000 test, from IDX files";

    @Activate
    public FashionMnistDataset(BundleContext context) {
        this(DataFolders.baseDirectories(context));
    }

    /** For tests and embedding: relative folders are looked up in these directories, in order. */
    FashionMnistDataset(List<Path> baseDirectories) {
        super(NAME, DESCRIPTION, baseDirectories);
    }
}
