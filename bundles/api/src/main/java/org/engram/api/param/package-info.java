/** Plugin parameters: declared once on a settings record ({@link org.engram.api.param.Parameter}, {@link org.engram.api.param.ParameterSet}), their descriptors (name, type, default, range, meaning), resolved values and the problems found resolving them. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("2.0.0")
package org.engram.api.param;
