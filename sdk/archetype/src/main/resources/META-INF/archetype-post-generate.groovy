// Keeps the sources of the chosen kind: moves kinds/<kind>/src to src/ and deletes kinds/.
// Maven's archetypes cannot select files by a property, so every kind is generated and all but one dropped.
def project = new File(request.outputDirectory, request.artifactId)
def kind = request.properties.get('kind')
def kinds = new File(project, 'kinds')
def chosen = new File(kinds, kind)
if (!chosen.isDirectory()) {
    throw new IllegalStateException("no sources for kind '" + kind + "' in the archetype")
}
chosen.eachFileRecurse(groovy.io.FileType.FILES) { file ->
    def target = new File(project, chosen.toPath().relativize(file.toPath()).toString())
    target.parentFile.mkdirs()
    if (!file.renameTo(target)) {
        throw new IllegalStateException("cannot move " + file + " to " + target)
    }
}
if (!kinds.deleteDir()) {
    throw new IllegalStateException("cannot delete " + kinds)
}
