#!/usr/bin/env bash
# Publishes the API in bundles/api as release <version> into this repository, the baseline of later builds:
#   sdk/api-baseline/publish.sh 1.1.0
# then set engram.api.baseline in bundles/api/pom.xml to that version and commit both. The tree's own
# version is left alone: the release is built from a copy.
set -euo pipefail
version="${1:?usage: $0 <version>, e.g. 1.1.0}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

mkdir -p "$work/bundles"
cp "$root/pom.xml" "$work/pom.xml"
cp -r "$root/bundles/api" "$work/bundles/api"
rm -rf "$work/bundles/api/target"
snapshot="$(sed -n 's:^  <version>\(.*\)</version>:\1:p' "$root/pom.xml" | head -1)"
sed -i "s:<version>$snapshot</version>:<version>$version</version>:" "$work/pom.xml" "$work/bundles/api/pom.xml"

# the baseline check compares with the previous release, which is the point of publishing a new one
mvn -B -q package -f "$work/bundles/api/pom.xml" -Dbnd.baseline.skip=true

# a standalone POM: the release must resolve without Engram's parent POM
cat > "$work/release.pom" <<POM
<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://maven.apache.org/POM/4.0.0 http://maven.apache.org/xsd/maven-4.0.0.xsd">
  <modelVersion>4.0.0</modelVersion>
  <groupId>org.engram</groupId>
  <artifactId>org.engram.api</artifactId>
  <version>$version</version>
  <name>Engram API $version (baseline)</name>
  <description>The published plugin contracts that bundles/api is baselined against; see sdk/api-baseline/README.md.</description>
</project>
POM
# deploy-file from a folder without a POM, which Maven would otherwise read as the project
(mkdir "$work/deploy" && cd "$work/deploy" && mvn -B -q org.apache.maven.plugins:maven-deploy-plugin:3.1.3:deploy-file \
    -Dfile="$work/bundles/api/target/org.engram.api-$version.jar" -DpomFile="$work/release.pom" \
    -DrepositoryId=engram-api-releases -Durl="file://$here")
echo "published org.engram.api $version into $here; now set engram.api.baseline to $version in bundles/api/pom.xml"
