package org.engram.testkit;

import org.engram.api.data.Dataset;

class SampleDatasetContractTest extends DatasetContract {

    @Override
    protected Dataset dataset() {
        return new SampleDataset();
    }
}
