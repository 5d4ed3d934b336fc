package dev.rigger.facts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.rigger.connection.LocalConnection;

class FactGathererTest {
    @TempDir
    Path tmp;

    @Test
    void gather_describesThisDebianMachineInOneCommand() throws IOException {
        Map<String, Object> f = FactGatherer.gather(new LocalConnection("localhost"));
        String osRelease = Files.readString(Path.of("/etc/os-release"));
        if (osRelease.contains("ID=debian")) {
            assertEquals("Debian", f.get("distribution"));
            assertEquals("Debian", f.get("os_family"));
            assertTrue(f.get("distribution_version").toString().startsWith(f.get("distribution_major_version") + ""));
            assertEquals("apt", f.get("pkg_mgr"));
        }
        assertEquals("Linux", f.get("system"));
        assertEquals(System.getProperty("os.arch").equals("amd64") ? "x86_64" : f.get("machine"), f.get("architecture"));
        assertEquals(System.getProperty("user.name"), f.get("user_id"));
        assertEquals(Runtime.getRuntime().availableProcessors() <= (int) f.get("processor_vcpus"), true);
        assertTrue((int) f.get("memtotal_mb") > 100, f.toString());
        assertTrue((int) f.get("processor_count") >= 1);
        assertFalse(f.get("kernel").toString().isEmpty());
        assertFalse(f.get("hostname").toString().isEmpty());
        assertFalse(f.get("user_shell").toString().isEmpty());
        assertTrue(f.get("service_mgr") instanceof String s && !s.isEmpty());
        assertTrue(((Map<?, ?>) f.get("env")).containsKey("PATH"));
        assertTrue(Long.parseLong(((Map<?, ?>) f.get("date_time")).get("epoch").toString())
                > System.currentTimeMillis() / 1000 - 600);
        assertTrue((long) f.get("disk_free_mb") > 0);
        assertEquals(0, f.get("gpu_count"));
        assertEquals(List.of(), f.get("gpus"));
        assertFalse(f.keySet().stream().anyMatch(k -> k.startsWith("ansible_")));
    }

    @Test
    void gather_readsGpusFromNvidiaSmi() throws IOException {
        Path smi = tmp.resolve("nvidia-smi");
        Files.writeString(smi, String.join("\n",
                "#!/bin/sh",
                "if [ \"$1\" = \"--query-gpu=index,name,memory.total,driver_version\" ]; then",
                "  echo '0, NVIDIA H100 80GB HBM3, 81559, 550.54.15'",
                "  echo '1, NVIDIA H100 80GB HBM3, 81559, 550.54.15'",
                "  exit 0",
                "fi",
                "echo '+-----------------------------------------------------------------------------+'",
                "echo '| NVIDIA-SMI 550.54.15    Driver Version: 550.54.15    CUDA Version: 12.4     |'",
                ""));
        Files.setPosixFilePermissions(smi, PosixFilePermissions.fromString("rwxr-xr-x"));
        Map<String, Object> f = FactGatherer.gather(new LocalConnection("rig"), null,
                Map.of("PATH", tmp + ":" + System.getenv("PATH")));
        assertEquals(2, f.get("gpu_count"));
        assertEquals(List.of(
                Map.of("index", 0, "name", "NVIDIA H100 80GB HBM3", "memory_mb", 81559, "driver", "550.54.15"),
                Map.of("index", 1, "name", "NVIDIA H100 80GB HBM3", "memory_mb", 81559, "driver", "550.54.15")),
                f.get("gpus"));
        assertEquals("550.54.15", f.get("nvidia_driver_version"));
        assertEquals("12.4", f.get("cuda_version"));
    }

    @Test
    void parse_pythonAndMemoryMb_asAnsiblesSetupGivesThem() {
        // ansible localhost -m setup (2.14.18, Debian 12): ansible_python, ansible_python_version, ansible_memory_mb
        Map<String, Object> f = FactGatherer.parse(String.join("\n", "python_exe=/usr/bin/python3",
                "python_ver=Python 3.11.2", "mem_MemTotal=24683520", "mem_MemFree=22713344", "mem_Buffers=102400",
                "mem_Cached=1024000", "mem_SwapTotal=0", "mem_SwapFree=0", "mem_SwapCached=0"));
        assertEquals("3.11.2", f.get("python_version"));
        assertEquals(Map.of("executable", "/usr/bin/python3", "has_sslcontext", true, "type", "cpython",
                "version", Map.of("major", 3, "minor", 11, "micro", 2, "releaselevel", "final", "serial", 0),
                "version_info", List.of(3, 11, 2, "final", 0)), f.get("python"));
        assertEquals(Map.of("real", Map.of("total", 24105, "free", 22181, "used", 1924),
                "nocache", Map.of("free", 23281, "used", 824),
                "swap", Map.of("total", 0, "free", 0, "used", 0, "cached", 0)), f.get("memory_mb"));
        assertEquals("3.12.0", FactGatherer.parse("python_exe=/usr/bin/python3\npython_ver=Python 3.12.0rc1")
                .get("python_version"));
        assertEquals(null, FactGatherer.parse("kernel=x").get("python"));
    }

    @Test
    void parse_ubuntuRouteAndProcessorLayout() {
        Map<String, Object> f = FactGatherer.parse(String.join("\n",
                "os_id=ubuntu", "os_like=debian", "os_version_id=22.04", "os_codename=jammy",
                "vcpus=32", "sockets=2", "cores=8", "machine=aarch64",
                "route4=1.1.1.1 via 10.77.0.1 dev eth0 src 10.77.0.5 uid 0",
                "hostname=rig7.lab.example", "fqdn=rig7.lab.example",
                "user_passwd=deploy:x:1000:1000:Deploy User:/home/deploy:/bin/bash", "user_id=deploy",
                "df_root=/dev/sda1 103081248 5000000 93000000 6% /", ""));
        assertEquals("Ubuntu", f.get("distribution"));
        assertEquals("22.04", f.get("distribution_version"));
        assertEquals("22", f.get("distribution_major_version"));
        assertEquals("jammy", f.get("distribution_release"));
        assertEquals("Debian", f.get("os_family"));
        assertEquals(2, f.get("processor_count"));
        assertEquals(8, f.get("processor_cores"));
        assertEquals(2, f.get("processor_threads_per_core"));
        assertEquals(32, f.get("processor_vcpus"));
        assertEquals("aarch64", f.get("architecture"));
        assertEquals(Map.of("gateway", "10.77.0.1", "interface", "eth0", "address", "10.77.0.5"), f.get("default_ipv4"));
        assertEquals("rig7", f.get("hostname"));
        assertEquals("/home/deploy", f.get("user_dir"));
        assertEquals("/bin/bash", f.get("user_shell"));
        assertEquals(90820L, f.get("disk_free_mb"));
    }

    @Test
    void selinuxAndApparmor_asAnsiblesSetupOnDebian() {
        Map<String, Object> f = FactGatherer.parse("se_lib=1\napparmor=disabled");
        assertEquals(Map.of("status", "disabled"), f.get("selinux"));
        assertEquals(true, f.get("selinux_python_present"));
        assertEquals(Map.of("status", "disabled"), f.get("apparmor"));
        f = FactGatherer.parse("se_lib=\napparmor=enabled");
        assertEquals(Map.of("status", "Missing selinux Python library"), f.get("selinux"));
        assertEquals(false, f.get("selinux_python_present"));
        f = FactGatherer.parse("se_lib=1\nse_enforce=0\nse_policyvers=33\nse_config=enforcing\nse_type=targeted");
        assertEquals(Map.of("status", "enabled", "policyvers", 33, "config_mode", "enforcing", "mode", "permissive",
                "type", "targeted"), f.get("selinux"));
    }

    @Test
    void mounts_asAnsiblesLinuxHardwareFacts_bindsUuidsSizesAndOctalEscapes() {
        Map<String, Object> f = FactGatherer.parse(String.join("\n",
                "mnt=e\t/dev/vda\t/data\\040x\text4\trw,relatime\t4096 4096 100 40 50 1000 900",
                "mnt=e\t/dev/vda\t/run/b\text4\tro\t",
                "mnt=e\t/dev/vda\t/run/b\text4\trw\t4096 4096 10 5 6 100 90",
                "mnt=b\t/run/b", "mnt=u\t/dev/vda\tabcd-1"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> m = (List<Map<String, Object>>) f.get("mounts");
        assertEquals(2, m.size());
        assertEquals("/data x", m.get(0).get("mount"));
        assertEquals(409600L, m.get(0).get("size_total"));
        assertEquals(163840L, m.get(0).get("size_available"));
        assertEquals(60L, m.get(0).get("block_used"));
        assertEquals(100L, m.get(0).get("inode_used"));
        assertEquals("abcd-1", m.get(0).get("uuid"));
        assertEquals("rw,bind", m.get(1).get("options")); // the later entry of a mount point, as Ansible's dict
    }
}
