package org.engram.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher in this JVM on a made-up installation, with {@link FakeCli} as the command line bundle. */
class MainTest {

    private static final Map<String, String> ACTIVATOR_IMPORTS = Map.of("Import-Package", "org.osgi.framework");

    @TempDir
    Path home;

    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private Main main;

    @BeforeEach
    void setUp() throws IOException {
        Files.createDirectories(home.resolve("bundle"));
        Files.createDirectories(home.resolve("plugins"));
        main = new Main(home, new PrintStream(errBytes, true, StandardCharsets.UTF_8), Duration.ofMillis(500));
    }

    private String err() {
        return errBytes.toString(StandardCharsets.UTF_8);
    }

    private void installFakeCli() throws IOException {
        TestJars.bundle(home.resolve("bundle/fake-cli.jar"), "test.fake.cli",
                Map.of("Bundle-Activator", FakeCli.class.getName(), "Import-Package", "org.osgi.framework"), FakeCli.class);
    }

    @Test
    void exitCodeAndArgumentsTravelThroughTheCliBundle() throws Exception {
        installFakeCli();

        assertEquals(7, main.run(new String[] {"7", FakeCli.SECOND_ARGUMENT}));
        assertEquals("", err());
    }

    @Test
    void brokenPluginsAreReportedByNameAndTheCommandStillRuns() throws Exception {
        installFakeCli();
        TestJars.plainJar(home.resolve("plugins/not-a-bundle.jar"));
        TestJars.bundle(home.resolve("plugins/unresolvable.jar"), "test.unresolvable",
                Map.of("Import-Package", "org.example.nowhere"));
        TestJars.bundle(home.resolve("plugins/throwing.jar"), "test.throwing",
                Map.of("Bundle-Activator", ThrowingActivator.class.getName(), "Import-Package", "org.osgi.framework"),
                ThrowingActivator.class);
        Files.writeString(home.resolve("plugins/truncated.jar"), "not a zip");

        assertEquals(3, main.run(new String[] {"3", FakeCli.SECOND_ARGUMENT}));

        String err = err();
        assertTrue(err.contains("plugins/not-a-bundle.jar: is not a bundle"), err);
        assertTrue(err.contains("plugins/unresolvable.jar: cannot start test.unresolvable") && err.contains("org.example.nowhere"), err);
        assertTrue(err.contains("plugins/throwing.jar: cannot start test.throwing") && err.contains(ThrowingActivator.MESSAGE), err);
        assertTrue(err.contains("plugins/truncated.jar: cannot read it"), err);
    }

    @Test
    void aPluginBuiltAgainstAnotherApiVersionIsToldToRebuildAndOtherMissingImportsAreNamed() throws Exception {
        installFakeCli();
        TestJars.bundle(home.resolve("bundle/api.jar"), "test.api", Map.of("Export-Package", "org.engram.api;version=1.0.0"));
        TestJars.bundle(home.resolve("plugins/old.jar"), "test.old",
                Map.of("Import-Package", "org.engram.api;version=\"[2.0,3)\""));
        TestJars.bundle(home.resolve("plugins/lost.jar"), "test.lost", Map.of("Import-Package", "org.example.nowhere"));

        assertEquals(0, main.run(new String[] {"0", FakeCli.SECOND_ARGUMENT}));

        String err = err();
        assertTrue(err.contains("plugins/old.jar: cannot start test.old 1.0.0: it was built against another Engram API: it needs "
                + "org.engram.api [2.0.0, 3.0.0) but this installation has org.engram.api 1.0.0; rebuild it against this "
                + "installation's API"), err);
        assertTrue(err.contains("plugins/lost.jar: cannot start test.lost 1.0.0: it needs package org.example.nowhere, which no "
                + "installed bundle exports; add the bundle that exports it to plugins/, or remove it"), err);
    }

    @Test
    void withoutACliBundleTheLauncherGivesUpWithExitCode2() throws Exception {
        assertEquals(Main.EXIT_NO_ANSWER, main.run(new String[] {"plugins"}));
        assertTrue(err().contains("no org.engram.cli bundle answered; is it in bundle/?"), err());
    }

    @Test
    void shellOnlyBundlesAreNotInstalledForOtherCommands() throws Exception {
        installFakeCli();
        for (String shellOnly : Main.SHELL_ONLY) {
            // would fail loudly if the launcher started it
            TestJars.bundle(home.resolve("bundle/" + shellOnly + ".jar"), shellOnly,
                    Map.of("Bundle-Activator", ThrowingActivator.class.getName(), "Import-Package", "org.osgi.framework"),
                    ThrowingActivator.class);
        }

        assertEquals(0, main.run(new String[] {"0", FakeCli.SECOND_ARGUMENT}));
        assertFalse(err().contains(ThrowingActivator.MESSAGE), err());
    }

    @Test
    void frameworkStorageIsDeletedAfterTheRunAndAbandonedOnesToo() throws Exception {
        installFakeCli();
        Path abandoned = home.resolve("cache/" + FrameworkStorage.PREFIX + "killed");
        Files.createDirectories(abandoned.resolve("felix/bundle1"));
        Files.writeString(abandoned.resolve("lock"), "");

        assertEquals(0, main.run(new String[] {"0", FakeCli.SECOND_ARGUMENT}));

        try (Stream<Path> left = Files.list(home.resolve("cache"))) {
            assertEquals(0, left.count());
        }
    }

    @Test
    void aFolderLeftWithoutItsLockByACutShortDeletionIsRemovedOnceItIsOld() throws Exception {
        Path cache = home.resolve("cache");
        Path cutShort = cache.resolve(FrameworkStorage.PREFIX + "cut-short");
        Files.createDirectories(cutShort.resolve("felix/bundle1"));
        Path beingCreated = cache.resolve(FrameworkStorage.PREFIX + "being-created");
        Files.createDirectories(beingCreated);
        Files.setLastModifiedTime(cutShort, FileTime.from(Instant.now().minus(FrameworkStorage.UNLOCKED_GRACE).minusSeconds(60)));

        FrameworkStorage.deleteAbandoned(cache);

        assertFalse(Files.exists(cutShort), "a pre-empted launch's half-deleted folder must not pile up");
        assertTrue(Files.isDirectory(beingCreated), "a fresh folder without its lock yet is another launch starting");
    }

    @Test
    void storageInUseByAnotherLaunchIsLeftAlone() throws Exception {
        try (FrameworkStorage running = FrameworkStorage.create(home.resolve("cache"))) {
            FrameworkStorage.deleteAbandoned(home.resolve("cache"));
            assertTrue(Files.isDirectory(running.runDir()));
        }
    }

    @Test
    void aFolderWithoutBundlesIsNoInstallation() throws IOException {
        Files.delete(home.resolve("bundle"));

        Exception e = assertThrows(IllegalStateException.class, () -> main.run(new String[] {"plugins"}));
        assertTrue(e.getMessage().contains("no bundle/ folder"), e.getMessage());
    }

    @Test
    void engramHomePropertyOverridesTheJarLocation() throws Exception {
        String before = System.getProperty("engram.home");
        System.setProperty("engram.home", home.toString());
        try {
            assertEquals(home.toAbsolutePath().normalize(), Main.locateHome());
        } finally {
            if (before == null) {
                System.clearProperty("engram.home");
            } else {
                System.setProperty("engram.home", before);
            }
        }
    }

    @Test
    void shellSettingsComeFromTheInstallationAndCanBeOverridden() throws Exception {
        Files.createDirectories(home.resolve("conf"));
        Files.writeString(home.resolve("conf/engram.properties"), "felix.fileinstall.poll=250\n");
        try (FrameworkStorage storage = FrameworkStorage.create(home.resolve("cache"))) {
            Path log = storage.root().resolve(Main.LOG_FILE);
            Map<String, String> shell = main.frameworkProperties(storage, true, log);
            Map<String, String> command = main.frameworkProperties(storage, false, log);

            assertEquals(home.resolve("plugins").toString(), shell.get("felix.fileinstall.dir"));
            assertEquals("250", shell.get("felix.fileinstall.poll"));
            assertEquals(storage.frameworkDir().toString(), shell.get("org.osgi.framework.storage"));
            assertFalse(command.containsKey("felix.fileinstall.dir"));
            // FileInstall's temporary folder lives and dies with the process's storage, never in the system's
            assertEquals(storage.runDir().resolve("fileinstall").toString(), shell.get("felix.fileinstall.tmpdir"));
            assertEquals(log.toString(), command.get(Main.LOG_PROPERTY));
        }
    }

    /** SCR's message and stack trace become one line: its first line without the level, then the exception. */
    @Test
    void aDeclarativeServicesMessageIsShownAsItsFirstLineAndItsException() {
        String scr = "ERROR : bundle test.deactivate:1.0.0 (40)[test.deactivate(3)] : The failToDeactivate method has "
                + "thrown an exception\njava.lang.IllegalStateException: on purpose\n\tat a.B.c(B.java:1)\n";

        assertEquals("bundle test.deactivate:1.0.0 (40)[test.deactivate(3)] : The failToDeactivate method has thrown an "
                + "exception: java.lang.IllegalStateException: on purpose", DsLog.headline(scr));
    }
}
