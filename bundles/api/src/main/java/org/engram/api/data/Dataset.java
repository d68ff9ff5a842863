package org.engram.api.data;

import org.engram.api.Plugin;
import org.engram.api.param.Parameters;
import org.osgi.annotation.versioning.ConsumerType;

/** A dataset plugin: reads or generates the data of one trial. Stateless; register with {@code @EngramDataset}. */
@ConsumerType
public interface Dataset extends Plugin {

    /**
     * Loads the data. Generated datasets derive everything from {@code seed}.
     *
     * @throws DataException naming the file and the problem, and how to get good data
     */
    DataSplits load(Parameters parameters, long seed) throws DataException;
}
