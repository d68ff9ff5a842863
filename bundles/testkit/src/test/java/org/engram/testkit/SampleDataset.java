package org.engram.testkit;

import org.engram.api.EngramDataset;
import org.engram.api.data.Dataset;
import org.osgi.service.component.annotations.Component;

/** The well-behaved sample dataset, registered as a plugin. */
@Component(service = Dataset.class)
@EngramDataset("sample-blobs")
public final class SampleDataset extends BlobDataset {
}
