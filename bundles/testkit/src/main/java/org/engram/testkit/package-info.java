/** Contract test suites: extend one per plugin to run the checks every plugin of that kind must pass. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package org.engram.testkit;
