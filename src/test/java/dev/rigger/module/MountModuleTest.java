package dev.rigger.module;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ansible.posix.mount against a temp fstab, with stub mount and umount on PATH (they record their arguments and
 * fail when a marker file says so). The fstab bytes are what ansible.posix.mount 1.5.4 wrote for the same tasks
 * run by ansible-playbook 2.14.18 with -c local; the mount points of the fstab-only cases do not exist.
 */
class MountModuleTest {
    @TempDir
    Path dir;
    private Path log;
    private Map<String, String> env;

    @BeforeEach
    void setUp() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        log = dir.resolve("calls");
        Files.writeString(bin.resolve("mount"), "#!/bin/sh\necho \"mount $*\" >> " + log + "\n"
                + "case \"$*\" in *remount*) [ -f " + dir.resolve("failremount") + " ] && { echo 'no remount' >&2; "
                + "exit 32; };; esac\n"
                + "case \"$*\" in -v) echo 'proc on /proc type proc (rw)';; esac\n"
                + "[ -f " + dir.resolve("failmount") + " ] && { echo 'mount: boom out'; echo 'mount: boom err' >&2; "
                + "exit 32; }\nexit 0\n");
        Files.writeString(bin.resolve("umount"), "#!/bin/sh\necho \"umount $*\" >> " + log + "\n"
                + "[ -f " + dir.resolve("failumount") + " ] && { echo 'umount: busy' >&2; exit 32; }\nexit 0\n");
        bin.resolve("mount").toFile().setExecutable(true);
        bin.resolve("umount").toFile().setExecutable(true);
        env = Map.of("PATH", bin + ":/usr/bin:/bin");
    }

    private TestContext normal() {
        return TestContext.normal(dir).withEnvironment(env);
    }

    private TestContext check() {
        return TestContext.check(dir).withEnvironment(env);
    }

    private static Map<String, Object> args(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private ModuleResult run(Map<String, Object> a, TestContext c) {
        return Scenario.run(new MountModule(), a, c);
    }

    private String calls() throws Exception {
        return Files.exists(log) ? Files.readString(log) : "";
    }

    @Test
    void presentAndAbsent_writeTheFstabAsAnsible_swapBySrc_escapedSpaces_bootNo_andAreIdempotent() throws Exception {
        String f = dir.resolve("sub/fstab").toString();
        ModuleResult r = run(args("path", "/mnt/rigger-t/data", "src", "/dev/sdb1", "fstype", "ext4", "state",
                "present", "fstab", f), normal());
        assertEquals(ModuleResult.Status.CHANGED, r.status());
        assertEquals(Map.of("name", "/mnt/rigger-t/data", "opts", "defaults", "dump", "0", "passno", "0", "fstab", f,
                "boot", "yes", "backup_file", "", "src", "/dev/sdb1", "fstype", "ext4"), r.data());
        assertEquals(ModuleResult.Status.OK, run(args("path", "/mnt/rigger-t/data", "src", "/dev/sdb1", "fstype",
                "ext4", "state", "present", "fstab", f), normal()).status());
        Map<String, Object> swap = args("path", "none", "src", "/swapfile", "fstype", "swap", "opts", "sw", "state",
                "present", "fstab", f);
        assertEquals(ModuleResult.Status.CHANGED, run(swap, normal()).status());
        assertEquals(ModuleResult.Status.OK, run(swap, normal()).status());
        assertEquals(ModuleResult.Status.CHANGED, run(args("path", "none", "src", "/swapfile2", "fstype", "swap",
                "opts", "sw", "passno", "0", "dump", "0", "state", "present", "fstab", f), normal()).status());
        assertEquals(ModuleResult.Status.OK, run(swap, normal()).status());
        Map<String, Object> space = args("path", "/mnt/rigger-t/my data", "src", "//srv/share x&y\\z", "fstype",
                "cifs", "opts", "user=a,noauto", "state", "present", "fstab", f, "boot", false);
        r = run(space, normal());
        assertEquals(ModuleResult.Status.CHANGED, r.status());
        assertEquals(List.of("Ignore the 'boot' due to 'opts' contains 'noauto'."), r.data().get("warnings"));
        assertEquals("yes", r.data().get("boot"));
        assertEquals(ModuleResult.Status.OK, run(space, normal()).status());
        r = run(args("path", "/mnt/rigger-t/nb", "src", "/dev/sdc1", "fstype", "xfs", "opts", "rw,relatime",
                "state", "present", "fstab", f, "boot", false), normal());
        assertEquals("rw,relatime,noauto", r.data().get("opts"));
        assertEquals("no", r.data().get("boot"));
        String before = Files.readString(Path.of(f));
        r = run(args("path", "/mnt/rigger-t/data", "src", "/dev/sdb1", "fstype", "ext4", "opts", "noatime", "state",
                "present", "fstab", f, "backup", true), check());
        assertEquals(ModuleResult.Status.CHANGED, r.status());
        assertEquals(before, Files.readString(Path.of(f)), "check mode wrote the fstab");
        r = run(args("path", "/mnt/rigger-t/data", "src", "/dev/sdb1", "fstype", "ext4", "opts", "noatime", "state",
                "present", "fstab", f, "backup", true), normal());
        String backup = (String) r.data().get("backup_file");
        assertTrue(backup.startsWith(f + "."), backup);
        assertEquals(before, Files.readString(Path.of(backup)));
        assertEquals("/dev/sdb1 /mnt/rigger-t/data ext4 noatime 0 0\n/swapfile none swap sw 0 0\n"
                + "/swapfile2 none swap sw 0 0\n//srv/share\\040x\\046y\\134z /mnt/rigger-t/my\\040data cifs "
                + "user=a,noauto 0 0\n/dev/sdc1 /mnt/rigger-t/nb xfs rw,relatime,noauto 0 0\n",
                Files.readString(Path.of(f)));

        Map<String, Object> noSwap = args("path", "none", "src", "/swapfile", "fstype", "swap", "state", "absent",
                "fstab", f);
        before = Files.readString(Path.of(f));
        assertEquals(ModuleResult.Status.CHANGED, run(noSwap, check()).status());
        assertEquals(before, Files.readString(Path.of(f)), "check mode wrote the fstab");
        r = run(noSwap, normal());
        assertEquals(ModuleResult.Status.CHANGED, r.status());
        assertEquals("defaults", r.data().get("opts"));
        assertEquals(ModuleResult.Status.OK, run(noSwap, normal()).status());
        r = run(args("path", "/mnt/rigger-t/my data", "state", "absent", "fstab", f), normal());
        assertEquals(ModuleResult.Status.CHANGED, r.status());
        assertFalse(r.data().containsKey("src"));
        assertEquals("/dev/sdb1 /mnt/rigger-t/data ext4 noatime 0 0\n/swapfile2 none swap sw 0 0\n"
                + "/dev/sdc1 /mnt/rigger-t/nb xfs rw,relatime,noauto 0 0\n", Files.readString(Path.of(f)));
        assertEquals("", calls(), "no mount point existed: nothing to mount or unmount");
    }

    @Test
    void anExistingFstab_keepsCommentsAndOtherLines_rewritesShortLines_andCrLf_asAnsible() throws Exception {
        Path g = dir.resolve("existing");
        Files.writeString(g, "# /etc/fstab: static file system information.\n#\n# <file system> <mount point>   "
                + "<type>  <options>       <dump>  <pass>\nUUID=1234 /               ext4    errors=remount-ro 0       "
                + "1\n\nUUID=abcd\t/mnt/rigger-t/home\text4\tdefaults\t0\t2\n   # indented comment\n/dev/vdb "
                + "/mnt/rigger-t/srv ext4 defaults\n/dev/vdc /mnt/rigger-t/var xfs defaults 0\ntmpfs /mnt/rigger-t/tmp "
                + "tmpfs defaults 0 0\ntmpfs /mnt/rigger-t/crlf tmpfs defaults 0 0\r\ntmpfs /mnt/rigger-t/tmp2 tmpfs "
                + "defaults 0 0 extra\n/dev/z /mnt/rigger-t/last ext4 defaults 0 0");
        String f = g.toString();
        assertEquals(ModuleResult.Status.CHANGED, run(args("path", "/mnt/rigger-t/home", "src", "UUID=abcd", "fstype",
                "ext4", "opts", "defaults,noatime", "state", "present", "fstab", f), normal()).status());
        assertEquals(ModuleResult.Status.CHANGED, run(args("path", "/mnt/rigger-t/srv", "src", "/dev/vdb", "fstype",
                "ext4", "state", "present", "fstab", f, "passno", "2"), normal()).status());
        // a line without dump or passno differs from every argument (Ansible compares the integer 0 with '0')
        Map<String, Object> var = args("path", "/mnt/rigger-t/var", "src", "/dev/vdc", "fstype", "xfs", "state",
                "present", "fstab", f);
        assertEquals(ModuleResult.Status.CHANGED, run(var, normal()).status());
        assertEquals(ModuleResult.Status.OK, run(var, normal()).status());
        assertEquals(ModuleResult.Status.CHANGED, run(args("path", "/mnt/rigger-t/tmp", "state", "absent", "fstab", f),
                normal()).status());
        assertEquals(ModuleResult.Status.OK, run(args("path", "/mnt/rigger-t/tmp2", "state", "absent", "fstab", f),
                normal()).status());
        String b1 = "# /etc/fstab: static file system information.\n#\n# <file system> <mount point>   <type>  "
                + "<options>       <dump>  <pass>\nUUID=1234 /               ext4    errors=remount-ro 0       1\n\n"
                + "UUID=abcd /mnt/rigger-t/home ext4 defaults,noatime 0 0\n   # indented comment\n/dev/vdb "
                + "/mnt/rigger-t/srv ext4 defaults 0 2\n/dev/vdc /mnt/rigger-t/var xfs defaults 0 0\ntmpfs "
                + "/mnt/rigger-t/crlf tmpfs defaults 0 0\ntmpfs /mnt/rigger-t/tmp2 tmpfs defaults 0 0 extra\n/dev/z "
                + "/mnt/rigger-t/last ext4 defaults 0 0\n";
        assertEquals(b1, Files.readString(g));
        assertEquals(ModuleResult.Status.CHANGED, run(args("path", "/mnt/rigger-t/last", "src", "/dev/z", "fstype",
                "ext4", "state", "present", "fstab", f, "opts", "ro"), normal()).status());
        assertEquals(b1.replace("last ext4 defaults", "last ext4 ro"), Files.readString(g));
    }

    @Test
    void mounted_makesThePath_writesTheFstab_andMountsWithItsFstab_checkModeOnlyCreatesTheEmptyFstab()
            throws Exception {
        String f = dir.resolve("y/fstab").toString();
        Path mp = dir.resolve("y/mnt/a/b");
        Map<String, Object> a = args("path", mp.toString(), "src", "/dev/sdb1", "fstype", "ext4", "state", "mounted",
                "fstab", f);
        assertEquals(ModuleResult.Status.CHANGED, run(a, check()).status());
        assertEquals("", Files.readString(Path.of(f)), "Ansible creates the fstab, empty, even in check mode");
        assertFalse(Files.exists(mp));
        assertEquals("", calls());
        assertEquals(ModuleResult.Status.CHANGED, run(a, normal()).status());
        assertTrue(Files.isDirectory(mp));
        assertEquals("/dev/sdb1 " + mp + " ext4 defaults 0 0\n", Files.readString(Path.of(f)));
        assertEquals("mount -T " + f + " " + mp + "\n", calls());

        Files.writeString(dir.resolve("failmount"), "");
        Path mp2 = dir.resolve("y/mnt2/c");
        ModuleResult r = run(args("path", mp2.toString(), "src", "/dev/sdc1", "fstype", "ext4", "state", "mounted",
                "fstab", f), normal());
        assertEquals(ModuleResult.Status.FAILED, r.status());
        assertEquals("Error mounting " + mp2 + ": mount: boom out\nmount: boom err\n", r.data().get("msg"));
        assertEquals("/dev/sdb1 " + mp + " ext4 defaults 0 0\n", Files.readString(Path.of(f)), "fstab restored");
        assertFalse(Files.exists(dir.resolve("y/mnt2")), "the folders it made are removed");
    }

    @Test
    void aMountedPath_isRemountedWhenItsEntryChanges_fallingBackToUmountAndMount_asAnsible() throws Exception {
        // /proc is a mount point; every mount and umount is the stub's
        String f = dir.resolve("fstab").toString();
        Map<String, Object> a = args("path", "/proc", "src", "proc", "fstype", "proc", "state", "mounted", "fstab", f);
        assertEquals(ModuleResult.Status.CHANGED, run(a, normal()).status());
        assertEquals(ModuleResult.Status.OK, run(a, normal()).status());
        Files.writeString(dir.resolve("failremount"), "");
        assertEquals(ModuleResult.Status.CHANGED, run(args("path", "/proc", "src", "proc", "fstype", "proc", "opts",
                "rw", "state", "mounted", "fstab", f), normal()).status());
        ModuleResult r = run(args("path", "/proc", "state", "remounted", "opts", "ro", "fstab", f), normal());
        assertEquals(ModuleResult.Status.FAILED, r.status());
        assertTrue(((String) r.data().get("msg")).startsWith("Options were specified with remounted, but the remount "
                + "command failed."), r.data().toString());
        assertEquals(ModuleResult.Status.CHANGED, run(args("path", "/proc", "state", "remounted"), normal()).status());
        Files.delete(dir.resolve("failremount"));
        Files.writeString(dir.resolve("failumount"), "");
        r = run(args("path", "/proc", "state", "unmounted"), normal());
        assertEquals("Error unmounting /proc: umount: busy\n", r.data().get("msg"));
        assertEquals(ModuleResult.Status.OK, run(args("path", dir.resolve("nothere").toString(), "state",
                "unmounted"), normal()).status());
        Files.delete(dir.resolve("failumount"));
        assertEquals(ModuleResult.Status.CHANGED, run(args("path", "/proc", "state", "unmounted"), check()).status());
        assertEquals(ModuleResult.Status.CHANGED, run(args("path", "/proc", "state", "unmounted", "fstab", f),
                normal()).status());
        assertEquals(ModuleResult.Status.CHANGED, run(args("path", "/proc", "src", "proc", "fstype", "proc", "opts",
                "rw", "state", "ephemeral"), normal()).status());
        r = run(args("path", "/proc", "src", "other", "fstype", "proc", "state", "ephemeral"), normal());
        assertTrue(((String) r.data().get("msg")).startsWith("Ephemeral mount point is already mounted with a "
                + "different source"), r.data().toString());
        assertEquals("mount -o remount -T " + f + " /proc\n"
                + "mount -o remount -T " + f + " /proc\numount /proc\nmount -T " + f + " /proc\n"
                + "mount -o remount,ro -T " + f + " /proc\n"
                + "mount -o remount /proc\numount /proc\nmount /proc\n"
                + "umount /proc\numount /proc\n"
                + "mount -v\nmount -o remount -t proc -o rw proc /proc\nmount -v\n", calls());
        assertEquals("proc /proc proc rw 0 0\n", Files.readString(Path.of(f)));
    }

    @Test
    void absent_removesTheEntry_unmountsAndRemovesTheFolder_andSaysWhyWhenItCannot() throws Exception {
        Path mp = Files.createDirectories(dir.resolve("m/x"));
        Files.writeString(mp.resolve("keep"), "");
        String f = dir.resolve("fstab").toString();
        Files.writeString(Path.of(f), "/dev/x " + mp + " ext4 defaults 0 0\n/dev/y " + dir.resolve("m/y")
                + " ext4 defaults 0 0\n");
        Files.createDirectories(dir.resolve("m/y"));
        ModuleResult r = run(args("path", mp.toString(), "state", "absent", "fstab", f), normal());
        assertEquals("Error rmdir " + mp + ": [Errno 39] Directory not empty: '" + mp + "'", r.data().get("msg"));
        assertEquals(ModuleResult.Status.CHANGED, run(args("path", dir.resolve("m/y").toString(), "state", "absent",
                "fstab", f), normal()).status());
        assertFalse(Files.exists(dir.resolve("m/y")));
        assertEquals("", Files.readString(Path.of(f)));
    }

    @Test
    void missingRequiredArguments_areAnsiblesErrors() {
        ModuleResult r = run(args("path", "/mnt/x", "state", "present", "fstab", dir.resolve("f").toString()),
                normal());
        assertEquals(ModuleResult.Status.FAILED, r.status());
        assertTrue(((String) r.data().get("msg")).contains("src"), r.data().toString());
    }
}
