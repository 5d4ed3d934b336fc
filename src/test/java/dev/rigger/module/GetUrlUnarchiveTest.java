package dev.rigger.module;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GetUrlUnarchiveTest {
    private static final byte[] BODY = "payload-1\n".getBytes(StandardCharsets.UTF_8);
    @TempDir
    Path dir;
    @TempDir
    Path controller;
    private HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();
    private String base;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/files/", ex -> {
            requests.incrementAndGet();
            if (ex.getRequestURI().getPath().endsWith("/missing")) {
                ex.sendResponseHeaders(404, -1);
                ex.close();
                return;
            }
            if (ex.getRequestHeaders().getFirst("If-Modified-Since") != null) {
                ex.sendResponseHeaders(304, -1);
                ex.close();
                return;
            }
            ex.getResponseHeaders().add("Last-Modified", "Mon, 01 Jan 2024 00:00:00 GMT");
            ex.sendResponseHeaders(200, BODY.length);
            try (OutputStream os = ex.getResponseBody()) {
                os.write(BODY);
            }
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort() + "/files/";
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    @Test
    void getUrl_downloadsOnce_thenIfModifiedSinceIsOk() throws Exception {
        Path dest = dir.resolve("p.txt");
        ModuleResult r = Scenario.changesOnceThenOk(new GetUrlModule(), Map.of("url", base + "p.txt", "dest",
                dest.toString(), "mode", "0640"), dir, controller);
        assertEquals("payload-1\n", Files.readString(dest));
        assertEquals("OK (10 bytes)", r.data().get("msg"));
        assertEquals(200, r.data().get("status_code"));
        assertEquals("0640", r.data().get("mode"));
        try (var s = Files.list(dir)) {
            assertEquals(1, s.count(), "no temp file left behind");
        }
    }

    @Test
    void getUrl_onAHostWithoutCurlOrWget_theControllerDownloads() throws Exception {
        Path bin = controller.resolve("bin-without-curl");
        Files.createDirectories(bin);
        for (String d : new String[] {"/usr/bin", "/bin", "/usr/sbin"}) {
            try (var s = Files.list(Path.of(d))) {
                for (Path p : (Iterable<Path>) s::iterator) {
                    String n = p.getFileName().toString();
                    if (!n.equals("curl") && !n.equals("wget") && !Files.exists(bin.resolve(n))) {
                        Files.createSymbolicLink(bin.resolve(n), p);
                    }
                }
            }
        }
        Path dest = dir.resolve("p.txt");
        Map<String, Object> args = Map.of("url", base + "p.txt", "dest", dest.toString());
        ModuleResult first = Scenario.run(new GetUrlModule(), args,
                TestContext.normal(controller).withEnvironment(Map.of("PATH", bin.toString())));
        assertEquals(ModuleResult.Status.CHANGED, first.status(), first.data().toString());
        assertEquals("controller", first.data().get("downloaded_by"));
        assertEquals("payload-1\n", Files.readString(dest));
        ModuleResult second = Scenario.run(new GetUrlModule(), args,
                TestContext.normal(controller).withEnvironment(Map.of("PATH", bin.toString())));
        assertEquals(ModuleResult.Status.OK, second.status(), second.data().toString());
    }

    @Test
    void getUrl_matchingChecksum_makesNoRequest() throws Exception {
        Path dest = dir.resolve("p.txt");
        Files.write(dest, BODY);
        int before = requests.get();
        TestContext ctx = TestContext.normal(controller);
        ModuleResult r = Scenario.run(new GetUrlModule(), Map.of("url", base + "p.txt", "dest", dest.toString(),
                "checksum", "sha256:" + sha256(BODY)), ctx);
        assertEquals(ModuleResult.Status.OK, r.status());
        assertEquals(before, requests.get());
        assertEquals(1, ctx.roundTrips());
    }

    @Test
    void getUrl_checksumFromAChecksumFileUrl_downloadsThenMatches() throws Exception {
        Path sums = controller.resolve("SHA256SUMS");
        Files.writeString(sums, "0000  other.txt\n" + sha256(BODY) + " *./p.txt\n");
        Path dest = dir.resolve("p.txt");
        Map<String, Object> args = Map.of("url", base + "p.txt", "dest", dest.toString(),
                "checksum", "sha256:" + sums.toUri());
        ModuleResult first = Scenario.run(new GetUrlModule(), args, TestContext.normal(controller));
        assertEquals(ModuleResult.Status.CHANGED, first.status(), first.data().toString());
        int before = requests.get();
        ModuleResult second = Scenario.run(new GetUrlModule(), args, TestContext.normal(controller));
        assertEquals(ModuleResult.Status.OK, second.status(), second.data().toString());
        assertEquals(before, requests.get(), "a matching checksum makes no request for the file");
        // a file holding one word is that digest
        Files.writeString(sums, sha256(BODY).toUpperCase() + "\n");
        assertEquals(ModuleResult.Status.OK, Scenario.run(new GetUrlModule(), args, TestContext.normal(controller))
                .status());
    }

    @Test
    void getUrl_checksumFileWithoutTheName_failsAsAnsible() throws Exception {
        Path sums = controller.resolve("SHA256SUMS");
        Files.writeString(sums, "abcd  other.txt\nef01  more.txt\n");
        ModuleResult r = Scenario.run(new GetUrlModule(), Map.of("url", base + "p.txt", "dest",
                dir.resolve("p.txt").toString(), "checksum", "sha256:" + sums.toUri()), TestContext.normal(controller));
        assertEquals(ModuleResult.Status.FAILED, r.status());
        assertEquals("Unable to find a checksum for file 'p.txt' in '" + sums.toUri() + "'", r.data().get("msg"));
    }

    @Test
    void getUrl_wrongChecksum_failsAndKeepsDest() throws Exception {
        Path dest = dir.resolve("p.txt");
        ModuleResult r = Scenario.run(new GetUrlModule(), Map.of("url", base + "p.txt", "dest", dest.toString(),
                "checksum", "sha256:" + "0".repeat(64)), TestContext.normal(controller));
        assertEquals(ModuleResult.Status.FAILED, r.status());
        assertEquals("The checksum for " + dest + " did not match " + "0".repeat(64) + "; it was " + sha256(BODY)
                + ".", r.data().get("msg"));
        assertFalse(Files.exists(dest));
        try (var s = Files.list(dir)) {
            assertEquals(0, s.count());
        }
    }

    @Test
    void getUrl_intoDirectory_usesUrlBasename_andHttpErrorsFail() throws Exception {
        ModuleResult r = Scenario.run(new GetUrlModule(), Map.of("url", base + "named.bin?x=1", "dest",
                dir.toString()), TestContext.normal(controller));
        assertEquals(ModuleResult.Status.CHANGED, r.status());
        assertTrue(Files.exists(dir.resolve("named.bin")));
        ModuleResult same = Scenario.run(new GetUrlModule(), Map.of("url", base + "named.bin?x=1", "dest",
                dir.toString()), TestContext.normal(controller));
        assertEquals(ModuleResult.Status.OK, same.status());
        ModuleResult missing = Scenario.run(new GetUrlModule(), Map.of("url", base + "missing", "dest",
                dir.resolve("m").toString()), TestContext.normal(controller));
        assertEquals(ModuleResult.Status.FAILED, missing.status());
        assertEquals("Request failed: HTTP Error 404", missing.data().get("msg"));
    }

    private Path tarGz() throws Exception {
        Path src = controller.resolve("build");
        Files.createDirectories(src.resolve("app/bin"));
        Files.writeString(src.resolve("app/bin/run"), "#!/bin/sh\necho hi\n");
        Files.writeString(src.resolve("app/README"), "readme\n");
        Files.createDirectories(controller.resolve("files"));
        Path archive = controller.resolve("files/app.tar.gz");
        Process p = new ProcessBuilder("tar", "-czf", archive.toString(), "-C", src.toString(), "app").start();
        assertEquals(0, p.waitFor());
        return archive;
    }

    @Test
    void unarchive_tarGz_extractsOnceThenOk() throws Exception {
        tarGz();
        Path dest = dir.resolve("opt");
        Files.createDirectories(dest);
        ModuleResult r = Scenario.changesOnceThenOk(new UnarchiveModule(), Map.of("src", "app.tar.gz", "dest",
                dest.toString(), "list_files", true), dir, controller);
        assertEquals("readme\n", Files.readString(dest.resolve("app/README")));
        assertTrue(((List<?>) r.data().get("files")).contains("app/README"));
        Files.writeString(dest.resolve("app/README"), "changed locally\n");
        ModuleResult again = Scenario.run(new UnarchiveModule(), Map.of("src", "app.tar.gz", "dest", dest.toString()),
                TestContext.normal(controller));
        assertEquals(ModuleResult.Status.CHANGED, again.status());
        assertEquals("readme\n", Files.readString(dest.resolve("app/README")));
    }

    @Test
    void unarchive_remoteZip_andCreates() throws Exception {
        Path zip = dir.resolve("a.zip");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(zip))) {
            z.putNextEntry(new ZipEntry("top/one.txt"));
            z.write("1".getBytes(StandardCharsets.UTF_8));
            z.closeEntry();
            z.putNextEntry(new ZipEntry("top/with space.txt"));
            z.write("2".getBytes(StandardCharsets.UTF_8));
            z.closeEntry();
        }
        Path dest = dir.resolve("out");
        Files.createDirectories(dest);
        Scenario.changesOnceThenOk(new UnarchiveModule(), Map.of("src", zip.toString(), "dest", dest.toString(),
                "remote_src", true), dir, controller);
        assertEquals("2", Files.readString(dest.resolve("top/with space.txt")));
        ModuleResult skipped = Scenario.run(new UnarchiveModule(), Map.of("src", zip.toString(), "dest",
                dest.toString(), "remote_src", true, "creates", dest.resolve("top").toString()),
                TestContext.normal(controller));
        assertEquals(ModuleResult.Status.SKIPPED, skipped.status());
        assertEquals("skipped, since " + dest.resolve("top") + " exists", skipped.data().get("msg"));
    }

    @Test
    void unarchive_modeOnMembers_isIdempotent() throws Exception {
        tarGz();
        Path dest = dir.resolve("opt");
        Files.createDirectories(dest);
        Map<String, Object> args = Map.of("src", "app.tar.gz", "dest", dest.toString(), "mode", "0750");
        Scenario.changesOnceThenOk(new UnarchiveModule(), args, dir, controller);
        assertEquals("rwxr-x---", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dest.resolve("app/README"))));
        Files.setPosixFilePermissions(dest.resolve("app/README"),
                java.nio.file.attribute.PosixFilePermissions.fromString("rw-rw-rw-"));
        assertEquals(ModuleResult.Status.CHANGED, Scenario.run(new UnarchiveModule(), args,
                TestContext.normal(controller)).status());
    }

    @Test
    void unarchive_missingDest_failsClearly() throws Exception {
        tarGz();
        ModuleResult r = Scenario.run(new UnarchiveModule(), Map.of("src", "app.tar.gz", "dest",
                dir.resolve("nope").toString()), TestContext.normal(controller));
        assertEquals(ModuleResult.Status.FAILED, r.status());
        assertEquals("dest '" + dir.resolve("nope") + "' must be an existing dir", r.data().get("msg"));
    }
}
